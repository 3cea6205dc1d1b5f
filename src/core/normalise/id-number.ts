/**
 * 身份证件号. Resident ID numbers (GB 11643-1999) carry a birth date, a sex digit and a check
 * digit, so most typing errors are caught here; other document numbers are only bounded.
 */
import { parseDate } from "./dates";
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/** Check character for the first 17 digits; undefined unless given exactly 17 digits. */
export function residentIdCheckDigit(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) sum += Number(first17[i]) * weight;
  return CHECK_CHARS[sum % 11];
}

/** Spaces out, half-width, lowercase x → X (people type 11010519491231002x). */
export function normaliseIdNumber(value: unknown): string {
  const text = cellText(value);
  return text.ok ? text.value.replace(/\s/g, "").toUpperCase() : "";
}

const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  ...range(11, 15),
  ...range(21, 23),
  ...range(31, 37),
  ...range(41, 46),
  ...range(50, 54),
  ...range(61, 65),
  "71",
  "81",
  "82",
  "83",
  "91",
]);

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/**
 * An ID typed into a number-formatted cell arrives as a float that has already lost its last
 * digits; saying so is more useful than reporting a wrong check digit.
 */
function lostPrecision(value: unknown): boolean {
  return typeof value === "number" && Math.abs(value) > Number.MAX_SAFE_INTEGER;
}

export interface ResidentId {
  readonly id: string;
  readonly birthDate: string;
  /** gender code: "1" 男 when the 17th digit is odd, "2" 女 otherwise. */
  readonly sex: "1" | "2";
  readonly provinceCode: string;
}

export function checkResidentId(value: unknown, today: string): Result<ResidentId> {
  if (lostPrecision(value)) return fail("value.number_precision");
  const text = cellText(value);
  if (!text.ok) return text;
  const id = normaliseIdNumber(value);
  if (Array.from(id).length !== 18) return fail("id.length", { length: Array.from(id).length });
  if (!/^\d{17}[\dX]$/.test(id)) return fail("id.characters");
  const provinceCode = id.slice(0, 2);
  if (!PROVINCE_PREFIXES.has(provinceCode)) return fail("id.province", { prefix: provinceCode });
  const birth = checkBirthDate(id.slice(6, 14), today);
  if (!birth.ok) return birth;
  const expected = residentIdCheckDigit(id.slice(0, 17));
  if (expected !== id[17]) {
    return fail("id.check_digit", { expected: expected ?? "", actual: id[17] ?? "" });
  }
  const sex = Number(id[16]) % 2 === 1 ? "1" : "2";
  return ok({ id, birthDate: birth.value, sex, provinceCode });
}

function checkBirthDate(digits: string, today: string): Result<string> {
  const date = parseDate(digits, today);
  if (date.ok) return date;
  const params = { birthDate: digits };
  switch (date.issue.code) {
    case "date.future":
      return fail("id.birth_date_future", params);
    case "date.before_1900":
      return fail("id.birth_date_before_1900", params);
    default:
      return fail("id.birth_date", params);
  }
}

const OTHER_ID_MAX = 30;
/**
 * Officers' and other documents may contain Chinese (南字第123456号); only invisible or
 * unassigned characters are impossible.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;

/** Any document other than the resident ID: 1–30 characters, no check digit. */
export function checkOtherId(value: unknown): Result<string> {
  if (lostPrecision(value)) return fail("value.number_precision");
  const text = cellText(value);
  if (!text.ok) return text;
  const id = normaliseIdNumber(value);
  const length = Array.from(id).length;
  if (length > OTHER_ID_MAX) return fail("id.other_length", { length, max: OTHER_ID_MAX });
  if (NOT_PRINTABLE.test(id)) return fail("id.characters", { value: excerpt(id) });
  return ok(id);
}
