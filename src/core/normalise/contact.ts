import { excerpt, fail, ok, type Result } from "./issues";
import { cellText } from "./text";

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * 电子信箱 → address with a lowercase domain. Deliberately narrower than RFC 5322 (no quoted
 * local parts, no IP-literal or internationalised domains): such addresses are not what a
 * teacher types, while typos like 。 for . or a missing top-level domain are.
 */
export function checkEmail(value: unknown): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  // Chinese input methods type 。 and ＠ (the latter already half-width here).
  const address = text.value.replace(/。/g, ".");
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (at < 1 || address.length > 254 || !isLocalPart(local) || !isDomain(domain)) {
    return fail("email.invalid", { value: excerpt(text.value) });
  }
  return ok(`${local}@${domain}`);
}

function isLocalPart(local: string): boolean {
  return local.length <= 64 && LOCAL_PART.test(local);
}

function isDomain(domain: string): boolean {
  const labels = domain.split(".");
  const tld = labels[labels.length - 1] ?? "";
  return labels.length >= 2 && labels.every((l) => DOMAIN_LABEL.test(l)) && /^[a-z]{2,}$/.test(tld);
}

/**
 * 邮政编码 → six digits. Postcodes can start with 0 (呼和浩特 010000); a number-formatted
 * cell drops that zero, so a five-digit number gets it back. Text is taken as typed.
 */
export function checkPostcode(value: unknown): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  const code = text.value.replace(/\s/g, "");
  const restored = typeof value === "number" && /^\d{5}$/.test(code) ? `0${code}` : code;
  return /^\d{6}$/.test(restored)
    ? ok(restored)
    : fail("postcode.invalid", { value: excerpt(text.value) });
}
