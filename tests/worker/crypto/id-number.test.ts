import { describe, expect, it } from "vitest";
import { fromBase64, toBase64 } from "../../../src/adapters/crypto/base64";
import {
  decryptId,
  encryptId,
  IdDecryptError,
  idCryptoFromEnv,
  importIdKeys,
  personKey,
} from "../../../src/adapters/crypto/index";

const ID = "43062319850601123X";

function randomSecret() {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

async function keys() {
  return importIdKeys({ ID_HASH_KEY: randomSecret(), ID_ENCRYPTION_KEY: randomSecret() });
}

/** Flips one bit of the byte at `index` of the cipher's payload. */
function flip(cipher: string, index: number): string {
  const bytes = fromBase64(cipher.slice(3)) ?? new Uint8Array();
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return `v1:${toBase64(bytes)}`;
}

describe("personKey", () => {
  it("is 64 hex digits, the same for the same ID under one key", async () => {
    const { hashKey } = await keys();
    const key = await personKey(ID, hashKey);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await personKey(ID, hashKey)).toBe(key);
  });

  it("normalises the ID first (spaces, lowercase x)", async () => {
    const { hashKey } = await keys();
    expect(await personKey(" 430623 19850601123x ", hashKey)).toBe(await personKey(ID, hashKey));
  });

  it("differs between IDs and between hash keys", async () => {
    const a = await keys();
    const b = await keys();
    expect(await personKey("430623198506011246", a.hashKey)).not.toBe(
      await personKey(ID, a.hashKey),
    );
    expect(await personKey(ID, b.hashKey)).not.toBe(await personKey(ID, a.hashKey));
  });

  it("does not contain the ID", async () => {
    const { hashKey } = await keys();
    expect(await personKey(ID, hashKey)).not.toContain("430623");
  });
});

describe("encryptId / decryptId", () => {
  it("round-trips, versioned, with a fresh IV each time", async () => {
    const { encryptionKey } = await keys();
    const one = await encryptId(ID, encryptionKey);
    const two = await encryptId(ID, encryptionKey);
    expect(one).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(one).not.toBe(two);
    expect(fromBase64(one.slice(3))?.length).toBe(12 + ID.length + 16);
    expect(await decryptId(one, encryptionKey)).toBe(ID);
    expect(await decryptId(two, encryptionKey)).toBe(ID);
    expect(one).not.toContain(ID);
  });

  it("fails under another key", async () => {
    const cipher = await encryptId(ID, (await keys()).encryptionKey);
    await expect(decryptId(cipher, (await keys()).encryptionKey)).rejects.toThrow(IdDecryptError);
  });

  it.each([
    ["the IV", 0],
    ["the ciphertext", 12],
    ["the tag", -1],
  ])("fails when one bit of %s is changed", async (_, index) => {
    const { encryptionKey } = await keys();
    const cipher = await encryptId(ID, encryptionKey);
    await expect(decryptId(flip(cipher, index), encryptionKey)).rejects.toThrow(
      /密钥不符或密文被改动/,
    );
  });

  it("fails on truncated, unversioned or malformed ciphers, without echoing them", async () => {
    const { encryptionKey } = await keys();
    const cipher = await encryptId(ID, encryptionKey);
    const bytes = fromBase64(cipher.slice(3)) ?? new Uint8Array();
    for (const bad of [
      `v1:${toBase64(bytes.subarray(0, bytes.length - 1))}`,
      `v1:${toBase64(bytes.subarray(0, 20))}`,
      cipher.slice(3),
      `v2:${cipher.slice(3)}`,
      "v1:@@@@",
      "v1:",
    ]) {
      const error = await decryptId(bad, encryptionKey).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IdDecryptError);
      expect((error as Error).message).not.toContain(bad.slice(3, 20) || "v1:");
    }
  });
});

describe("the reference shown for an ID number", () => {
  it("shows no digit of the ID, and no reference an attacker can test candidates against", async () => {
    const a = await idCryptoFromEnv({
      ID_HASH_KEY: randomSecret(),
      ID_ENCRYPTION_KEY: randomSecret(),
    });
    const b = await idCryptoFromEnv({
      ID_HASH_KEY: randomSecret(),
      ID_ENCRYPTION_KEY: randomSecret(),
    });
    const shown = await a.reference(ID);
    expect(shown).toMatch(/^参考码[0-9A-F]{8}$/);
    // Same person, same reference, however the ID was typed; another key gives another one.
    expect(await a.reference("430623 19850601123x")).toBe(shown);
    expect(await b.reference(ID)).not.toBe(shown);
    expect(await a.reference("430623198506011246")).not.toBe(shown);
  });
});
