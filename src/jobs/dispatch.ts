import { idCryptoFromEnv } from "../adapters/crypto/index";
import { type Google, googleFromEnv } from "../adapters/google/index";
import { schoolSpreadsheets } from "../adapters/store/claims";
import { takeLease, whileHolding } from "../adapters/store/leases";
import { clearWaiting } from "../adapters/store/sync-waiting";
import { shippedTemplates } from "../core/templates/bundle";
import type { Env } from "../env";
import { type AccountResetOutcome, syncAccountSheet } from "./account-resets";
import { hasApprovalWork } from "./approvals";
import { hasCreditWork } from "./credit-confirm";
import { hashBudgetFromEnv } from "./hash-budget";
import type { SyncMessage } from "./messages";
import { type RecheckSyncOutcome, syncRecheckSheet } from "./recheck-decisions";
import { portalBaseOf } from "./slip-links";
import { type SchoolSyncOutcome, syncSchoolSheet } from "./sync-school";

/** Record ids and change-request ids: 10 base32 characters, 50 random bits. */
export function randomId(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Routes one sync message: a school's sheet runs the review chain, and wakes the recheck
 * consumer when the county sheet has something new to show; the county recheck sheet has its
 * decisions read and applied. Under the spreadsheet's lease: while another run holds it, nothing
 * is read or written and the outcome is `busy` (the queue re-delivers; the API says so).
 */
export async function handleSyncMessage(
  env: Env,
  message: SyncMessage,
  now: Date,
  // One client for a whole queue batch, so its rate limiter spans every message of the batch.
  google: Google = googleFromEnv(env),
): Promise<SchoolSyncOutcome | RecheckSyncOutcome | AccountResetOutcome | BusyOutcome> {
  const holder = randomId();
  if (!(await takeLease(env.DB, message.spreadsheetId, holder, now)))
    return { spreadsheetId: message.spreadsheetId, status: "busy", message: BUSY_MESSAGE };
  const outcome = await whileHolding(env.DB, message.spreadsheetId, holder, () =>
    syncUnderLease(env, message, now, google),
  );
  // Synced, or found already synced: it waits no more (poll.ts queues the oldest first).
  await clearWaiting(env.DB, message.spreadsheetId);
  return outcome;
}

/** Another run holds the spreadsheet's lease: this one did nothing, and says so. */
export interface BusyOutcome {
  spreadsheetId: string;
  status: "busy";
  message: string;
}

const BUSY_MESSAGE = "另一次同步正在同步此表格，本次跳过；有改动时下一轮会再处理";

async function syncUnderLease(
  env: Env,
  message: SyncMessage,
  now: Date,
  google: Google,
): Promise<SchoolSyncOutcome | RecheckSyncOutcome | AccountResetOutcome> {
  const crypto = await idCryptoFromEnv(env);
  const deps = {
    db: env.DB,
    google,
    crypto,
    templates: shippedTemplates,
    now,
    newId: randomId,
    // One budget per message: the CPU a Worker invocation may spend is per message here.
    hashes: hashBudgetFromEnv(env),
    portalBase: portalBaseOf(env),
  };
  if (message.kind === "recheck") {
    const outcome = await syncRecheckSheet(deps, message);
    await carryOn(env, outcome.continuations);
    return outcome;
  }
  if (message.kind === "accounts") {
    const outcome = await syncAccountSheet(deps, message);
    await carryOn(env, outcome.continuation === undefined ? [] : [outcome.continuation]);
    return outcome;
  }
  const outcome = await syncSchoolSheet(deps, message, message.force === true);
  // A request the sync moved to 人事股's turn, or out of it, shows in the county approval tabs;
  // a 国内培训 row that took effect without 教师进修学校 waits in 学分确认.
  const owed =
    outcome.countyChanges > 0 || (await hasApprovalWork(env.DB)) || (await hasCreditWork(env.DB));
  if (owed) await env.RECHECK_QUEUE.send({ kind: "reconcile", from: message.spreadsheetId });
  await wakeSchools(env, [...new Set([...outcome.conflictsWith, ...outcome.businessWith])]);
  await carryOn(env, outcome.continuation === undefined ? [] : [outcome.continuation]);
  return outcome;
}

/**
 * Enqueues the rest of a school's teacher numbers or passwords, sent only once this message's
 * work is committed: a redelivered message sends it again, harmlessly (allocation is idempotent).
 */
async function carryOn(env: Env, messages: readonly SyncMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await env.SYNC_QUEUE.sendBatch(messages.map((body) => ({ body })));
}

/** A forced sync for each school (by code) that has a spreadsheet: the registry changed for it. */
async function wakeSchools(env: Env, codes: readonly string[]): Promise<void> {
  const sheets = await schoolSpreadsheets(env.DB, codes);
  if (sheets.length === 0) return;
  await env.SYNC_QUEUE.sendBatch(
    sheets.map(({ spreadsheetId, school }) => ({
      body: { kind: "school" as const, spreadsheetId, version: 0, school, force: true },
    })),
  );
}
