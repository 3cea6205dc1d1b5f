import { describe, expect, it } from "vitest";
import { renderSpreadsheet } from "../../../scripts/emulator/model/index";
import { newDoc, read, write } from "./helpers";

/** Evaluates formulas entered in row 1 of a tab whose A2:C3 holds fixed data. */
function evaluate(...formulas: string[]): unknown[] {
  let doc = write(
    newDoc("Sheet1", "Other Tab"),
    "A2",
    [
      [1, 2, "x"],
      [3, "4", true],
    ],
    "RAW",
  );
  doc = write(doc, "'Other Tab'!A1", [[10, 20]]);
  doc = write(doc, "A1", [formulas]);
  const values = read(doc, "1:1", { valueRenderOption: "UNFORMATTED_VALUE" }) as unknown[][];
  return values[0] ?? [];
}

describe("formula evaluation", () => {
  it("does arithmetic with precedence, unary minus and percent", () => {
    expect(evaluate("=1+2*3", "=(1+2)*3", "=2^3^2", "=-2^2", "=10/4", "=50%", "=7-2-1")).toEqual([
      7, 9, 64, 4, 2.5, 0.5, 4,
    ]);
  });
  it("concatenates and compares", () => {
    expect(
      evaluate(
        '="a"&1&TRUE',
        '="abc"="ABC"',
        "=1<2",
        '=2<"1"',
        "=TRUE>1",
        "=1<>1",
        '="He said ""hi"""',
      ),
    ).toEqual(["a1TRUE", true, true, true, true, false, 'He said "hi"']);
  });
  it("reads references and ranges, on this and other tabs", () => {
    expect(
      evaluate("=A2+B2", "=SUM(A2:C3)", "='Other Tab'!A1*2", "=SUM('Other Tab'!A:B)", "=$A$3"),
    ).toEqual([3, 6, 20, 30, 3]);
  });
  it("coerces numeric text in arithmetic but skips text in ranges", () => {
    expect(evaluate("=B3+1", "=SUM(B3)", '=SUM("4", 1)')).toEqual([5, 0, 5]);
  });
  it("implements the supported functions", () => {
    expect(
      evaluate(
        "=AVERAGE(A2:A3)",
        "=MIN(A2:B3)",
        "=MAX(A2:B3)",
        "=COUNT(A2:C3)",
        "=COUNTA(A2:C3)",
        '=IF(A2>0,"pos","neg")',
        "=IF(FALSE,1)",
        "=AND(TRUE,A2)",
        "=OR(FALSE,0)",
        "=NOT(C3)",
        '=CONCATENATE("a",A2:B2,"b")',
        '=LEN("汉字ab")',
        "=ROUND(2.345,2)",
        "=ROUND(-2.5)",
        "=ABS(-3)",
        "=sum(1,2)",
      ),
    ).toEqual([2, 1, 3, 3, 6, "pos", false, true, false, false, "a12b", 4, 2.35, -3, 3, 3]);
  });
  it("returns Sheets error values", () => {
    expect(
      evaluate(
        "=1/0",
        "=FOO(1)",
        "=unknown_name",
        "=Missing!A1",
        '="a"+1',
        "=1+",
        "=ABS()",
        "=H1",
        "=AVERAGE(C2)",
        "=A2000",
      ),
    ).toEqual([
      "#DIV/0!",
      "#NAME?",
      "#NAME?",
      "#REF!",
      "#VALUE!",
      "#ERROR!",
      "#N/A",
      "#REF!",
      "#DIV/0!",
      "#REF!",
    ]);
  });
  it("propagates errors through dependants", () => {
    expect(evaluate("=1/0", "=A1+1", "=SUM(A1:B1)")).toEqual(["#DIV/0!", "#DIV/0!", "#DIV/0!"]);
  });
  it("detects cycles", () => {
    const doc = write(newDoc(), "A1", [["=B1", "=A1"]]);
    expect(read(doc, "A1:B1")).toEqual([["#REF!", "#REF!"]]);
  });
  it("recomputes from current cells on every read", () => {
    let doc = write(newDoc(), "A1", [["=B1*2", 1]]);
    expect(read(doc, "A1")).toEqual([["2"]]);
    doc = write(doc, "B1", [[21]]);
    expect(read(doc, "A1")).toEqual([["42"]]);
    expect(read(doc, "A1", { valueRenderOption: "FORMULA" })).toEqual([["=B1*2"]]);
  });
  it("exposes errors as errorValue in grid data", () => {
    const doc = write(newDoc(), "A1", [["=1/0"]]);
    const rendered = renderSpreadsheet(doc, { includeGridData: true, ranges: ["A1"] }) as {
      sheets: { data: { rowData: { values: unknown[] }[] }[] }[];
    };
    expect(rendered.sheets[0]?.data[0]?.rowData[0]?.values[0]).toEqual({
      userEnteredValue: { formulaValue: "=1/0" },
      effectiveValue: {
        errorValue: {
          type: "DIVIDE_BY_ZERO",
          message: "Function DIVIDE parameter 2 cannot be zero.",
        },
      },
      formattedValue: "#DIV/0!",
    });
  });
});
