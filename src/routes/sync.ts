import { Hono } from "hono";
import { idCryptoFromEnv } from "../adapters/crypto/index";
import { googleFromEnv } from "../adapters/google/index";
import { recordPollCycle } from "../adapters/store/sync-state";
import type { Env } from "../env";
import { runOwedCountyWork } from "../jobs/county-work";
import { applyDueEffects } from "../jobs/dated-effects";
import { handleSyncMessage } from "../jobs/dispatch";
import { findChangedSpreadsheets } from "../jobs/poll";
import { type ReconcileOutcome, reconcileCountySheet } from "../jobs/recheck-append";

/**
 * `POST /api/sync`: a poll cycle now, each changed spreadsheet synced inline, then the county
 * work a cron tick would find (owed decisions, rows owed to the county sheet) done inline too, so
 * a lost wake-up needs no tick; and what it did.
 */
export const sync = new Hono<{ Bindings: Env }>().post("/", async (c) => {
  const now = new Date();
  const google = googleFromEnv(c.env);
  const poll = await findChangedSpreadsheets(c.env.DB, google, now);
  const synced = [];
  // In sequence: the limiter would serialise most of it anyway, and order keeps logs readable.
  for (const message of poll.changed) {
    synced.push(await handleSyncMessage(c.env, message, now, google));
  }
  // Approved requests whose date has come, as the cron tick applies them.
  await applyDueEffects({ db: c.env.DB, crypto: await idCryptoFromEnv(c.env) }, now);
  // Typed by assertion: assigned in a callback, so the checker must not narrow it to null.
  let county = null as ReconcileOutcome | null;
  await runOwedCountyWork(c.env.DB, google, poll.changed, {
    recheck: async (message) => {
      synced.push(await handleSyncMessage(c.env, message, now, google));
    },
    reconcile: async () => {
      county = await reconcileCountySheet({ db: c.env.DB, google, now });
    },
  });
  await recordPollCycle(c.env.DB, {
    startedAt: now.toISOString(),
    trigger: "api",
    changed: poll.changed.length,
    enqueued: 0,
  });
  return c.json({ listed: poll.listed, changed: poll.changed.length, synced, county });
});
