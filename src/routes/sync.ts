import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { type Google, googleFromEnv } from "../adapters/google/index";
import { cycleProgress, recordQueuedCycle } from "../adapters/store/sync-runs";
import { recordPollCycle } from "../adapters/store/sync-state";
import type { Env } from "../env";
import { runOwedCountyWork } from "../jobs/county-work";
import { runDayJobs } from "../jobs/day-jobs";
import { handleSyncMessage } from "../jobs/dispatch";
import { enqueueSyncs, findChangedSpreadsheets } from "../jobs/poll";
import { type ReconcileOutcome, reconcileCountySheet } from "../jobs/recheck-append";

/**
 * `POST /api/sync`: a poll cycle now. By default the changed spreadsheets and the county work a
 * cron tick would find are queued, as the tick queues them, and the answer comes at once with
 * what was queued and where to follow it (`GET /api/sync/:id`): a county's worth of syncs takes
 * as long as the quota allows, past any HTTP client's patience. `?wait=1` syncs inline instead
 * and answers with what it did (the demo, practice and tests that check the result right away).
 */
export const sync = new Hono<{ Bindings: Env }>()
  .post("/", async (c) => {
    const now = new Date();
    const google = googleFromEnv(c.env);
    if (c.req.query("wait") === "1") return c.json(await syncInline(c.env, google, now));
    const poll = await findChangedSpreadsheets(c.env.DB, google, now);
    await enqueueSyncs(c.env.SYNC_QUEUE, poll.changed);
    // The day's jobs, as the cron tick runs them: the schools of a request completed on its
    // date are owed a sync, which the county work below queues; a home school whose 人员状态 a
    // rotation moved is queued for a sync that shows it.
    const { rotations } = await runDayJobs(c.env, now);
    await enqueueSyncs(c.env.SYNC_QUEUE, rotations.wake);
    const county = { recheck: false, reconcile: false };
    const queued = [...poll.changed, ...rotations.wake];
    await runOwedCountyWork(c.env.DB, google, poll.changed, {
      recheck: async (message) => {
        county.recheck = true;
        queued.push(message);
        await c.env.SYNC_QUEUE.send(message);
      },
      reconcile: async () => {
        county.reconcile = true;
        await c.env.RECHECK_QUEUE.send({ kind: "reconcile", from: "api" });
      },
    });
    const cycle = await recordQueuedCycle(c.env.DB, now.toISOString(), queued);
    return c.json(
      {
        id: cycle.id,
        listed: poll.listed,
        changed: poll.changed.length,
        queued: queued.map((m) => ({ kind: m.kind, spreadsheetId: m.spreadsheetId })),
        county,
        progress: `/api/sync/${cycle.id}`,
      },
      202,
    );
  })
  .get("/:id", async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || id < 1)
      throw new HTTPException(400, { message: "同步编号应为正整数" });
    const progress = await cycleProgress(c.env.DB, id);
    if (progress === null) throw new HTTPException(404, { message: `没有编号为 ${id} 的同步` });
    const done = progress.items.filter((item) => item.done).length;
    return c.json({
      id: progress.id,
      startedAt: progress.startedAt,
      total: progress.items.length,
      done,
      waiting: progress.items.length - done,
      items: progress.items.map((item) => ({
        kind: item.kind,
        spreadsheetId: item.spreadsheetId,
        schoolCode: item.schoolCode,
        status: item.done ? "已同步" : item.retryAt !== null ? "配额已满，延后" : "排队中",
        retryAt: item.retryAt,
      })),
    });
  });

/**
 * The inline cycle (`?wait=1`): each changed spreadsheet synced in turn, then the owed county
 * work done inline too, so a lost wake-up needs no tick; and what it did.
 */
async function syncInline(env: Env, google: Google, now: Date) {
  const poll = await findChangedSpreadsheets(env.DB, google, now);
  const synced = [];
  // In sequence: the keeper paces requests anyway, and order keeps logs readable.
  for (const message of poll.changed) {
    synced.push(await handleSyncMessage(env, message, now, google));
  }
  // The day's jobs, as the cron tick runs them; a home school whose 人员状态 a rotation moved is
  // synced again to show it.
  const { rotations } = await runDayJobs(env, now);
  for (const message of rotations.wake)
    synced.push(await handleSyncMessage(env, message, now, google));
  // Typed by assertion: assigned in a callback, so the checker must not narrow it to null.
  let county = null as ReconcileOutcome | null;
  await runOwedCountyWork(env.DB, google, poll.changed, {
    recheck: async (message) => {
      synced.push(await handleSyncMessage(env, message, now, google));
    },
    reconcile: async () => {
      county = await reconcileCountySheet({ db: env.DB, google, now });
    },
  });
  await recordPollCycle(env.DB, {
    startedAt: now.toISOString(),
    trigger: "api",
    changed: poll.changed.length,
    enqueued: 0,
  });
  return { listed: poll.listed, changed: poll.changed.length, synced, county };
}
