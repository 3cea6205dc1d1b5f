import { describe, expect, it } from "vitest";
import { parseInput } from "../../../scripts/emulator/model/input";
import {
  formatGeneral,
  formatNumber,
  serialFromParts,
} from "../../../scripts/emulator/model/numfmt";

const entered = (text: string) => parseInput(text, "USER_ENTERED", "test");

describe("USER_ENTERED parsing", () => {
  it("parses numbers with signs, grouping, decimals and exponents", () => {
    expect(entered("00123").value).toEqual({ numberValue: 123 });
    expect(entered("-1,234.5").value).toEqual({ numberValue: -1234.5 });
    expect(entered(".5").value).toEqual({ numberValue: 0.5 });
    expect(entered("1e3").value).toEqual({ numberValue: 1000 });
    expect(entered(" 42 ").value).toEqual({ numberValue: 42 });
  });
  it("keeps non-numbers as text", () => {
    for (const text of ["1,23", "12a", "+", "e5", "1.2.3", "abc"]) {
      expect(entered(text).value).toEqual({ stringValue: text });
    }
  });
  it("parses percentages and currencies with their formats", () => {
    expect(entered("12%")).toEqual({
      value: { numberValue: 0.12 },
      numberFormat: { type: "PERCENT", pattern: "0%" },
    });
    expect(entered("7.5%").value).toEqual({ numberValue: 0.075 });
    expect(entered("¥1,200")).toEqual({
      value: { numberValue: 1200 },
      numberFormat: { type: "CURRENCY", pattern: '"¥"#,##0.00' },
    });
  });
  it("parses dates, date-times and times with patterns following the input", () => {
    expect(entered("2017-03-10").numberFormat).toEqual({ type: "DATE", pattern: "yyyy-mm-dd" });
    expect(entered("2017/3/10").numberFormat).toEqual({ type: "DATE", pattern: "yyyy/m/d" });
    expect(entered("3/10/2017").numberFormat).toEqual({ type: "DATE", pattern: "m/d/yyyy" });
    expect(entered("2017-03-10 08:30:15").numberFormat).toEqual({
      type: "DATE_TIME",
      pattern: "yyyy-mm-dd hh:mm:ss",
    });
    expect(entered("8:30")).toEqual({
      value: { numberValue: 8.5 / 24 },
      numberFormat: { type: "TIME", pattern: "h:mm" },
    });
    expect(entered("2017-02-30").value).toEqual({ stringValue: "2017-02-30" });
  });
  it("treats formulas, apostrophes and booleans specially only in USER_ENTERED", () => {
    expect(entered("=A1").value).toEqual({ formulaValue: "=A1" });
    expect(entered("'=A1").value).toEqual({ stringValue: "=A1" });
    expect(entered("tRuE").value).toEqual({ boolValue: true });
    expect(parseInput("TRUE", "RAW", "t").value).toEqual({ stringValue: "TRUE" });
  });
});

describe("number formatting", () => {
  it("uses Sheets' automatic format without a pattern", () => {
    expect(formatGeneral(123)).toBe("123");
    expect(formatGeneral(0.5)).toBe("0.5");
    expect(formatGeneral(0.1 + 0.2)).toBe("0.3");
    expect(formatGeneral(1 / 3)).toBe("0.3333333333");
    expect(formatGeneral(1.5e20)).toBe("1.5E+20");
  });
  it("applies number patterns", () => {
    expect(formatNumber(1234.5, { type: "NUMBER", pattern: "#,##0.00" })).toBe("1,234.50");
    expect(formatNumber(0.125, { type: "PERCENT", pattern: "0.00%" })).toBe("12.50%");
    expect(formatNumber(-3, { type: "NUMBER", pattern: "0;(0)" })).toBe("(3)");
    expect(formatNumber(5, { type: "NUMBER", pattern: "000" })).toBe("005");
    expect(formatNumber(1200, { type: "CURRENCY", pattern: '"¥"#,##0.00' })).toBe("¥1,200.00");
    expect(formatNumber(1200, { type: "CURRENCY", pattern: "[$¥-804]#,##0" })).toBe("¥1,200");
    expect(formatNumber(12345, { type: "SCIENTIFIC", pattern: "0.00E+00" })).toBe("1.23E+04");
  });
  it("applies date and time patterns", () => {
    const serial = serialFromParts(2017, 3, 10, 8 * 3600 + 5 * 60 + 9) ?? 0;
    expect(serialFromParts(2017, 3, 10)).toBe(42804);
    expect(formatNumber(serial, { type: "DATE_TIME", pattern: "yyyy-mm-dd hh:mm:ss" })).toBe(
      "2017-03-10 08:05:09",
    );
    expect(formatNumber(serial, { type: "DATE", pattern: "d mmm yy, dddd" })).toBe(
      "10 Mar 17, Friday",
    );
    expect(formatNumber(serial, { type: "TIME", pattern: "h:mm AM/PM" })).toBe("8:05 AM");
    expect(formatNumber(serial, { type: "DATE", pattern: 'yyyy"年"m"月"d"日"' })).toBe(
      "2017年3月10日",
    );
    expect(formatNumber(42804, { type: "DATE" })).toBe("2017-03-10");
  });
});
