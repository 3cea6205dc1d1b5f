import { describe, expect, it } from "vitest";
import {
  applyBatchUpdate,
  createSpreadsheet,
  renderSpreadsheet,
  sheetTitles,
} from "../../../scripts/emulator/model/index";
import { batch, newDoc, OWNER, owner, read, sheetIdOf, write } from "./helpers";

describe("createSpreadsheet", () => {
  it("defaults to one zh_CN tab with Google's grid size", () => {
    const doc = createSpreadsheet("id", {}, OWNER);
    expect(renderSpreadsheet(doc, {})).toEqual({
      spreadsheetId: "id",
      properties: {
        title: "Untitled spreadsheet",
        locale: "zh_CN",
        timeZone: "Asia/Shanghai",
        autoRecalc: "ON_CHANGE",
      },
      sheets: [
        {
          properties: {
            sheetId: 0,
            title: "工作表1",
            index: 0,
            sheetType: "GRID",
            gridProperties: { rowCount: 1000, columnCount: 26 },
          },
        },
      ],
      spreadsheetUrl: "https://docs.google.com/spreadsheets/d/id/edit",
    });
  });
  it("accepts initial data, frozen rows and protected ranges", () => {
    const doc = createSpreadsheet(
      "id",
      {
        properties: { title: "T", locale: "en_US" },
        sheets: [
          {
            properties: {
              title: "Data",
              gridProperties: { rowCount: 10, columnCount: 3, frozenRowCount: 1 },
            },
            data: [
              { startRow: 1, rowData: [{ values: [{ userEnteredValue: { stringValue: "x" } }] }] },
            ],
            protectedRanges: [{ range: { sheetId: 0, endRowIndex: 1 }, description: "header" }],
          },
        ],
      },
      OWNER,
    );
    expect(read(doc, "Data!A1:C10")).toEqual([[], ["x"]]);
    expect(doc.sheets[0]?.properties.gridProperties).toEqual({
      rowCount: 10,
      columnCount: 3,
      frozenRowCount: 1,
    });
    expect(doc.sheets[0]?.protectedRanges[0]).toMatchObject({ description: "header" });
  });
  it("rejects unknown fields", () => {
    expect(() => createSpreadsheet("id", { sheets: [{ bogus: 1 }] }, OWNER)).toThrow(
      `Unknown name "bogus"`,
    );
  });
});

describe("sheet requests", () => {
  it("addSheet replies with the new properties and keeps titles unique", () => {
    const { doc, response } = batch(newDoc("Sheet1"), [
      { addSheet: { properties: { title: "新表", index: 0, gridProperties: { rowCount: 5 } } } },
      { addSheet: {} },
    ]);
    const replies = (response as { replies: unknown[] }).replies;
    expect(replies[0]).toEqual({
      addSheet: {
        properties: {
          sheetId: expect.any(Number),
          title: "新表",
          index: 0,
          sheetType: "GRID",
          gridProperties: { rowCount: 5, columnCount: 26 },
        },
      },
    });
    expect(sheetTitles(doc)).toEqual(["新表", "Sheet1", "工作表3"]);
    expect(doc.sheets.map((s) => s.properties.index)).toEqual([0, 1, 2]);
    expect(() => batch(doc, [{ addSheet: { properties: { title: "sheet1" } } }])).toThrow(
      'Invalid requests[0].addSheet: A sheet with the name "sheet1" already exists. Please enter another name.',
    );
  });
  it("deleteSheet removes a tab but never the last one", () => {
    const doc = newDoc("A", "B");
    const { doc: after } = batch(doc, [{ deleteSheet: { sheetId: sheetIdOf(doc, "B") } }]);
    expect(sheetTitles(after)).toEqual(["A"]);
    expect(() => batch(after, [{ deleteSheet: { sheetId: 0 } }])).toThrow(
      "You can't remove all the sheets in a document.",
    );
    expect(() => batch(after, [{ deleteSheet: { sheetId: 99 } }])).toThrow("No sheet with id: 99");
  });
  it("updateSheetProperties applies only the masked fields", () => {
    const doc = newDoc("A", "B");
    const { doc: after } = batch(doc, [
      {
        updateSheetProperties: {
          properties: {
            sheetId: 0,
            title: "Renamed",
            index: 1,
            gridProperties: { frozenRowCount: 2, rowCount: 3 },
            hidden: true,
          },
          fields: "title,index,gridProperties.frozenRowCount",
        },
      },
    ]);
    expect(sheetTitles(after)).toEqual(["B", "Renamed"]);
    expect(after.sheets[1]?.properties).toMatchObject({
      index: 1,
      gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 2 },
    });
    expect(after.sheets[1]?.properties.hidden).toBeUndefined();
  });
  it("shrinking the grid through updateSheetProperties drops the cut cells", () => {
    const doc = write(newDoc(), "A1", [["a"], ["b"], ["c"]]);
    const { doc: after } = batch(doc, [
      {
        updateSheetProperties: {
          properties: { gridProperties: { rowCount: 2 } },
          fields: "gridProperties.rowCount",
        },
      },
    ]);
    expect(read(after, "A:A")).toEqual([["a"], ["b"]]);
    expect(after.sheets[0]?.properties.gridProperties.rowCount).toBe(2);
  });
  it("updateSpreadsheetProperties renames the file", () => {
    const { doc } = batch(newDoc(), [
      {
        updateSpreadsheetProperties: {
          properties: { title: "新名字", locale: "en_US" },
          fields: "title",
        },
      },
    ]);
    expect(doc.properties).toMatchObject({ title: "新名字", locale: "zh_CN" });
  });
  it("rejects masks naming unsupported fields", () => {
    expect(() =>
      batch(newDoc(), [{ updateSheetProperties: { properties: { sheetId: 0 }, fields: "bogus" } }]),
    ).toThrow("unsupported or unknown field 'bogus'");
    expect(() =>
      batch(newDoc(), [{ updateSheetProperties: { properties: { sheetId: 0 } } }]),
    ).toThrow("'fields' is required");
  });
});

describe("batchUpdate envelope", () => {
  it("is atomic: a failing request leaves the document untouched", () => {
    const doc = newDoc();
    const before = structuredClone(doc);
    expect(() =>
      batch(doc, [
        { addSheet: { properties: { title: "New" } } },
        { deleteSheet: { sheetId: 404 } },
      ]),
    ).toThrow("Invalid requests[1].deleteSheet: No sheet with id: 404");
    expect(doc).toEqual(before);
  });
  it("answers 501 for request kinds it does not implement", () => {
    expect(() => batch(newDoc(), [{ findReplace: { find: "a", allSheets: true } }])).toThrow(
      expect.objectContaining({ code: 501, message: expect.stringContaining("findReplace") }),
    );
  });
  it("rejects empty and malformed request lists", () => {
    expect(() => batch(newDoc(), [])).toThrow("Must specify at least one request.");
    expect(() => batch(newDoc(), [{ addSheet: {}, deleteSheet: {} }])).toThrow(
      "exactly one request kind",
    );
  });
  it("can include the updated spreadsheet", () => {
    const { response } = applyBatchUpdate(
      newDoc(),
      {
        requests: [{ addSheet: { properties: { title: "X" } } }],
        includeSpreadsheetInResponse: true,
        responseRanges: ["X!A1"],
      },
      owner,
    );
    expect(response).toMatchObject({
      updatedSpreadsheet: { sheets: [{ properties: { title: "X" } }] },
    });
  });
});

describe("renderSpreadsheet", () => {
  it("returns grid data with values, formats, notes and validation for the requested ranges", () => {
    let doc = write(newDoc("基本信息"), "'基本信息'!A1", [["姓名", "=1+1"]]);
    doc = batch(doc, [
      {
        repeatCell: {
          range: {
            sheetId: 0,
            startRowIndex: 0,
            endRowIndex: 1,
            startColumnIndex: 0,
            endColumnIndex: 1,
          },
          cell: { note: "必填", userEnteredFormat: { textFormat: { bold: true } } },
          fields: "note,userEnteredFormat.textFormat.bold",
        },
      },
      {
        setDataValidation: {
          range: {
            sheetId: 0,
            startRowIndex: 1,
            endRowIndex: 2,
            startColumnIndex: 2,
            endColumnIndex: 3,
          },
          rule: { condition: { type: "BOOLEAN" }, strict: true },
        },
      },
    ]).doc;
    const rendered = renderSpreadsheet(doc, {
      ranges: ["'基本信息'!A1:C2"],
      includeGridData: true,
    });
    expect(rendered).toMatchObject({
      sheets: [
        {
          data: [
            {
              rowData: [
                {
                  values: [
                    {
                      userEnteredValue: { stringValue: "姓名" },
                      effectiveValue: { stringValue: "姓名" },
                      formattedValue: "姓名",
                      userEnteredFormat: { textFormat: { bold: true } },
                      note: "必填",
                    },
                    {
                      userEnteredValue: { formulaValue: "=1+1" },
                      effectiveValue: { numberValue: 2 },
                      formattedValue: "2",
                    },
                  ],
                },
                {
                  values: [
                    {},
                    {},
                    { dataValidation: { condition: { type: "BOOLEAN" }, strict: true } },
                  ],
                },
              ],
              rowMetadata: [{ pixelSize: 21 }, { pixelSize: 21 }],
              columnMetadata: [{ pixelSize: 100 }, { pixelSize: 100 }, { pixelSize: 100 }],
            },
          ],
        },
      ],
    });
  });
  it("limits sheets to those named by ranges", () => {
    const doc = newDoc("A", "B");
    const rendered = renderSpreadsheet(doc, { ranges: ["B!A1"] }) as { sheets: unknown[] };
    expect(rendered.sheets).toHaveLength(1);
  });
});
