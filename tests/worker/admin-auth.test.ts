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

  it("lets the right token through to the route", async () => {
    // No service-account key in this environment: the route runs and reports that clearly.
    const res = await sync(
      { authorization: `Bearer ${TOKEN}` },
      { GOOGLE_SERVICE_ACCOUNT_KEY: undefined },
    );
    expect(res.status).toBe(500);
    expect(((await res.json()) as { detail: string }).detail).toContain(
      "GOOGLE_SERVICE_ACCOUNT_KEY",
    );
  });
});
