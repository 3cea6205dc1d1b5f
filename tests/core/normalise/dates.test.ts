import { describe, expect, it } from "vitest";
import {
  addYears,
  ageAt,
  compareIso,
  dateToSerial,
  parseAcademicYear,
  parseDate,
  parseYear,
  parseYearMonth,
  serialToDate,
} from "../../../src/core/normalise";

const TODAY = "2026-04-28";

describe("serial numbers", () => {
  it("uses the 1899-12-30 epoch of Google Sheets", () => {
    expect(serialToDate(42804)).toBe("2017-03-10");
    expect(serialToDate(42804.99)).toBe("2017-03-10");
    expect(serialToDate(61)).toBe("1900-03-01");
    expect(dateToSerial("2017-03-10")).toBe(42804);
    expect(dateToSerial("2017-02-30")).toBeUndefined();
    expect(serialToDate(Number.NaN)).toBeUndefined();
    expect(serialToDate(1e12)).toBeUndefined();
  });
});

describe("parseYearMonth", () => {
  it.each<[unknown, string]>([
    ["2017-03", "2017-03"],
    ["2017-3", "2017-03"],
    ["2017/3", "2017-03"],
    ["2017.3", "2017-03"],
    ["2017.10", "2017-10"],
    ["2017年3月", "2017-03"],
    ["2017 年 3 月", "2017-03"],
    ["２０１７年３月", "2017-03"],
    ["2017—03", "2017-03"],
    ["201703", "2017-03"],
    [201703, "2017-03"],
    [2017.3, "2017-03"],
    [2017.11, "2017-11"],
    ["2017-03-10", "2017-03"],
    ["2017/3/10", "2017-03"],
    ["2017年3月10日", "2017-03"],
    ["20170310", "2017-03"],
    [42804, "2017-03"],
    [42804.5, "2017-03"],
    ["42804", "2017-03"],
    [new Date(Date.UTC(2017, 2, 10)), "2017-03"],
    ["2026-04", "2026-04"],
  ])("%o → %s", (input, expected) => {
    expect(parseYearMonth(input, TODAY)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    [{}, "value.unsupported_type"],
    ["三月", "date.unparseable"],
    ["2017-3-", "date.unparseable"],
    [new Date(Number.NaN), "date.unparseable"],
    ["2017", "date.incomplete"],
    [2017, "date.incomplete"],
    [2017.1, "date.ambiguous"],
    ["2017-13", "date.invalid"],
    ["2017-00", "date.invalid"],
    ["2017-02-30", "date.invalid"],
    ["2026-05", "date.future"],
    ["1899-12", "date.before_1900"],
  ])("%o → %s", (input, code) => {
    const result = parseYearMonth(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });
});

describe("parseDate", () => {
  it.each<[unknown, string]>([
    ["2017-03-10", "2017-03-10"],
    ["2017/3/10", "2017-03-10"],
    ["2017.3.10", "2017-03-10"],
    ["2017年3月10日", "2017-03-10"],
    ["2017年3月10号", "2017-03-10"],
    ["２０１７－０３－１０", "2017-03-10"],
    ["20170310", "2017-03-10"],
    [20170310, "2017-03-10"],
    [42804, "2017-03-10"],
    [42804.75, "2017-03-10"],
    ["2017-03-10 08:30", "2017-03-10"],
    ["2017-03-10T00:00:00Z", "2017-03-10"],
    [new Date(Date.UTC(2017, 2, 10, 23)), "2017-03-10"],
    ["2016-02-29", "2016-02-29"],
    ["2000-02-29", "2000-02-29"],
    [TODAY, TODAY],
  ])("%o → %s", (input, expected) => {
    expect(parseDate(input, TODAY)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    [null, "value.empty"],
    ["昨天", "date.unparseable"],
    ["2017-3/10", "date.unparseable"],
    [1e12, "date.unparseable"],
    ["2017-03", "date.incomplete"],
    ["2017", "date.incomplete"],
    [2017.3, "date.incomplete"],
    [2017.1, "date.ambiguous"],
    ["2017-02-30", "date.invalid"],
    ["2017-02-29", "date.invalid"],
    ["1900-02-29", "date.invalid"],
    ["2026-04-29", "date.future"],
    ["1899-12-31", "date.before_1900"],
    [0, "date.before_1900"],
    [-5, "date.before_1900"],
  ])("%o → %s", (input, code) => {
    const result = parseDate(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });

  it("quotes the value and today in the future issue", () => {
    expect(parseDate("2030-01-01", TODAY)).toEqual({
      ok: false,
      issue: { code: "date.future", params: { value: "2030-01-01", today: TODAY } },
    });
  });
});

describe("parseYear", () => {
  it.each<[unknown, string]>([
    ["2017", "2017"],
    [2017, "2017"],
    ["2017年", "2017"],
    ["２０１７", "2017"],
    ["2017-03", "2017"],
    [42804, "2017"],
  ])("%o → %s", (input, expected) => {
    expect(parseYear(input, TODAY)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ["去年", "year.unparseable"],
    [2017.1, "year.unparseable"],
    ["2017-13", "date.invalid"],
    ["2027", "date.future"],
    ["1899", "date.before_1900"],
  ])("%o → %s", (input, code) => {
    const result = parseYear(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });
});

describe("parseAcademicYear", () => {
  it.each([
    "2016-2017",
    "2016—2017",
    "2016–2017",
    "2016～2017",
    "2016~2017",
    "2016/2017",
    "2016 - 2017",
    "2016至2017",
    "2016-2017学年",
    "2016-17",
    "２０１６－２０１７",
  ])("%s → 2016-2017", (input) => {
    expect(parseAcademicYear(input, TODAY)).toEqual({ ok: true, value: "2016-2017" });
  });

  it.each<[unknown, string]>([
    ["2016", "academic_year.unparseable"],
    ["第一学年", "academic_year.unparseable"],
    ["2016-2018", "academic_year.not_consecutive"],
    ["2017-2016", "academic_year.not_consecutive"],
    ["2027-2028", "date.future"],
    ["1898-1899", "date.before_1900"],
  ])("%o → %s", (input, code) => {
    const result = parseAcademicYear(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });

  it("names the expected form", () => {
    expect(parseAcademicYear("2016-2018", TODAY)).toEqual({
      ok: false,
      issue: { code: "academic_year.not_consecutive", params: { expected: "2016-2017" } },
    });
  });
});

describe("ISO arithmetic", () => {
  it("compares dates and year-months at the shorter precision", () => {
    expect(compareIso("2017-03", "2017-04")).toBeLessThan(0);
    expect(compareIso("2017-03-10", "2017-03")).toBe(0);
    expect(compareIso("2018-01-01", "2017-12-31")).toBeGreaterThan(0);
    expect(compareIso("2017-3", "2017-03")).toBeUndefined();
  });

  it("adds years, clamping 29 February", () => {
    expect(addYears("1990-05-20", 16)).toBe("2006-05-20");
    expect(addYears("2000-02-29", 1)).toBe("2001-02-28");
    expect(addYears("2000-02-29", 4)).toBe("2004-02-29");
    expect(addYears("2017-03", -1)).toBe("2016-03");
    expect(addYears("2017-03-10", 1.5)).toBeUndefined();
    expect(addYears("bad", 1)).toBeUndefined();
  });

  it("counts completed years of age", () => {
    expect(ageAt("1990-05-20", "2026-05-19")).toBe(35);
    expect(ageAt("1990-05-20", "2026-05-20")).toBe(36);
    expect(ageAt("1990-05-20", "2026-06")).toBe(36);
    expect(ageAt("1990-05-20", "not a date")).toBeUndefined();
  });
});
