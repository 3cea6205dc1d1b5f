import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { decodeJwt, decodeProtectedHeader, importSPKI, type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import type { DataDir } from "../store/data-dir";
import { GrantError } from "./grant-error";

/**
 * Registered service accounts and their public keys. The private key is handed out once, in the
 * key file returned by `register`, and never stored: like Google, the emulator can only verify.
 */

const generateRsa = promisify(generateKeyPair);

const StoredKey = z.object({ id: z.string(), publicKeyPem: z.string() });
const StoredAccount = z.object({
  email: z.string(),
  projectId: z.string(),
  clientId: z.string(),
  keys: z.array(StoredKey),
});
type StoredAccount = z.infer<typeof StoredAccount>;
const StoredAccounts = z.array(StoredAccount);

const ACCOUNTS_FILE = "service-accounts.json";
/** google-auth-library signs for Google's endpoint whatever the key file's token_uri says. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
/** Google refuses assertions that claim to live longer than an hour. */
const MAX_ASSERTION_SECONDS = 3600;
const CLOCK_SKEW_SECONDS = 300;

export interface ServiceAccountKeyFile {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: "googleapis.com";
}

export interface Assertion {
  email: string;
  scopes: string[];
}

export class ServiceAccounts {
  private accounts: StoredAccount[];

  constructor(
    private readonly dir: DataDir | undefined,
    private readonly clock: () => Date,
  ) {
    const raw = dir?.readJson(ACCOUNTS_FILE);
    const parsed = StoredAccounts.safeParse(raw ?? []);
    if (!parsed.success) {
      throw new Error(`Expected ${ACCOUNTS_FILE} to list service accounts; it does not parse`);
    }
    this.accounts = parsed.data;
  }

  list(): { email: string; projectId: string; keyIds: string[] }[] {
    return this.accounts.map((a) => ({
      email: a.email,
      projectId: a.projectId,
      keyIds: a.keys.map((k) => k.id),
    }));
  }

  forgetAll(): void {
    this.accounts = [];
    this.save();
  }

  /** Adds a key to the account (creating it if new) and returns the only copy of the private key. */
  async register(
    email: string,
    projectId: string,
    tokenUri: string,
  ): Promise<ServiceAccountKeyFile> {
    const { publicKey, privateKey } = await generateRsa("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    let account = this.accounts.find((a) => a.email === email);
    if (!account) {
      account = { email, projectId, clientId: numericId(21), keys: [] };
      this.accounts.push(account);
    }
    const keyId = randomBytes(20).toString("hex");
    account.keys.push({ id: keyId, publicKeyPem: publicKey });
    this.save();
    return {
      type: "service_account",
      project_id: account.projectId,
      private_key_id: keyId,
      private_key: privateKey,
      client_email: email,
      client_id: account.clientId,
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: tokenUri,
      auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
      universe_domain: "googleapis.com",
    };
  }

  /** Checks a JWT-bearer grant assertion as Google's token endpoint does. */
  async verifyGrant(assertion: string, audiences: string[]): Promise<Assertion> {
    const payload = await this.verify(assertion, audiences);
    if (payload.sub !== undefined && payload.sub !== payload.iss) {
      throw new GrantError(
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
      );
    }
    const scope = typeof payload.scope === "string" ? payload.scope.trim() : "";
    if (!scope) {
      throw new GrantError("invalid_scope", "Invalid oauth scope or ID token audience provided.");
    }
    return { email: String(payload.iss), scopes: scope.split(/\s+/) };
  }

  private async verify(jwt: string, audiences: string[]): Promise<JWTPayload> {
    let claims: JWTPayload;
    let kid: string | undefined;
    try {
      claims = decodeJwt(jwt);
      kid = decodeProtectedHeader(jwt).kid;
    } catch {
      throw new GrantError("invalid_grant", "Invalid JWT: the assertion is not a well-formed JWT.");
    }
    const account = this.accounts.find((a) => a.email === claims.iss);
    if (!account) throw new GrantError("invalid_grant", "Invalid grant: account not found");
    const candidates = kid ? account.keys.filter((k) => k.id === kid) : account.keys;
    for (const key of candidates) {
      const publicKey = await importSPKI(key.publicKeyPem, "RS256");
      try {
        const { payload } = await jwtVerify(jwt, publicKey, {
          algorithms: ["RS256"],
          issuer: account.email,
          audience: audiences,
          currentDate: this.clock(),
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ["iat", "exp"],
        });
        if ((payload.exp ?? 0) - (payload.iat ?? 0) > MAX_ASSERTION_SECONDS) throw shortLived();
        return payload;
      } catch (error) {
        if (error instanceof GrantError) throw error;
        const code = (error as { code?: string }).code;
        if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") continue;
        if (
          code === "ERR_JWT_CLAIM_VALIDATION_FAILED" &&
          (error as { claim?: string }).claim === "aud"
        ) {
          throw new GrantError("invalid_grant", "Invalid JWT: audience is not the token endpoint.");
        }
        if (code === "ERR_JWT_EXPIRED" || code === "ERR_JWT_CLAIM_VALIDATION_FAILED")
          throw shortLived();
        throw new GrantError("invalid_grant", `Invalid JWT: ${String((error as Error).message)}`);
      }
    }
    throw new GrantError("invalid_grant", "Invalid JWT Signature.");
  }

  private save(): void {
    this.dir?.writeJson(ACCOUNTS_FILE, this.accounts);
  }
}

function shortLived(): GrantError {
  return new GrantError(
    "invalid_grant",
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
  );
}

function numericId(digits: number): string {
  return Array.from(randomBytes(digits), (b) => String(b % 10))
    .join("")
    .replace(/^0/, "1");
}
