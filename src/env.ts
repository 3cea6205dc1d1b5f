import type { SyncMessage } from "./jobs/messages";

/** Bindings declared in wrangler.toml, plus the secrets set with `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  SYNC_QUEUE: Queue<SyncMessage>;
  RECHECK_QUEUE: Queue<unknown>;
  SHEETS_BASE_URL: string;
  DRIVE_BASE_URL: string;
  OAUTH_TOKEN_URL: string;
  /** Secret: bearer token of the admin HTTP API. The API refuses every call while it is unset. */
  ADMIN_TOKEN?: string;
  /** Secret: the service account's JSON key file, verbatim. */
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
}
