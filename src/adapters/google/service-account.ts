import { importPKCS8, SignJWT } from "jose";
import { z } from "zod";

/** The fields of a Google service-account JSON key file that the worker uses. */
export const ServiceAccountKey = z.object({
  type: z.literal("service_account"),
  client_email: z.string().email(),
  private_key: z.string().includes("PRIVATE KEY"),
  private_key_id: z.string().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountKey>;

export function parseServiceAccountKey(json: string | undefined): ServiceAccountKey {
  if (!json)
    throw new Error("GOOGLE_SERVICE_ACCOUNT_KEY 未配置：请用 wrangler secret put 设置服务账号密钥");
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("GOOGLE_SERVICE_ACCOUNT_KEY 不是合法的 JSON");
  }
  const parsed = ServiceAccountKey.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new Error(`GOOGLE_SERVICE_ACCOUNT_KEY 缺少或有误的字段：${fields}`);
  }
  return parsed.data;
}

/**
 * The pool: the default account first, then those of GOOGLE_SERVICE_ACCOUNTS (a JSON array of
 * key files), each address once. Errors name the position of a bad key, never its content.
 */
export function parseServiceAccountPool(
  single: string | undefined,
  more: string | undefined,
): ServiceAccountKey[] {
  const first = parseServiceAccountKey(single);
  if (more === undefined || more.trim() === "") return [first];
  let raw: unknown;
  try {
    raw = JSON.parse(more);
  } catch {
    throw new Error("GOOGLE_SERVICE_ACCOUNTS 不是合法的 JSON");
  }
  if (!Array.isArray(raw)) throw new Error("GOOGLE_SERVICE_ACCOUNTS 应是服务账号密钥的 JSON 数组");
  const pool = new Map([[first.client_email, first]]);
  for (const [i, item] of raw.entries()) {
    const parsed = ServiceAccountKey.safeParse(item);
    if (!parsed.success)
      throw new Error(`GOOGLE_SERVICE_ACCOUNTS 第 ${i + 1} 个密钥缺少或有误的字段`);
    if (!pool.has(parsed.data.client_email)) pool.set(parsed.data.client_email, parsed.data);
  }
  return [...pool.values()];
}

export const SCOPES = [
  "https://www.googleapis.com/auth/spreadsheets",
  "https://www.googleapis.com/auth/drive",
].join(" ");

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Tokens live for an hour; renewing a little early keeps a long sync from using a dead one. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
const cache = new Map<string, CachedToken>();

export interface TokenDeps {
  fetch: typeof fetch;
  now: () => number;
}

/**
 * An access token for the service account via the JWT-bearer grant (RFC 7523), signed with
 * WebCrypto through jose. Cached per isolate so a queue batch pays for at most one token request.
 */
export async function getAccessToken(
  key: ServiceAccountKey,
  tokenUrl: string,
  deps: TokenDeps,
): Promise<string> {
  const cacheKey = `${key.client_email} ${tokenUrl}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.expiresAt - RENEW_BEFORE_MS > deps.now()) return hit.token;

  const assertion = await signAssertion(key, tokenUrl, deps.now());
  const res = await deps.fetch(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion,
    }),
  });
  if (!res.ok) {
    throw new Error(`服务账号换取访问令牌失败（HTTP ${res.status}）`);
  }
  const body = TokenResponse.parse(await res.json());
  cache.set(cacheKey, { token: body.access_token, expiresAt: deps.now() + body.expires_in * 1000 });
  return body.access_token;
}

async function signAssertion(key: ServiceAccountKey, audience: string, nowMs: number) {
  const privateKey = await importPKCS8(key.private_key, "RS256");
  const iat = Math.floor(nowMs / 1000);
  const header = key.private_key_id
    ? { alg: "RS256", typ: "JWT", kid: key.private_key_id }
    : { alg: "RS256", typ: "JWT" };
  return new SignJWT({ scope: SCOPES })
    .setProtectedHeader(header)
    .setIssuer(key.client_email)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(privateKey);
}

/** Test hook: forget cached tokens (e.g. after the emulator was reset). */
export function clearTokenCache(): void {
  cache.clear();
}
