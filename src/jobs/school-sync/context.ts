/** What every stage of a school's sync is given (`jobs/sync-school.ts` runs the stages). */
import type { IdCrypto } from "../../adapters/crypto/index";
import type { Google } from "../../adapters/google/index";
import type { ChangeDecision, RecheckDecision } from "../../core/review/decide";
import type { Templates } from "../../core/templates";
import type { HashBudget } from "../hash-budget";
import type { SyncMessage } from "../messages";

export type SchoolMessage = Extract<SyncMessage, { kind: "school" }>;

export interface SchoolSyncDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  templates: Templates;
  now: Date;
  newId: () => string;
  /**
   * Password hashes the queue message may still spend (teacher numbers, reissued passwords),
   * shared by every sync the message makes; a sync given none gets a budget of its own.
   */
  hashes?: HashBudget;
  /** PORTAL_BASE_URL, for the 「打印账号条」 link written with the 账号 tab (jobs/slip-links.ts). */
  portalBase?: string | undefined;
}

/** The deps of one sync, its hash budget settled. */
export type SyncDeps = SchoolSyncDeps & { hashes: HashBudget };

/** The county's decisions for this school, recorded in D1 and not yet applied. */
export interface CountyDecisions {
  recheck?: readonly RecheckDecision[];
  change?: readonly ChangeDecision[];
}
