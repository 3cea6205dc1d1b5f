/**
 * Request counters, so tests can assert exactly how many calls a sync cycle cost.
 *
 * - `total` and `byMethod` count every request that reached a Sheets or Drive method, whatever
 *   its outcome (a retried request counts twice, as it does against Google's quota);
 * - `byIdentity` counts those whose caller was authenticated, by email;
 * - `byFile` counts the file-scoped ones (every Sheets method but `create`; Drive `files.get`,
 *   `files.update`, `files.delete`, `permissions.*`) by the spreadsheet or file id in the path, as
 *   requested (`files.get` of `root` counts under "root"), with the authenticated callers' share
 *   in its own `byIdentity`; so a test can tell which spreadsheets a cycle touched;
 * - `rejected` counts requests refused before the method ran: by quota, by an injected fault,
 *   or for lacking valid credentials; a caller's quota refusals are also in its `byIdentity`
 *   (`quotaRefused`), so a benchmark can tell the worker's 429s from its typists';
 * - each caller's `mostAtOnce` is the most of its requests the emulator was serving at one time
 *   (an injected latency holds a request open), so a test can tell a worker that works on
 *   several spreadsheets at once from one that works through them in turn;
 * - `tokens` counts token-endpoint grants, apart from `total`, to check token caching.
 */
export interface StatsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byIdentity: Record<string, IdentityCounts>;
  byFile: Record<string, FileCounts>;
  rejected: { quota: number; faults: number; unauthenticated: number };
  tokens: number;
}

/** Per caller, so a test can count one service account's requests while others run beside it. */
export interface IdentityCounts {
  total: number;
  byMethod: Record<string, number>;
  /** Of `total`, the requests refused for quota. */
  quotaRefused: number;
  /** The most of this caller's requests in progress at one time. */
  mostAtOnce: number;
}

/** Per spreadsheet or Drive file: every request naming it, and how many each caller made. */
export interface FileCounts {
  total: number;
  byMethod: Record<string, number>;
  byIdentity: Record<string, number>;
}

export type Rejection = keyof StatsSnapshot["rejected"];

export class Stats {
  private counts: StatsSnapshot = empty();
  /** Requests in progress, per caller. */
  private readonly inProgress = new Map<string, number>();

  snapshot(): StatsSnapshot {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = empty();
    this.inProgress.clear();
  }

  /** One request to `method`; `fileId` when the method acts on one spreadsheet or file. */
  request(method: string, fileId?: string): void {
    this.counts.total += 1;
    this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
    if (fileId !== undefined) {
      const file = this.counts.byFile[fileId] ?? { total: 0, byMethod: {}, byIdentity: {} };
      file.total += 1;
      file.byMethod[method] = (file.byMethod[method] ?? 0) + 1;
      this.counts.byFile[fileId] = file;
    }
  }

  /** The authenticated caller of a request already counted by `request`. */
  identity(email: string, method: string, fileId?: string): void {
    const counts = this.counts.byIdentity[email] ?? {
      total: 0,
      byMethod: {},
      quotaRefused: 0,
      mostAtOnce: 0,
    };
    counts.total += 1;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    this.counts.byIdentity[email] = counts;
    const file = fileId === undefined ? undefined : this.counts.byFile[fileId];
    if (file) file.byIdentity[email] = (file.byIdentity[email] ?? 0) + 1;
  }

  /** A refused request; `email` its authenticated caller, when it had one. */
  rejected(reason: Rejection, email?: string): void {
    this.counts.rejected[reason] += 1;
    const counts = email === undefined ? undefined : this.counts.byIdentity[email];
    if (reason === "quota" && counts !== undefined) counts.quotaRefused += 1;
  }

  /** `work` for an authenticated caller already counted by `identity`, tracked while it runs. */
  async serving<T>(email: string, work: () => Promise<T>): Promise<T> {
    const now = (this.inProgress.get(email) ?? 0) + 1;
    this.inProgress.set(email, now);
    const counts = this.counts.byIdentity[email];
    if (counts !== undefined) counts.mostAtOnce = Math.max(counts.mostAtOnce, now);
    try {
      return await work();
    } finally {
      this.inProgress.set(email, (this.inProgress.get(email) ?? 1) - 1);
    }
  }

  tokenGranted(): void {
    this.counts.tokens += 1;
  }
}

function empty(): StatsSnapshot {
  return {
    total: 0,
    byMethod: {},
    byIdentity: {},
    byFile: {},
    rejected: { quota: 0, faults: 0, unauthenticated: 0 },
    tokens: 0,
  };
}
