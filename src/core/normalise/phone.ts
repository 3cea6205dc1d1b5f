/**
 * Phone numbers, mainland China. Both checks return E.164 ("+8613812345678",
 * "+867304123456") so stored numbers compare and dial the same whatever the user typed; an
 * office extension is kept as an RFC 3966 suffix ("+867304123456;ext=801") rather than lost.
 * The "max" metadata is needed: only it tells a mobile number from a fixed line.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

/** 转 / 分机 is how extensions are written here; the library knows "ext.". */
const EXTENSION = /\s*(?:转|分机|-?ext\.?|#)\s*(\d{1,6})$/i;
/** A 7–8 digit number not starting with 0 or 1 is a local number missing its area code. */
const LOCAL_ONLY = /^[2-9]\d{6,7}$/;

interface Dialled {
  readonly e164: string;
  readonly type: string | undefined;
  readonly extension: string | undefined;
}

function dial(text: string): Dialled | undefined {
  // "86-138…" and "0086 138…" need no help: the library reads them as country code 86.
  const phone = parsePhoneNumberFromString(text.replace(EXTENSION, " ext. $1"), "CN");
  if (phone === undefined || phone.country !== "CN" || !phone.isValid()) return undefined;
  return { e164: phone.number, type: phone.getType(), extension: phone.ext };
}

function digitsOnly(text: string): string {
  return text.replace(/[\s\-()]/g, "");
}

/** 移动电话 → E.164. */
export function checkMobile(value: unknown): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  const params = { value: excerpt(text.value) };
  const phone = dial(text.value);
  if (phone === undefined) return fail("phone.mobile_invalid", params);
  if (phone.type !== "MOBILE") return fail("phone.not_mobile", params);
  return ok(phone.e164);
}

/** 办公电话 → E.164, with ";ext=…" when an extension was given. */
export function checkFixedLine(value: unknown): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  const params = { value: excerpt(text.value) };
  if (LOCAL_ONLY.test(digitsOnly(text.value))) return fail("phone.area_code_missing", params);
  const phone = dial(text.value);
  if (phone === undefined) return fail("phone.fixed_line_invalid", params);
  if (phone.type !== "FIXED_LINE") return fail("phone.not_fixed_line", params);
  return ok(phone.extension === undefined ? phone.e164 : `${phone.e164};ext=${phone.extension}`);
}

/**
 * A stored number as people here write it, in every place a person reads one (sheets, portal,
 * county tabs, exports): mobiles as 11 digits, fixed lines as 区号-号码 (「0730-4221234」), an
 * extension after 转. It reads back through the checks above as the same stored value, so a row
 * the worker writes with it is no edit. Anything that is not a Chinese number is left as it is.
 */
export function phoneText(stored: string): string {
  const [number = "", extension] = stored.split(";ext=");
  const phone = parsePhoneNumberFromString(number, "CN");
  if (phone === undefined || phone.country !== "CN" || !phone.isValid()) return stored;
  const suffix = extension === undefined ? "" : `转${extension}`;
  if (phone.getType() === "MOBILE") return `${phone.nationalNumber}${suffix}`;
  // The national format groups the number after the area code ("0730 422 1234"); the area
  // code is its first group, trunk 0 included.
  const [area = "", ...rest] = phone.formatNational().split(" ");
  return `${area}-${rest.join("")}${suffix}`;
}
