import { googleFromEnv } from "./adapters/google/index";
import { app } from "./app";
import { queueRetryDelaySeconds } from "./core/sync/retry-delay";
import type { Env } from "./env";
import { handleSyncMessage } from "./jobs/dispatch";
import { SyncMessage } from "./jobs/messages";
import { runScheduledPoll } from "./jobs/poll";

async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const result = await runScheduledPoll(
    env.DB,
    env.SYNC_QUEUE,
    googleFromEnv(env),
    new Date(controller.scheduledTime),
  );
  console.log(
    JSON.stringify({ event: "poll", listed: result.listed, changed: result.changed.length }),
  );
}

async function queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue !== "tmis-sync") {
    // The recheck consumer arrives with the review chain; until then nothing is produced for it.
    batch.retryAll();
    return;
  }
  for (const message of batch.messages) {
    const parsed = SyncMessage.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message can never succeed; retrying it would only delay the dead-letter queue.
      console.error(JSON.stringify({ event: "sync_message_invalid", id: message.id }));
      message.ack();
      continue;
    }
    try {
      const outcome = await handleSyncMessage(env, parsed.data, new Date());
      console.log(
        JSON.stringify({
          event: "sync",
          spreadsheetId: outcome.spreadsheetId,
          status: outcome.status,
        }),
      );
      message.ack();
    } catch (error) {
      console.error(
        JSON.stringify({
          event: "sync_failed",
          spreadsheetId: parsed.data.spreadsheetId,
          error: error instanceof Error ? error.message : String(error),
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
