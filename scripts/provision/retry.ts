/**
 * Retries a Google call on 429 and 5xx with exponential backoff and jitter, honouring
 * Retry-After. Sheets allows 60 writes a minute per user and says so with a 429 and no
 * Retry-After, so the steps grow to half a minute: a run over many schools slows down to the
 * quota instead of failing. googleapis' own retry is switched off on our clients (see auth.ts)
 * so that every call is retried here, the same way, POSTs included.
 */

export interface RetryOptions {
  /** Tries in all, the first included. Default 8 (about two minutes of waiting at most). */
  attempts?: number;
  /** First backoff step in ms, doubled per retry. Default 1000. */
  baseDelayMs?: number;
  /** Longest single wait in ms, Retry-After aside. Default 32000. */
  maxDelayMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait, e.g. to print 「配额已满，等待 8 秒」. */
  onWait?: (wait: { status: number; delayMs: number; attempt: number }) => void;
  random?: () => number;
}

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 32_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (!isRetryable(status) || attempt >= attempts) throw error;
      const exponential = Math.min(max, base * 2 ** (attempt - 1));
      const jittered = exponential / 2 + random() * (exponential / 2);
      const delayMs = Math.max(jittered, retryAfterMs(error) ?? 0);
      options.onWait?.({ status, delayMs, attempt });
      await sleep(delayMs);
    }
  }
}

function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The HTTP status of a googleapis (gaxios) error, or 0 for anything else. */
export function statusOf(error: unknown): number {
  if (typeof error !== "object" || error === null) return 0;
  const { status, response } = error as { status?: unknown; response?: { status?: unknown } };
  if (typeof status === "number") return status;
  return typeof response?.status === "number" ? response.status : 0;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } }).response?.headers;
  const raw =
    headers instanceof Headers
      ? headers.get("retry-after")
      : (headers as Record<string, string> | undefined)?.["retry-after"];
  if (raw === null || raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
