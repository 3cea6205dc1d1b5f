import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";

const TOKEN = "test-admin-token";

function sync(headers: Record<string, string>, overrides: Partial<typeof env> = {}) {
  return app.request("/api/sync", { method: "POST", headers }, { ...env, ...overrides });
}

describe("admin API authentication", () => {
  it.each([
    ["no header", {}],
    ["empty bearer", { authorization: "Bearer " }],
    ["wrong token", { authorization: "Bearer wrong-token" }],
    ["token prefix", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["token plus suffix", { authorization: `Bearer ${TOKEN}x` }],
    ["basic scheme", { authorization: `Basic ${TOKEN}` }],
    ["lowercase scheme and no space", { authorization: `bearer${TOKEN}` }],
    ["token in a query-like header", { "x-admin-token": TOKEN }],
    ["two tokens", { authorization: `Bearer ${TOKEN} Bearer ${TOKEN}` }],
  ])("refuses %s with 401", async (_, headers) => {
    const res = await sync(headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { error: string }).error).toMatch(/令牌/);
  });

  it("fails closed when no ADMIN_TOKEN is configured, even for an empty bearer", async () => {
    const res = await sync({ authorization: "Bearer " }, { ADMIN_TOKEN: "" });
    expect(res.status).toBe(401);
    const unset = await sync({ authorization: "Bearer undefined" }, { ADMIN_TOKEN: undefined });
    expect(unset.status).toBe(401);
  });

  it.each(["Bearer", "bearer", "BEARER"])(
    "lets the right token through to the route with the scheme spelt %s",
    async (scheme) => {
      // Auth schemes are case-insensitive (RFC 9110 §11.1). No service-account key in this
      // environment: the route runs and fails, which proves the guard let the call through.
      const res = await sync(
        { authorization: `${scheme} ${TOKEN}` },
        { GOOGLE_SERVICE_ACCOUNT_KEY: undefined },
      );
      expect(res.status).toBe(500);
    },
  );

  it("answers a failure without the error's text, and never lets a reply be cached", async () => {
    const res = await sync(
      { authorization: `Bearer ${TOKEN}` },
      { GOOGLE_SERVICE_ACCOUNT_KEY: undefined },
    );
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ error: "服务器内部错误" });
    const refused = await sync({});
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });
});
