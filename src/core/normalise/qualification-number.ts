/**
 * 教师资格证号码: 17 digits = year(4) province(2) body(3) type(1) sex(1) serial(6).
 * The type digit repeats the 教师资格证种类 code (1–7), which catches a certificate entered
 * against the wrong kind.
 */
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

export interface QualificationNumber {
  readonly number: string;
  readonly year: string;
  readonly provinceCode: string;
  readonly body: string;
  readonly type: string;
  readonly sex: string;
  readonly serial: string;
}

/** Certificates under the 1995 regulations were first issued in the late 1990s. */
const FIRST_PLAUSIBLE_YEAR = 1990;

/**
 * `expectedType` is the row's resolved 种类 code, when known; `today` bounds the year.
 * A 17-digit number typed into a number cell has lost digits and is reported as such.
 */
export function checkQualificationNumber(
  value: unknown,
  today: string,
  expectedType?: string,
): Result<QualificationNumber> {
  if (typeof value === "number" && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
    return fail("value.number_precision");
  }
  const text = cellText(value);
  if (!text.ok) return text;
  const number = text.value.replace(/\s/g, "");
  if (!/^\d*$/.test(number)) return fail("qualification.characters", { value: excerpt(number) });
  if (number.length !== 17) return fail("qualification.length", { length: number.length });
  const parts = split(number);
  return checkParts(parts, today, expectedType) ?? ok(parts);
}

function split(number: string): QualificationNumber {
  return {
    number,
    year: number.slice(0, 4),
    provinceCode: number.slice(4, 6),
    body: number.slice(6, 9),
    type: number.slice(9, 10),
    sex: number.slice(10, 11),
    serial: number.slice(11),
  };
}

function checkParts(
  parts: QualificationNumber,
  today: string,
  expectedType: string | undefined,
): Result<QualificationNumber> | undefined {
  const year = Number(parts.year);
  if (year < FIRST_PLAUSIBLE_YEAR || parts.year > today.slice(0, 4)) {
    return fail("qualification.year", { year: parts.year });
  }
  if (!/^[1-7]$/.test(parts.type))
    return fail("qualification.type_invalid", { actual: parts.type });
  if (expectedType !== undefined && expectedType !== parts.type) {
    return fail("qualification.type_mismatch", { expected: expectedType, actual: parts.type });
  }
  return undefined;
}
