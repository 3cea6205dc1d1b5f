/**
 * Display of numbers the way Sheets renders FORMATTED_VALUE: the automatic ("general") format for
 * cells without a number format, and a practical subset of Sheets' pattern language otherwise:
 * `0`, `#`, `.`, `,` grouping, `%`, `E+00`, quoted/escaped literals, `[$¥-804]` currency tags,
 * `pos;neg;zero` sections, and date/time tokens (yyyy yy m mm mmm mmmm d dd ddd dddd h hh
 * m mm as minutes after an hour or before seconds, ss, AM/PM).
 */
import type { NumberFormat } from "./types";

const DAY_MS = 86_400_000;
/** Sheets' day zero: serial 1 is 1899-12-31, so leap-year quirks of 1900 never arise. */
const EPOCH_MS = Date.UTC(1899, 11, 30);

export function serialFromParts(
  year: number,
  month: number,
  day: number,
  seconds = 0,
): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return (ms - EPOCH_MS) / DAY_MS + seconds / 86_400;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

function partsFromSerial(serial: number): DateParts {
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds >= 86_400) {
    days += 1;
    seconds -= 86_400;
  }
  const date = new Date(EPOCH_MS + days * DAY_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hour: Math.floor(seconds / 3600),
    minute: Math.floor((seconds % 3600) / 60),
    second: seconds % 60,
  };
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const DEFAULT_PATTERNS: Record<string, string> = {
  DATE: "yyyy-mm-dd",
  TIME: "hh:mm:ss",
  DATE_TIME: "yyyy-mm-dd hh:mm:ss",
  NUMBER: "#,##0.00",
  PERCENT: "0.00%",
  CURRENCY: '"¥"#,##0.00',
  SCIENTIFIC: "0.00E+00",
};

export function isDateLike(format: NumberFormat | undefined): boolean {
  return format?.type === "DATE" || format?.type === "TIME" || format?.type === "DATE_TIME";
}

export function formatNumber(value: number, format: NumberFormat | undefined): string {
  if (!format || format.type === "TEXT" || format.type === "NUMBER_FORMAT_TYPE_UNSPECIFIED") {
    return formatGeneral(value);
  }
  const pattern = format.pattern || DEFAULT_PATTERNS[format.type];
  if (!pattern) return formatGeneral(value);
  return isDateLike(format) ? formatDate(value, pattern) : formatWithPattern(value, pattern);
}

/** Sheets' automatic format: integers as-is, up to 10 decimals, scientific when huge or tiny. */
export function formatGeneral(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-10)) {
    return Number(value.toPrecision(10)).toExponential().toUpperCase();
  }
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(10)));
}

type DateToken = { kind: "literal"; text: string } | { kind: "field"; text: string };

function tokenizeDate(pattern: string): DateToken[] {
  const tokens: DateToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i);
    const quoted = /^"([^"]*)"/.exec(rest);
    const field = /^(yyyy|yy|y|m{1,5}|d{1,4}|h{1,2}|s{1,2}|am\/pm|a\/p)/i.exec(rest);
    if (quoted) {
      tokens.push({ kind: "literal", text: quoted[1] ?? "" });
      i += quoted[0].length;
    } else if (rest.startsWith("\\") && rest.length > 1) {
      tokens.push({ kind: "literal", text: rest.charAt(1) });
      i += 2;
    } else if (field) {
      tokens.push({ kind: "field", text: field[0] });
      i += field[0].length;
    } else {
      tokens.push({ kind: "literal", text: rest.charAt(0) });
      i += 1;
    }
  }
  return tokens;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function formatDate(serial: number, pattern: string): string {
  const p = partsFromSerial(serial);
  const tokens = tokenizeDate(pattern);
  const fields = tokens.filter((t) => t.kind === "field").map((t) => t.text.toLowerCase());
  const twelveHour = fields.some((f) => f === "am/pm" || f === "a/p");
  let fieldIndex = -1;
  return tokens
    .map((token) => {
      if (token.kind === "literal") return token.text;
      fieldIndex += 1;
      const f = token.text.toLowerCase();
      const prev = fields[fieldIndex - 1] ?? "";
      const next = fields[fieldIndex + 1] ?? "";
      // `m` means minutes right after an hour or right before seconds, months otherwise.
      const isMinute = (f === "m" || f === "mm") && (prev.startsWith("h") || next.startsWith("s"));
      if (isMinute) return f === "mm" ? pad(p.minute, 2) : String(p.minute);
      const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
      const hour = twelveHour ? hour12 : p.hour;
      switch (f) {
        case "yyyy":
          return pad(p.year, 4);
        case "yy":
        case "y":
          return pad(p.year % 100, 2);
        case "m":
          return String(p.month);
        case "mm":
          return pad(p.month, 2);
        case "mmm":
          return MONTHS[p.month - 1]?.slice(0, 3) ?? "";
        case "mmmm":
          return MONTHS[p.month - 1] ?? "";
        case "mmmmm":
          return MONTHS[p.month - 1]?.charAt(0) ?? "";
        case "d":
          return String(p.day);
        case "dd":
          return pad(p.day, 2);
        case "ddd":
          return WEEKDAYS[p.weekday]?.slice(0, 3) ?? "";
        case "dddd":
          return WEEKDAYS[p.weekday] ?? "";
        case "h":
          return String(hour);
        case "hh":
          return pad(hour, 2);
        case "s":
          return String(p.second);
        case "ss":
          return pad(p.second, 2);
        case "am/pm":
          return p.hour < 12 ? "AM" : "PM";
        default:
          return p.hour < 12 ? "A" : "P";
      }
    })
    .join("");
}

/** Splits `pos;neg;zero` sections, ignoring semicolons inside quotes. */
function sections(pattern: string): string[] {
  const out = [""];
  let quoted = false;
  for (const ch of pattern) {
    if (ch === '"') quoted = !quoted;
    if (ch === ";" && !quoted) out.push("");
    else out[out.length - 1] += ch;
  }
  return out;
}

function formatWithPattern(value: number, pattern: string): string {
  const parts = sections(pattern);
  let section = parts[0] ?? "";
  let n = value;
  let sign = value < 0 ? "-" : "";
  if (value < 0 && parts[1] !== undefined) {
    section = parts[1];
    n = -value;
    sign = "";
  } else if (value === 0 && parts[2] !== undefined) {
    section = parts[2];
  }
  n = Math.abs(n);
  // `[$¥-804]` is a currency tag whose visible text is the part before the dash.
  const cleaned = section
    .replace(/\[\$([^\]-]*)(-[^\]]*)?\]/g, (_m, symbol: string) => `"${symbol}"`)
    .replace(/\[[^\]]*\]/g, "");
  const core = /[0#?][0#?,]*(\.[0#?]*)?(E[+-]0+)?|\.[0#?]+(E[+-]0+)?/i.exec(
    cleaned.replace(/"[^"]*"|\\./g, (m) => " ".repeat(m.length)),
  );
  const literal = (text: string) =>
    text.replace(
      /"([^"]*)"|\\(.)/g,
      (_m, q: string | undefined, e: string | undefined) => q ?? e ?? "",
    );
  if (!core) return sign + literal(cleaned);
  const prefix = literal(cleaned.slice(0, core.index));
  const suffix = literal(cleaned.slice(core.index + core[0].length));
  if ((prefix + suffix).includes("%")) n *= 100;
  return `${sign}${prefix}${formatCore(n, core[0])}${suffix}`;
}

function formatCore(n: number, core: string): string {
  const [mantissaPattern = "", exponentPattern] = core.toUpperCase().split("E");
  const [intPattern = "", fracPattern = ""] = mantissaPattern.split(".");
  const maxDecimals = fracPattern.length;
  const minDecimals = fracPattern.replace(/[^0]/g, "").length;
  const minInt = intPattern.replace(/[^0]/g, "").length;
  let exponent = "";
  let x = n;
  if (exponentPattern !== undefined) {
    const e = x === 0 ? 0 : Math.floor(Math.log10(x));
    x /= 10 ** e;
    const digits = exponentPattern.length - 1;
    exponent = `E${e < 0 ? "-" : "+"}${pad(Math.abs(e), digits)}`;
  }
  let [intDigits = "0", fracDigits = ""] = x.toFixed(maxDecimals).split(".");
  while (fracDigits.length > minDecimals && fracDigits.endsWith("0")) {
    fracDigits = fracDigits.slice(0, -1);
  }
  intDigits = intDigits.replace(/^0+/, "").padStart(minInt, "0");
  if (intPattern.includes(",")) intDigits = intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${intDigits}${fracDigits ? `.${fracDigits}` : ""}${exponent}`;
}
