import PQueue from "p-queue";
import type { z } from "zod";
import { getAccessToken, type ServiceAccountKey } from "./service-account";

/**
 * The worker's Google REST client: fetch + a service-account token, nothing from googleapis.
 *
 * Guarantees:
 * - at most `concurrency` requests in flight and `perMinute` started per rolling minute for one
 *   service account in this isolate (Google allows 60 reads and 60 writes a minute per user);
 * - 429 and 5xx answers and network failures are retried with exponential backoff and full
 *   jitter, waiting at least what Retry-After asks; other 4xx fail at once;
 * - every response body is parsed with the caller's zod schema, so a surprise fails loudly.
 */
export interface GoogleClientOptions {
  key: ServiceAccountKey;
  tokenUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts per request including the first. Default 6. */
  maxAttempts?: number;
  /** First backoff step in ms, doubled per retry. Default 500. */
  baseDelayMs?: number;
  /** Ceiling of one backoff wait in ms. Default 32000. */
  maxDelayMs?: number;
  /** Requests in flight at once; a Worker invocation may hold 6 connections. Default 6. */
  concurrency?: number;
  /** Requests started per rolling minute. Default 55, under Google's 60 per user. */
  perMinute?: number;
}

export class GoogleApiError extends Error {
  readonly httpStatus: number;
  readonly googleStatus: string | undefined;
  constructor(httpStatus: number, googleStatus: string | undefined, message: string) {
    super(message);
    this.name = "GoogleApiError";
    this.httpStatus = httpStatus;
    this.googleStatus = googleStatus;
  }
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export interface GoogleRequest<S extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  schema: S;
  body?: unknown;
  /** Short description for error messages, e.g. `sheets.values.batchGet`. Never personal data. */
  label: string;
}

export interface GoogleClient {
  request<S extends z.ZodType>(req: GoogleRequest<S>): Promise<z.infer<S>>;
}

export function createGoogleClient(options: GoogleClientOptions): GoogleClient {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 32_000;
  const limiter = new PQueue({
    concurrency: options.concurrency ?? 6,
    intervalCap: options.perMinute ?? 55,
    interval: 60_000,
  });

  async function attempt(req: GoogleRequest<z.ZodType>): Promise<Response> {
    const token = await getAccessToken(options.key, options.tokenUrl, { fetch: fetchFn, now });
    const init: RequestInit = {
      method: req.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(req.body === undefined ? {} : { "content-type": "application/json" }),
      },
    };
    if (req.body !== undefined) init.body = JSON.stringify(req.body);
    return fetchFn(req.url, init);
  }

  function backoff(retry: number, retryAfterHeader: string | null): number {
    const exponential = Math.min(maxDelay, baseDelay * 2 ** retry);
    const jittered = Math.floor(random() * exponential);
    const retryAfterMs = parseRetryAfter(retryAfterHeader, now());
    return Math.max(jittered, retryAfterMs);
  }

  async function send<S extends z.ZodType>(req: GoogleRequest<S>): Promise<z.infer<S>> {
    let lastError: unknown;
    for (let retry = 0; retry < maxAttempts; retry++) {
      let res: Response;
      try {
        res = await limiter.add(() => attempt(req));
      } catch (error) {
        lastError = error;
        await sleep(backoff(retry, null));
        continue;
      }
      if (res.ok) return req.schema.parse(await res.json());
      const error = await toApiError(res, req.label);
      if (!RETRYABLE.has(res.status)) throw error;
      lastError = error;
      await sleep(backoff(retry, res.headers.get("retry-after")));
    }
    throw lastError instanceof Error
      ? lastError
      : new GoogleApiError(0, undefined, `${req.label}：请求失败`);
  }

  return { request: send };
}

function parseRetryAfter(header: string | null, nowMs: number): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - nowMs);
}

async function toApiError(res: Response, label: string): Promise<GoogleApiError> {
  let status: string | undefined;
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { status?: string; message?: string } };
    status = body.error?.status;
    message = body.error?.message ?? message;
  } catch {
    // A non-JSON error body (a proxy's HTML page, say) still yields the HTTP status.
  }
  return new GoogleApiError(
    res.status,
    status,
    `${label}：HTTP ${res.status} ${status ?? ""} ${message}`.trim(),
  );
}
