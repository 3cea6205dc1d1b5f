import { isQuotaRefusal, QuotaDeferredError } from "./adapters/google/client";
import { type Google, googleFromEnv } from "./adapters/google/index";
import { recordDeferral } from "./adapters/store/sync-waiting";
import { app } from "./app";
import { loggableError } from "./core/log/redact";
import { queueRetryDelaySeconds } from "./core/sync/retry-delay";
import type { Env } from "./env";
import { dailyAccounts } from "./jobs/accounts";
import { runOwedCountyWork } from "./jobs/county-work";
import { writeCreditTabs } from "./jobs/credits";
import { runDayJobs } from "./jobs/day-jobs";
import { handleSyncMessage } from "./jobs/dispatch";
import { runAlone } from "./jobs/job-lease";
import { RecheckMessage, SyncMessage } from "./jobs/messages";
import { runScheduledPoll } from "./jobs/poll";
import { reconcileCountySheet } from "./jobs/recheck-append";
import { dailySharingAudit } from "./jobs/sharing";
import { buildSummary, chinaDate } from "./jobs/summary";

async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  try {
    await tick(controller, env);
  } catch (error) {
    // The quota is spent for now: what this tick did not reach, the next one finds again.
    if (!isQuotaRefusal(error)) throw error;
    console.log(JSON.stringify({ event: "tick_deferred_for_quota" }));
  }
}

async function tick(controller: ScheduledController, env: Env): Promise<void> {
  // One client for the cycle, so its rate limiter spans the poll and the summary build.
  const google = googleFromEnv(env, "background");
  const result = await runScheduledPoll(
    env.DB,
    env.SYNC_QUEUE,
    google,
    new Date(controller.scheduledTime),
  );
  // How many of the changed are schools: `npm start` waits for their syncs to report a tick.
  const schools = result.changed.filter((message) => message.kind === "school").length;
  console.log(
    JSON.stringify({
      event: "poll",
      listed: result.listed,
      changed: result.changed.length,
      schools,
    }),
  );
  // The day's jobs (day-jobs.ts): approved requests whose date has come take effect, their
  // schools owed a sync that the county work just below runs; a rotation's start and end move its
  // home school's 人员状态 (205 and back), the school woken to show it.
  const { dated, rotations } = await runDayJobs(env, new Date(controller.scheduledTime));
  if (dated.scheduled > 0) console.log(JSON.stringify({ event: "dated_effects", ...dated }));
  if (rotations.wake.length > 0)
    await env.SYNC_QUEUE.sendBatch(rotations.wake.map((body) => ({ body })));
  if (rotations.started + rotations.ended > 0)
    console.log(
      JSON.stringify({
        event: "rotation_status",
        started: rotations.started,
        ended: rotations.ended,
      }),
    );
  // The school sync wakes the recheck consumer; this catches a wake-up that was lost.
  await runOwedCountyWork(env.DB, google, result.changed, {
    recheck: async (message) => {
      await env.SYNC_QUEUE.send(message);
    },
    reconcile: async () => {
      await env.RECHECK_QUEUE.send({ kind: "reconcile", from: "cron" });
    },
  });
  // Once a day at most (tracked in D1): expired passwords blanked, owed 账号 rows written.
  await dailyAccounts(env, new Date(controller.scheduledTime));
  // Once a day at most: grants on school spreadsheets that provisioning did not make. Before the
  // summary, so the day's 总览 shows what the day's audit found.
  // A failed audit must not cost the day's summary; it is redone on the next tick.
  try {
    const sharing = await dailySharingAudit(env, google, new Date(controller.scheduledTime));
    console.log(JSON.stringify({ event: "sharing_audit", ...sharing }));
  } catch (error) {
    console.error(JSON.stringify({ event: "sharing_audit_failed", error: loggableError(error) }));
  }
  // Rebuilt only when the registry moved; an unchanged cycle makes no Google request.
  const summary = await buildSummary(
    env.DB,
    google,
    new Date(controller.scheduledTime),
    env.CAMPAIGN,
  );
  console.log(JSON.stringify({ event: "summary", ...summary }));
  // Each school's 学分台账, rewritten only where its numbers changed.
  const now = new Date(controller.scheduledTime);
  // Never overlapping the previous tick's run, which may still be writing (job-lease.ts).
  const credits = await runAlone(env.DB, "credit-tabs", now, () =>
    writeCreditTabs(env.DB, google, chinaDate(now), now),
  );
  console.log(JSON.stringify({ event: "credits", ...credits }));
}

/** One reconcile serves the whole batch: the work is read from D1, not from the messages. */
async function recheckBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const valid = batch.messages.filter((message) => RecheckMessage.safeParse(message.body).success);
  for (const message of batch.messages) if (!valid.includes(message)) message.ack();
  if (valid.length === 0) return;
  try {
    const outcome = await reconcileCountySheet({
      db: env.DB,
      google: googleFromEnv(env, "background"),
      now: new Date(),
    });
    console.log(JSON.stringify({ event: "recheck", ...outcome }));
    if (outcome.status === "no_sheet") {
      for (const message of valid)
        message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
    } else for (const message of valid) message.ack();
  } catch (error) {
    if (isQuotaRefusal(error)) {
      // One fresh message stands for the batch: the work is read from D1.
      await deferForQuota(env.RECHECK_QUEUE, { kind: "reconcile", from: "quota" }, error);
      for (const message of valid) message.ack();
      return;
    }
    console.error(
      JSON.stringify({
        event: "recheck_failed",
        error: loggableError(error),
      }),
    );
    for (const message of valid)
      message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
  }
}

/**
 * A quota refusal is not a failure: the work is sent again as a fresh message, delayed until the
 * budget frees up, so no count of attempts ever moves it to the dead-letter queue.
 */
async function deferForQuota<T>(queue: Queue<T>, body: T, error: unknown): Promise<number> {
  const delaySeconds = quotaDelaySeconds(error);
  console.log(JSON.stringify({ event: "deferred_for_quota", delaySeconds }));
  await queue.send(body, { delaySeconds });
  return delaySeconds;
}

/** What the keeper said, or a minute (Google's window) after Google's own 429. */
function quotaDelaySeconds(error: unknown): number {
  const ms = error instanceof QuotaDeferredError ? error.retryInMs : 60_000;
  return Math.min(600, Math.max(5, Math.ceil(ms / 1000)));
}

async function queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === "tmis-recheck") return recheckBatch(batch, env);
  if (batch.queue !== "tmis-sync") {
    // No other queue is consumed here; retrying sends it on to its dead-letter queue.
    batch.retryAll();
    return;
  }
  const bySpreadsheet = new Map<string, { message: Message<unknown>; body: SyncMessage }[]>();
  for (const message of batch.messages) {
    const parsed = SyncMessage.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed; retrying it would only delay the dead-letter queue.
      console.error(JSON.stringify({ event: "sync_message_invalid", id: message.id }));
      message.ack();
      continue;
    }
    const same = bySpreadsheet.get(parsed.data.spreadsheetId) ?? [];
    same.push({ message, body: parsed.data });
    bySpreadsheet.set(parsed.data.spreadsheetId, same);
  }
  if (bySpreadsheet.size === 0) return;
  // One client for the batch; the keeper paces its requests against the quota. Spreadsheets are
  // synced at once, so a batch costs the longest sync rather than the sum: the time a school
  // waits after its tick is the queue's backlog. A spreadsheet's own messages go one by one,
  // since a second run at once would only find it leased (busy) and come back later.
  const google = googleFromEnv(env, "background");
  await Promise.all(
    [...bySpreadsheet.values()].map(async (messages) => {
      for (const { message, body } of messages) await syncOne(env, google, message, body);
    }),
  );
}

async function syncOne(
  env: Env,
  google: Google,
  message: Message<unknown>,
  body: SyncMessage,
): Promise<void> {
  try {
    const outcome = await handleSyncMessage(env, body, new Date(), google);
    console.log(
      JSON.stringify({
        event: "sync",
        kind: body.kind,
        spreadsheetId: outcome.spreadsheetId,
        status: outcome.status,
      }),
    );
    // Another run is on this spreadsheet: come back once it is likely done.
    if (outcome.status === "busy")
      message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
    else message.ack();
  } catch (error) {
    if (isQuotaRefusal(error)) {
      const delaySeconds = await deferForQuota(env.SYNC_QUEUE, body, error);
      const retryAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
      await recordDeferral(env.DB, body.spreadsheetId, retryAt);
      message.ack();
      return;
    }
    console.error(
      JSON.stringify({
        event: "sync_failed",
        kind: body.kind,
        spreadsheetId: body.spreadsheetId,
        error: loggableError(error),
      }),
    );
    message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
  }
}

/** Durable Object classes named in wrangler.toml are exported by the main module. */
export { QuotaKeeperObject } from "./adapters/google/quota-keeper";

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env, unknown>;
