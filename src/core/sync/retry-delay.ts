/**
 * How long a failed queue message waits before its next delivery: 30 s, doubling per attempt, at
 * most 10 min. Waiting rather than retrying at once because most failures are a spent quota or a
 * Google hiccup, and both pass with time.
 */
export function queueRetryDelaySeconds(attempts: number): number {
  return Math.min(600, 30 * 2 ** Math.max(0, attempts - 1));
}
