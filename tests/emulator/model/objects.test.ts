import { describe, expect, it } from "vitest";
import { renderSpreadsheet } from "../../../scripts/emulator/model/index";
import { batch, newDoc } from "./helpers";

const range = {
  sheetId: 0,
  startRowIndex: 0,
  endRowIndex: 10,
  startColumnIndex: 0,
  endColumnIndex: 2,
};

describe("conditional formats", () => {
  it("inserts rules at the requested index and returns them", () => {
    const rule = (value: string, style = {}) => ({
      ranges: [range],
      booleanRule: {
        condition: { type: "TEXT_EQ", values: [{ userEnteredValue: value }] },
        format: { backgroundColor: { red: 1 }, ...style },
      },
    });
    const { doc } = batch(newDoc(), [
      { addConditionalFormatRule: { rule: rule("a"), index: 0 } },
      { addConditionalFormatRule: { rule: rule("b"), index: 0 } },
    ]);
    // Read back with the colour under both its fields, as Sheets answers (colours.ts).
    const both = { backgroundColorStyle: { rgbColor: { red: 1 } } };
    const rendered = renderSpreadsheet(doc, {}) as { sheets: { conditionalFormats: unknown[] }[] };
    expect(rendered.sheets[0]?.conditionalFormats).toEqual([rule("b", both), rule("a", both)]);
    const { response } = batch(doc, [{ deleteConditionalFormatRule: { sheetId: 0, index: 1 } }]);
    expect(response).toMatchObject({
      replies: [{ deleteConditionalFormatRule: { rule: rule("a", both) } }],
    });
  });
  it("needs exactly one kind of rule", () => {
    expect(() =>
      batch(newDoc(), [{ addConditionalFormatRule: { rule: { ranges: [range] } } }]),
    ).toThrow("exactly one of booleanRule or gradientRule");
  });
});

describe("charts", () => {
  it("stores spec and position and replies with a chartId", () => {
    const chart = {
      spec: { title: "人数", basicChart: { chartType: "COLUMN" } },
      position: { overlayPosition: { anchorCell: { sheetId: 0, rowIndex: 2, columnIndex: 3 } } },
    };
    const { doc, response } = batch(newDoc(), [{ addChart: { chart } }]);
    expect(response).toMatchObject({
      replies: [{ addChart: { chart: { chartId: expect.any(Number), ...chart } } }],
    });
    expect(renderSpreadsheet(doc, {})).toMatchObject({ sheets: [{ charts: [chart] }] });
    const moved = batch(doc, [
      { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 2 } } },
    ]).doc;
    expect(moved.sheets[0]?.charts[0]?.position).toMatchObject({
      overlayPosition: { anchorCell: { rowIndex: 4 } },
    });
  });
  it("declines charts on their own sheet", () => {
    expect(() =>
      batch(newDoc(), [{ addChart: { chart: { spec: {}, position: { newSheet: true } } } }]),
    ).toThrow(expect.objectContaining({ code: 501 }));
  });
});

describe("developer metadata", () => {
  it("creates spreadsheet- and sheet-level metadata", () => {
    const { doc, response } = batch(newDoc(), [
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: "schema",
            metadataValue: "v1",
            location: { spreadsheet: true },
            visibility: "DOCUMENT",
          },
        },
      },
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: "tab",
            location: { sheetId: 0 },
            visibility: "PROJECT",
          },
        },
      },
    ]);
    expect(response).toMatchObject({
      replies: [
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataId: expect.any(Number),
              metadataKey: "schema",
              metadataValue: "v1",
              location: { locationType: "SPREADSHEET", spreadsheet: true },
              visibility: "DOCUMENT",
            },
          },
        },
        {
          createDeveloperMetadata: {
            developerMetadata: { location: { locationType: "SHEET", sheetId: 0 } },
          },
        },
      ],
    });
    expect(renderSpreadsheet(doc, {})).toMatchObject({
      developerMetadata: [{ metadataKey: "schema" }],
      sheets: [{ developerMetadata: [{ metadataKey: "tab" }] }],
    });
  });
});

describe("merges and basic filter", () => {
  it("merges, refuses overlaps and unmerges", () => {
    const { doc } = batch(newDoc(), [
      { mergeCells: { range: { ...range, endRowIndex: 1 }, mergeType: "MERGE_ALL" } },
    ]);
    expect(doc.sheets[0]?.merges).toEqual([{ ...range, endRowIndex: 1 }]);
    expect(() => batch(doc, [{ mergeCells: { range, mergeType: "MERGE_ROWS" } }])).toThrow(
      "already part of a merge",
    );
    expect(batch(doc, [{ unmergeCells: { range } }]).doc.sheets[0]?.merges).toEqual([]);
  });
  it("sets and clears the basic filter", () => {
    const { doc } = batch(newDoc(), [{ setBasicFilter: { filter: { range } } }]);
    expect(renderSpreadsheet(doc, {})).toMatchObject({ sheets: [{ basicFilter: { range } }] });
    expect(
      batch(doc, [{ clearBasicFilter: { sheetId: 0 } }]).doc.sheets[0]?.basicFilter,
    ).toBeUndefined();
  });
});
