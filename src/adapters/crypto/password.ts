/**
 * Initial passwords of teacher accounts: generated once, shown once, stored only as a PBKDF2
 * hash.
 */
import { constantTimeEqual, fromBase64, toBase64 } from "./base64";

/**
 * Lower case and digits without look-alikes (no 0/o, 1/l/i): the password is read aloud off a
 * slip and typed on a phone, where upper case means one more key per character and mixed case is
 * what people get wrong. 31 symbols × 12 = 59 bits, more than the 10 mixed-case characters
 * (57 bits) this replaced.
 */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const PASSWORD_LENGTH = 12;

/** Twelve characters drawn uniformly (rejection sampling, so no character is favoured). */
export function generateInitialPassword(): string {
  const limit = 256 - (256 % ALPHABET.length);
  let password = "";
  while (password.length < PASSWORD_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(PASSWORD_LENGTH))) {
      if (byte < limit && password.length < PASSWORD_LENGTH)
        password += ALPHABET[byte % ALPHABET.length];
    }
  }
  return password;
}

/** Workers refuse PBKDF2 above 100,000 iterations; the most the platform allows. */
const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

async function derive(password: string, salt: Uint8Array, iterations: number) {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    // A copy typed as ArrayBuffer-backed, so Node's types (the benchmark) accept it as Workers' do.
    { name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(salt), iterations },
    material,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** `pbkdf2$100000$<salt base64>$<hash base64>`, with a fresh random salt each time. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2$${ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * True only for the exact password. An encoding that is not one `hashPassword` could have made
 * (other scheme, iteration count out of range, wrong salt or hash length) is false, not an error.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, iterationText, saltText, hashText, ...rest] = encoded.split("$");
  if (scheme !== "pbkdf2" || rest.length > 0 || !/^[1-9]\d{0,5}$/.test(iterationText ?? ""))
    return false;
  const iterations = Number(iterationText);
  const salt = fromBase64(saltText ?? "");
  const expected = fromBase64(hashText ?? "");
  if (iterations > ITERATIONS || salt?.length !== SALT_BYTES || expected?.length !== HASH_BYTES)
    return false;
  return constantTimeEqual(await derive(password, salt, iterations), expected);
}
