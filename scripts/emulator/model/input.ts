/**
 * How a values write turns one JSON value into a stored cell value, per valueInputOption.
 *
 * RAW keeps strings verbatim. USER_ENTERED parses like typing into the Sheets UI: formulas
 * (`=…`), a leading apostrophe forcing text, booleans (any case), numbers with grouping commas,
 * percentages, currency ($ ¥ ￥), dates (`2017-03-10`, `2017/3/10`, `3/10/2017`), date-times and
 * times. Parsed dates, percentages and currencies also set the number format the UI would set,
 * with the pattern following what was typed. A cell formatted as plain text (number format
 * TEXT, pattern `@`) takes the typed string as it is, as Sheets does: `430623198506010011` stays
 * a string instead of becoming a float that lost its last digits, `=1+1` is not a formula.
 */
import { invalidArgument } from "../errors";
import { serialFromParts } from "./numfmt";
import type { CellFormat, ExtendedValue, NumberFormat } from "./types";

export type InputOption = "RAW" | "USER_ENTERED";

export interface ParsedInput {
  value: ExtendedValue;
  numberFormat?: NumberFormat;
}

/** Sheets' limit on what one cell may hold; a values write over it fails as a whole. */
export const MAX_CELL_CHARACTERS = 50_000;

/** Whether a cell's format makes USER_ENTERED input plain text. */
export function isPlainText(format: CellFormat | undefined): boolean {
  const numberFormat = format?.numberFormat;
  return (
    typeof numberFormat === "object" &&
    numberFormat !== null &&
    !Array.isArray(numberFormat) &&
    numberFormat.type === "TEXT"
  );
}

export function parseInput(
  raw: unknown,
  option: InputOption,
  where: string,
  plainText = false,
): ParsedInput {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw invalidArgument(`Invalid value at '${where}': ${raw}`);
    return { value: { numberValue: raw } };
  }
  if (typeof raw === "boolean") return { value: { boolValue: raw } };
  if (typeof raw !== "string") {
    throw invalidArgument(`Invalid value at '${where}': ${JSON.stringify(raw)} is not a scalar`);
  }
  if (raw.length > MAX_CELL_CHARACTERS) {
    throw invalidArgument(
      `Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`,
    );
  }
  if (option === "RAW") return { value: { stringValue: raw } };
  return parseUserEntered(raw, plainText);
}

function parseUserEntered(text: string, plainText: boolean): ParsedInput {
  if (text.startsWith("'")) return { value: { stringValue: text.slice(1) } };
  if (plainText) return { value: { stringValue: text } };
  if (text.startsWith("=") && text.length > 1) return { value: { formulaValue: text } };
  const trimmed = text.trim();
  if (/^true$/i.test(trimmed)) return { value: { boolValue: true } };
  if (/^false$/i.test(trimmed)) return { value: { boolValue: false } };
  return (
    parseNumber(trimmed) ??
    parsePercent(trimmed) ??
    parseCurrency(trimmed) ??
    parseDateTime(trimmed) ??
    parseTime(trimmed) ?? { value: { stringValue: text } }
  );
}

const NUMBER = /^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?$/;

function toNumber(text: string): number | undefined {
  if (!NUMBER.test(text) || !/\d/.test(text.replace(/[eE].*$/, ""))) return undefined;
  return Number(text.replaceAll(",", ""));
}

function parseNumber(text: string): ParsedInput | undefined {
  const n = toNumber(text);
  return n === undefined ? undefined : { value: { numberValue: n } };
}

function parsePercent(text: string): ParsedInput | undefined {
  if (!text.endsWith("%")) return undefined;
  const body = text.slice(0, -1).trim();
  const n = toNumber(body);
  if (n === undefined) return undefined;
  const pattern = body.includes(".") ? "0.00%" : "0%";
  // toPrecision drops binary noise such as 0.07000000000000001.
  const value = Number((n / 100).toPrecision(15));
  return { value: { numberValue: value }, numberFormat: { type: "PERCENT", pattern } };
}

function parseCurrency(text: string): ParsedInput | undefined {
  const m = /^([+-]?)([$¥￥])\s*(.+)$/.exec(text);
  if (!m) return undefined;
  const n = toNumber(m[3] ?? "");
  if (n === undefined) return undefined;
  const pattern = `"${m[2]}"#,##0.00`;
  return {
    value: { numberValue: m[1] === "-" ? -n : n },
    numberFormat: { type: "CURRENCY", pattern },
  };
}

const width = (digits: string, letter: string) => (digits.length >= 2 ? letter.repeat(2) : letter);

/** Zero-padded input (`03-10`) keeps two-digit month and day; `3/10` keeps single ones. */
function dayMonthPattern(month: string, day: string, separator: string): string {
  const padded = month.startsWith("0") || day.startsWith("0");
  return padded ? `mm${separator}dd` : `m${separator}d`;
}

interface TimeParts {
  seconds: number;
  pattern: string;
}

function parseTimeOfDay(text: string): TimeParts | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [h, min, sec = "0"] = [m[1] ?? "", m[2] ?? "", m[3]];
  const hours = Number(h);
  if (hours > 23 || Number(min) > 59 || Number(sec) > 59) return undefined;
  const pattern = `${width(h, "h")}:mm${m[3] === undefined ? "" : ":ss"}`;
  return { seconds: hours * 3600 + Number(min) * 60 + Number(sec), pattern };
}

function parseTime(text: string): ParsedInput | undefined {
  const time = parseTimeOfDay(text);
  if (!time) return undefined;
  return {
    value: { numberValue: time.seconds / 86_400 },
    numberFormat: { type: "TIME", pattern: time.pattern },
  };
}

function parseDateTime(text: string): ParsedInput | undefined {
  const [datePart = "", timePart, ...extra] = text.split(/\s+/);
  if (extra.length > 0) return undefined;
  const date = parseDate(datePart);
  if (!date) return undefined;
  const time = timePart === undefined ? undefined : parseTimeOfDay(timePart);
  if (timePart !== undefined && !time) return undefined;
  const serial = serialFromParts(date.year, date.month, date.day, time?.seconds ?? 0);
  if (serial === undefined) return undefined;
  const numberFormat: NumberFormat = time
    ? { type: "DATE_TIME", pattern: `${date.pattern} ${time.pattern}` }
    : { type: "DATE", pattern: date.pattern };
  return { value: { numberValue: serial }, numberFormat };
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  pattern: string;
}

function parseDate(text: string): DateParts | undefined {
  const ymd = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text);
  if (ymd) {
    const [, y = "", sep = "", mo = "", d = ""] = ymd;
    return {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      pattern: `yyyy${sep}${dayMonthPattern(mo, d, sep)}`,
    };
  }
  const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (mdy) {
    const [, mo = "", d = "", y = ""] = mdy;
    return {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      pattern: `${dayMonthPattern(mo, d, "/")}/yyyy`,
    };
  }
  return undefined;
}
