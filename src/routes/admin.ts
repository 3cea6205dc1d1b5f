import { Hono } from "hono";
import { googleFromEnv } from "../adapters/google/index";
import { recordPollCycle } from "../adapters/store/sync-state";
import type { Env } from "../env";
import { handleSyncMessage } from "../jobs/dispatch";
import { findChangedSpreadsheets } from "../jobs/poll";
import { adminAuth } from "../middleware/admin-auth";

/** The admin API: every route needs the admin bearer token. */
export const admin = new Hono<{ Bindings: Env }>().use(adminAuth()).post("/sync", async (c) => {
  const now = new Date();
  const poll = await findChangedSpreadsheets(c.env.DB, googleFromEnv(c.env), now);
  const synced = [];
  // In sequence: the limiter would serialise most of it anyway, and order keeps logs readable.
  for (const message of poll.changed) {
    synced.push(await handleSyncMessage(c.env, message, now));
  }
  await recordPollCycle(c.env.DB, {
    startedAt: now.toISOString(),
    trigger: "api",
    changed: poll.changed.length,
    enqueued: 0,
  });
  return c.json({ listed: poll.listed, changed: poll.changed.length, synced });
});
