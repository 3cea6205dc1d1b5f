import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { app } from "../../src/app";

describe("GET /healthz", () => {
  it("answers 200 with the version and a D1 round trip", async () => {
    const res = await app.request("/healthz", {}, env);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; db: { ok: boolean } };
    expect(body).toMatchObject({ status: "ok", version: pkg.version, db: { ok: true } });
  });

  it("needs no token", async () => {
    const res = await app.request("/healthz", {}, { ...env, ADMIN_TOKEN: "something-else" });
    expect(res.status).toBe(200);
  });

  it("unknown paths are 404 in Chinese", async () => {
    const res = await app.request("/nope", {}, env);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "没有这个接口" });
  });
});
