/**
 * Fidelity of colours: Sheets shows a colour under both its fields (`foregroundColor` and
 * `foregroundColorStyle.rgbColor`, likewise for backgrounds), whichever one was written, and
 * leaves out channels that are 0 when it answers. Provisioning reads header colours and
 * conditional rules back; these are the shapes it must cope with on Google.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

async function newSheet() {
  const sheets = await t.sheets(OWNER);
  const { data } = await sheets.spreadsheets.create({
    requestBody: { sheets: [{ properties: { sheetId: 3, title: "基本信息" } }] },
  });
  return { sheets, spreadsheetId: data.spreadsheetId ?? "" };
}

const A1 = { sheetId: 3, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 };

describe("colours", () => {
  it("of text: either field written, both read back, zero channels left out", async () => {
    const { sheets, spreadsheetId } = await newSheet();
    const textFormatOfA1 = async () => {
      const { data } = await sheets.spreadsheets.get({
        spreadsheetId,
        ranges: ["'基本信息'!A1"],
        includeGridData: true,
        fields: "sheets.data.rowData.values.userEnteredFormat.textFormat",
      });
      return data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]?.userEnteredFormat?.textFormat;
    };
    const write = (textFormat: object, fields: string) =>
      sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests: [
            { repeatCell: { range: A1, cell: { userEnteredFormat: { textFormat } }, fields } },
          ],
        },
      });

    await write(
      { bold: true, foregroundColor: { red: 0.8, green: 0, blue: 0 } },
      "userEnteredFormat.textFormat(bold,foregroundColor)",
    );
    expect(await textFormatOfA1()).toEqual({
      bold: true,
      foregroundColor: { red: 0.8 },
      foregroundColorStyle: { rgbColor: { red: 0.8 } },
    });

    // The style alone, as the Sheets UI writes it: the old field follows.
    await write(
      { foregroundColorStyle: { rgbColor: { red: 0, green: 0, blue: 1 } } },
      "userEnteredFormat.textFormat.foregroundColorStyle",
    );
    expect(await textFormatOfA1()).toEqual({
      bold: true,
      foregroundColor: { blue: 1 },
      foregroundColorStyle: { rgbColor: { blue: 1 } },
    });

    // Clearing one field clears the colour.
    await write({}, "userEnteredFormat.textFormat.foregroundColor");
    expect(await textFormatOfA1()).toEqual({ bold: true });
  });

  it("of conditional rules: the background read back under both fields, zero channels left out", async () => {
    const { sheets, spreadsheetId } = await newSheet();
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          {
            addConditionalFormatRule: {
              index: 0,
              rule: {
                ranges: [{ sheetId: 3, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }],
                booleanRule: {
                  condition: { type: "TEXT_EQ", values: [{ userEnteredValue: "待完善" }] },
                  format: { backgroundColor: { red: 1, green: 0.9, blue: 0 } },
                },
              },
            },
          },
        ],
      },
    });
    const { data } = await sheets.spreadsheets.get({
      spreadsheetId,
      fields: "sheets.conditionalFormats",
    });
    expect(data.sheets?.[0]?.conditionalFormats?.[0]?.booleanRule?.format).toEqual({
      backgroundColor: { red: 1, green: 0.9 },
      backgroundColorStyle: { rgbColor: { red: 1, green: 0.9 } },
    });
  });
});
