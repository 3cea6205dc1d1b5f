import { describe, expect, it } from "vitest";
import { batch, newDoc, read, write } from "./helpers";

const A1B2 = {
  sheetId: 0,
  startRowIndex: 0,
  endRowIndex: 2,
  startColumnIndex: 0,
  endColumnIndex: 2,
};

describe("repeatCell", () => {
  it("writes masked format fields and keeps the others", () => {
    let doc = batch(newDoc(), [
      {
        repeatCell: {
          range: A1B2,
          cell: {
            userEnteredFormat: { textFormat: { bold: true }, horizontalAlignment: "CENTER" },
          },
          fields: "userEnteredFormat(textFormat,horizontalAlignment)",
        },
      },
    ]).doc;
    doc = batch(doc, [
      {
        repeatCell: {
          range: A1B2,
          cell: { userEnteredFormat: { backgroundColor: { red: 1 } } },
          fields: "userEnteredFormat.backgroundColor",
        },
      },
    ]).doc;
    expect(doc.sheets[0]?.rows[1]?.[1]?.userEnteredFormat).toEqual({
      textFormat: { bold: true },
      horizontalAlignment: "CENTER",
      // Sheets keeps a colour under both its fields (colours.ts).
      backgroundColor: { red: 1 },
      backgroundColorStyle: { rgbColor: { red: 1 } },
    });
  });
  it("clears masked fields absent from the cell, and writes values", () => {
    let doc = write(newDoc(), "A1", [["x"]]);
    doc = batch(doc, [
      { repeatCell: { range: A1B2, cell: { note: "n" }, fields: "note" } },
      {
        repeatCell: {
          range: { ...A1B2, endRowIndex: 1 },
          cell: { userEnteredValue: { numberValue: 7 } },
          fields: "userEnteredValue",
        },
      },
    ]).doc;
    expect(read(doc, "A1:B2")).toEqual([["7", "7"]]);
    doc = batch(doc, [
      { repeatCell: { range: A1B2, cell: {}, fields: "note,userEnteredValue" } },
    ]).doc;
    expect(doc.sheets[0]?.rows.flat().filter(Boolean)).toEqual([]);
  });
  it("rejects ranges beyond the grid, read-only mask fields and bad values", () => {
    expect(() =>
      batch(newDoc(), [
        {
          repeatCell: {
            range: { sheetId: 0, startRowIndex: 999, endRowIndex: 1001 },
            cell: {},
            fields: "note",
          },
        },
      ]),
    ).toThrow("Range ('Sheet1'!A1000:Z1001) exceeds grid limits. Max rows: 1000, max columns: 26");
    expect(() =>
      batch(newDoc(), [{ repeatCell: { range: A1B2, cell: {}, fields: "effectiveValue" } }]),
    ).toThrow("unsupported or unknown field 'effectiveValue'");
    expect(() =>
      batch(newDoc(), [
        {
          repeatCell: {
            range: A1B2,
            cell: { userEnteredValue: { numberValue: 1, stringValue: "a" } },
            fields: "*",
          },
        },
      ]),
    ).toThrow("exactly one of");
    expect(() =>
      batch(newDoc(), [{ repeatCell: { range: { sheetId: 5 }, cell: {}, fields: "note" } }]),
    ).toThrow("No grid with id: 5");
  });
});

describe("updateCells", () => {
  it("writes rows from a start cell, including notes", () => {
    const { doc } = batch(newDoc(), [
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 1, columnIndex: 1 },
          rows: [
            {
              values: [
                { userEnteredValue: { stringValue: "a" }, note: "注释" },
                { userEnteredValue: { formulaValue: '=B2&"!"' } },
              ],
            },
          ],
          fields: "userEnteredValue,note",
        },
      },
    ]);
    expect(read(doc, "A1:C2")).toEqual([[], ["", "a", "a!"]]);
    expect(doc.sheets[0]?.rows[1]?.[1]?.note).toBe("注释");
  });
  it("with a range clears masked fields in cells the rows leave out", () => {
    const doc = write(newDoc(), "A1", [
      ["x", "y"],
      ["z", "w"],
    ]);
    const { doc: after } = batch(doc, [
      {
        updateCells: {
          range: A1B2,
          rows: [{ values: [{ userEnteredValue: { stringValue: "only" } }] }],
          fields: "userEnteredValue",
        },
      },
    ]);
    expect(read(after, "A1:B2")).toEqual([["only"]]);
  });
});

describe("setDataValidation", () => {
  it("sets checkbox and list rules and clears them when the rule is omitted", () => {
    const list = {
      condition: {
        type: "ONE_OF_LIST",
        values: [{ userEnteredValue: "是" }, { userEnteredValue: "否" }],
      },
      strict: true,
      showCustomUi: true,
    };
    let doc = batch(newDoc(), [
      { setDataValidation: { range: { ...A1B2, endColumnIndex: 1 }, rule: list } },
      {
        setDataValidation: {
          range: { ...A1B2, startColumnIndex: 1 },
          rule: { condition: { type: "BOOLEAN" } },
        },
      },
    ]).doc;
    expect(doc.sheets[0]?.rows[1]?.[0]?.dataValidation).toEqual(list);
    expect(doc.sheets[0]?.rows[0]?.[1]?.dataValidation).toEqual({ condition: { type: "BOOLEAN" } });
    doc = batch(doc, [{ setDataValidation: { range: A1B2 } }]).doc;
    expect(doc.sheets[0]?.rows.flat().filter(Boolean)).toEqual([]);
  });
  it("validates the rule", () => {
    expect(() =>
      batch(newDoc(), [
        { setDataValidation: { range: A1B2, rule: { condition: { type: "ONE_OF_LIST" } } } },
      ]),
    ).toThrow("ONE_OF_LIST rules need at least one condition value");
    expect(() =>
      batch(newDoc(), [
        { setDataValidation: { range: A1B2, rule: { condition: { type: "MAGIC" } } } },
      ]),
    ).toThrow("condition.type");
  });
});

describe("sortRange", () => {
  it("moves whole rows within the range, stably, blanks last, numbers before text", () => {
    const doc = write(
      newDoc(),
      "A1",
      [
        ["key", "tag", "outside"],
        ["b", "1", "o1"],
        [3, "2", "o2"],
        ["", "3", "o3"],
        ["a", "4", "o4"],
        [3, "5", "o5"],
        [true, "6", "o6"],
      ],
      "RAW",
    );
    const sort = (sortOrder: string) =>
      batch(doc, [
        {
          sortRange: {
            range: {
              sheetId: 0,
              startRowIndex: 1,
              endRowIndex: 7,
              startColumnIndex: 0,
              endColumnIndex: 2,
            },
            sortSpecs: [{ dimensionIndex: 0, sortOrder }],
          },
        },
      ]).doc;
    expect(read(sort("ASCENDING"), "A2:C7")).toEqual([
      ["3", "2", "o1"],
      ["3", "5", "o2"],
      ["a", "4", "o3"],
      ["b", "1", "o4"],
      ["TRUE", "6", "o5"],
      ["", "3", "o6"],
    ]);
    expect(read(sort("DESCENDING"), "A2:B7")).toEqual([
      ["TRUE", "6"],
      ["b", "1"],
      ["a", "4"],
      ["3", "2"],
      ["3", "5"],
      ["", "3"],
    ]);
  });
  it("sorts by several keys", () => {
    const doc = write(
      newDoc(),
      "A1",
      [
        ["x", 2],
        ["y", 1],
        ["x", 1],
      ],
      "RAW",
    );
    const { doc: sorted } = batch(doc, [
      {
        sortRange: {
          range: { sheetId: 0, endRowIndex: 3, endColumnIndex: 2 },
          sortSpecs: [{ dimensionIndex: 0 }, { dimensionIndex: 1, sortOrder: "DESCENDING" }],
        },
      },
    ]);
    expect(read(sorted, "A1:B3")).toEqual([
      ["x", "2"],
      ["x", "1"],
      ["y", "1"],
    ]);
  });
});
