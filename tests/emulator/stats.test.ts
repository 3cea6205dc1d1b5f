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
          quotaRefused: 0,
          mostAtOnce: 1,
        },
        [READER]: {
          total: 1,
          byMethod: { "sheets.spreadsheets.values.batchGet": 1 },
          quotaRefused: 0,
          mostAtOnce: 1,
        },
      },
      byFile: {
        [id]: {
          total: 3,
          byMethod: {
            "sheets.spreadsheets.values.batchGet": 2,
            "sheets.spreadsheets.values.batchUpdate": 1,
          },
          byIdentity: { [OWNER]: 2, [READER]: 1 },
        },
      },
      rejected: { quota: 0, faults: 0, unauthenticated: 1 },
      tokens: 0,
    });
    await t.admin("POST", "/stats/reset");
    expect((await t.admin<StatsSnapshot>("GET", "/stats")).total).toBe(0);
  });

  it("count file-scoped Sheets and Drive calls by spreadsheet id, apart from create, list and changes", async () => {
    const a = await sharedSpreadsheet(t, "by-file-a", [{ email: READER, role: "writer" }]);
    const b = await sharedSpreadsheet(t, "by-file-b");
    await t.admin("POST", "/stats/reset");
    const { sheets, drive } = a;
    await sheets.spreadsheets.get({ spreadsheetId: a.id, fields: "sheets.properties" });
    await sheets.spreadsheets.values.update({
      spreadsheetId: a.id,
      range: "Sheet1!A1",
      valueInputOption: "RAW",
      requestBody: { values: [["x"]] },
    });
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: b.id,
      requestBody: { requests: [{ addSheet: { properties: { title: "第二页" } } }] },
    });
    await sheets.spreadsheets.values.batchGet({ spreadsheetId: b.id, ranges: ["'第二页'!A1"] });
    await drive.files.get({ fileId: b.id, fields: "id,version" });
    await drive.files.update({ fileId: b.id, requestBody: { name: "改名" } });
    await drive.permissions.list({ fileId: a.id });
    const reader = await t.sheets(READER);
    await reader.spreadsheets.values.clear({ spreadsheetId: a.id, range: "Sheet1!A1" });
    // Not about one existing file: create, list, the change feed.
    await sheets.spreadsheets.create({ requestBody: { properties: { title: "new" } } });
    await drive.files.list({ q: "trashed = false" });
    await drive.changes.getStartPageToken({});
    // Refused before authentication: counted for the file, for nobody in particular.
    await t.fetch(`/v4/spreadsheets/${b.id}/values/A1`);

    const stats = await t.admin<StatsSnapshot>("GET", "/stats");
    expect(stats.total).toBe(12);
    expect(stats.byFile).toEqual({
      [a.id]: {
        total: 4,
        byMethod: {
          "sheets.spreadsheets.get": 1,
          "sheets.spreadsheets.values.update": 1,
          "drive.permissions.list": 1,
          "sheets.spreadsheets.values.clear": 1,
        },
        byIdentity: { [OWNER]: 3, [READER]: 1 },
      },
      [b.id]: {
        total: 5,
        byMethod: {
          "sheets.spreadsheets.batchUpdate": 1,
          "sheets.spreadsheets.values.batchGet": 1,
          "drive.files.get": 1,
          "drive.files.update": 1,
          "sheets.spreadsheets.values.get": 1,
        },
        byIdentity: { [OWNER]: 4 },
      },
    });
    await t.admin("POST", "/stats/reset");
    expect((await t.admin<StatsSnapshot>("GET", "/stats")).byFile).toEqual({});
  });

  it("tell how many of a caller's requests were in progress at one time", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "at-once", [
      { email: READER, role: "reader" },
    ]);
    await t.admin("POST", "/faults", { latencyMs: 300 });
    try {
      await t.admin("POST", "/stats/reset");
      const read = () => sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1"] });
      await Promise.all([read(), read(), read()]);
      await read();
      const reader = await t.sheets(READER);
      await reader.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["A1"] });
      const stats = await t.admin<StatsSnapshot>("GET", "/stats");
      expect(stats.byIdentity[OWNER]).toMatchObject({ total: 4, mostAtOnce: 3 });
      expect(stats.byIdentity[READER]).toMatchObject({ total: 1, mostAtOnce: 1 });
    } finally {
      await t.admin("POST", "/faults", { latencyMs: 0 });
    }
  });

  it("do not count emulator controls or unknown routes", async () => {
    await t.admin("POST", "/stats/reset");
    await t.admin("GET", "/faults");
    await t.fetch("/v4/nothing-here");
    expect((await t.admin<StatsSnapshot>("GET", "/stats")).total).toBe(0);
  });
});
