/**
 * Request counters, so tests can assert exactly how many calls a sync cycle cost.
 *
 * - `total` and `byMethod` count every request that reached a Sheets or Drive method, whatever
 *   its outcome (a retried request counts twice, as it does against Google's quota);
 * - `byIdentity` counts those whose caller was authenticated, by email;
 * - `rejected` counts requests refused before the method ran: by quota, by an injected fault,
 *   or for lacking valid credentials;
 * - `tokens` counts token-endpoint grants, apart from `total`, to check token caching.
 */
export interface StatsSnapshot {
  total: number;
  byMethod: Record<string, number>;
  byIdentity: Record<string, IdentityCounts>;
  rejected: { quota: number; faults: number; unauthenticated: number };
  tokens: number;
}

/** Per caller, so a test can count one service account's requests while others run beside it. */
export interface IdentityCounts {
  total: number;
  byMethod: Record<string, number>;
}

export type Rejection = keyof StatsSnapshot["rejected"];

export class Stats {
  private counts: StatsSnapshot = empty();

  snapshot(): StatsSnapshot {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.counts = empty();
  }

  request(method: string): void {
    this.counts.total += 1;
    this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
  }

  identity(email: string, method: string): void {
    const counts = this.counts.byIdentity[email] ?? { total: 0, byMethod: {} };
    counts.total += 1;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    this.counts.byIdentity[email] = counts;
  }

  rejected(reason: Rejection): void {
    this.counts.rejected[reason] += 1;
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
    rejected: { quota: 0, faults: 0, unauthenticated: 0 },
    tokens: 0,
  };
}
