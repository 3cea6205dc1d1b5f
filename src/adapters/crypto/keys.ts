/**
 * The two secrets that protect ID numbers at rest, parsed strictly: a missing or malformed key
 * stops the worker with a message that names the secret and says how to fix it, and never
 * repeats the secret's value.
 */
import { fromBase64 } from "./base64";

export type IdSecretName = "ID_HASH_KEY" | "ID_ENCRYPTION_KEY";

const KEY_BYTES = 32;

/** A secret is missing or malformed. The message is safe to log: it never contains the value. */
export class IdKeyError extends Error {
  override readonly name = "IdKeyError";
  constructor(
    readonly secret: IdSecretName,
    problem: string,
  ) {
    super(
      `密钥 ${secret} ${problem}。请生成 32 字节随机值并以 base64 设置：` +
        `openssl rand -base64 32 | wrangler secret put ${secret}`,
    );
  }
}

/** The 32 key bytes of a secret; surrounding whitespace (a piped newline) is ignored. */
export function parseKeySecret(secret: IdSecretName, value: string | undefined): Uint8Array {
  if (value === undefined || value.trim() === "") throw new IdKeyError(secret, "未设置");
  const bytes = fromBase64(value.trim());
  if (bytes === undefined) throw new IdKeyError(secret, "不是有效的 base64");
  if (bytes.length !== KEY_BYTES)
    throw new IdKeyError(secret, `长度不对：应为 ${KEY_BYTES} 字节，实为 ${bytes.length} 字节`);
  return bytes;
}

export interface IdKeys {
  /** HMAC-SHA-256 key of person keys. */
  readonly hashKey: CryptoKey;
  /** AES-256-GCM key of the stored ID numbers. */
  readonly encryptionKey: CryptoKey;
}

/**
 * Imports both keys, non-extractable. The two must differ: one key serving two purposes would
 * let a weakness in one use reach the other.
 */
export async function importIdKeys(env: {
  readonly ID_HASH_KEY?: string | undefined;
  readonly ID_ENCRYPTION_KEY?: string | undefined;
}): Promise<IdKeys> {
  const hashBytes = parseKeySecret("ID_HASH_KEY", env.ID_HASH_KEY);
  const encryptionBytes = parseKeySecret("ID_ENCRYPTION_KEY", env.ID_ENCRYPTION_KEY);
  if (hashBytes.every((byte, i) => byte === encryptionBytes[i]))
    throw new IdKeyError("ID_ENCRYPTION_KEY", "与 ID_HASH_KEY 相同，两个密钥必须各自随机生成");
  const [hashKey, encryptionKey] = await Promise.all([
    crypto.subtle.importKey("raw", hashBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
    crypto.subtle.importKey("raw", encryptionBytes, { name: "AES-GCM" }, false, [
      "encrypt",
      "decrypt",
    ]),
  ]);
  return { hashKey, encryptionKey };
}
