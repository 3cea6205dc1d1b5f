/**
 * 教师资格证号码, in the two forms teachers hold:
 * - 17 digits (certificates since about 2000): year(4) province(2) 认定机构(3) type(1) sex(1)
 *   serial(6);
 * - 15 digits (the first 认定 rounds, 1996–2000): year(2) 户籍地 area code(6) type(1) sex(1)
 *   serial(5).
 * In both, the type digit repeats the 教师资格证种类 code (1–7), which catches a certificate
 * entered against the wrong kind.
 */
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

export interface QualificationNumber {
  readonly number: string;
  /** Four-digit year of 认定 (a 15-digit number's two digits expanded: 97 → 1997). */
  readonly year: string;
  /** 17 digits: province(2) + 认定机构(3); 15 digits: the holder's 户籍地 area code(6). */
  readonly issuer: string;
  readonly type: string;
  readonly sex: string;
  readonly serial: string;
}

/** Certificates under the 1995 regulations were first issued in the late 1990s. */
const FIRST_PLAUSIBLE_YEAR = 1990;
/** The 15-digit form belongs to the first 认定 rounds only. */
const SHORT_FORM_YEARS = { first: 1996, last: 2000 } as const;

/**
 * `expectedType` is the row's resolved 种类 code, when known; `today` bounds the year.
 * A number typed into a number cell has lost digits and is reported as such.
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
  if (number.length !== 17 && number.length !== 15)
    return fail("qualification.length", { length: number.length });
  const parts = number.length === 17 ? splitLong(number) : splitShort(number);
  return checkParts(parts, today, expectedType) ?? ok(parts);
}

function splitLong(number: string): QualificationNumber {
  return {
    number,
    year: number.slice(0, 4),
    issuer: number.slice(4, 9),
    type: number.slice(9, 10),
    sex: number.slice(10, 11),
    serial: number.slice(11),
  };
}

function splitShort(number: string): QualificationNumber {
  const yy = number.slice(0, 2);
  return {
    number,
    year: `${Number(yy) >= 90 ? "19" : "20"}${yy}`,
    issuer: number.slice(2, 8),
    type: number.slice(8, 9),
    sex: number.slice(9, 10),
    serial: number.slice(10),
  };
}

function checkParts(
  parts: QualificationNumber,
  today: string,
  expectedType: string | undefined,
): Result<QualificationNumber> | undefined {
  const year = Number(parts.year);
  const short = parts.number.length === 15;
  const [first, last] = short
    ? [SHORT_FORM_YEARS.first, SHORT_FORM_YEARS.last]
    : [FIRST_PLAUSIBLE_YEAR, Number(today.slice(0, 4))];
  if (year < first || year > last) {
    return fail("qualification.year", {
      year: short ? parts.year.slice(2) : parts.year,
      length: parts.number.length,
    });
  }
  const position = short ? 9 : 10;
  if (!/^[1-7]$/.test(parts.type))
    return fail("qualification.type_invalid", { actual: parts.type, position });
  if (expectedType !== undefined && expectedType !== parts.type) {
    return fail("qualification.type_mismatch", {
      expected: expectedType,
      actual: parts.type,
      position,
    });
  }
  return undefined;
}
