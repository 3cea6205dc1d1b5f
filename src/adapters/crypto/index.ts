/**
 * Protection of personal data at rest, bound to the worker's secrets. The store takes an
 * `IdCrypto` so it never handles keys itself.
 */
import { decryptId, encryptId, idReference, personKey } from "./id-number";
import { importIdKeys } from "./keys";

export {
  decryptId,
  encryptId,
  ID_REFERENCE_PREFIX,
  IdDecryptError,
  idReference,
  personKey,
} from "./id-number";
export { IdKeyError, type IdKeys, type IdSecretName, importIdKeys, parseKeySecret } from "./keys";
export { generateInitialPassword, hashPassword, verifyPassword } from "./password";

export interface IdCrypto {
  personKey(idNumber: string): Promise<string>;
  encrypt(idNumber: string): Promise<string>;
  decrypt(cipher: string): Promise<string>;
  /** What is shown for an ID number anywhere outside the registry (see `idReference`). */
  reference(idNumber: string): Promise<string>;
}

/** Throws `IdKeyError` (naming the secret, never its value) when a secret is missing or malformed. */
export async function idCryptoFromEnv(env: {
  readonly ID_HASH_KEY?: string | undefined;
  readonly ID_ENCRYPTION_KEY?: string | undefined;
}): Promise<IdCrypto> {
  const { hashKey, encryptionKey } = await importIdKeys(env);
  return {
    personKey: (idNumber) => personKey(idNumber, hashKey),
    encrypt: (idNumber) => encryptId(idNumber, encryptionKey),
    decrypt: (cipher) => decryptId(cipher, encryptionKey),
    reference: async (idNumber) => idReference(await personKey(idNumber, hashKey)),
  };
}
