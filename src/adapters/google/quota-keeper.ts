import { DurableObject } from "cloudflare:workers";
import {
  type QuotaBucket,
  QuotaLedger,
  type QuotaLimits,
  type Reservation,
} from "../../core/quota/ledger";
import type { QuotaKeeper } from "./client";

/**
 * The one keeper of the project's Google quotas: every queue batch, cron tick and API call asks
 * this Durable Object (a single instance, by name) before each request, so isolates running at
 * once share one per-minute budget per account and for the project. A Durable Object because it
 * is the one place Cloudflare runs as a single instance with in-memory state and serialised
 * calls; D1 would cost a write per request and races between isolates.
 *
 * The ledger lives in memory only: it holds one minute of history, and an evicted object has
 * been idle, so a fresh one starts from a budget that is truly unused (at worst a request meets
 * Google's 429, which defers). Two calls per request (the grant, then the answer that says when
 * Google had counted it at the latest) cost a millisecond each next to Google's ~100.
 */
export class QuotaKeeperObject extends DurableObject {
  private readonly ledger = new QuotaLedger();

  reserve(
    bucket: QuotaBucket,
    accounts: string[],
    maxWaitMs: number,
    limits?: QuotaLimits,
  ): Reservation {
    return this.ledger.reserve(bucket, accounts, Date.now(), maxWaitMs, limits);
  }

  settle(bucket: QuotaBucket, account: string, at: number): void {
    this.ledger.settle(bucket, account, at, Date.now());
  }
}

/** The project's single keeper. */
export function durableQuotaKeeper(
  namespace: DurableObjectNamespace<QuotaKeeperObject>,
): QuotaKeeper {
  const stub = namespace.get(namespace.idFromName("google-quota"));
  return {
    reserve: async (bucket, accounts, maxWaitMs, limits) =>
      (await stub.reserve(bucket, accounts, maxWaitMs, limits)) as Reservation,
    settle: async (bucket, account, at) => {
      await stub.settle(bucket, account, at);
    },
  };
}
