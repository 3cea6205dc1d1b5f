import { excerpt, fail, ok, type Result } from "./issues";

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
/** Zero-width characters and the BOM arrive with pasted text and are invisible to users. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITESPACE_RUN = /\s+/g;

/**
 * Full-width ASCII variants (１２３, ＡＢ, （）：，．－ …) and the ideographic space → ASCII.
 * 、 and 。 are not full-width forms and are kept: they carry meaning in lists and prose.
 */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) =>
    ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Cell value → comparable text: trimmed, whitespace runs collapsed to one space, half-width.
 * Numbers print as JavaScript does (no exponent below 1e21), booleans as the sheet shows them
 * (TRUE/FALSE), valid Dates as their UTC YYYY-MM-DD. Anything a sheet cannot hold (null,
 * undefined, NaN, ±Infinity, objects, functions, symbols) becomes "".
 */
export function normaliseText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return keepFormulaInert(
        value,
        toHalfWidth(value).replace(INVISIBLE, "").replace(WHITESPACE_RUN, " ").trim(),
      );
    case "number":
      return Number.isFinite(value) ? String(value === 0 ? 0 : value) : "";
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "TRUE" : "FALSE";
    default:
      return value instanceof Date ? dateText(value) : "";
  }
}

/** Characters that make a spreadsheet or CSV reader take a cell for a formula. */
const FORMULA_START = /^[=+\-@]/;

/**
 * Normalised text starting with = + - or @ when the user's text did not start with that very
 * character (＝ made half-width, a tab or space trimmed away) gets the full-width form back: all
 * writes are RAW, but a later USER_ENTERED write or an export must find nothing to run that the
 * user did not type. Idempotent: the full-width form normalises to itself.
 */
function keepFormulaInert(typed: string, normalised: string): string {
  const first = normalised[0];
  if (first === undefined || !FORMULA_START.test(first) || typed.startsWith(first))
    return normalised;
  return String.fromCharCode(first.charCodeAt(0) + 0xfee0) + normalised.slice(1);
}

function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

export function isBlank(value: unknown): boolean {
  return normaliseText(value) === "";
}

/** For ID and phone numbers, where users type spaces to group digits. */
export function removeSpaces(value: unknown): string {
  return normaliseText(value).replace(WHITESPACE_RUN, "");
}

/**
 * The text of a cell, or why there is none: blank, or a type no sheet produces.
 * Every parser starts here so these two cases read the same everywhere.
 */
export function cellText(value: unknown): Result<string> {
  if (!isCellType(value)) return fail("value.unsupported_type");
  const text = normaliseText(value);
  return text === "" ? fail("value.empty") : ok(text);
}

/** The cell's text, shortened for quoting in issue params; "" when there is none. */
export function quoteCell(value: unknown): string {
  const text = cellText(value);
  return text.ok ? excerpt(text.value) : "";
}

function isCellType(value: unknown): boolean {
  const type = typeof value;
  return (
    value === null ||
    value === undefined ||
    type === "string" ||
    type === "number" ||
    type === "boolean" ||
    type === "bigint" ||
    value instanceof Date
  );
}
