import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatsSnapshot } from "../../scripts/emulator/stats";
import { OWNER, READER, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

describe("request counters", () => {
  it("count every Sheets and Drive call by googleapis method name and identity, exactly", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "stats", [
      { email: READER, role: "reader" },
    ]);
    await t.admin("POST", "/stats/reset");
    await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1", "B1"] });
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: { valueInputOption: "RAW", data: [{ range: "A1", values: [["x"]] }] },
    });
    await drive.files.list({ q: "trashed = false" });
    const reader = await t.sheets(READER);
    await reader.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1"] });
    await t.fetch(`/drive/v3/changes/startPageToken`);

    expect(await t.admin<StatsSnapshot>("GET", "/stats")).toEqual({
      total: 5,
      byMethod: {
        "sheets.spreadsheets.values.batchGet": 2,
        "sheets.spreadsheets.values.batchUpdate": 1,
        "drive.files.list": 1,
        "drive.changes.getStartPageToken": 1,
      },
      byIdentity: {
        [OWNER]: {
          total: 3,
          byMethod: {
            "sheets.spreadsheets.values.batchGet": 1,
            "sheets.spreadsheets.values.batchUpdate": 1,
            "drive.files.list": 1,
          },
        },
        [READER]: { total: 1, byMethod: { "sheets.spreadsheets.values.batchGet": 1 } },
      },
      rejected: { quota: 0, faults: 0, unauthenticated: 1 },
      tokens: 0,
    });
    await t.admin("POST", "/stats/reset");
    expect((await t.admin<StatsSnapshot>("GET", "/stats")).total).toBe(0);
  });

  it("do not count emulator controls or unknown routes", async () => {
    await t.admin("POST", "/stats/reset");
    await t.admin("GET", "/faults");
    await t.fetch("/v4/nothing-here");
    expect((await t.admin<StatsSnapshot>("GET", "/stats")).total).toBe(0);
  });
});
