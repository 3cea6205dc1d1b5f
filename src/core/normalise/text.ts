import { excerpt, fail, ok, type Result } from "./issues";

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
/** Zero-width characters and the BOM arrive with pasted text and are invisible to users. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITESPACE_RUN = /\s+/g;
/**
 * C0/C1 line and tab controls (\t \n \v \f \r, NEL) and the Unicode line/paragraph separators.
 * No template column holds more than one line, and the worker's status cells separate their
 * messages with \n: a typed line break would read as a message of the worker's own.
 */
const LINE_BREAK = /[\t-\r\u0085\u2028\u2029]/g;
/**
 * Every other C0/C1 control (NUL, BEL, ESC …) and the bidi controls (LRM/RLM, ALM, the
 * embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069): invisible in a cell,
 * and able to show text in an order other than the one stored.
 */
const HIDDEN_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is removed.
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * What a person typed, made safe to store and show: line breaks and tabs become spaces, other
 * control and bidi characters go. Every path that takes typed text (sheet cells, portal forms,
 * county reasons, request rows) passes through here, via `normaliseText` or `typedText`.
 */
export function stripControls(text: string): string {
  return text.replace(LINE_BREAK, " ").replace(HIDDEN_CONTROL, "");
}

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
        toHalfWidth(stripControls(value))
          .replace(INVISIBLE, "")
          .replace(WHITESPACE_RUN, " ")
          .trim(),
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

/**
 * Free text read as typed — a county office's 理由, a school's 不同意原因 — without the
 * controls `stripControls` removes, trimmed. Not made half-width nor collapsed: it is shown back
 * to people as they wrote it. A cell that is not text reads as `normaliseText` reads it.
 */
export function typedText(cell: unknown): string {
  return typeof cell === "string" ? stripControls(cell).trim() : normaliseText(cell);
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
