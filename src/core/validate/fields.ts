/**
 * One cell → its normalised value or what is wrong with it, by the column's type. The parsing
 * itself is the normalise library's; this module only picks the parser and adds the
 * template's own limits (length, digits, bounds).
 */

import type { CodeTableLike } from "../normalise";
import {
  addYears,
  checkEmail,
  checkFixedLine,
  checkMobile,
  checkOtherId,
  checkPostcode,
  checkQualificationNumber,
  excerpt,
  isBlank,
  normaliseText,
  parseAcademicYear,
  parseDate,
  parseInteger,
  parseNumber,
  parseYear,
  parseYearMonth,
  parseYesNo,
  type Result,
  removeSpaces,
  resolveCode,
  resolveCodeList,
} from "../normalise";
import type { Column } from "../templates";
import type { FindingCode } from "./codes";
import type { Cell, CheckContext, Params, Value } from "./types";

export type FieldResult =
  | { readonly kind: "blank" }
  | { readonly kind: "ok"; readonly value: Value }
  | { readonly kind: "bad"; readonly code: FindingCode; readonly params: Params };

export function checkField(column: Column, cell: Cell, context: CheckContext): FieldResult {
  if (isBlank(cell)) return { kind: "blank" };
  const checked = parse(column, cell, context);
  if (checked.kind !== "bad") return checked;
  const format = FORMATS[column.type];
  return format === undefined ? checked : { ...checked, params: { ...checked.params, format } };
}

type Checked = Exclude<FieldResult, { kind: "blank" }>;

const FORMATS: Partial<Record<Column["type"], string>> = {
  date: "2017-03-10",
  year_month: "2017-03",
  year: "2016",
};

function lib(result: Result<Value>): Checked {
  return result.ok
    ? { kind: "ok", value: result.value }
    : { kind: "bad", code: result.issue.code, params: result.issue.params ?? {} };
}

const EMPTY_TABLE: CodeTableLike = { entries: [] };

function parse(column: Column, cell: Cell, context: CheckContext): Checked {
  const { today } = context;
  const table = () =>
    (column.codeTable === undefined ? undefined : context.codeTables.get(column.codeTable)) ??
    EMPTY_TABLE;
  const bounds = { min: column.min, max: column.max };
  switch (column.type) {
    case "text":
      return checkText(column, normaliseText(cell));
    case "division":
      return checkDivision(normaliseText(cell));
    case "code":
      return lib(resolveCode(table(), cell));
    case "code_list":
      return lib(resolveCodeList(table(), cell));
    case "yes_no":
      return lib(parseYesNo(cell));
    case "year_month":
      return dated(column, parseYearMonth, cell, today);
    case "date":
      return dated(column, parseDate, cell, today);
    case "year":
      return lib(parseYear(cell, today));
    case "academic_year":
      return lib(parseAcademicYear(cell, today));
    case "integer":
      return lib(parseInteger(cell, bounds));
    case "number":
      return lib(parseNumber(cell, bounds));
    case "id_number":
      return lib(checkOtherId(cell));
    case "mobile":
      return lib(checkMobile(cell));
    case "fixed_phone":
      return lib(checkFixedLine(cell));
    case "email":
      return lib(checkEmail(cell));
    case "postcode":
      return lib(checkPostcode(cell));
    case "qualification_number":
      return lib(mapOk(checkQualificationNumber(cell, today), (parts) => parts.number));
    case "school_code":
      return checkSchoolCode(removeSpaces(cell));
  }
}

/** A "today" no date reaches: a planned date is read without the not-after-today check. */
const FAR = "9999-12-31";

/**
 * A date not after today, or for a planned date (`ahead`) not beyond its bound: years after
 * today here; years after another column once the row is read (record.ts).
 */
function dated(
  column: Column,
  parse: (cell: Cell, today: string) => Result<string>,
  cell: Cell,
  today: string,
): Checked {
  const ahead = column.ahead;
  if (ahead === undefined) return lib(parse(cell, today));
  const read = parse(cell, FAR);
  if (!read.ok || ahead.after !== undefined) return lib(read);
  const limit = addYears(today.slice(0, read.value.length), ahead.years);
  return limit !== undefined && read.value > limit
    ? bad("date.too_late", { limit, years: ahead.years })
    : lib(read);
}

function mapOk<T, U>(result: Result<T>, map: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function bad(code: FindingCode, params: Params): Checked {
  return { kind: "bad", code, params };
}

function good(value: string): Checked {
  return { kind: "ok", value };
}

function checkText(column: Column, text: string): Checked {
  const length = Array.from(text).length;
  if (column.minLength !== undefined && length < column.minLength)
    return bad("text.too_short", { min: column.minLength, length });
  if (column.maxLength !== undefined && length > column.maxLength)
    return bad("text.too_long", { max: column.maxLength, length });
  if (column.noDigits === true && /\d/.test(text)) return bad("text.has_digits", {});
  return good(text);
}

/** A place name as people write it: 2–50 characters, Chinese, no digits (湖南省华容县, 华容). */
function checkDivision(text: string): Checked {
  return /^[\p{Script=Han}·()]{2,50}$/u.test(text)
    ? good(text)
    : bad("division.invalid", { value: excerpt(text) });
}

function checkSchoolCode(text: string): Checked {
  return /^\d{10}$/.test(text) ? good(text) : bad("school_code.invalid", { value: excerpt(text) });
}
