import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  EDITOR,
  failure,
  OWNER,
  READER,
  sharedSpreadsheet,
  startTestEmulator,
  type TestEmulator,
} from "./helpers";

const SHEET = "application/vnd.google-apps.spreadsheet";
const FOLDER = "application/vnd.google-apps.folder";

let now = Date.parse("2024-03-01T08:00:00.000Z");
const clock = () => new Date(now);
const tick = (ms = 1000) => {
  now += ms;
};

let t: TestEmulator;
beforeEach(async () => {
  if (t) await t.stop();
  t = await startTestEmulator({ clock });
});
afterAll(() => t.stop());

describe("Drive files", () => {
  it("keeps appProperties: set on create, merged on update, null removes, searchable", async () => {
    const drive = await t.drive(OWNER);
    const created = await drive.files.create({
      requestBody: {
        name: "章华镇中心小学",
        mimeType: SHEET,
        appProperties: { tmisKind: "school", schoolCode: "4306230001" },
      },
      fields: "id,appProperties",
    });
    const id = created.data.id ?? "";
    expect(created.data.appProperties).toEqual({ tmisKind: "school", schoolCode: "4306230001" });
    await drive.files.update({
      fileId: id,
      // Drive removes a key sent as null, though googleapis' types only allow strings.
      requestBody: {
        appProperties: { schoolCategory: "primary_secondary", tmisKind: null as unknown as string },
      },
    });
    const got = await drive.files.get({ fileId: id, fields: "appProperties,version" });
    expect(got.data.appProperties).toEqual({
      schoolCode: "4306230001",
      schoolCategory: "primary_secondary",
    });
    const found = await drive.files.list({
      q: "appProperties has { key='schoolCode' and value='4306230001' } and trashed = false",
      fields: "files(id,appProperties)",
    });
    expect(found.data.files?.map((f) => f.id)).toEqual([id]);
    const none = await drive.files.list({
      q: "appProperties has { key='tmisKind' and value='school' }",
      fields: "files(id)",
    });
    expect(none.data.files).toEqual([]);
  });

  it("lists by mimeType, parent, trashed and modifiedTime", async () => {
    const drive = await t.drive(OWNER);
    const folder = await drive.files.create({
      requestBody: { name: "学校表格", mimeType: FOLDER },
      fields: "id",
    });
    const folderId = folder.data.id ?? "";
    const inFolder = await drive.files.create({
      requestBody: { name: "一中", mimeType: SHEET, parents: [folderId] },
      fields: "id,modifiedTime",
    });
    tick();
    const cutoff = new Date(now).toISOString();
    tick();
    const later = await drive.files.create({
      requestBody: { name: "二中", mimeType: SHEET },
      fields: "id",
    });
    const trashed = await drive.files.create({
      requestBody: { name: "废弃", mimeType: SHEET },
      fields: "id",
    });
    await drive.files.update({ fileId: trashed.data.id ?? "", requestBody: { trashed: true } });

    const ids = async (q: string) =>
      (await drive.files.list({ q, fields: "files(id)", orderBy: "createdTime" })).data.files?.map(
        (f) => f.id,
      );
    expect(await ids(`mimeType = '${SHEET}' and trashed = false`)).toEqual([
      inFolder.data.id,
      later.data.id,
    ]);
    expect(await ids(`'${folderId}' in parents`)).toEqual([inFolder.data.id]);
    expect(
      await ids(`modifiedTime > '${cutoff}' and trashed = false and mimeType != '${FOLDER}'`),
    ).toEqual([later.data.id]);
    expect(await ids("trashed = true")).toEqual([trashed.data.id]);
    expect(await ids("name contains '中' and not 'root' in parents")).toEqual([inFolder.data.id]);
  });

  it("returns only the default fields unless asked, and refuses unknown fields", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "fields");
    const plain = await drive.files.get({ fileId: id });
    expect(plain.data).toEqual({ kind: "drive#file", id, name: "fields", mimeType: SHEET });
    const bad = await failure(drive.files.get({ fileId: id, fields: "id,nmae" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("nmae");
  });

  it("pages through files.list with pageSize and pageToken", async () => {
    const drive = await t.drive(OWNER);
    for (const name of ["a", "b", "c"]) {
      await drive.files.create({ requestBody: { name, mimeType: FOLDER } });
      tick();
    }
    const first = await drive.files.list({
      pageSize: 2,
      orderBy: "name desc",
      fields: "nextPageToken,files(name)",
    });
    expect(first.data.files?.map((f) => f.name)).toEqual(["c", "b"]);
    const second = await drive.files.list({
      pageSize: 2,
      orderBy: "name desc",
      pageToken: first.data.nextPageToken ?? "",
      fields: "nextPageToken,files(name)",
    });
    expect(second.data).toEqual({ files: [{ name: "a" }] });
  });

  it("bumps version and modifiedTime on every Sheets write but not on reads", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "versions");
    const meta = async () =>
      (await drive.files.get({ fileId: id, fields: "version,modifiedTime" })).data;
    const v0 = await meta();
    expect(typeof v0.version).toBe("string");
    tick();
    await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    await sheets.spreadsheets.get({ spreadsheetId: id });
    expect(await meta()).toEqual(v0);
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "A1",
      valueInputOption: "RAW",
      requestBody: { values: [["x"]] },
    });
    const v1 = await meta();
    expect(Number(v1.version)).toBe(Number(v0.version) + 1);
    expect(v1.modifiedTime).toBe(new Date(now).toISOString());
    await sheets.spreadsheets.values.clear({ spreadsheetId: id, range: "A1" });
    expect(Number((await meta()).version)).toBe(Number(v0.version) + 2);
  });

  it("with writersCanShare false, a writer can neither share nor unshare; only the owner sets it", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "locked", [{ email: EDITOR, role: "writer" }]);
    const editorDrive = await t.drive(EDITOR);
    const locked = { fileId: id, requestBody: { writersCanShare: false } };
    expect((await failure(editorDrive.files.update(locked))).status).toBe(403);
    await drive.files.update(locked);
    const seen = await editorDrive.files.get({
      fileId: id,
      fields: "writersCanShare,capabilities",
    });
    expect(seen.data).toMatchObject({ writersCanShare: false, capabilities: { canShare: false } });
    const outsider = { type: "user", role: "writer", emailAddress: "outsider@example.com" };
    expect(
      (await failure(editorDrive.permissions.create({ fileId: id, requestBody: outsider }))).status,
    ).toBe(403);
    const anyone = { type: "anyone", role: "reader" };
    expect(
      (await failure(editorDrive.permissions.create({ fileId: id, requestBody: anyone }))).status,
    ).toBe(403);
    const listed = await drive.permissions.list({ fileId: id, fields: "permissions(id,role)" });
    const writer = listed.data.permissions?.find((p) => p.role === "writer")?.id ?? "";
    expect(
      (await failure(editorDrive.permissions.delete({ fileId: id, permissionId: writer }))).status,
    ).toBe(403);
    // The owner still shares, and a file created locked is locked from the start.
    await drive.permissions.create({ fileId: id, requestBody: { ...outsider, role: "reader" } });
    const created = await drive.files.create({
      requestBody: { name: "新建即锁定", mimeType: SHEET, writersCanShare: false },
      fields: "id,writersCanShare",
    });
    expect(created.data.writersCanShare).toBe(false);
  });

  it("shares, lists and removes permissions; only the owner can trash or delete", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "share", [{ email: EDITOR, role: "writer" }]);
    const added = await drive.permissions.create({
      fileId: id,
      requestBody: { type: "user", role: "reader", emailAddress: READER },
      fields: "id,role,emailAddress",
    });
    expect(added.data).toMatchObject({ role: "reader", emailAddress: READER });
    const listed = await drive.permissions.list({
      fileId: id,
      fields: "permissions(role,emailAddress)",
    });
    expect(listed.data.permissions).toEqual([
      { role: "owner", emailAddress: OWNER },
      { role: "writer", emailAddress: EDITOR },
      { role: "reader", emailAddress: READER },
    ]);
    const editorDrive = await t.drive(EDITOR);
    expect(
      (await failure(editorDrive.files.update({ fileId: id, requestBody: { trashed: true } })))
        .status,
    ).toBe(403);
    expect((await failure(editorDrive.files.delete({ fileId: id }))).status).toBe(403);
    const readerDrive = await t.drive(READER);
    const readerShares = await failure(
      readerDrive.permissions.create({
        fileId: id,
        requestBody: { type: "user", role: "writer", emailAddress: READER },
      }),
    );
    expect(readerShares.status).toBe(403);
    const ids = await drive.permissions.list({ fileId: id, fields: "permissions(id,role)" });
    const ownerPermission = ids.data.permissions?.find((p) => p.role === "owner")?.id ?? "";
    expect(
      (await failure(drive.permissions.delete({ fileId: id, permissionId: ownerPermission })))
        .status,
    ).toBe(403);
    await drive.permissions.delete({ fileId: id, permissionId: added.data.id ?? "" });
    expect((await failure(readerDrive.files.get({ fileId: id }))).status).toBe(404);
    await drive.files.delete({ fileId: id });
    expect((await failure(drive.files.get({ fileId: id }))).status).toBe(404);
  });

  it("transfers ownership only with transferOwnership=true", async () => {
    const { id, drive } = await sharedSpreadsheet(t, "handover");
    const body = { type: "user", role: "owner", emailAddress: EDITOR };
    expect(
      (await failure(drive.permissions.create({ fileId: id, requestBody: body }))).status,
    ).toBe(403);
    await drive.permissions.create({ fileId: id, requestBody: body, transferOwnership: true });
    const file = await drive.files.get({ fileId: id, fields: "owners(emailAddress),ownedByMe" });
    expect(file.data).toEqual({ owners: [{ emailAddress: EDITOR }], ownedByMe: false });
  });

  it("answers 501 for content uploads and for types it cannot create", async () => {
    const drive = await t.drive(OWNER);
    const doc = await failure(
      drive.files.create({
        requestBody: { name: "x", mimeType: "application/vnd.google-apps.document" },
      }),
    );
    expect(doc.status).toBe(501);
    const upload = await t.fetch("/upload/drive/v3/files?uploadType=media", { method: "POST" });
    expect(upload.status).toBe(501);
  });
});

describe("Drive changes", () => {
  it("feeds every content, metadata and sharing change after the start token, with paging", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "changes");
    const start = (await drive.changes.getStartPageToken()).data.startPageToken ?? "";
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "A1",
      valueInputOption: "RAW",
      requestBody: { values: [["x"]] },
    });
    await drive.files.update({ fileId: id, requestBody: { name: "renamed" } });
    await drive.permissions.create({
      fileId: id,
      requestBody: { type: "user", role: "reader", emailAddress: READER },
    });

    const page1 = await drive.changes.list({
      pageToken: start,
      pageSize: 2,
      fields:
        "nextPageToken,newStartPageToken,changes(fileId,removed,changeType,file(name,version))",
    });
    expect(page1.data.changes).toHaveLength(2);
    expect(page1.data.changes?.[0]).toMatchObject({
      fileId: id,
      removed: false,
      changeType: "file",
      file: { name: "renamed" },
    });
    expect(page1.data.newStartPageToken).toBeUndefined();
    const page2 = await drive.changes.list({
      pageToken: page1.data.nextPageToken ?? "",
      fields: "newStartPageToken,changes(fileId)",
    });
    expect(page2.data.changes).toHaveLength(1);
    const idle = await drive.changes.list({ pageToken: page2.data.newStartPageToken ?? "" });
    expect(idle.data.changes).toEqual([]);

    const readerDrive = await t.drive(READER);
    await drive.files.delete({ fileId: id });
    const seen = await readerDrive.changes.list({
      pageToken: page2.data.newStartPageToken ?? "",
      fields: "changes(fileId,removed)",
    });
    expect(seen.data.changes).toEqual([{ fileId: id, removed: true }]);
  });
});
