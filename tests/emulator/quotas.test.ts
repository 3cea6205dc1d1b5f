import { afterEach, describe, expect, it } from "vitest";
import {
  failure,
  OWNER,
  READER,
  sharedSpreadsheet,
  startTestEmulator,
  type TestEmulator,
} from "./helpers";

let now = Date.parse("2024-03-01T08:00:00.000Z");
const clock = () => new Date(now);

let t: TestEmulator;
afterEach(() => t.stop());

describe("quotas", () => {
  it("refuses the 61st read in a minute by one identity while another still reads", async () => {
    t = await startTestEmulator({ clock });
    const { id, sheets } = await sharedSpreadsheet(t, "quota", [{ email: READER, role: "reader" }]);
    for (let i = 0; i < 60; i++) {
      await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    }
    const refused = await failure(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }),
    );
    expect(refused.status).toBe(429);
    expect(refused.body.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(refused.body.error.message).toMatch(
      /^Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'/,
    );
    const other = await t.sheets(READER);
    await expect(
      other.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }),
    ).resolves.toBeTruthy();
    // Writes are a separate bucket.
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "A1",
      valueInputOption: "RAW",
      requestBody: { values: [["w"]] },
    });
    now += 60_001;
    await expect(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }),
    ).resolves.toBeTruthy();
    const stats = await t.admin<{
      rejected: { quota: number };
      byIdentity: Record<string, { quotaRefused: number }>;
    }>("GET", "/stats");
    expect(stats.rejected.quota).toBe(1);
    // Whose request was refused, so a benchmark tells the worker's 429s from other callers'.
    expect(stats.byIdentity[OWNER]?.quotaRefused).toBe(1);
    expect(stats.byIdentity[READER]?.quotaRefused).toBe(0);
  });

  it("limits the whole project across identities", async () => {
    t = await startTestEmulator({ clock, quotas: { sheetsRead: { perUser: 3, perProject: 5 } } });
    const { id } = await sharedSpreadsheet(t, "project", [
      { email: "a@school.cn", role: "reader" },
      { email: "b@school.cn", role: "reader" },
    ]);
    const a = await t.sheets("a@school.cn");
    const b = await t.sheets("b@school.cn");
    for (let i = 0; i < 3; i++) await a.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    for (let i = 0; i < 2; i++) await b.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    const refused = await failure(b.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }));
    expect(refused.body.error.message).toContain("limit 'Read requests per minute' of service");
  });

  it("counts a caller listed outside the project against its own per-user limit only", async () => {
    t = await startTestEmulator({
      clock,
      quotas: { sheetsRead: { perUser: 3, perProject: 4 }, outsideProject: ["a@school.cn"] },
    });
    const { id } = await sharedSpreadsheet(t, "outside", [
      { email: "a@school.cn", role: "reader" },
      { email: "b@school.cn", role: "reader" },
    ]);
    const a = await t.sheets("a@school.cn");
    const b = await t.sheets("b@school.cn");
    const read = (who: typeof a) => who.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    for (let i = 0; i < 3; i++) await read(a);
    // a's three reads left the project's four untouched: b gets its own three.
    for (let i = 0; i < 3; i++) await read(b);
    const own = await failure(read(a));
    expect(own.body.error.message).toContain("'Read requests per minute per user'");
    await t.admin("POST", "/quotas", { outsideProject: [] });
    now += 60_001;
    for (let i = 0; i < 3; i++) await read(a);
    await read(b);
    const project = await failure(read(b));
    expect(project.body.error.message).toContain("limit 'Read requests per minute' of service");
  });

  it("is configurable at run time and can be switched off; bad input is a 400 naming the field", async () => {
    t = await startTestEmulator({ clock });
    const { id, sheets } = await sharedSpreadsheet(t, "config");
    // spreadsheets.create above was the first write of this minute.
    await t.admin("POST", "/quotas", { sheetsWrite: { perUser: 2 } });
    const write = () =>
      sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "A1",
        valueInputOption: "RAW",
        requestBody: { values: [["x"]] },
      });
    await write();
    expect((await failure(write())).body.error.message).toContain(
      "'Write requests per minute per user'",
    );
    await t.admin("POST", "/quotas", { enabled: false });
    await expect(write()).resolves.toBeTruthy();
    const bad = await t.fetch("/__emulator/quotas", {
      method: "POST",
      body: JSON.stringify({ sheetsRead: { perUser: "ten" } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "sheetsRead.perUser",
    );
  });
});
