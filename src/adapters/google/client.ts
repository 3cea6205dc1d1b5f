import PQueue from "p-queue";
import type { z } from "zod";
import {
  type QuotaBucket,
  QuotaLedger,
  type QuotaLimits,
  quotaBucketOf,
  type Reservation,
} from "../../core/quota/ledger";
import { getAccessToken, type ServiceAccountKey } from "./service-account";

/**
 * The worker's Google REST client: fetch + a service-account token, nothing from googleapis.
 *
 * Guarantees:
 * - at most `concurrency` requests in flight; each attempt starts when the quota keeper grants
 *   it, as the pool's account the keeper names (the worker's keeper is one Durable Object for
 *   every batch, tick and API call: quota-keeper.ts); a client without one keeps a ledger of its
 *   own;
 * - a keeper that has nothing free within `maxQuotaWaitMs` makes the request fail with
 *   `QuotaDeferredError` before anything is sent, so the job is deferred rather than stalled;
 * - 429 and 5xx answers and network failures are retried with exponential backoff and full
 *   jitter, waiting at least what Retry-After asks; other 4xx fail at once;
 * - every response body is parsed with the caller's zod schema, so a surprise fails loudly.
 */
export interface GoogleClientOptions {
  /** The service account, or the pool's first: every account of the pool can serve a request. */
  key: ServiceAccountKey;
  /** The rest of the pool (same project), if more than one account is configured. */
  moreKeys?: readonly ServiceAccountKey[];
  /** The shared per-minute budget; default: a ledger of this client's own. */
  keeper?: QuotaKeeper;
  /** Longest wait for a quota grant before a request is deferred. Default 50 s. */
  maxQuotaWaitMs?: number;
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
  /** The per-minute limits to keep to. Default: core/quota DEFAULT_QUOTA_LIMITS. */
  limits?: QuotaLimits;
}

/**
 * Who hands out the per-minute budget (see core/quota/ledger): one reservation per attempt, and
 * once Google has answered it (or it failed), word of that, so the keeper knows how late Google
 * can have counted it.
 */
export interface QuotaKeeper {
  reserve(
    bucket: QuotaBucket,
    accounts: string[],
    maxWaitMs: number,
    limits?: QuotaLimits,
  ): Promise<Reservation>;
  settle(bucket: QuotaBucket, account: string, at: number): Promise<void>;
}

/** A keeper local to one client, on the client's clock. */
export function localQuotaKeeper(now: () => number = Date.now): QuotaKeeper {
  const ledger = new QuotaLedger();
  return {
    reserve: async (bucket, accounts, maxWaitMs, limits) =>
      ledger.reserve(bucket, accounts, now(), maxWaitMs, limits),
    settle: async (bucket, account, at) => ledger.settle(bucket, account, at, now()),
  };
}

/**
 * The quota keeper has nothing free soon enough: nothing was sent, and the work should be done
 * later (a queue message redelivered, a school left for the next tick), never counted a failure.
 */
export class QuotaDeferredError extends Error {
  readonly retryInMs: number;
  constructor(label: string, retryInMs: number) {
    super(`${label}：本分钟的 Google 配额已排满，稍后再试`);
    this.name = "QuotaDeferredError";
    this.retryInMs = retryInMs;
  }
}

/** A refusal of Google's quota, ours or Google's own: the work waits, it did not fail. */
export function isQuotaRefusal(error: unknown): boolean {
  if (error instanceof QuotaDeferredError) return true;
  return error instanceof GoogleApiError && error.httpStatus === 429;
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
  const limiter = new PQueue({ concurrency: options.concurrency ?? 6 });
  const keys = new Map([options.key, ...(options.moreKeys ?? [])].map((k) => [k.client_email, k]));
  const accounts = [...keys.keys()];
  const keeper = options.keeper ?? localQuotaKeeper(now);
  const maxQuotaWait = options.maxQuotaWaitMs ?? 50_000;

  /** Waits for the keeper's grant of one attempt, which names the pool's account to send it as. */
  async function granted(req: GoogleRequest<z.ZodType>, bucket: QuotaBucket) {
    const grant = await keeper.reserve(bucket, accounts, maxQuotaWait, options.limits);
    if (!grant.granted) throw new QuotaDeferredError(req.label, grant.retryInMs);
    const wait = grant.at - now();
    if (wait > 0) await sleep(wait);
    return grant;
  }

  async function attempt(req: GoogleRequest<z.ZodType>): Promise<Response> {
    const bucket = quotaBucketOf(req.label);
    const grant = await granted(req, bucket);
    try {
      const key = keys.get(grant.account) ?? options.key;
      const token = await getAccessToken(key, options.tokenUrl, { fetch: fetchFn, now });
      const init: RequestInit = {
        method: req.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(req.body === undefined ? {} : { "content-type": "application/json" }),
        },
      };
      if (req.body !== undefined) init.body = JSON.stringify(req.body);
      return await fetchFn(req.url, init);
    } finally {
      // Answered (or failed): Google counted it by now at the latest.
      await keeper.settle(bucket, grant.account, grant.at);
    }
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
        if (error instanceof QuotaDeferredError) throw error;
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
