/**
 * The county side of a worker test that decides in the county spreadsheet: the worker's env for
 * a service account of the file's own, with the recheck and sync queues recorded instead of
 * delivered, and the loop that delivers them until the county sheet and the schools it woke are
 * synced. The tests deliver by hand so that each step's syncs and decisions happen in order.
 * Also the business requests 人事股 decides on, opened through the store as a school would.
 */
import { expect } from "vitest";
import { idCryptoFromEnv } from "../../../src/adapters/crypto/index";
import { openRequest } from "../../../src/adapters/store/business";
import type { BusinessDetails, BusinessKind } from "../../../src/core/business/index";
import type { Env } from "../../../src/env";
import type { RecheckMessage, SyncMessage } from "../../../src/jobs/messages";
import { consumeRecheck } from "./county-sheet";
import { envFor, registerServiceAccount, type ServiceAccount } from "./emulator";
import { consume, cycle } from "./schools";

export interface RecordedCounty {
  readonly sa: ServiceAccount;
  /** The worker's env, its RECHECK_QUEUE and SYNC_QUEUE recording what is sent. */
  readonly env: Env;
  /** The recheck messages sent since they were last taken (the record is emptied). */
  takeRecheck(): RecheckMessage[];
  /** Whether a recheck message was sent and not taken yet. */
  recheckWaiting(): boolean;
  /** The schools woken since they were last taken (the record is emptied). */
  takeWoken(): SyncMessage[];
}

/** A service account named `name` and the worker's env for it, with both queues recorded. */
export async function recordedCounty(name: string): Promise<RecordedCounty> {
  const sa = await registerServiceAccount(name);
  let recheckSent: RecheckMessage[] = [];
  let woken: SyncMessage[] = [];
  const recheckQueue = {
    send: async (body: RecheckMessage) => {
      recheckSent.push(body);
    },
  } as unknown as Queue<RecheckMessage>;
  const syncQueue = {
    sendBatch: async (batch: Iterable<MessageSendRequest<SyncMessage>>) => {
      woken.push(...[...batch].map((m) => m.body));
    },
    // A sync deferred for quota is sent again as a fresh message (worker.ts, deferForQuota).
    send: async (body: SyncMessage) => {
      woken.push(body);
    },
  } as unknown as Queue<SyncMessage>;
  return {
    sa,
    env: { ...envFor(sa), RECHECK_QUEUE: recheckQueue, SYNC_QUEUE: syncQueue },
    takeRecheck: () => {
      const taken = recheckSent;
      recheckSent = [];
      return taken;
    },
    recheckWaiting: () => recheckSent.length > 0,
    takeWoken: () => {
      const taken = woken;
      woken = [];
      return taken;
    },
  };
}

/** The reconcile the county's cron sends: the recheck consumer reads every county tab. */
export const RECONCILE: RecheckMessage = { kind: "reconcile", from: "test" };

export interface SettleOptions {
  /**
   * What the recheck consumer gets when a round sent recheck messages: "reconcile", one
   * reconcile (as the cron would send), or "deliver", the messages themselves.
   */
  readonly recheck: "reconcile" | "deliver";
  /**
   * When a round with no sync sent and no school woken ends the loop: "nothing-left", no recheck
   * message waits after it; "nothing-run", the recheck consumer did not run in it.
   */
  readonly quiet: "nothing-left" | "nothing-run";
  /** Fail on a sync the poll had to retry. */
  readonly noRetries?: boolean;
}

/** Polls until the county sheet and the schools it woke are synced, delivering both queues. */
export async function settleCounty(county: RecordedCounty, options: SettleOptions) {
  for (let i = 0; i < 6; i++) {
    const { sent, retried } = await cycle(county.env);
    if (options.noRetries) expect(retried).toEqual([]);
    const wake = county.takeWoken();
    if (wake.length > 0)
      await consume(
        county.env,
        wake.map((body) => ({ body, attempts: 1 })),
      );
    const bodies = county.takeRecheck();
    const ran = bodies.length > 0;
    if (ran)
      await consumeRecheck(county.env, options.recheck === "reconcile" ? [RECONCILE] : bodies);
    const quiet = options.quiet === "nothing-left" ? !county.recheckWaiting() : !ran;
    if (sent.length === 0 && wake.length === 0 && quiet) return;
  }
}

/** What a school types for a request of each kind (past dates: 人事股 may decide at once). */
export const REQUEST_DETAILS: Record<BusinessKind, BusinessDetails> = {
  transfer: { kind: "transfer", direction: "1", date: "2017-09-01", reason: "夫妻两地分居" },
  status_change: { kind: "status_change", change: "902", date: "2017-03-01", reason: "到龄退休" },
  rotation: {
    kind: "rotation",
    rotationType: "1",
    start: "2017-09",
    end: "2018-07",
    reason: "城乡交流",
  },
};

/**
 * A request of `kind` for `who` opened by `initiator` (against `other`) through the store, as
 * its info admin types it (`by`): a draft, with the teacher number the registry holds. Its id.
 */
export async function openDraft(
  env: Env,
  kind: BusinessKind,
  who: { readonly name: string; readonly id: string },
  initiator: string,
  other: string | null,
  by: { readonly actor: string; readonly at: string },
): Promise<string> {
  const crypto = await idCryptoFromEnv(env);
  const personKey = await crypto.personKey(who.id);
  const teacher = await env.DB.prepare("SELECT teacher_number FROM teachers WHERE person_key = ?")
    .bind(personKey)
    .first<{ teacher_number: string }>();
  const opened = await openRequest(
    env.DB,
    {
      kind,
      initiatorSchool: initiator,
      otherSchool: other,
      personKey,
      teacherNumber: teacher?.teacher_number ?? "",
      name: who.name,
      details: REQUEST_DETAILS[kind],
    },
    by,
  );
  if (!opened.ok) throw new Error("not opened");
  return opened.request.id;
}
