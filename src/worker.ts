import { type Google, googleFromEnv } from "./adapters/google/index";
import { app } from "./app";
import { loggableError } from "./core/log/redact";
import { queueRetryDelaySeconds } from "./core/sync/retry-delay";
import type { Env } from "./env";
import { dailyAccounts } from "./jobs/accounts";
import { runOwedCountyWork } from "./jobs/county-work";
import { writeCreditTabs } from "./jobs/credits";
import { handleSyncMessage } from "./jobs/dispatch";
import { RecheckMessage, SyncMessage } from "./jobs/messages";
import { runScheduledPoll } from "./jobs/poll";
import { reconcileCountySheet } from "./jobs/recheck-append";
import { dailySharingAudit } from "./jobs/sharing";
import { buildSummary, chinaDate } from "./jobs/summary";

async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  // One client for the cycle, so its rate limiter spans the poll and the summary build.
  const google = googleFromEnv(env);
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
  const credits = await writeCreditTabs(env.DB, google, chinaDate(now), now);
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
      google: googleFromEnv(env),
      now: new Date(),
    });
    console.log(JSON.stringify({ event: "recheck", ...outcome }));
    if (outcome.status === "no_sheet") {
      for (const message of valid)
        message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
    } else for (const message of valid) message.ack();
  } catch (error) {
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

async function queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === "tmis-recheck") return recheckBatch(batch, env);
  if (batch.queue !== "tmis-sync") {
    // No other queue is consumed here; retrying sends it on to its dead-letter queue.
    batch.retryAll();
    return;
  }
  let google: Google | undefined;
  for (const message of batch.messages) {
    const parsed = SyncMessage.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed; retrying it would only delay the dead-letter queue.
      console.error(JSON.stringify({ event: "sync_message_invalid", id: message.id }));
      message.ack();
      continue;
    }
    try {
      google ??= googleFromEnv(env);
      const outcome = await handleSyncMessage(env, parsed.data, new Date(), google);
      console.log(
        JSON.stringify({
          event: "sync",
          kind: parsed.data.kind,
          spreadsheetId: outcome.spreadsheetId,
          status: outcome.status,
        }),
      );
      // Another run is on this spreadsheet: come back once it is likely done.
      if (outcome.status === "busy")
        message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
      else message.ack();
    } catch (error) {
      console.error(
        JSON.stringify({
          event: "sync_failed",
          kind: parsed.data.kind,
          spreadsheetId: parsed.data.spreadsheetId,
          error: loggableError(error),
        }),
      );
      message.retry({ delaySeconds: queueRetryDelaySeconds(message.attempts) });
    }
  }
}

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env, unknown>;
