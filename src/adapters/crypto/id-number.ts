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

/**
 * What every sheet, export and API reply shows in place of an ID number: a short reference keyed
 * by ID_HASH_KEY (the first 8 hex digits of the person key), and no digit of the ID itself.
 *
 * Why not a classic mask: the rows that show an ID also show 出生日期 and 性别, which are digits
 * 7–14 and the parity of digit 17. With the region (6) and the last 4 shown, nothing is left to
 * guess; even with the region alone, ~500 candidates remain, and fewer with the check digit.
 * A keyed reference cannot be tested against candidates without the secret key, yet the same
 * person gets the same reference everywhere, so staff can still tell people apart and match a
 * recheck row with an API reply. 32 bits: two of the county's ~6,000 people share one with a
 * chance of about 1 in 240, which only costs a second look, never a wrong record (records are
 * joined on the full person key, never on this).
 */
export function idReference(personKey: string): string {
  return `${ID_REFERENCE_PREFIX}${personKey.slice(0, ID_REFERENCE_HEX).toUpperCase()}`;
}

export const ID_REFERENCE_PREFIX = "参考码";
const ID_REFERENCE_HEX = 8;
