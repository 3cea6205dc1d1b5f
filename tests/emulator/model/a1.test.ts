import { describe, expect, it } from "vitest";
import {
  columnIndex,
  columnLetters,
  parseA1,
  quoteSheetTitle,
} from "../../../scripts/emulator/model/a1";
import { getValues } from "../../../scripts/emulator/model/index";
import { newDoc, write } from "./helpers";

const INF = Number.POSITIVE_INFINITY;

describe("column letters", () => {
  it("round-trips across the one-, two- and three-letter boundaries", () => {
    for (const [index, letters] of [
      [0, "A"],
      [25, "Z"],
      [26, "AA"],
      [701, "ZZ"],
      [702, "AAA"],
    ] as const) {
      expect(columnLetters(index)).toBe(letters);
      expect(columnIndex(letters)).toBe(index);
    }
  });
});

describe("parseA1", () => {
  const doc = newDoc("Sheet1", "基本信息", "It's here", "My Tab");
  const bounds = (range: string) => {
    const { sheet, rect } = parseA1(doc, range);
    return [sheet.properties.title, rect.startRow, rect.endRow, rect.startCol, rect.endCol];
  };

  it("reads a plain tab with a rectangle", () => {
    expect(bounds("Sheet1!A1:C3")).toEqual(["Sheet1", 0, 3, 0, 3]);
  });
  it("reads quoted Chinese names with open-ended rows", () => {
    expect(bounds("'基本信息'!A1:B")).toEqual(["基本信息", 0, INF, 0, 2]);
  });
  it("reads unquoted Chinese names too", () => {
    expect(bounds("基本信息!B2")).toEqual(["基本信息", 1, 2, 1, 2]);
  });
  it("undoubles apostrophes in quoted names", () => {
    expect(bounds("'It''s here'!A:A")).toEqual(["It's here", 0, INF, 0, 1]);
  });
  it("reads names with spaces", () => {
    expect(bounds("'My Tab'!C5")).toEqual(["My Tab", 4, 5, 2, 3]);
  });
  it("treats a bare tab name (quoted or not) as the whole sheet", () => {
    expect(bounds("基本信息")).toEqual(["基本信息", 0, INF, 0, INF]);
    expect(bounds("'My Tab'")).toEqual(["My Tab", 0, INF, 0, INF]);
  });
  it("reads whole columns, whole rows and open-ended ranges on the first tab", () => {
    expect(bounds("A:C")).toEqual(["Sheet1", 0, INF, 0, 3]);
    expect(bounds("2:5")).toEqual(["Sheet1", 1, 5, 0, INF]);
    expect(bounds("A2:Z")).toEqual(["Sheet1", 1, INF, 0, 26]);
    expect(bounds("B7")).toEqual(["Sheet1", 6, 7, 1, 2]);
  });
  it("accepts $ anchors, lower case and reversed corners", () => {
    expect(bounds("Sheet1!c3:a1")).toEqual(["Sheet1", 0, 3, 0, 3]);
    expect(bounds("$A$1:$B$2")).toEqual(["Sheet1", 0, 2, 0, 2]);
  });
  it("rejects unknown tabs and garbage with Google's message", () => {
    expect(() => parseA1(doc, "Nope!A1")).toThrow("Unable to parse range: Nope!A1");
    expect(() => parseA1(doc, "Nope")).toThrow("Unable to parse range: Nope");
    expect(() => parseA1(doc, "Sheet1!A1:B2:C3")).toThrow("Unable to parse range");
    expect(() => parseA1(doc, "'unterminated!A1")).toThrow("Unable to parse range");
  });
});

describe("returned ranges", () => {
  it("quote names that are not plain identifiers", () => {
    expect(quoteSheetTitle("Sheet1")).toBe("Sheet1");
    expect(quoteSheetTitle("基本信息")).toBe("'基本信息'");
    expect(quoteSheetTitle("My Tab")).toBe("'My Tab'");
    expect(quoteSheetTitle("It's")).toBe("'It''s'");
    expect(quoteSheetTitle("A1")).toBe("'A1'");
    expect(quoteSheetTitle("2024")).toBe("'2024'");
  });

  it("are clamped to the grid and quoted as Google returns them", () => {
    const doc = write(newDoc("基本信息"), "'基本信息'!A1", [["x"]]);
    const range = (r: string) => (getValues(doc, r, {}) as { range: string }).range;
    expect(range("基本信息")).toBe("'基本信息'!A1:Z1000");
    expect(range("'基本信息'!A:C")).toBe("'基本信息'!A1:C1000");
    expect(range("'基本信息'!2:5")).toBe("'基本信息'!A2:Z5");
    expect(range("'基本信息'!B7")).toBe("'基本信息'!B7");
    expect(range("'基本信息'!A1:D5000")).toBe("'基本信息'!A1:D1000");
  });

  it("rejects reads starting outside the grid", () => {
    expect(() => getValues(newDoc(), "Sheet1!A1001", {})).toThrow(
      "Range ('Sheet1'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    );
  });
});
