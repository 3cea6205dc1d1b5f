import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DataDir } from "../store/data-dir";

/**
 * Access and refresh tokens are self-contained and HMAC-signed with a secret kept in the data
 * directory, so a worker holding a token keeps working across an emulator restart, and rotating
 * the secret (a reset) revokes every token at once without keeping a token table.
 */

export const ACCESS_TOKEN_SECONDS = 3600;
export const ALL_SCOPES = [
  "https://www.googleapis.com/auth/spreadsheets",
  "https://www.googleapis.com/auth/drive",
];

export interface Identity {
  email: string;
  scopes: string[];
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
  token_type: "Bearer";
  scope: string;
}

const Claims = z.object({
  kind: z.enum(["access", "refresh"]),
  email: z.string(),
  scopes: z.array(z.string()),
  /** Expiry in epoch seconds; refresh tokens never expire. */
  exp: z.number().optional(),
});
type Claims = z.infer<typeof Claims>;

const SecretFile = z.object({ secret: z.string().min(32) });
const SECRET_FILE = "token-secret.json";
const ACCESS_PREFIX = "ya29.emu.";
const REFRESH_PREFIX = "1//emu.";

export class TokenIssuer {
  private secret: string;

  constructor(
    private readonly dir: DataDir | undefined,
    private readonly clock: () => Date,
  ) {
    const stored = SecretFile.safeParse(dir?.readJson(SECRET_FILE));
    this.secret = stored.success ? stored.data.secret : this.newSecret();
  }

  /** Invalidates every token issued so far. */
  revokeAll(): void {
    this.secret = this.newSecret();
  }

  issueAccess(email: string, scopes: string[]): IssuedToken {
    const exp = Math.floor(this.clock().getTime() / 1000) + ACCESS_TOKEN_SECONDS;
    return {
      access_token: ACCESS_PREFIX + this.sign({ kind: "access", email, scopes, exp }),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: "Bearer",
      scope: scopes.join(" "),
    };
  }

  issueRefresh(email: string, scopes: string[]): string {
    return REFRESH_PREFIX + this.sign({ kind: "refresh", email, scopes });
  }

  verifyAccess(token: string): Identity | undefined {
    const claims = this.open(token, ACCESS_PREFIX, "access");
    if (!claims || claims.exp === undefined) return undefined;
    if (claims.exp * 1000 <= this.clock().getTime()) return undefined;
    return { email: claims.email, scopes: claims.scopes };
  }

  verifyRefresh(token: string): Identity | undefined {
    const claims = this.open(token, REFRESH_PREFIX, "refresh");
    return claims && { email: claims.email, scopes: claims.scopes };
  }

  private newSecret(): string {
    const secret = randomBytes(32).toString("base64url");
    this.dir?.writeJson(SECRET_FILE, { secret });
    return secret;
  }

  private sign(claims: Claims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${payload}.${this.mac(payload)}`;
  }

  private open(token: string, prefix: string, kind: Claims["kind"]): Claims | undefined {
    if (!token.startsWith(prefix)) return undefined;
    const [payload, mac, ...rest] = token.slice(prefix.length).split(".");
    if (!payload || !mac || rest.length > 0) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = Claims.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString()));
    return claims.success && claims.data.kind === kind ? claims.data : undefined;
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }
}
