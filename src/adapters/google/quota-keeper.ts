import { DurableObject } from "cloudflare:workers";
import {
  type QuotaBucket,
  QuotaLedger,
  type QuotaLimits,
  type Reservation,
  type SavedLedger,
} from "../../core/quota/ledger";
import type { Env } from "../../env";
import type { QuotaKeeper } from "./client";

/**
 * The one keeper of the project's Google quotas: every queue batch, cron tick and API call asks
 * this Durable Object (a single instance, by name) before each request, so isolates running at
 * once share one per-minute budget per account and for the project. A Durable Object because it
 * is the one place Cloudflare runs as a single instance with in-memory state and serialised
 * calls; D1 would cost a write per request and races between isolates.
 *
 * The ledger is kept in the object's storage as well as in memory: an idle object is evicted
 * sooner than a minute passes (workerd locally after 10 s), and a fresh one that started from an
 * empty minute would grant again what Google still counts. A grant is saved before it is
 * answered, so no request starts that a restarted keeper would not know of. Two calls per
 * request (the grant, then the answer that says when Google had counted it at the latest), each
 * with its storage write, cost milliseconds next to Google's ~100.
 */
export class QuotaKeeperObject extends DurableObject<Env> {
  private ledger = new QuotaLedger();
  private readonly loaded: Promise<void>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // An object idle for a while is evicted (workerd locally after 10 s, less than a window):
    // a fresh one starts from the grants its predecessor saved, not from an empty minute.
    this.loaded = ctx.blockConcurrencyWhile(async () => {
      this.ledger = new QuotaLedger((await ctx.storage.get<SavedLedger>(LEDGER_KEY)) ?? []);
    });
  }

  async reserve(
    bucket: QuotaBucket,
    accounts: string[],
    maxWaitMs: number,
    limits?: QuotaLimits,
  ): Promise<Reservation> {
    await this.loaded;
    const now = Date.now();
    const reservation = this.ledger.reserve(bucket, accounts, now, maxWaitMs, limits);
    if (reservation.granted) await this.ctx.storage.put(LEDGER_KEY, this.ledger.save(now));
    return reservation;
  }

  async settle(bucket: QuotaBucket, account: string, at: number): Promise<void> {
    await this.loaded;
    const now = Date.now();
    this.ledger.settle(bucket, account, at, now);
    await this.ctx.storage.put(LEDGER_KEY, this.ledger.save(now));
  }
}

const LEDGER_KEY = "ledger";

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
