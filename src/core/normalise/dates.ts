/**
 * Dates as the sheets deliver them: text in several Chinese and ISO-like forms, or numbers
 * (UNFORMATTED_VALUE returns dates as serial numbers; 2017.3 typed into a cell becomes a
 * number). Results are ISO strings — "YYYY-MM-DD", "YYYY-MM", "YYYY" — which compare correctly
 * as plain strings. The clock is never read: `today` ("YYYY-MM-DD") is a parameter.
 */
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText, quoteCell } from "./text";

const DAY_MS = 86_400_000;
/** Google Sheets and Excel (after 1900-03-01) count days from 1899-12-30. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");
const pad4 = (n: number): string => String(n).padStart(4, "0");
const formatYmd = ({ y, m, d }: Ymd): string => `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
const formatYm = ({ y, m }: Ymd): string => `${pad4(y)}-${pad2(m)}`;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function isRealDate({ y, m, d }: Ymd): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function serialToDate(serial: number): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  // Fractional serials are date-times; the time of day is irrelevant here.
  const date = new Date(SERIAL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  const y = date.getUTCFullYear();
  if (Number.isNaN(y) || y < 0 || y > 9999) return undefined;
  return formatYmd({ y, m: date.getUTCMonth() + 1, d: date.getUTCDate() });
}

export function dateToSerial(date: string): number | undefined {
  const ymd = splitIso(date);
  if (ymd === undefined || !isRealDate(ymd)) return undefined;
  return (Date.UTC(ymd.y, ymd.m - 1, ymd.d) - SERIAL_EPOCH_MS) / DAY_MS;
}

function splitIso(iso: string): Ymd | undefined {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (match === null) return undefined;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3] ?? "1") };
}

// ---- recognising the forms ----

type Parsed =
  | { readonly kind: "date"; readonly ymd: Ymd }
  | { readonly kind: "month"; readonly ymd: Ymd }
  | { readonly kind: "year"; readonly y: number }
  | { readonly kind: "ambiguous" }
  | { readonly kind: "unknown" };

const DATE_FORMS = [
  /^(?<y>\d{4})(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})$/,
  /^(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})[日号]?$/,
  /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
];
const MONTH_FORMS = [
  /^(?<y>\d{4})[-/.](?<m>\d{1,2})$/,
  /^(?<y>\d{4})年(?<m>\d{1,2})月?$/,
  /^(?<y>\d{4})(?<m>\d{2})$/,
];
const YEAR_FORM = /^(?<y>\d{4})年?$/;
/** Only five-digit text is taken as a serial: shorter digit strings are years or typos. */
const SERIAL_TEXT = /^\d{5}(?:\.\d+)?$/;

function recognise(value: unknown): Result<Parsed> {
  if (value instanceof Date) return ok(fromJsDate(value));
  const text = cellText(value);
  if (!text.ok) return text;
  const clean = text.value.replace(TIME_SUFFIX, "").replace(DASHES, "-").replace(/\s/g, "");
  if (typeof value === "number") return ok(recogniseNumber(value, clean));
  return ok(recogniseText(clean) ?? serialFromText(clean));
}

function fromJsDate(date: Date): Parsed {
  if (Number.isNaN(date.getTime())) return { kind: "unknown" };
  const ymd = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  return { kind: "date", ymd };
}

function recogniseText(text: string): Parsed | undefined {
  const date = firstMatch(DATE_FORMS, text);
  if (date !== undefined) return { kind: "date", ymd: toYmd(date) };
  const month = firstMatch(MONTH_FORMS, text);
  if (month !== undefined) return { kind: "month", ymd: toYmd(month) };
  const year = firstMatch([YEAR_FORM], text);
  return year === undefined ? undefined : { kind: "year", y: toYmd(year).y };
}

type Groups = Partial<Record<string, string>>;

function firstMatch(forms: readonly RegExp[], text: string): Groups | undefined {
  for (const form of forms) {
    const groups = form.exec(text)?.groups;
    if (groups !== undefined) return groups;
  }
  return undefined;
}

function toYmd(groups: Groups): Ymd {
  return { y: Number(groups.y), m: Number(groups.m ?? 1), d: Number(groups.d ?? 1) };
}

function serialFromText(text: string): Parsed {
  return SERIAL_TEXT.test(text) ? fromSerial(Number(text)) : { kind: "unknown" };
}

/**
 * A number is a serial unless its digits read as one of the text forms (201703, 20170310,
 * 2017.3). A sheet stores "2017.10" as 2017.1, so a number ending in .1 may be January or
 * October: refuse to guess.
 */
function recogniseNumber(value: number, text: string): Parsed {
  if (/^\d{4}\.1$/.test(text)) return { kind: "ambiguous" };
  return recogniseText(text) ?? fromSerial(value);
}

function fromSerial(serial: number): Parsed {
  const iso = serialToDate(serial);
  const ymd = iso === undefined ? undefined : splitIso(iso);
  return ymd === undefined ? { kind: "unknown" } : { kind: "date", ymd };
}

// ---- public parsers ----

function checkRange(iso: string, today: string, original: string): Result<string> {
  if (iso < "1900") return fail("date.before_1900", { value: original });
  if (iso > today.slice(0, iso.length)) return fail("date.future", { value: original, today });
  return ok(iso);
}

/** A 日期 field → "YYYY-MM-DD". */
export function parseDate(value: unknown, today: string): Result<string> {
  const parsed = recognise(value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const params = { value: quoteCell(value) };
  if (p.kind === "month" || p.kind === "year") return fail("date.incomplete", params);
  if (p.kind === "ambiguous") return fail("date.ambiguous", params);
  if (p.kind === "unknown") return fail("date.unparseable", params);
  if (!isRealDate(p.ymd)) return fail("date.invalid", params);
  return checkRange(formatYmd(p.ymd), today, params.value);
}

/** A 年月 field → "YYYY-MM"; a full date gives its year-month. */
export function parseYearMonth(value: unknown, today: string): Result<string> {
  const parsed = recognise(value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const params = { value: quoteCell(value) };
  if (p.kind === "year") return fail("date.incomplete", params);
  if (p.kind === "ambiguous") return fail("date.ambiguous", params);
  if (p.kind === "unknown") return fail("date.unparseable", params);
  if (!isRealDate(p.ymd)) return fail("date.invalid", params);
  return checkRange(formatYm(p.ymd), today, params.value);
}

/** A YYYY field → "YYYY". A full date or year-month is accepted for its year. */
export function parseYear(value: unknown, today: string): Result<string> {
  const parsed = recognise(value);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const params = { value: quoteCell(value) };
  if (p.kind === "year") return checkRange(pad4(p.y), today, params.value);
  if (p.kind === "ambiguous" || p.kind === "unknown") return fail("year.unparseable", params);
  if (!isRealDate(p.ymd)) return fail("date.invalid", params);
  return checkRange(pad4(p.ymd.y), today, params.value);
}

const ACADEMIC_YEAR = /^(\d{4})(?:学年)?[-~/至到](\d{4}|\d{2})(?:学年)?$/;

/** 学年 → "2016-2017". Also 2016—2017, 2016～2017, 2016/2017, 2016-17. */
export function parseAcademicYear(value: unknown, today: string): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  const clean = text.value
    .replace(DASHES, "-")
    .replace(/[\u301C\u223C]/g, "~")
    .replace(/\s/g, "");
  const match = ACADEMIC_YEAR.exec(clean);
  if (match === null) return fail("academic_year.unparseable", { value: excerpt(text.value) });
  const first = Number(match[1]);
  const expected = `${first}-${first + 1}`;
  const second = match[2] ?? "";
  const secondYear =
    second.length === 2 ? Math.floor(first / 100) * 100 + Number(second) : Number(second);
  if (secondYear !== first + 1) return fail("academic_year.not_consecutive", { expected });
  const start = checkRange(pad4(first), today, excerpt(text.value));
  return start.ok ? ok(expected) : start;
}

// ---- arithmetic on ISO strings ----

/**
 * Orders two ISO dates or year-months; a year-month equals every day in it (both are cut to
 * the shorter precision). Negative, zero or positive; undefined when either is not ISO.
 */
export function compareIso(a: string, b: string): number | undefined {
  if (splitIso(a) === undefined || splitIso(b) === undefined) return undefined;
  const length = Math.min(a.length, b.length);
  const left = a.slice(0, length);
  const right = b.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Same precision as the input; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, years: number): string | undefined {
  const ymd = splitIso(iso);
  if (ymd === undefined || !Number.isInteger(years)) return undefined;
  const y = ymd.y + years;
  if (y < 0 || y > 9999) return undefined;
  const moved = { y, m: ymd.m, d: Math.min(ymd.d, daysInMonth(y, ymd.m)) };
  return iso.length === 7 ? formatYm(moved) : formatYmd(moved);
}

/** Completed years between a birth date and a later date (a year-month counts as its 1st). */
export function ageAt(birthDate: string, at: string): number | undefined {
  const birth = splitIso(birthDate);
  const then = splitIso(at);
  if (birth === undefined || then === undefined) return undefined;
  const beforeBirthday = then.m < birth.m || (then.m === birth.m && then.d < birth.d);
  return then.y - birth.y - (beforeBirthday ? 1 : 0);
}
