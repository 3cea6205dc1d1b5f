import { appendFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAccountKeyFile } from "../../scripts/emulator/auth/service-accounts";
import { OWNER, READER, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

describe("persistence", () => {
  it("keeps files, content, sharing, versions, the change feed, tokens and keys across a restart", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(
      t,
      "持久",
      [{ email: READER, role: "reader" }],
      ["教师 信息"],
    );
    const start = (await drive.changes.getStartPageToken()).data.startPageToken ?? "";
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'教师 信息'!A1:B1",
      valueInputOption: "USER_ENTERED",
      requestBody: { values: [["张三", "=1+2"]] },
    });
    const before = (await drive.files.get({ fileId: id, fields: "version,modifiedTime,name" }))
      .data;
    const key = await t.admin<ServiceAccountKeyFile>("POST", "/service-accounts", {});

    expect(readdirSync(path.join(t.dataDir, "spreadsheets"))).toEqual([`${id}.json`]);
    expect(readdirSync(t.dataDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    await t.restart();

    // The same clients, holding the same tokens, keep working.
    const read = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'教师 信息'!A1:B1",
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(read.data.values).toEqual([["张三", 3]]);
    expect(
      (await drive.files.get({ fileId: id, fields: "version,modifiedTime,name" })).data,
    ).toEqual(before);
    const changes = await drive.changes.list({ pageToken: start, fields: "changes(fileId)" });
    expect(changes.data.changes).toEqual([{ fileId: id }]);
    const reader = await t.sheets(READER);
    await expect(reader.spreadsheets.get({ spreadsheetId: id })).resolves.toBeTruthy();
    const accounts = await t.admin<{ serviceAccounts: { email: string }[] }>(
      "GET",
      "/service-accounts",
    );
    expect(accounts.serviceAccounts.map((a) => a.email)).toEqual([key.client_email]);
  });

  it("drops a journal line cut short by a kill, replays the rest and folds them into drive.json", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "日志");
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1",
      valueInputOption: "RAW",
      requestBody: { values: [["已保存"]] },
    });
    const before = (await drive.files.get({ fileId: id, fields: "version,modifiedTime,name" }))
      .data;
    const journal = path.join(t.dataDir, "drive-journal.jsonl");
    // What a process killed in the middle of appending the next change leaves behind.
    appendFileSync(journal, `{"change":{"id":${Number(before.version) + 1000},"fileId":"`);

    await t.restart();

    expect(existsSync(journal)).toBe(false);
    expect(
      (await drive.files.get({ fileId: id, fields: "version,modifiedTime,name" })).data,
    ).toEqual(before);
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1" });
    expect(read.data.values).toEqual([["已保存"]]);
  });

  it("wipes files on reset but keeps service accounts unless all is asked", async () => {
    await t.admin("POST", "/service-accounts", { name: "keeper" });
    await sharedSpreadsheet(t, "gone");
    await t.admin("POST", "/reset", {});
    await t.restart();
    const drive = await t.drive(OWNER);
    expect((await drive.files.list({ fields: "files(id)" })).data.files).toEqual([]);
    const kept = await t.admin<{ serviceAccounts: unknown[] }>("GET", "/service-accounts");
    expect(kept.serviceAccounts.length).toBeGreaterThan(0);
    await t.admin("POST", "/reset", { all: true });
    expect(
      (await t.admin<{ serviceAccounts: unknown[] }>("GET", "/service-accounts")).serviceAccounts,
    ).toEqual([]);
  });
});
