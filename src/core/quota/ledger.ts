/**
 * The per-minute budget of Google's quotas, kept for a pool of service accounts of one project.
 *
 * Google counts Sheets reads and Sheets writes apart, each per user (a service account is a
 * user) and per project, in a sliding one-minute window; Drive queries likewise. A reservation
 * names the earliest moment a request may start so that no window of any account or of the
 * project holds more than its limit, and the account that is free soonest (the least loaded on
 * a tie) carries it. Reservations are handed out in time order, so the first to ask goes first.
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
 * Under Google's defaults (60 a minute per user, 300 per project for Sheets) by a margin: a
 * request reaches Google a little after its reservation, and uneven delays can bunch a minute's
 * starts into a shorter span of arrivals.
 */
export const DEFAULT_QUOTA_LIMITS: QuotaLimits = {
  sheetsRead: { perAccount: 55, perProject: 280 },
  sheetsWrite: { perAccount: 55, perProject: 280 },
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

export class QuotaLedger {
  /** Start times granted, ascending, per `bucket` (project) and `bucket account` key. */
  private readonly starts = new Map<string, number[]>();

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
    const project = this.window(bucket, now);
    const projectFree = earliest(project, limit.perProject, now);
    let best: { account: string; at: number; load: number } | undefined;
    for (const account of accounts) {
      const own = this.window(`${bucket} ${account}`, now);
      const at = Math.max(projectFree, earliest(own, limit.perAccount, now));
      if (best === undefined || at < best.at || (at === best.at && own.length < best.load))
        best = { account, at, load: own.length };
    }
    if (best === undefined) throw new Error("unreachable");
    if (best.at - now > maxWaitMs) return { granted: false, retryInMs: best.at - now };
    project.push(best.at);
    this.window(`${bucket} ${best.account}`, now).push(best.at);
    return { granted: true, account: best.account, at: best.at };
  }

  /** Starts granted in the minute before `now` (and any still ahead), pruned of older ones. */
  private window(key: string, now: number): number[] {
    const all = this.starts.get(key) ?? [];
    const cut = all.findIndex((t) => t > now - QUOTA_WINDOW_MS);
    const kept = cut === -1 ? [] : cut === 0 ? all : all.slice(cut);
    this.starts.set(key, kept);
    return kept;
  }
}

/**
 * The earliest t ≥ now (and ≥ the last start, keeping starts in order) at which fewer than
 * `limit` of the ascending `starts` fall in (t − window, t].
 */
function earliest(starts: readonly number[], limit: number, now: number): number {
  const last = starts.at(-1) ?? now;
  const floor = Math.max(now, last);
  if (starts.length < limit) return floor;
  const oldestThatMustLeave = starts[starts.length - limit] as number;
  return Math.max(floor, oldestThatMustLeave + QUOTA_WINDOW_MS);
}
