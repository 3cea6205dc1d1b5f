import { Hono } from "hono";
import type { Env } from "../env";
import { VERSION } from "../version";

/** `GET /healthz`: liveness plus a D1 round trip, so a broken binding shows up here first. */
export const health = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const started = Date.now();
  try {
    const row = await c.env.DB.prepare("SELECT 1 AS ok").first<{ ok: number }>();
    const db = { ok: row?.ok === 1, latencyMs: Date.now() - started };
    return c.json({ status: db.ok ? "ok" : "degraded", version: VERSION, db }, db.ok ? 200 : 503);
  } catch {
    return c.json(
      { status: "degraded", version: VERSION, db: { ok: false, error: "D1 不可用" } },
      503,
    );
  }
});
