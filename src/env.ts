import type { QuotaKeeperObject } from "./adapters/google/quota-keeper";
import type { RecheckMessage, SyncMessage } from "./jobs/messages";

/** Bindings declared in wrangler.toml, plus the secrets set with `wrangler secret put`. */
export interface Env {
  DB: D1Database;
  SYNC_QUEUE: Queue<SyncMessage>;
  RECHECK_QUEUE: Queue<RecheckMessage>;
  /** The one keeper of Google's per-minute quotas (src/adapters/google/quota-keeper.ts). */
  QUOTA_KEEPER?: DurableObjectNamespace<QuotaKeeperObject>;
  SHEETS_BASE_URL: string;
  DRIVE_BASE_URL: string;
  OAUTH_TOKEN_URL: string;
  /** Secret: bearer token of the admin HTTP API. The API refuses every call while it is unset. */
  ADMIN_TOKEN?: string;
  /** Secret: the service account's JSON key file, verbatim. The pool's default account. */
  GOOGLE_SERVICE_ACCOUNT_KEY?: string;
  /**
   * Secret, optional: more service accounts of the same Cloud project, a JSON array of key files.
   * With them the worker spreads its requests over the pool (README, "More service accounts").
   */
  GOOGLE_SERVICE_ACCOUNTS?: string;
  /**
   * Optional var: the project's Sheets read (and write) requests per minute, if Google raised it
   * from 300; the keeper stays a little under it.
   */
  GOOGLE_PROJECT_QUOTA_PER_MINUTE?: string;
  /**
   * Secret: 32 random bytes, base64 (`openssl rand -base64 32`). Keys the HMAC that turns an ID
   * number into the registry's person key. Changing it orphans every stored person key.
   */
  ID_HASH_KEY?: string;
  /**
   * Secret: 32 random bytes, base64, different from ID_HASH_KEY. The AES-256-GCM key of the ID
   * numbers kept in the registry. Losing it loses the stored ID numbers.
   */
  ID_ENCRYPTION_KEY?: string;
  /**
   * Optional var: initial passwords one queue message may hash (default 200, sized for the
   * 30 s CPU default; see src/jobs/hash-budget.ts). Raise it only with `[limits] cpu_ms`.
   */
  PASSWORD_HASHES_PER_MESSAGE?: string;
  /**
   * Optional var: one campaign as JSON ({"year":2027,"deadlines":{"collection":…,…}}), judged
   * against instead of county.json's active one. `npm run demo` sets it to dates around today;
   * a county sets its campaigns in county.json instead (README, 本年度采集).
   */
  CAMPAIGN?: string;
  /**
   * Optional var: the address teachers reach this worker at (e.g. `https://tmis.example.cn`).
   * The account spreadsheets show the portal address and the 「打印账号条」 link built from it;
   * unset, the worker writes neither (the admin API's link rotation then uses its own request's
   * address). `npm start` sets it to the local worker's address.
   */
  PORTAL_BASE_URL?: string;
}
