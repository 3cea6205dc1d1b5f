/**
 * Protection of ID numbers at rest: a keyed hash to find a person without storing the ID, and
 * authenticated encryption to keep the ID itself.
 *
 * Guarantees:
 * - equal IDs (after normalisation) give equal person keys under one hash key, and unrelated
 *   keys under another, so a leaked table cannot be joined with a list of IDs without the key;
 * - a stored cipher decrypts only under its key and only if no bit of it was changed;
 * - no function here logs, and no error message contains an ID or a key.
 */
import { normaliseIdNumber } from "../../core/normalise/id-number";
import { fromBase64, toBase64 } from "./base64";

/** HMAC-SHA-256 (hex) of the normalised ID: the registry's `PersonKey`. */
export async function personKey(idNumber: string, hashKey: CryptoKey): Promise<string> {
  const data = new TextEncoder().encode(normaliseIdNumber(idNumber));
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hashKey, data));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const VERSION = "v1:";
const IV_BYTES = 12;
/** AES-GCM appends a 16-byte tag; anything shorter was cut. */
const TAG_BYTES = 16;

/** AES-256-GCM with a fresh random 12-byte IV: `v1:` + base64(iv | ciphertext | tag). */
export async function encryptId(idNumber: string, encryptionKey: CryptoKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new TextEncoder().encode(idNumber);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv }, encryptionKey, plain),
  );
  const out = new Uint8Array(IV_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, IV_BYTES);
  return VERSION + toBase64(out);
}

/** The cipher is not ours, was altered, or the key is wrong. Says nothing about the content. */
export class IdDecryptError extends Error {
  override readonly name = "IdDecryptError";
  constructor(problem: string) {
    super(`身份证件号密文无法解密：${problem}`);
  }
}

export async function decryptId(cipher: string, encryptionKey: CryptoKey): Promise<string> {
  if (!cipher.startsWith(VERSION)) throw new IdDecryptError("版本标记不是 v1");
  const bytes = fromBase64(cipher.slice(VERSION.length));
  if (bytes === undefined || bytes.length < IV_BYTES + TAG_BYTES)
    throw new IdDecryptError("格式不对");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES) },
      encryptionKey,
      bytes.subarray(IV_BYTES),
    );
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(plain);
  } catch {
    throw new IdDecryptError("密钥不符或密文被改动");
  }
}

/** Kept visible at each end of a masked ID: region code and the last digits, as on receipts. */
const KEEP_START = 6;
const KEEP_END = 4;

/**
 * For display: `430623********123X`. A number too short to hide anything behind 6 + 4 visible
 * characters (some non-resident documents) is masked whole.
 */
export function maskId(idNumber: string): string {
  const chars = Array.from(normaliseIdNumber(idNumber));
  if (chars.length <= KEEP_START + KEEP_END) return "*".repeat(chars.length);
  return (
    chars.slice(0, KEEP_START).join("") +
    "*".repeat(chars.length - KEEP_START - KEEP_END) +
    chars.slice(-KEEP_END).join("")
  );
}
