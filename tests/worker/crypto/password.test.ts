import { describe, expect, it } from "vitest";
import { fromBase64, toBase64 } from "../../../src/adapters/crypto/base64";
import {
  generateInitialPassword,
  hashPassword,
  verifyPassword,
} from "../../../src/adapters/crypto/index";

describe("generateInitialPassword", () => {
  it("gives 12 lower-case letters and digits without look-alikes, different each time", () => {
    const passwords = Array.from({ length: 200 }, generateInitialPassword);
    for (const password of passwords) expect(password).toMatch(/^[a-hjkmnp-z2-9]{12}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it("is at least as strong as the 10 mixed-case characters it replaced", () => {
    // 31 symbols (26 letters without i l o, digits without 0 1), 12 of them, vs 54^10.
    expect(12 * Math.log2(31)).toBeGreaterThanOrEqual(10 * Math.log2(54));
  });

  it("uses every symbol of its alphabet (no symbol favoured away)", () => {
    const seen = new Set(Array.from({ length: 400 }, generateInitialPassword).join(""));
    expect([...seen].sort().join("")).toBe("23456789abcdefghjkmnpqrstuvwxyz");
  });
});

describe("hashPassword / verifyPassword", () => {
  it("encodes scheme, iterations, salt and hash, with a new salt each time", async () => {
    const one = await hashPassword("Kp7mQ2xZr9");
    const two = await hashPassword("Kp7mQ2xZr9");
    expect(one).toMatch(/^pbkdf2\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain("Kp7mQ2xZr9");
    expect(await verifyPassword("Kp7mQ2xZr9", one)).toBe(true);
    expect(await verifyPassword("Kp7mQ2xZr9", two)).toBe(true);
  });

  it("rejects near misses", async () => {
    const encoded = await hashPassword("Kp7mQ2xZr9");
    for (const guess of ["Kp7mQ2xZr8", "kp7mQ2xZr9", "Kp7mQ2xZr", "Kp7mQ2xZr9 ", " Kp7mQ2xZr9", ""])
      expect(await verifyPassword(guess, encoded)).toBe(false);
  });

  it("rejects tampered encodings instead of throwing", async () => {
    const encoded = await hashPassword("Kp7mQ2xZr9");
    const [, , salt = "", hash = ""] = encoded.split("$");
    const flipped = (text: string) => {
      const bytes = fromBase64(text) ?? new Uint8Array();
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return toBase64(bytes);
    };
    for (const bad of [
      `pbkdf2$100000$${flipped(salt)}$${hash}`,
      `pbkdf2$100000$${salt}$${flipped(hash)}`,
      `pbkdf2$99999$${salt}$${hash}`,
      `pbkdf2$100001$${salt}$${hash}`,
      `pbkdf2$0$${salt}$${hash}`,
      `pbkdf2$1e5$${salt}$${hash}`,
      `sha256$100000$${salt}$${hash}`,
      `pbkdf2$100000$${salt}$${hash}$extra`,
      `pbkdf2$100000$${salt}`,
      `pbkdf2$100000$${salt.slice(0, -4)}$${hash}`,
      `pbkdf2$100000$${salt}$${hash.slice(0, -4)}`,
      "",
      "Kp7mQ2xZr9",
    ])
      expect(await verifyPassword("Kp7mQ2xZr9", bad)).toBe(false);
  });
});
