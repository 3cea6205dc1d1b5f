import type { Env } from "../../env";
import { createGoogleClient, type GoogleClient } from "./client";
import { parseServiceAccountKey } from "./service-account";

export interface Google {
  client: GoogleClient;
  sheetsBaseUrl: string;
  driveBaseUrl: string;
}

/**
 * Test-only knobs, never set in wrangler.toml: worker tests that inject faults pass them in the
 * env they hand the worker, so backoff takes milliseconds and a request gives up sooner (turning
 * injected faults into failed syncs the queue must redeliver). Unset, the client's defaults hold.
 */
interface RetryKnobs {
  GOOGLE_RETRY_BASE_MS?: string;
  GOOGLE_RETRY_ATTEMPTS?: string;
}

function knob(value: string | undefined, min: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`重试参数无效：${value}`);
  return n;
}

export function googleFromEnv(env: Env): Google {
  const key = parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY);
  const knobs = env as Env & RetryKnobs;
  const baseDelayMs = knob(knobs.GOOGLE_RETRY_BASE_MS, 0);
  const maxAttempts = knob(knobs.GOOGLE_RETRY_ATTEMPTS, 1);
  return {
    client: createGoogleClient({
      key,
      tokenUrl: env.OAUTH_TOKEN_URL,
      ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
    }),
    sheetsBaseUrl: env.SHEETS_BASE_URL,
    driveBaseUrl: env.DRIVE_BASE_URL,
  };
}
