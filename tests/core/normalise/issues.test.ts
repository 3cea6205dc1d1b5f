import { describe, expect, it } from "vitest";
import {
  type CodeTableLike,
  cellText,
  checkEmail,
  checkFixedLine,
  checkMobile,
  checkOtherId,
  checkPostcode,
  checkQualificationNumber,
  checkResidentId,
  ISSUE_CODES,
  ISSUE_DESCRIPTIONS,
  type IssueCode,
  parseAcademicYear,
  parseDate,
  parseInteger,
  parseNumber,
  parseYear,
  parseYearMonth,
  parseYesNo,
  type Result,
  resolveCode,
} from "../../../src/core/normalise";

const TODAY = "2026-04-28";
const table: CodeTableLike = {
  entries: [
    { code: "01", name: "汉族" },
    { code: "02", name: "蒙古族" },
  ],
};

/** One failing input per code; the Record type makes a new code without a case a type error. */
const FAILING: Record<IssueCode, () => Result<unknown>> = {
  "value.empty": () => parseDate(" ", TODAY),
  "value.unsupported_type": () => cellText({}),
  "value.number_precision": () => checkResidentId(Number("11010519491231002"), TODAY),
  "date.unparseable": () => parseDate("明天", TODAY),
  "date.incomplete": () => parseYearMonth("2017", TODAY),
  "date.ambiguous": () => parseYearMonth(2017.1, TODAY),
  "date.invalid": () => parseDate("2017-02-30", TODAY),
  "date.future": () => parseDate("2026-04-29", TODAY),
  "date.before_1900": () => parseYearMonth("1899-12", TODAY),
  "year.unparseable": () => parseYear("二〇一七", TODAY),
  "academic_year.unparseable": () => parseAcademicYear("2016", TODAY),
  "academic_year.not_consecutive": () => parseAcademicYear("2016-2018", TODAY),
  "code.unknown": () => resolveCode(table, "03"),
  "code.conflict": () => resolveCode(table, "01-蒙古族"),
  "yes_no.unknown": () => parseYesNo("也许"),
  "id.length": () => checkResidentId("11010519491231002", TODAY),
  "id.characters": () => checkResidentId("1101051949123100AX", TODAY),
  "id.province": () => checkResidentId("000105194912310021", TODAY),
  "id.birth_date": () => checkResidentId("110105194902300021", TODAY),
  "id.birth_date_future": () => checkResidentId("110105203001010021", TODAY),
  "id.birth_date_before_1900": () => checkResidentId("110105189912310021", TODAY),
  "id.check_digit": () => checkResidentId("110105194912310021", TODAY),
  "id.other_length": () => checkOtherId("A".repeat(31)),
  "phone.mobile_invalid": () => checkMobile("1381234567"),
  "phone.not_mobile": () => checkMobile("0730-4123456"),
  "phone.fixed_line_invalid": () => checkFixedLine("0730-41234567"),
  "phone.area_code_missing": () => checkFixedLine("4123456"),
  "phone.not_fixed_line": () => checkFixedLine("13812345678"),
  "email.invalid": () => checkEmail("zhang@qq"),
  "postcode.invalid": () => checkPostcode("41420"),
  "qualification.length": () => checkQualificationNumber("2017430622100012", TODAY),
  "qualification.characters": () => checkQualificationNumber("2017430622100012A", TODAY),
  "qualification.year": () => checkQualificationNumber("19804306221000123", TODAY),
  "qualification.type_invalid": () => checkQualificationNumber("20174306291000123", TODAY),
  "qualification.type_mismatch": () => checkQualificationNumber("20174306221000123", TODAY, "4"),
  "number.invalid": () => parseNumber("abc"),
  "number.not_integer": () => parseInteger(1.5),
  "number.below_min": () => parseInteger(0, { min: 1 }),
  "number.not_above_min": () => parseNumber(0, { min: 0, exclusiveMin: true }),
  "number.above_max": () => parseInteger(41, { max: 40 }),
};

describe("issue codes", () => {
  it.each(ISSUE_CODES)("%s is produced by some input", (code) => {
    const result = FAILING[code]();
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });

  it("has a description for every code, and no code twice", () => {
    expect(Object.keys(ISSUE_DESCRIPTIONS).sort()).toEqual([...ISSUE_CODES].sort());
    expect(new Set(ISSUE_CODES).size).toBe(ISSUE_CODES.length);
  });
});
