import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EDITOR,
  failure,
  OWNER,
  READER,
  STRANGER,
  sharedSpreadsheet,
  startTestEmulator,
  type TestEmulator,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const DENIED = {
  code: 403,
  message: "The caller does not have permission",
  status: "PERMISSION_DENIED",
};

describe("who may do what", () => {
  it("answers 401 UNAUTHENTICATED without a token and with a forged one", async () => {
    const { id } = await sharedSpreadsheet(t, "auth");
    const none = await t.fetch(`/v4/spreadsheets/${id}`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { status: string } }).error.status).toBe(
      "UNAUTHENTICATED",
    );
    const forged = await t.fetch(`/drive/v3/files/${id}`, {
      headers: { authorization: "Bearer ya29.emu.e30.AAAA" },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(
      /^Request had invalid authentication credentials/,
    );
  });

  it("lets a reader read and refuses every write with 403", async () => {
    const { id } = await sharedSpreadsheet(t, "reader", [{ email: READER, role: "reader" }]);
    const sheets = await t.sheets(READER);
    await expect(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1" }),
    ).resolves.toBeTruthy();
    const write = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "Sheet1!A1",
        valueInputOption: "RAW",
        requestBody: { values: [["x"]] },
      }),
    );
    expect(write.body.error).toEqual(DENIED);
    const drive = await t.drive(READER);
    const rename = await failure(drive.files.update({ fileId: id, requestBody: { name: "mine" } }));
    expect(rename.status).toBe(403);
  });

  it("refuses an editor who is not among a protected range's editors, but not the owner", async () => {
    const { id, sheets: ownerSheets } = await sharedSpreadsheet(t, "protected", [
      { email: EDITOR, role: "writer" },
    ]);
    await ownerSheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addProtectedRange: {
              protectedRange: {
                range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 },
                editors: { users: [OWNER] },
              },
            },
          },
        ],
      },
    });
    const editor = await t.sheets(EDITOR);
    const header = await failure(
      editor.spreadsheets.values.update({
        spreadsheetId: id,
        range: "Sheet1!A1",
        valueInputOption: "RAW",
        requestBody: { values: [["改表头"]] },
      }),
    );
    expect(header.status).toBe(403);
    expect(header.body.error.status).toBe("PERMISSION_DENIED");
    await editor.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A2",
      valueInputOption: "RAW",
      requestBody: { values: [["数据行"]] },
    });
    await ownerSheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1",
      valueInputOption: "RAW",
      requestBody: { values: [["表头"]] },
    });
    const got = await ownerSheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "Sheet1!A1:A2",
    });
    expect(got.data.values).toEqual([["表头"], ["数据行"]]);
  });

  it("answers a stranger 403 in Sheets but 404 in Drive, as Google does", async () => {
    const { id } = await sharedSpreadsheet(t, "secret");
    const sheets = await t.sheets(STRANGER);
    const read = await failure(sheets.spreadsheets.get({ spreadsheetId: id }));
    expect(read.body.error).toEqual(DENIED);
    const drive = await t.drive(STRANGER);
    const get = await failure(drive.files.get({ fileId: id }));
    expect(get.body.error).toMatchObject({ code: 404, message: `File not found: ${id}.` });
    const list = await drive.files.list({ fields: "files(id)" });
    expect(list.data.files?.map((f) => f.id)).not.toContain(id);
  });

  it("opens a file to everyone with an anyone permission, and closes it on delete", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "public");
    const created = await drive.permissions.create({
      fileId: id,
      requestBody: { type: "anyone", role: "reader" },
    });
    const stranger = await t.sheets(STRANGER);
    await expect(stranger.spreadsheets.get({ spreadsheetId: id })).resolves.toBeTruthy();
    await drive.permissions.delete({ fileId: id, permissionId: created.data.id ?? "" });
    expect((await failure(stranger.spreadsheets.get({ spreadsheetId: id }))).status).toBe(403);
  });

  it("lowers a writer to reader with permissions.update: reads go on, writes are refused", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "lowered", [
      { email: EDITOR, role: "writer" },
    ]);
    const listed = await drive.permissions.list({ fileId: id, fields: "permissions(id,role)" });
    const writer = listed.data.permissions?.find((p) => p.role === "writer")?.id ?? "";
    const updated = await drive.permissions.update({
      fileId: id,
      permissionId: writer,
      requestBody: { role: "reader" },
      fields: "id,role,emailAddress",
    });
    expect(updated.data).toEqual({ id: writer, role: "reader", emailAddress: EDITOR });
    const sheets = await t.sheets(EDITOR);
    await expect(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1" }),
    ).resolves.toBeTruthy();
    const write = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "Sheet1!A1",
        valueInputOption: "RAW",
        requestBody: { values: [["x"]] },
      }),
    );
    expect(write.body.error).toEqual(DENIED);
    const owner = listed.data.permissions?.find((p) => p.role === "owner")?.id ?? "";
    const demoted = { fileId: id, permissionId: owner, requestBody: { role: "writer" } };
    expect((await failure(drive.permissions.update(demoted))).status).toBe(403);
    const unknown = { fileId: id, permissionId: "42", requestBody: { role: "reader" } };
    expect((await failure(drive.permissions.update(unknown))).status).toBe(404);
    const editorDrive = await t.drive(EDITOR);
    const raised = { fileId: id, permissionId: writer, requestBody: { role: "writer" } };
    expect((await failure(editorDrive.permissions.update(raised))).status).toBe(403);
  });

  it("shuts a removed user out of Sheets (403) and Drive (404)", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "removed", [
      { email: EDITOR, role: "writer" },
    ]);
    const listed = await drive.permissions.list({ fileId: id, fields: "permissions(id,role)" });
    const writer = listed.data.permissions?.find((p) => p.role === "writer")?.id ?? "";
    await drive.permissions.delete({ fileId: id, permissionId: writer });
    const sheets = await t.sheets(EDITOR);
    expect((await failure(sheets.spreadsheets.get({ spreadsheetId: id }))).body.error).toEqual(
      DENIED,
    );
    const editorDrive = await t.drive(EDITOR);
    expect((await failure(editorDrive.files.get({ fileId: id }))).status).toBe(404);
  });

  it("refuses a token whose scopes do not cover the call", async () => {
    const { id } = await sharedSpreadsheet(t, "scoped");
    const token = await t.token(OWNER, ["https://www.googleapis.com/auth/spreadsheets.readonly"]);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const read = await t.fetch(`/v4/spreadsheets/${id}/values/A1`, { headers });
    expect(read.status).toBe(200);
    const write = await t.fetch(`/v4/spreadsheets/${id}/values:batchClear`, {
      method: "POST",
      headers,
      body: JSON.stringify({ ranges: ["A1"] }),
    });
    expect(write.status).toBe(403);
    const drive = await t.fetch(`/drive/v3/files/${id}`, { headers });
    expect(drive.status).toBe(403);
  });
});
