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
  byIdentity: Record<string, number>;
  rejected: { quota: number; faults: number; unauthenticated: number };
  tokens: number;
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

  identity(email: string): void {
    this.counts.byIdentity[email] = (this.counts.byIdentity[email] ?? 0) + 1;
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
