/**
 * The per-minute budget of Google's quotas, kept for a pool of service accounts of one project.
 *
 * Google counts Sheets reads and Sheets writes apart, each per user (a service account is a
 * user) and per project, in a sliding one-minute window; Drive queries likewise. A reservation
 * names the earliest moment a request may start so that no window of any account or of the
 * project holds more than its limit, and the account that is free soonest (the least loaded on
 * a tie) carries it. Reservations are handed out in time order, so the first to ask goes first.
 *
 * Google counts a request when it reaches it, which may be seconds after the grant on a busy
 * worker or a slow network, and a burst's arrivals spread out: a minute later, requests granted
 * one window after the burst's grants would meet its late-counted tail. So each request is kept
 * at the latest moment Google can have counted it: once answered, the moment of its answer
 * (`settle`); until then its grant plus the longest grant-to-answer delay of the last minute
 * (never less than `PENDING_LAG_FLOOR_MS`).
 */
export type QuotaBucket = "sheetsRead" | "sheetsWrite" | "drive";

export interface QuotaLimit {
  /** Requests one service account may start in any minute. */
  readonly perAccount: number;
  /** Requests the whole project (every account together) may start in any minute. */
  readonly perProject: number;
}

export type QuotaLimits = Readonly<Record<QuotaBucket, QuotaLimit>>;

/**
 * Under Google's defaults (60 a minute per user, 300 per project for Sheets) by a small margin:
 * late arrivals are kept by their answers (`settle`), so what is left to cover is an unanswered
 * request reaching Google later than the lag the ledger assumes for it.
 */
export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  sheetsRead: { perAccount: 58, perProject: 290 },
  sheetsWrite: { perAccount: 58, perProject: 290 },
  drive: { perAccount: 11_000, perProject: 11_000 },
};

export const QUOTA_WINDOW_MS = 60_000;

export type Reservation =
  | { readonly granted: true; readonly account: string; readonly at: number }
  /** Nothing is free within the wait the caller accepts; ask again in `retryInMs`. */
  | { readonly granted: false; readonly retryInMs: number };

/** The Sheets or Drive quota metric a request counts against, from its googleapis method name. */
export function quotaBucketOf(label: string): QuotaBucket {
  if (label.startsWith("drive.")) return "drive";
  return /\.(get|batchGet|batchGetByDataFilter)$/.test(label) ? "sheetsRead" : "sheetsWrite";
}

/** A request granted at `at`; `answeredAt` once Google has answered it. */
export interface Start {
  readonly at: number;
  answeredAt?: number;
}

/** What a ledger must keep to start again where it stopped: its grants, by bucket key. */
export type SavedLedger = readonly (readonly [string, readonly Start[]])[];

/**
 * The least delay assumed between a grant and Google's count of a request not yet answered:
 * enough for a request queued behind a burst on a loaded worker.
 */
export const PENDING_LAG_FLOOR_MS = 5_000;

export class QuotaLedger {
  /** Requests granted, in grant order (ascending `at`), per `bucket` (project) and `bucket account`. */
  private readonly starts: Map<string, Start[]>;

  constructor(saved: SavedLedger = []) {
    this.starts = new Map(saved.map(([key, starts]) => [key, starts.map((s) => ({ ...s }))]));
  }

  /**
   * The grants Google may still count at `now` or later, for a ledger that must outlive its
   * process (a Durable Object evicted while idle starts again from them).
   */
  save(now: number): SavedLedger {
    const horizon = now - 2 * QUOTA_WINDOW_MS;
    return [...this.starts].flatMap(([key, starts]) => {
      const kept = starts.filter((s) => (s.answeredAt ?? s.at) > horizon);
      return kept.length === 0 ? [] : [[key, kept] as const];
    });
  }

  /**
   * The earliest start for one request of `bucket` by one of `accounts`, recorded if it is at
   * most `maxWaitMs` after `now`; refused (and not recorded) otherwise. The limits come with the
   * request (the caller's configuration), so one keeper serves callers configured alike.
   */
  reserve(
    bucket: QuotaBucket,
    accounts: readonly string[],
    now: number,
    maxWaitMs: number,
    limits: QuotaLimits = DEFAULT_QUOTA_LIMITS,
  ): Reservation {
    if (accounts.length === 0) throw new Error("服务账号池为空");
    const limit = limits[bucket];
    const lag = this.pendingLag(bucket, now);
    const project = this.window(bucket, now, lag);
    const projectFree = earliest(project, limit.perProject, now, lag);
    let best: { account: string; at: number; load: number } | undefined;
    for (const account of accounts) {
      const own = this.window(`${bucket} ${account}`, now, lag);
      const at = Math.max(projectFree, earliest(own, limit.perAccount, now, lag));
      if (best === undefined || at < best.at || (at === best.at && own.length < best.load))
        best = { account, at, load: own.length };
    }
    if (best === undefined) throw new Error("unreachable");
    if (best.at - now > maxWaitMs) return { granted: false, retryInMs: best.at - now };
    project.push({ at: best.at });
    this.window(`${bucket} ${best.account}`, now, lag).push({ at: best.at });
    return { granted: true, account: best.account, at: best.at };
  }

  /**
   * Google has answered the request granted to `account` at `at` (or it failed): it was counted
   * by `now` at the latest. A grant no longer held (an old one, pruned) is ignored.
   */
  settle(bucket: QuotaBucket, account: string, at: number, now: number): void {
    for (const key of [bucket, `${bucket} ${account}`]) {
      const start = this.starts.get(key)?.find((s) => s.at === at && s.answeredAt === undefined);
      if (start !== undefined) start.answeredAt = Math.max(at, now);
    }
  }

  /** How late after its grant an unanswered request may still be counted. */
  private pendingLag(bucket: QuotaBucket, now: number): number {
    let lag = PENDING_LAG_FLOOR_MS;
    for (const start of this.starts.get(bucket) ?? [])
      if (start.answeredAt !== undefined && start.answeredAt > now - QUOTA_WINDOW_MS)
        lag = Math.max(lag, start.answeredAt - start.at);
    return lag;
  }

  /** Requests Google may count in the minute before `now` (or later), pruned of older ones. */
  private window(key: string, now: number, lag: number): Start[] {
    const kept = (this.starts.get(key) ?? []).filter(
      (start) => countedBy(start, lag) > now - QUOTA_WINDOW_MS,
    );
    this.starts.set(key, kept);
    return kept;
  }
}

/** The latest moment Google can have counted `start`. */
function countedBy(start: Start, lag: number): number {
  return start.answeredAt ?? start.at + lag;
}

/**
 * The earliest t ≥ now (and ≥ the last grant, keeping grants in order) at which fewer than
 * `limit` of `starts` can be counted in (t − window, t]. While the window has room, at once; once
 * it is full, also a 1/limit of the window after the last grant: otherwise the requests waiting
 * for a burst's minute to pass would all be granted the moment it does, and a burst of arrivals
 * queues at Google (reaching it late, so counted late) exactly when the budget is at its edge.
 */
function earliest(starts: readonly Start[], limit: number, now: number, lag: number): number {
  const last = starts.at(-1)?.at;
  const floor = Math.max(now, last ?? now);
  if (starts.length < limit) return floor;
  const latest = starts.map((start) => countedBy(start, lag)).sort((a, b) => b - a);
  const oldestThatMustLeave = latest[limit - 1] as number;
  const paced = (last ?? now) + QUOTA_WINDOW_MS / limit;
  return Math.max(floor, oldestThatMustLeave + QUOTA_WINDOW_MS, paced);
}
