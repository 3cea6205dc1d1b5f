import { describe, expect, it } from "vitest";
import { batch, newDoc, read, write } from "./helpers";

const rows = (startIndex: number, endIndex: number) => ({
  sheetId: 0,
  dimension: "ROWS",
  startIndex,
  endIndex,
});
const cols = (startIndex: number, endIndex: number) => ({
  sheetId: 0,
  dimension: "COLUMNS",
  startIndex,
  endIndex,
});

function fixture() {
  let doc = write(newDoc(), "A1", [["r1", "x"], ["r2"], ["r3"], ["r4"]]);
  doc = batch(doc, [
    {
      repeatCell: {
        range: {
          sheetId: 0,
          startRowIndex: 1,
          endRowIndex: 2,
          startColumnIndex: 0,
          endColumnIndex: 1,
        },
        cell: { note: "note on r2", userEnteredFormat: { textFormat: { bold: true } } },
        fields: "note,userEnteredFormat",
      },
    },
    {
      setDataValidation: {
        range: {
          sheetId: 0,
          startRowIndex: 2,
          endRowIndex: 3,
          startColumnIndex: 0,
          endColumnIndex: 1,
        },
        rule: { condition: { type: "BOOLEAN" } },
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: {
            sheetId: 0,
            startRowIndex: 1,
            endRowIndex: 3,
            startColumnIndex: 0,
            endColumnIndex: 1,
          },
        },
      },
    },
  ]).doc;
  return doc;
}

describe("insertDimension", () => {
  it("shifts cells, notes, validation and protected ranges down", () => {
    const { doc } = batch(fixture(), [{ insertDimension: { range: rows(1, 3) } }]);
    expect(read(doc, "A1:A6")).toEqual([["r1"], [], [], ["r2"], ["r3"], ["r4"]]);
    expect(doc.sheets[0]?.rows[3]?.[0]?.note).toBe("note on r2");
    expect(doc.sheets[0]?.rows[4]?.[0]?.dataValidation).toEqual({ condition: { type: "BOOLEAN" } });
    expect(doc.sheets[0]?.protectedRanges[0]?.range).toEqual({
      sheetId: 0,
      startRowIndex: 3,
      endRowIndex: 5,
      startColumnIndex: 0,
      endColumnIndex: 1,
    });
    expect(doc.sheets[0]?.properties.gridProperties.rowCount).toBe(1002);
  });
  it("grows ranges it lands inside and inherits formatting, not values", () => {
    const { doc } = batch(fixture(), [
      { insertDimension: { range: rows(2, 3), inheritFromBefore: true } },
    ]);
    expect(doc.sheets[0]?.protectedRanges[0]?.range).toMatchObject({
      startRowIndex: 1,
      endRowIndex: 4,
    });
    expect(doc.sheets[0]?.rows[2]?.[0]).toEqual({
      userEnteredFormat: { textFormat: { bold: true } },
    });
  });
  it("shifts columns", () => {
    const { doc } = batch(fixture(), [{ insertDimension: { range: cols(0, 1) } }]);
    expect(read(doc, "A1:C1")).toEqual([["", "r1", "x"]]);
    expect(doc.sheets[0]?.properties.gridProperties.columnCount).toBe(27);
  });
  it("rejects inheriting from before row 0", () => {
    expect(() =>
      batch(fixture(), [{ insertDimension: { range: rows(0, 1), inheritFromBefore: true } }]),
    ).toThrow("cannot inherit from before");
  });
});

describe("deleteDimension", () => {
  it("shifts everything up and shrinks or drops ranges", () => {
    const { doc } = batch(fixture(), [{ deleteDimension: { range: rows(0, 2) } }]);
    expect(read(doc, "A1:A3")).toEqual([["r3"], ["r4"]]);
    expect(doc.sheets[0]?.rows[0]?.[0]?.dataValidation).toEqual({ condition: { type: "BOOLEAN" } });
    expect(doc.sheets[0]?.protectedRanges[0]?.range).toMatchObject({
      startRowIndex: 0,
      endRowIndex: 1,
    });
    const gone = batch(fixture(), [{ deleteDimension: { range: rows(1, 3) } }]).doc;
    expect(gone.sheets[0]?.protectedRanges).toEqual([]);
  });
  it("deletes columns", () => {
    const { doc } = batch(fixture(), [{ deleteDimension: { range: cols(0, 1) } }]);
    expect(read(doc, "A1:B2")).toEqual([["x"]]);
  });
  it("refuses to delete every row or beyond the grid", () => {
    expect(() => batch(fixture(), [{ deleteDimension: { range: rows(0, 1000) } }])).toThrow(
      "You can't delete all the rows on the sheet.",
    );
    expect(() => batch(fixture(), [{ deleteDimension: { range: rows(5, 1005) } }])).toThrow(
      "beyond the rows",
    );
  });
});

describe("moveDimension and friends", () => {
  it("moves rows before the destination index", () => {
    const { doc } = batch(fixture(), [
      { moveDimension: { source: rows(0, 1), destinationIndex: 3 } },
    ]);
    expect(read(doc, "A1:A4")).toEqual([["r2"], ["r3"], ["r1"], ["r4"]]);
    expect(doc.sheets[0]?.protectedRanges[0]?.range).toMatchObject({
      startRowIndex: 0,
      endRowIndex: 2,
    });
    const back = batch(doc, [{ moveDimension: { source: rows(2, 3), destinationIndex: 0 } }]).doc;
    expect(read(back, "A1:A4")).toEqual([["r1"], ["r2"], ["r3"], ["r4"]]);
  });
  it("appendDimension grows the grid", () => {
    const { doc } = batch(newDoc(), [
      { appendDimension: { sheetId: 0, dimension: "COLUMNS", length: 4 } },
    ]);
    expect(doc.sheets[0]?.properties.gridProperties.columnCount).toBe(30);
  });
  it("updateDimensionProperties sets pixel sizes and hidden flags shown in grid data", () => {
    const { doc } = batch(newDoc(), [
      {
        updateDimensionProperties: {
          range: cols(1, 2),
          properties: { pixelSize: 250, hiddenByUser: true },
          fields: "pixelSize,hiddenByUser",
        },
      },
      { autoResizeDimensions: { dimensions: cols(0, 3) } },
    ]);
    expect(doc.sheets[0]?.columnMeta[1]).toEqual({ pixelSize: 250, hiddenByUser: true });
  });
});
