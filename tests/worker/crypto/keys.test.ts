import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { IdKeyError, idCryptoFromEnv, parseKeySecret } from "../../../src/adapters/crypto/index";

const KEY = btoa("k".repeat(32));

describe("parseKeySecret", () => {
  it("accepts 32 bytes of padded base64, ignoring a piped newline", () => {
    expect(parseKeySecret("ID_HASH_KEY", `${KEY}\n`)).toHaveLength(32);
  });

  it.each([
    ["missing", undefined, "未设置"],
    ["empty", "  ", "未设置"],
    ["not base64", "not base64 at all!", "不是有效的 base64"],
    ["unpadded", KEY.replace(/=+$/, ""), "不是有效的 base64"],
    ["url-safe alphabet", btoa("\xff".repeat(32)).replaceAll("/", "_"), "不是有效的 base64"],
    ["16 bytes", btoa("k".repeat(16)), "应为 32 字节，实为 16 字节"],
    ["64 bytes", btoa("k".repeat(64)), "应为 32 字节，实为 64 字节"],
  ])("refuses a %s secret, naming it without repeating the value", (_, value, problem) => {
    let error: unknown;
    try {
      parseKeySecret("ID_ENCRYPTION_KEY", value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IdKeyError);
    const message = (error as Error).message;
    expect(message).toContain("ID_ENCRYPTION_KEY");
    expect(message).toContain(problem);
    if (value?.trim()) expect(message).not.toContain(value.trim());
  });
});

describe("idCryptoFromEnv", () => {
  it("works with the test secrets", async () => {
    const idCrypto = await idCryptoFromEnv(env);
    const cipher = await idCrypto.encrypt("43062319850601123X");
    expect(await idCrypto.decrypt(cipher)).toBe("43062319850601123X");
  });

  it("names whichever secret is missing", async () => {
    await expect(idCryptoFromEnv({ ID_HASH_KEY: KEY })).rejects.toThrow(/ID_ENCRYPTION_KEY 未设置/);
    await expect(idCryptoFromEnv({ ID_ENCRYPTION_KEY: KEY })).rejects.toThrow(/ID_HASH_KEY 未设置/);
  });

  it("refuses one key for both purposes", async () => {
    await expect(idCryptoFromEnv({ ID_HASH_KEY: KEY, ID_ENCRYPTION_KEY: KEY })).rejects.toThrow(
      /与 ID_HASH_KEY 相同/,
    );
  });
});
