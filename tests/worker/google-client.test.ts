import { exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createGoogleClient,
  GoogleApiError,
  type QuotaKeeper,
} from "../../src/adapters/google/client";
import { clearTokenCache, type ServiceAccountKey } from "../../src/adapters/google/service-account";

const TOKEN_URL = "https://oauth.test/token";
const API_URL = "https://sheets.test/v4/spreadsheets/abc";
let key: ServiceAccountKey;
let publicKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  publicKey = pair.publicKey;
  key = {
    type: "service_account",
    client_email: "sync@tmis.iam.example",
    private_key: await exportPKCS8(pair.privateKey),
    private_key_id: "k1",
  };
});
beforeEach(() => clearTokenCache());

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A scripted Google: the token endpoint always works, API answers follow `replies` in order. */
function scriptedFetch(replies: Reply[]) {
  const calls: { url: string; auth: string | null; body: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ url, auth: headers.get("authorization"), body: (init?.body as string) ?? null });
    if (url === TOKEN_URL) {
      return Response.json({ access_token: "tok-1", expires_in: 3600, token_type: "Bearer" });
    }
    const reply = replies.shift() ?? { status: 500 };
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: reply.headers,
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function clientWith(replies: Reply[], sleeps: number[] = []) {
  const scripted = scriptedFetch(replies);
  const client = createGoogleClient({
    key,
    tokenUrl: TOKEN_URL,
    fetch: scripted.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    maxAttempts: 4,
  });
  return { client, calls: scripted.calls, sleeps };
}

const Ok = z.object({ ok: z.literal(true) });
const get = { method: "GET" as const, url: API_URL, schema: Ok, label: "sheets.spreadsheets.get" };

describe("Google client", () => {
  it("signs a JWT-bearer assertion the token endpoint can verify, then calls with the token", async () => {
    const { client, calls } = clientWith([{ status: 200, body: { ok: true } }]);
    await expect(client.request(get)).resolves.toEqual({ ok: true });
    const tokenCall = calls.find((c) => c.url === TOKEN_URL);
    const assertion = new URLSearchParams(tokenCall?.body ?? "").get("assertion") ?? "";
    const { payload, protectedHeader } = await jwtVerify(assertion, publicKey, {
      issuer: key.client_email,
      audience: TOKEN_URL,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: "k1" });
    expect(payload.scope).toContain("spreadsheets");
    expect(calls.find((c) => c.url === API_URL)?.auth).toBe("Bearer tok-1");
  });

  it("caches the token across requests", async () => {
    const { client, calls } = clientWith([
      { status: 200, body: { ok: true } },
      { status: 200, body: { ok: true } },
    ]);
    await client.request(get);
    await client.request(get);
    expect(calls.filter((c) => c.url === TOKEN_URL)).toHaveLength(1);
  });

  it("retries 429 and 5xx with growing, jittered backoff", async () => {
    const { client, calls, sleeps } = clientWith([
      { status: 429, body: { error: { code: 429, status: "RESOURCE_EXHAUSTED", message: "q" } } },
      { status: 503 },
      { status: 200, body: { ok: true } },
    ]);
    await expect(client.request(get)).resolves.toEqual({ ok: true });
    expect(calls.filter((c) => c.url === API_URL)).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it("waits at least what Retry-After asks", async () => {
    const { client, sleeps } = clientWith([
      { status: 429, headers: { "retry-after": "7" } },
      { status: 200, body: { ok: true } },
    ]);
    await client.request(get);
    expect(sleeps).toEqual([7000]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const { client, calls } = clientWith([
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    ]);
    await expect(client.request(get)).rejects.toBeInstanceOf(GoogleApiError);
    expect(calls.filter((c) => c.url === API_URL)).toHaveLength(4);
  });

  it("does not retry a 403 and reports Google's status", async () => {
    const { client, calls } = clientWith([
      { status: 403, body: { error: { code: 403, status: "PERMISSION_DENIED", message: "no" } } },
    ]);
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ httpStatus: 403, googleStatus: "PERMISSION_DENIED" });
    expect(calls.filter((c) => c.url === API_URL)).toHaveLength(1);
  });

  it("tells the keeper when Google answered each attempt, a refused or failed one too", async () => {
    const log: string[] = [];
    let clock = 0;
    const keeper: QuotaKeeper = {
      reserve: async (bucket, accounts) => {
        log.push(`reserve ${bucket} at ${clock}`);
        return { granted: true, account: accounts[0] as string, at: clock };
      },
      settle: async (bucket, account, at) => {
        log.push(`settle ${bucket} ${account} granted ${at} answered by ${clock}`);
      },
    };
    const scripted = scriptedFetch([{ status: 429 }, { status: 200, body: { ok: true } }]);
    const client = createGoogleClient({
      key,
      keeper,
      tokenUrl: TOKEN_URL,
      now: () => clock,
      // Each answer takes 3 s to come back, each backoff 1 s.
      fetch: async (input, init) => {
        clock += 3_000;
        return scripted.fetch(input, init);
      },
      sleep: async () => {
        clock += 1_000;
      },
      random: () => 0.5,
    });
    await expect(client.request(get)).resolves.toEqual({ ok: true });
    expect(log).toEqual([
      "reserve sheetsRead at 0",
      // the token fetch took 3 s too
      `settle sheetsRead ${key.client_email} granted 0 answered by 6000`,
      "reserve sheetsRead at 7000",
      `settle sheetsRead ${key.client_email} granted 7000 answered by 10000`,
    ]);
  });

  it("rejects a response that does not match the schema", async () => {
    const { client } = clientWith([{ status: 200, body: { ok: "yes" } }]);
    await expect(client.request(get)).rejects.toThrow();
  });
});
