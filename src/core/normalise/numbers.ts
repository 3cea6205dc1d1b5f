import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

/** Plain decimals only: no exponents, thousands separators or units, which people never mean. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export interface IntegerBounds {
  readonly min?: number;
  readonly max?: number;
}

export interface NumberBounds extends IntegerBounds {
  /** When true, `min` itself is refused (培训获得学时 > 0). */
  readonly exclusiveMin?: boolean;
}

function readNumber(value: unknown): Result<number> {
  if (typeof value === "boolean") return fail("number.invalid", { value: String(value) });
  if (typeof value === "number") return finite(value, String(value));
  const text = cellText(value);
  if (!text.ok) return text;
  const compact = text.value.replace(/\s/g, "");
  return DECIMAL.test(compact)
    ? finite(Number(compact), text.value)
    : fail("number.invalid", { value: excerpt(text.value) });
}

/** -0 is folded into 0: it prints the same but fails deep equality downstream. */
function finite(number: number, text: string): Result<number> {
  if (!Number.isFinite(number)) return fail("number.invalid", { value: excerpt(text) });
  return ok(number === 0 ? 0 : number);
}

function checkBounds(number: number, bounds: NumberBounds): Result<number> {
  const { min, max, exclusiveMin = false } = bounds;
  if (min !== undefined && exclusiveMin && number <= min)
    return fail("number.not_above_min", { min });
  if (min !== undefined && number < min) return fail("number.below_min", { min });
  if (max !== undefined && number > max) return fail("number.above_max", { max });
  return ok(number);
}

/** A number cell, or numeric text (full-width digits included), within optional bounds. */
export function parseNumber(value: unknown, bounds: NumberBounds = {}): Result<number> {
  const number = readNumber(value);
  return number.ok ? checkBounds(number.value, bounds) : number;
}

/** As parseNumber, and whole: "12.0" is 12, 12.5 is refused. */
export function parseInteger(value: unknown, bounds: IntegerBounds = {}): Result<number> {
  const number = readNumber(value);
  if (!number.ok) return number;
  if (!Number.isInteger(number.value)) {
    return fail("number.not_integer", { value: String(number.value) });
  }
  return checkBounds(number.value, bounds);
}
