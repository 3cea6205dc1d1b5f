/**
 * The daily part of dated effects (docs/business-modules.md "Dates"): on every cron tick (and
 * every `POST /api/sync`), the requests approved ahead of their date whose date has come are
 * completed, each through the store's `applyTransition` (the same effect statements as an
 * immediate completion, in one guarded D1 batch with the event).
 *
 * Guarantees:
 * - an idle tick costs one D1 query (the scheduled requests), no Google request;
 * - redelivery safe: each step is guarded by `state = 'scheduled'`, so a second run, a
 *   concurrent tick or a crash in between applies it once;
 * - the schools of an applied request are owed a sync (`business_county_syncs`) before the
 *   step, so the county work of the same tick (a forced recheck sync) converges both sheets; a
 *   step that did not land (the 调出学校 still has unsettled records) owes nothing and is tried
 *   again on the next tick.
 */
import type { IdCrypto } from "../adapters/crypto/index";
import { applyTransition } from "../adapters/store/business";
import { owePendingSyncs } from "../adapters/store/business-county";
import { forgetOwedSyncs, scheduledRequests } from "../adapters/store/business-dated";
import { beijingDay, dueRequests } from "../core/business/index";

export interface DatedOutcome {
  /** Requests waiting for a date, due or not. */
  readonly scheduled: number;
  /** Completed now. */
  readonly applied: number;
  /** Due but refused for now (with the reason kept in the log line, no personal data). */
  readonly held: number;
}

/** The actor the log shows for a step no one takes: the date has come. */
export const DATE_ACTOR = "系统（到生效日期）";

export async function applyDueEffects(
  deps: { readonly db: D1Database; readonly crypto: IdCrypto },
  now: Date,
): Promise<DatedOutcome> {
  const { db, crypto } = deps;
  const scheduled = await scheduledRequests(db);
  const at = now.toISOString();
  let applied = 0;
  let held = 0;
  for (const request of dueRequests(scheduled, beijingDay(now))) {
    const schools = [request.initiatorSchool, request.otherSchool].flatMap((c) =>
      c === null ? [] : [c],
    );
    await owePendingSyncs(db, request.id, schools, at);
    const step = await applyTransition(db, request.id, "confirm", "system", {
      actor: DATE_ACTOR,
      reason: null,
      at,
      from: "scheduled",
      crypto,
    });
    if (step.ok && step.applied) applied += 1;
    else if (!step.ok) {
      held += 1;
      await forgetOwedSyncs(db, request.id, at);
    }
  }
  return { scheduled: scheduled.length, applied, held };
}
