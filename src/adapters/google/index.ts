import type { Env } from "../../env";
import { createGoogleClient, type GoogleClient } from "./client";
import { parseServiceAccountKey } from "./service-account";

export interface Google {
  client: GoogleClient;
  sheetsBaseUrl: string;
  driveBaseUrl: string;
}

/**
 * Test-only knobs, never set in wrangler.toml: worker tests pass them in the env they hand the
 * worker. Retry knobs make backoff take milliseconds and a request give up sooner (turning
 * injected faults into failed syncs the queue must redeliver); the rate knob lets a test that
 * feeds hundreds of spreadsheets through one batch run without waiting out the per-minute limit
 * (the emulator's quotas still count every request). Unset, the client's defaults hold.
 */
interface ClientKnobs {
  GOOGLE_RETRY_BASE_MS?: string;
  GOOGLE_RETRY_ATTEMPTS?: string;
  GOOGLE_REQUESTS_PER_MINUTE?: string;
}

function knob(value: string | undefined, min: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`重试参数无效：${value}`);
  return n;
}

export function googleFromEnv(env: Env): Google {
  const key = parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY);
  const knobs = env as Env & ClientKnobs;
  const baseDelayMs = knob(knobs.GOOGLE_RETRY_BASE_MS, 0);
  const maxAttempts = knob(knobs.GOOGLE_RETRY_ATTEMPTS, 1);
  const perMinute = knob(knobs.GOOGLE_REQUESTS_PER_MINUTE, 1);
  return {
    client: createGoogleClient({
      key,
      tokenUrl: env.OAUTH_TOKEN_URL,
      ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(perMinute === undefined ? {} : { perMinute }),
    }),
    sheetsBaseUrl: env.SHEETS_BASE_URL,
    driveBaseUrl: env.DRIVE_BASE_URL,
  };
}
