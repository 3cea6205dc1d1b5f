import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, OWNER, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

describe("spreadsheets.create / get / batchUpdate", () => {
  it("creates with tabs, protected ranges, validation and developer metadata, and gets them back", async () => {
    const sheets = await t.sheets(OWNER);
    const created = await sheets.spreadsheets.create({
      requestBody: {
        properties: { title: "华容县教师信息" },
        sheets: [
          {
            properties: {
              sheetId: 7,
              title: "基本信息",
              gridProperties: { rowCount: 50, columnCount: 5 },
            },
          },
        ],
      },
    });
    const id = created.data.spreadsheetId ?? "";
    expect(created.data.sheets?.[0]?.properties).toMatchObject({ sheetId: 7, title: "基本信息" });

    const updated = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            addProtectedRange: {
              protectedRange: {
                range: { sheetId: 7, startRowIndex: 0, endRowIndex: 1 },
                description: "表头",
                editors: { users: [OWNER] },
              },
            },
          },
          {
            setDataValidation: {
              range: {
                sheetId: 7,
                startRowIndex: 1,
                endRowIndex: 50,
                startColumnIndex: 2,
                endColumnIndex: 3,
              },
              rule: { condition: { type: "BOOLEAN" } },
            },
          },
          {
            createDeveloperMetadata: {
              developerMetadata: {
                metadataKey: "tmis.template",
                metadataValue: "basic-v1",
                location: { sheetId: 7 },
                visibility: "DOCUMENT",
              },
            },
          },
        ],
      },
    });
    expect(updated.data.replies).toHaveLength(3);

    const got = await sheets.spreadsheets.get({
      spreadsheetId: id,
      ranges: ["基本信息!C2"],
      includeGridData: true,
    });
    const tab = got.data.sheets?.[0];
    expect(tab?.protectedRanges?.[0]).toMatchObject({
      description: "表头",
      editors: { users: [OWNER] },
    });
    expect(tab?.developerMetadata?.[0]).toMatchObject({
      metadataKey: "tmis.template",
      metadataValue: "basic-v1",
    });
    expect(tab?.data?.[0]?.rowData?.[0]?.values?.[0]?.dataValidation?.condition?.type).toBe(
      "BOOLEAN",
    );
  });

  it("keys each batchUpdate reply by its request kind, as Google's Response does", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "replies");
    const updated = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: { requests: [{ addSheet: { properties: { title: "新表" } } }] },
    });
    expect(updated.data.replies?.[0]?.addSheet?.properties?.title).toBe("新表");
  });

  it("applies a fields mask to spreadsheets.get", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "mask", [], ["A", "B"]);
    const got = await sheets.spreadsheets.get({
      spreadsheetId: id,
      fields: "sheets.properties(title,sheetId)",
    });
    expect(got.data).toEqual({
      sheets: [
        { properties: { title: "A", sheetId: expect.any(Number) } },
        { properties: { title: "B", sheetId: expect.any(Number) } },
      ],
    });
  });

  it("sortRange moves whole rows, not single columns", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "sort");
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:C4",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["编号", "姓名", "分"],
          ["3", "丙", 70],
          ["1", "甲", 90],
          ["2", "乙", 80],
        ],
      },
    });
    const meta = await sheets.spreadsheets.get({ spreadsheetId: id });
    const sheetId = meta.data.sheets?.[0]?.properties?.sheetId ?? 0;
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            sortRange: {
              range: {
                sheetId,
                startRowIndex: 1,
                endRowIndex: 4,
                startColumnIndex: 0,
                endColumnIndex: 3,
              },
              sortSpecs: [{ dimensionIndex: 2, sortOrder: "DESCENDING" }],
            },
          },
        ],
      },
    });
    const read = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "Sheet1!A2:C4",
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(read.data.values).toEqual([
      ["1", "甲", 90],
      ["2", "乙", 80],
      ["3", "丙", 70],
    ]);
  });

  it("is atomic: one bad request leaves the spreadsheet and its Drive version untouched", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "atomic");
    const before = await drive.files.get({ fileId: id, fields: "version" });
    const bad = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            { addSheet: { properties: { title: "新表" } } },
            { deleteSheet: { sheetId: 987654 } },
          ],
        },
      }),
    );
    expect(bad.status).toBe(400);
    const meta = await sheets.spreadsheets.get({ spreadsheetId: id });
    expect(meta.data.sheets?.map((s) => s.properties?.title)).toEqual(["Sheet1"]);
    const after = await drive.files.get({ fileId: id, fields: "version" });
    expect(after.data.version).toBe(before.data.version);
  });

  it("renaming the spreadsheet renames the Drive file, and the other way round", async () => {
    const { id, sheets, drive } = await sharedSpreadsheet(t, "old name");
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          { updateSpreadsheetProperties: { properties: { title: "新名" }, fields: "title" } },
        ],
      },
    });
    expect((await drive.files.get({ fileId: id })).data.name).toBe("新名");
    await drive.files.update({ fileId: id, requestBody: { name: "Drive 改名" } });
    const meta = await sheets.spreadsheets.get({ spreadsheetId: id, fields: "properties.title" });
    expect(meta.data.properties?.title).toBe("Drive 改名");
  });

  it("answers 501 for Sheets methods the emulator does not implement", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "unimplemented");
    const res = await failure(
      sheets.spreadsheets.getByDataFilter({ spreadsheetId: id, requestBody: {} }),
    );
    expect(res.body.error).toMatchObject({ code: 501, status: "UNIMPLEMENTED" });
  });
});
