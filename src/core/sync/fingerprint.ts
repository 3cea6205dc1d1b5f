import type { RecordValues } from "./model";

/**
 * A short, stable fingerprint of a record's values, to tell "edited" from "read again". Not a
 * security measure: it only needs to differ when the values differ (53-bit cyrb53, keys sorted so
 * column order in the sheet does not matter).
 */
export function fingerprint(values: RecordValues): string {
  const keys = Object.keys(values).sort();
  const canonical = JSON.stringify(keys.map((k) => [k, values[k]]));
  return cyrb53(canonical).toString(36).padStart(11, "0");
}

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
