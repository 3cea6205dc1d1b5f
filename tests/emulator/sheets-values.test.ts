import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, sharedSpreadsheet, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

const TABS = ["教师 信息", "O'Brien", "Sheet1"];

async function fresh() {
  return sharedSpreadsheet(t, "values", [], TABS);
}

describe("values through googleapis", () => {
  it("USER_ENTERED parses like the Sheets UI; unformatted reads give numbers and booleans", async () => {
    const { id, sheets } = await fresh();
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'教师 信息'!A1",
      valueInputOption: "USER_ENTERED",
      requestBody: { values: [["2017-03-10", "TRUE", "00123", "'0012", "=1+1"]] },
    });
    const read = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'教师 信息'!A1:E1",
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: "SERIAL_NUMBER",
    });
    expect(read.data.values).toEqual([[42804, true, 123, "0012", 2]]);
    const formulas = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'教师 信息'!E1",
      valueRenderOption: "FORMULA",
    });
    expect(formulas.data.values).toEqual([["=1+1"]]);
  });

  it("RAW stores text as typed, formulas included", async () => {
    const { id, sheets } = await fresh();
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1",
      valueInputOption: "RAW",
      requestBody: { values: [["=1+1", "00123", "TRUE", true, 7]] },
    });
    const read = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "Sheet1!A1:E1",
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    expect(read.data.values).toEqual([["=1+1", "00123", "TRUE", true, 7]]);
  });

  it("trims trailing empty cells and rows in responses", async () => {
    const { id, sheets } = await fresh();
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:C3",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["a", "", ""],
          ["", "", ""],
          ["", "", ""],
        ],
      },
    });
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!A1:C3" });
    expect(read.data.values).toEqual([["a"]]);
    expect(read.data.range).toBe("Sheet1!A1:C3");
  });

  it("reads and writes tabs whose names need quoting (CJK and space, apostrophe)", async () => {
    const { id, sheets } = await fresh();
    const batch = await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: "RAW",
        data: [
          { range: "'教师 信息'!A1:B1", values: [["姓名", "工号"]] },
          { range: "'O''Brien'!B2", values: [["x"]] },
        ],
      },
    });
    expect(batch.data.totalUpdatedCells).toBe(3);
    const got = await sheets.spreadsheets.values.batchGet({
      spreadsheetId: id,
      ranges: ["'教师 信息'!A1:B1", "'O''Brien'!A1:B2"],
    });
    expect(got.data.valueRanges?.map((r) => [r.range, r.values])).toEqual([
      ["'教师 信息'!A1:B1", [["姓名", "工号"]]],
      ["'O''Brien'!A1:B2", [[], ["", "x"]]],
    ]);
  });

  it("appends below the table, clears and batch-clears", async () => {
    const { id, sheets } = await fresh();
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:B2",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["h1", "h2"],
          ["r1", "r1b"],
        ],
      },
    });
    const appended = await sheets.spreadsheets.values.append({
      spreadsheetId: id,
      range: "Sheet1!A:B",
      valueInputOption: "RAW",
      insertDataOption: "INSERT_ROWS",
      requestBody: { values: [["r2", "r2b"]] },
    });
    expect(appended.data.tableRange).toBe("Sheet1!A1:B2");
    expect(appended.data.updates?.updatedRange).toBe("Sheet1!A3:B3");

    const cleared = await sheets.spreadsheets.values.clear({
      spreadsheetId: id,
      range: "Sheet1!B1:B3",
    });
    expect(cleared.data.clearedRange).toBe("Sheet1!B1:B3");
    await sheets.spreadsheets.values.batchClear({
      spreadsheetId: id,
      requestBody: { ranges: ["Sheet1!A3"] },
    });
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1" });
    expect(read.data.values).toEqual([["h1"], ["r1"]]);
  });

  it("answers COLUMNS major dimension and batchGet with one range per entry", async () => {
    const { id, sheets } = await fresh();
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!A1:B2",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          [1, 2],
          [3, 4],
        ],
      },
    });
    const read = await sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "Sheet1!A1:B2",
      majorDimension: "COLUMNS",
    });
    expect(read.data.values).toEqual([
      ["1", "3"],
      ["2", "4"],
    ]);
  });

  it("refuses bad input with Google's 400 bodies instead of guessing", async () => {
    const { id, sheets } = await fresh();
    const noOption = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "Sheet1!A1",
        requestBody: { values: [["x"]] },
      }),
    );
    expect(noOption.status).toBe(400);
    expect(noOption.body.error.message).toContain("valueInputOption");
    const badTab = await failure(
      sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Nope!A1" }),
    );
    expect(badTab.body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    const badEnum = await failure(
      sheets.spreadsheets.values.get({
        spreadsheetId: id,
        range: "Sheet1!A1",
        valueRenderOption: "PRETTY",
      }),
    );
    expect(badEnum.status).toBe(400);
    const unknownField = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId: id,
        requestBody: { valueInputOption: "RAW", data: [], valueInputOptions: "RAW" } as never,
      }),
    );
    expect(unknownField.body.error.message).toContain('Unknown name "valueInputOptions"');
    const missing = await failure(
      sheets.spreadsheets.values.get({ spreadsheetId: "nope", range: "A1" }),
    );
    expect(missing.body.error).toMatchObject({ code: 404, status: "NOT_FOUND" });
  });

  it("refuses unknown query parameters instead of ignoring them", async () => {
    const { id } = await fresh();
    const token = await t.token("owner@school.cn");
    const res = await t.fetch(
      `/v4/spreadsheets/${id}/values/Sheet1!A1?valueRenderOptions=FORMULA`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'Unknown name "valueRenderOptions"',
    );
  });
});
