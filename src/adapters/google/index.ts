import { DEFAULT_QUOTA_LIMITS, type QuotaLimits } from "../../core/quota/ledger";
import type { Env } from "../../env";
import { createGoogleClient, type GoogleClient } from "./client";
import { durableQuotaKeeper } from "./quota-keeper";
import { parseServiceAccountPool } from "./service-account";

export interface Google {
  client: GoogleClient;
  sheetsBaseUrl: string;
  driveBaseUrl: string;
}

/**
 * Test-only knobs, never set in wrangler.toml: worker tests pass them in the env they hand the
 * worker. Retry knobs make backoff take milliseconds and a request give up sooner (turning
 * injected faults into failed syncs the queue must redeliver); the rate knob (Sheets requests a
 * minute, per account and for the project) lets a test that feeds hundreds of spreadsheets
 * through one batch run without waiting out the per-minute limit (the emulator's quotas still
 * count every request). Unset, the client's defaults hold.
 */
interface ClientKnobs {
  GOOGLE_RETRY_BASE_MS?: string;
  GOOGLE_RETRY_ATTEMPTS?: string;
  GOOGLE_REQUESTS_PER_MINUTE?: string;
  /** How long a request may wait for the keeper's grant before it is deferred (ms). */
  GOOGLE_QUOTA_MAX_WAIT_MS?: string;
}

function knob(value: string | undefined, min: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`重试参数无效：${value}`);
  return n;
}

/** The keeper's limits: Google's defaults with a margin, or what the env says. */
export function quotaLimitsFromEnv(env: Env): QuotaLimits {
  const knobs = env as Env & ClientKnobs;
  const perMinute = knob(knobs.GOOGLE_REQUESTS_PER_MINUTE, 1);
  const project = knob(env.GOOGLE_PROJECT_QUOTA_PER_MINUTE, 1);
  const sheets = (base: QuotaLimits["sheetsRead"]) => ({
    perAccount: perMinute ?? base.perAccount,
    // A raised project quota is kept to like the default one: 10 under it (see the ledger).
    perProject: perMinute ?? (project === undefined ? base.perProject : Math.max(1, project - 10)),
  });
  return {
    sheetsRead: sheets(DEFAULT_QUOTA_LIMITS.sheetsRead),
    sheetsWrite: sheets(DEFAULT_QUOTA_LIMITS.sheetsWrite),
    drive: DEFAULT_QUOTA_LIMITS.drive,
  };
}

/**
 * How long a request may wait for the keeper's grant before its work is deferred. Someone waits
 * on an HTTP answer; a queue batch or a cron tick can rather wait out a whole window (a minute,
 * plus an unanswered request's lag) than defer and redo the reads it already made.
 */
export const QUOTA_WAIT_MS = { request: 50_000, background: 70_000 } as const;

export function googleFromEnv(env: Env, caller: keyof typeof QUOTA_WAIT_MS = "request"): Google {
  const [key, ...moreKeys] = parseServiceAccountPool(
    env.GOOGLE_SERVICE_ACCOUNT_KEY,
    env.GOOGLE_SERVICE_ACCOUNTS,
  );
  if (key === undefined) throw new Error("服务账号池为空");
  const knobs = env as Env & ClientKnobs;
  const baseDelayMs = knob(knobs.GOOGLE_RETRY_BASE_MS, 0);
  const maxAttempts = knob(knobs.GOOGLE_RETRY_ATTEMPTS, 1);
  const maxQuotaWaitMs = knob(knobs.GOOGLE_QUOTA_MAX_WAIT_MS, 0) ?? QUOTA_WAIT_MS[caller];
  return {
    client: createGoogleClient({
      key,
      moreKeys,
      tokenUrl: env.OAUTH_TOKEN_URL,
      limits: quotaLimitsFromEnv(env),
      // Deployed, the binding is always there; a bare env (a script's) keeps a ledger of its own.
      ...(env.QUOTA_KEEPER === undefined ? {} : { keeper: durableQuotaKeeper(env.QUOTA_KEEPER) }),
      ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      maxQuotaWaitMs,
    }),
    sheetsBaseUrl: env.SHEETS_BASE_URL,
    driveBaseUrl: env.DRIVE_BASE_URL,
  };
}
