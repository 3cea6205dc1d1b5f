import type { sheets_v4 } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EDITOR,
  failure,
  OWNER,
  sharedSpreadsheet,
  startTestEmulator,
  type TestEmulator,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const PROTECTED =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";
const BOLD = { textFormat: { bold: true } };
const CHECKBOX = { condition: { type: "BOOLEAN" } };

/** A tab "表" (sheetId 0): A1:B2 filled, A1 bold, B column checkboxes, row 5 protected. */
async function fixture(title: string) {
  const made = await sharedSpreadsheet(t, title, [{ email: EDITOR, role: "writer" }], ["表"]);
  const { id, sheets } = made;
  await sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: "表!A1:C2",
    valueInputOption: "USER_ENTERED",
    requestBody: {
      values: [
        ["张三", true, "=1+2"],
        ["李四", false, "x"],
      ],
    },
  });
  await sheets.spreadsheets.batchUpdate({
    spreadsheetId: id,
    requestBody: {
      requests: [
        {
          repeatCell: {
            range: {
              sheetId: 0,
              startRowIndex: 0,
              endRowIndex: 1,
              startColumnIndex: 0,
              endColumnIndex: 1,
            },
            cell: { userEnteredFormat: BOLD },
            fields: "userEnteredFormat",
          },
        },
        {
          setDataValidation: {
            range: {
              sheetId: 0,
              startRowIndex: 0,
              endRowIndex: 2,
              startColumnIndex: 1,
              endColumnIndex: 2,
            },
            rule: CHECKBOX,
          },
        },
        {
          addProtectedRange: {
            protectedRange: {
              range: { sheetId: 0, startRowIndex: 4, endRowIndex: 5 },
              description: "第5行",
              editors: { users: [OWNER] },
            },
          },
        },
      ],
    },
  });
  return { ...made, editor: await t.sheets(EDITOR) };
}

function grid(sheets: sheets_v4.Sheets, spreadsheetId: string, range: string) {
  return sheets.spreadsheets
    .get({
      spreadsheetId,
      ranges: [range],
      includeGridData: true,
      fields:
        "sheets.data.rowData.values(userEnteredValue,userEnteredFormat.textFormat,dataValidation)",
    })
    .then((res) => res.data.sheets?.[0]?.data?.[0]?.rowData ?? []);
}

const area = (
  startRowIndex: number,
  endRowIndex: number,
  startColumnIndex: number,
  endColumnIndex: number,
  sheetId = 0,
) => ({
  sheetId,
  startRowIndex,
  endRowIndex,
  startColumnIndex,
  endColumnIndex,
});

describe("copyPaste", () => {
  it("PASTE_NORMAL copies values, formats and validation, tiling a destination that is a multiple", async () => {
    const { id, sheets } = await fixture("粘贴");
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            copyPaste: {
              source: area(0, 1, 0, 2),
              destination: area(6, 8, 0, 2),
              pasteType: "PASTE_NORMAL",
            },
          },
        ],
      },
    });
    const rows = await grid(sheets, id, "表!A7:B8");
    for (const row of rows) {
      expect(row.values?.[0]).toMatchObject({
        userEnteredValue: { stringValue: "张三" },
        userEnteredFormat: BOLD,
      });
      expect(row.values?.[1]).toMatchObject({
        userEnteredValue: { boolValue: true },
        dataValidation: CHECKBOX,
      });
    }
  });

  it("PASTE_VALUES pastes computed values only and keeps the destination's format", async () => {
    const { id, sheets } = await fixture("只粘贴值");
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            copyPaste: {
              source: area(0, 1, 2, 3),
              destination: area(0, 1, 0, 1),
              pasteType: "PASTE_VALUES",
            },
          },
        ],
      },
    });
    const [row] = await grid(sheets, id, "表!A1");
    expect(row?.values?.[0]).toEqual({
      userEnteredValue: { numberValue: 3 },
      userEnteredFormat: BOLD,
    });
  });

  it("refuses a school account pasting into a protected row (403) and leaves the file unchanged", async () => {
    const { id, sheets, editor } = await fixture("保护");
    const before = await grid(sheets, id, "表!A1:C9");
    const paste = (destination: object) =>
      editor.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: { requests: [{ copyPaste: { source: area(0, 2, 0, 2), destination } }] },
      });
    const refused = await failure(paste(area(3, 5, 0, 2)));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ status: "PERMISSION_DENIED", message: PROTECTED });
    expect(await grid(sheets, id, "表!A1:C9")).toEqual(before);
    await expect(paste(area(6, 8, 0, 2))).resolves.toBeTruthy();
  });

  it("is atomic with the rest of its batch: a failing request after it undoes the paste", async () => {
    const { id, sheets } = await fixture("原子");
    const before = await grid(sheets, id, "表!A1:C9");
    const refused = await failure(
      sheets.spreadsheets.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          requests: [
            { copyPaste: { source: area(0, 2, 0, 3), destination: area(6, 8, 0, 3) } },
            { deleteSheet: { sheetId: 404 } },
          ],
        },
      }),
    );
    expect(refused.status).toBe(400);
    expect(await grid(sheets, id, "表!A1:C9")).toEqual(before);
  });
});

describe("duplicateSheet", () => {
  it("copies cells, formats, validation and protections onto a new tab that changes on its own", async () => {
    const { id, sheets, editor } = await fixture("复制");
    const reply = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            duplicateSheet: {
              sourceSheetId: 0,
              newSheetId: 55,
              insertSheetIndex: 1,
              newSheetName: "副本",
            },
          },
        ],
      },
    });
    expect(reply.data.replies?.[0]?.duplicateSheet?.properties).toMatchObject({
      sheetId: 55,
      title: "副本",
      index: 1,
    });
    expect(await grid(sheets, id, "副本!A1:C2")).toEqual(await grid(sheets, id, "表!A1:C2"));

    const info = await sheets.spreadsheets.get({
      spreadsheetId: id,
      fields: "sheets(properties(sheetId,title),protectedRanges)",
    });
    const [source, copy] = info.data.sheets ?? [];
    const [original] = source?.protectedRanges ?? [];
    const [copied] = copy?.protectedRanges ?? [];
    expect(copy?.protectedRanges).toHaveLength(1);
    expect(copied?.protectedRangeId).not.toBe(original?.protectedRangeId);
    expect(copied).toEqual({
      ...original,
      protectedRangeId: copied?.protectedRangeId,
      range: { ...original?.range, sheetId: 55 },
    });
    const refused = await failure(
      editor.spreadsheets.values.update({
        spreadsheetId: id,
        range: "副本!A5",
        valueInputOption: "RAW",
        requestBody: { values: [["x"]] },
      }),
    );
    expect(refused.status).toBe(403);

    // The copy shares its cells with the source until written: a write must touch only the copy.
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "副本!A1",
      valueInputOption: "RAW",
      requestBody: { values: [["王五"]] },
    });
    const names = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["表!A1", "副本!A1"],
    });
    expect(names.data.valueRanges?.map((r) => r.values)).toEqual([[["张三"]], [["王五"]]]);
  });

  it("names the copy after its source and, without insertSheetIndex, puts it first", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "默认", [], ["Sheet1"]);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          { updateSpreadsheetProperties: { properties: { locale: "en_US" }, fields: "locale" } },
        ],
      },
    });
    const reply = await sheets.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          { duplicateSheet: { sourceSheetId: 0 } },
          { duplicateSheet: { sourceSheetId: 0 } },
        ],
      },
    });
    const titles = reply.data.replies?.map((r) => r.duplicateSheet?.properties?.title);
    expect(titles).toEqual(["Copy of Sheet1", "Copy of Sheet1 2"]);
    const info = await sheets.spreadsheets.get({
      spreadsheetId: id,
      fields: "sheets.properties(title,index)",
    });
    expect(info.data.sheets?.map((s) => s.properties?.title)).toEqual([
      "Copy of Sheet1 2",
      "Copy of Sheet1",
      "Sheet1",
    ]);
  });
});

describe("the 50,000-character cell limit", () => {
  const MESSAGE = "Your input contains more than the maximum of 50000 characters in a single cell.";

  it("refuses a values write with a longer cell, whole, and takes exactly 50,000", async () => {
    const { id, sheets } = await sharedSpreadsheet(t, "长文本");
    const write = (text: string) =>
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: {
          valueInputOption: "RAW",
          data: [
            { range: "Sheet1!A1", values: [["先写的"]] },
            { range: "Sheet1!B1", values: [[text]] },
          ],
        },
      });
    const refused = await failure(write("字".repeat(50_001)));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ status: "INVALID_ARGUMENT", message: MESSAGE });
    const empty = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "Sheet1!A1:B1",
    });
    expect(empty.data.values).toBeUndefined();
    await write("字".repeat(50_000));
    const kept = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!B1" });
    expect(String(kept.data.values?.[0]?.[0]).length).toBe(50_000);
  });
});

describe("paths", () => {
  it("serves spreadsheets.get with a trailing slash, as google-spreadsheet 5 asks for it", async () => {
    const { id } = await sharedSpreadsheet(t, "斜杠");
    const res = await t.fetch(`/v4/spreadsheets/${id}/?fields=properties.title`, {
      headers: { authorization: `Bearer ${await t.token(OWNER)}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ properties: { title: "斜杠" } });
  });
});
