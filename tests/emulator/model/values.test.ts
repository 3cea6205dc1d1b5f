import { describe, expect, it } from "vitest";
import {
  appendValues,
  batchClearValues,
  batchGetValues,
  batchUpdateValues,
  clearValues,
  getValues,
  updateValues,
} from "../../../scripts/emulator/model/index";
import { batch, newDoc, owner, read, write } from "./helpers";

describe("trimming", () => {
  it("drops trailing empty cells and rows, keeps inner gaps", () => {
    const doc = write(newDoc(), "A1", [["a", "", ""], [], ["", "b"], [""], []]);
    expect(read(doc, "A1:D6")).toEqual([["a"], [], ["", "b"]]);
  });
  it("omits values entirely for an empty range", () => {
    expect(getValues(newDoc(), "Sheet1!A1:C3", {})).toEqual({
      range: "Sheet1!A1:C3",
      majorDimension: "ROWS",
    });
  });
  it("transposes and trims by column for COLUMNS", () => {
    const doc = write(newDoc(), "A1", [["a", "b"], ["c"]]);
    expect(read(doc, "A1:C3", { majorDimension: "COLUMNS" })).toEqual([["a", "c"], ["b"]]);
  });
});

describe("RAW input", () => {
  it("stores strings verbatim and keeps JSON numbers and booleans", () => {
    const doc = write(newDoc(), "A1", [["=1+1", "00123", "TRUE", 5, false]], "RAW");
    expect(read(doc, "A1:E1", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      ["=1+1", "00123", "TRUE", 5, false],
    ]);
    expect(read(doc, "A1:E1", { valueRenderOption: "FORMULA" })).toEqual([
      ["=1+1", "00123", "TRUE", 5, false],
    ]);
  });
});

describe("USER_ENTERED input into cells formatted as plain text (TEXT, @)", () => {
  const plain = batch(newDoc(), [
    {
      repeatCell: {
        range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0 },
        cell: { userEnteredFormat: { numberFormat: { type: "TEXT", pattern: "@" } } },
        fields: "userEnteredFormat.numberFormat",
      },
    },
  ]).doc;
  const typed = ["430623198506010011", "20074306231000123", "00123", "2017-03-10", "TRUE", "=1+1"];

  it("keeps what is typed as a string, like Sheets: digits, dates, booleans, formulas", () => {
    const doc = write(plain, "A1", [typed]);
    expect(read(doc, "A1:F1", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([typed]);
    expect(read(doc, "A1:F1")).toEqual([typed]);
    expect(read(doc, "F1", { valueRenderOption: "FORMULA" })).toEqual([["=1+1"]]);
  });

  it("still drops a leading apostrophe", () => {
    const doc = write(plain, "A2", [["'430623198506010011"]]);
    expect(read(doc, "A2", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      ["430623198506010011"],
    ]);
  });

  it("parses as usual outside the formatted rows", () => {
    const doc = write(plain, "A3", [["430623198506010011", "00123"]]);
    expect(read(doc, "A3:B3", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      [430623198506010000, 123],
    ]);
  });

  it("keeps the format when a value is written", () => {
    const doc = write(plain, "A1", [["00123"]]);
    expect(doc.sheets[0]?.rows[0]?.[0]?.userEnteredFormat).toEqual({
      numberFormat: { type: "TEXT", pattern: "@" },
    });
  });
});

describe("USER_ENTERED input", () => {
  const doc = write(newDoc(), "A1", [
    ["2017-03-10", "TRUE", "false", "00123", "'0012", "=1+1", "1,234.5", "12%", "3/10/2017"],
  ]);
  it("parses dates to serials, booleans, numbers, apostrophe text and formulas", () => {
    expect(read(doc, "A1:I1", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      [42804, true, false, 123, "0012", 2, 1234.5, 0.12, 42804],
    ]);
  });
  it("formats them as typed", () => {
    expect(read(doc, "A1:I1")).toEqual([
      ["2017-03-10", "TRUE", "FALSE", "123", "0012", "2", "1234.5", "12%", "3/10/2017"],
    ]);
  });
  it("returns formula text for FORMULA and leaves other cells unformatted", () => {
    expect(read(doc, "E1:F1", { valueRenderOption: "FORMULA" })).toEqual([["0012", "=1+1"]]);
    expect(read(doc, "A1", { valueRenderOption: "FORMULA" })).toEqual([[42804]]);
  });
  it("renders dates as strings with FORMATTED_STRING", () => {
    expect(
      read(doc, "A1", {
        valueRenderOption: "UNFORMATTED_VALUE",
        dateTimeRenderOption: "FORMATTED_STRING",
      }),
    ).toEqual([["2017-03-10"]]);
  });
  it("records the implied number format", () => {
    const cell = doc.sheets[0]?.rows[0]?.[0];
    expect(cell?.userEnteredValue).toEqual({ numberValue: 42804 });
    expect(cell?.userEnteredFormat).toEqual({
      numberFormat: { type: "DATE", pattern: "yyyy-mm-dd" },
    });
  });
  it("parses slashed dates and date-times", () => {
    const d = write(newDoc(), "A1", [["2017/3/10", "2017-03-10 08:30"]]);
    expect(read(d, "A1:B1", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      [42804, 42804 + 8.5 / 24],
    ]);
    expect(read(d, "A1:B1")).toEqual([["2017/3/10", "2017-03-10 08:30"]]);
  });
  it("keeps text that merely looks odd as text", () => {
    const d = write(newDoc(), "A1", [["2017-13-45", "张三", "1.2.3"]]);
    expect(read(d, "A1:C1", { valueRenderOption: "UNFORMATTED_VALUE" })).toEqual([
      ["2017-13-45", "张三", "1.2.3"],
    ]);
  });
});

describe("updateValues", () => {
  it("reports the written footprint", () => {
    const { response } = updateValues(
      newDoc("基本信息"),
      "'基本信息'!B2",
      { values: [["a", "b"], ["c"]] },
      { valueInputOption: "RAW" },
      owner,
    );
    expect(response).toEqual({
      spreadsheetId: "file-1",
      updatedRange: "'基本信息'!B2:C3",
      updatedRows: 2,
      updatedColumns: 2,
      updatedCells: 3,
    });
  });
  it("leaves cells alone for null and clears them for an empty string", () => {
    let doc = write(newDoc(), "A1", [["a", "b", "c"]]);
    doc = write(doc, "A1", [[null, "", "z"]]);
    expect(read(doc, "A1:C1")).toEqual([["a", "", "z"]]);
  });
  it("grows the grid to fit the values", () => {
    const doc = write(newDoc(), "Z1000", [["x", "y"], ["z"]]);
    expect(doc.sheets[0]?.properties.gridProperties).toMatchObject({
      rowCount: 1001,
      columnCount: 27,
    });
    expect(read(doc, "AA1001:AA1001")).toBeUndefined();
    expect(read(doc, "Z1001")).toEqual([["z"]]);
  });
  it("rejects values that overflow a multi-cell range", () => {
    const doc = newDoc();
    const put = (values: unknown[][]) =>
      updateValues(doc, "Sheet1!A1:B2", { values }, { valueInputOption: "RAW" }, owner);
    expect(() => put([["a"], ["b"], ["c"]])).toThrow(
      "Requested writing within range [Sheet1!A1:B2], but tried writing to row [3]",
    );
    expect(() => put([["a", "b", "c"]])).toThrow("but tried writing to column [C]");
  });
  it("transposes COLUMNS input", () => {
    const { doc } = updateValues(
      newDoc(),
      "A1",
      {
        values: [
          ["a", "b"],
          ["c", "d"],
        ],
        majorDimension: "COLUMNS",
      },
      { valueInputOption: "RAW" },
      owner,
    );
    expect(read(doc, "A1:B2")).toEqual([
      ["a", "c"],
      ["b", "d"],
    ]);
  });
  it("returns the written values when asked", () => {
    const { response } = updateValues(
      newDoc(),
      "A1",
      { values: [["=1+1"]] },
      {
        valueInputOption: "USER_ENTERED",
        includeValuesInResponse: true,
        responseValueRenderOption: "FORMULA",
      },
      owner,
    );
    expect(response).toMatchObject({
      updatedData: { range: "Sheet1!A1", majorDimension: "ROWS", values: [["=1+1"]] },
    });
  });
  it("requires a valid valueInputOption and scalar values", () => {
    const doc = newDoc();
    expect(() =>
      updateValues(doc, "A1", { values: [["a"]] }, { valueInputOption: "BAD" as "RAW" }, owner),
    ).toThrow("value_input_option");
    expect(() =>
      updateValues(doc, "A1", { values: [[{ a: 1 }]] }, { valueInputOption: "RAW" }, owner),
    ).toThrow("is not a scalar");
  });
  it("never mutates the input document", () => {
    const doc = newDoc();
    const before = structuredClone(doc);
    write(doc, "A1", [["x"]]);
    expect(doc).toEqual(before);
  });
});

describe("appendValues", () => {
  const table = write(newDoc(), "A1", [
    ["name", "age"],
    ["a", 1],
  ]);
  it("appends below the table and reports it", () => {
    const { doc, response } = appendValues(
      table,
      "Sheet1!A:B",
      { values: [["b", 2]] },
      { valueInputOption: "RAW" },
      owner,
    );
    expect(response).toEqual({
      spreadsheetId: "file-1",
      tableRange: "Sheet1!A1:B2",
      updates: {
        spreadsheetId: "file-1",
        updatedRange: "Sheet1!A3:B3",
        updatedRows: 1,
        updatedColumns: 2,
        updatedCells: 2,
      },
    });
    expect(read(doc, "A:B")).toEqual([
      ["name", "age"],
      ["a", "1"],
      ["b", "2"],
    ]);
  });
  it.each(["Sheet1!A1", "Sheet1!A1:B1", "A2"])(
    "from the bounded range %s still appends under the whole table",
    (range) => {
      const { response } = appendValues(
        table,
        range,
        { values: [["b", 2]] },
        { valueInputOption: "RAW" },
        owner,
      );
      expect(response).toMatchObject({ updates: { updatedRange: "Sheet1!A3:B3" } });
    },
  );
  it("writes at the range start when there is no table", () => {
    const { response } = appendValues(
      newDoc(),
      "Sheet1!C5",
      { values: [["x"]] },
      { valueInputOption: "RAW" },
      owner,
    );
    expect(response).toMatchObject({ updates: { updatedRange: "Sheet1!C5" } });
    expect(response).not.toHaveProperty("tableRange");
  });
  it("inserts rows with INSERT_ROWS, shifting what was below", () => {
    const withFooter = write(table, "A4", [["footer"]]);
    const { doc } = appendValues(
      withFooter,
      "A1:B2",
      { values: [["b", 2]] },
      { valueInputOption: "RAW", insertDataOption: "INSERT_ROWS" },
      owner,
    );
    expect(read(doc, "A1:B5")).toEqual([["name", "age"], ["a", "1"], ["b", "2"], [], ["footer"]]);
    expect(doc.sheets[0]?.properties.gridProperties.rowCount).toBe(1001);
  });
});

describe("batch reads and writes", () => {
  it("batchGetValues returns one ValueRange per range", () => {
    const doc = write(newDoc("A", "B"), "A!A1", [["a"]]);
    expect(batchGetValues(doc, ["A!A1", "B!A1:B2"], {})).toEqual({
      spreadsheetId: "file-1",
      valueRanges: [
        { range: "A!A1", majorDimension: "ROWS", values: [["a"]] },
        { range: "B!A1:B2", majorDimension: "ROWS" },
      ],
    });
  });
  it("batchUpdateValues writes every range and totals the counts", () => {
    const { doc, response } = batchUpdateValues(
      newDoc("A", "B"),
      {
        valueInputOption: "USER_ENTERED",
        data: [
          { range: "A!A1", values: [["1", "2"]] },
          { range: "B!B2", values: [["x"], ["y"]] },
        ],
      },
      owner,
    );
    expect(response).toMatchObject({
      totalUpdatedRows: 3,
      totalUpdatedColumns: 3,
      totalUpdatedCells: 4,
      totalUpdatedSheets: 2,
    });
    expect(read(doc, "B!B2:B3")).toEqual([["x"], ["y"]]);
  });
  it("batchUpdateValues is atomic", () => {
    const doc = newDoc();
    expect(() =>
      batchUpdateValues(
        doc,
        {
          valueInputOption: "RAW",
          data: [
            { range: "A1", values: [["ok"]] },
            { range: "Nope!A1", values: [["x"]] },
          ],
        },
        owner,
      ),
    ).toThrow("Unable to parse range: Nope!A1");
    expect(read(doc, "A1")).toBeUndefined();
  });
  it("clearValues clears values but keeps formats", () => {
    const doc = write(newDoc(), "A1", [["2017-03-10", "x"]]);
    const { doc: cleared, response } = clearValues(doc, "Sheet1!A:A", owner);
    expect(response).toEqual({ spreadsheetId: "file-1", clearedRange: "Sheet1!A1:A1000" });
    expect(read(cleared, "A1:B1")).toEqual([["", "x"]]);
    expect(cleared.sheets[0]?.rows[0]?.[0]).toEqual({
      userEnteredFormat: { numberFormat: { type: "DATE", pattern: "yyyy-mm-dd" } },
    });
    const both = batchClearValues(doc, ["A1", "B1"], owner);
    expect(both.response).toEqual({
      spreadsheetId: "file-1",
      clearedRanges: ["Sheet1!A1", "Sheet1!B1"],
    });
    expect(read(both.doc, "A1:B1")).toBeUndefined();
  });
});
