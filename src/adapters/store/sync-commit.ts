/**
 * A school sync's one registry commit (`jobs/school-sync/commit.ts`): the D1 writes of every
 * feature's decisions, sent as one batch.
 *
 * Guarantees:
 * - one D1 batch, one transaction: a sync records all of its decisions or none of them, so a
 *   failure anywhere before or in the commit leaves the registry as the next delivery will read
 *   it, and that delivery decides the same things again;
 * - idempotent: each part is written so that the same commit applied twice changes nothing
 *   (versions, events and county rows are kept once; a conflict is opened once).
 */

import type { RegistryChange } from "../../core/sync/model";
import type { IdCrypto } from "../crypto/index";
import { type ConflictToOpen, openConflictStatements } from "./conflicts";
import { type CountyRows, countyRowStatements } from "./recheck";
import { registryChangeStatements } from "./registry";

/** The D1 writes of a sync's decisions, as data: each feature adds its part. */
export interface SyncCommit {
  /** Records, versions, events, recheck items and change requests (the review features). */
  readonly changes: readonly RegistryChange[];
  /** The rows the county sheets show for what `changes` sends there. */
  readonly countyRows: readonly CountyRows[];
  /** ID conflicts the sync met, for 人事股 to decide. */
  readonly conflicts: readonly ConflictToOpen[];
}

/** Records the commit; how many conflicts it opened (the others were open already). */
export async function commitSync(
  db: D1Database,
  crypto: IdCrypto,
  commit: SyncCommit,
  now: string,
): Promise<{ opened: number }> {
  const county = countyRowStatements(db, commit.countyRows, now);
  const registry = await registryChangeStatements(db, commit.changes, crypto, now);
  const conflicts = openConflictStatements(db, commit.conflicts, now);
  const statements = [...county, ...registry, ...conflicts.statements];
  // D1 refuses an empty batch: a sync that decided nothing writes nothing.
  if (statements.length === 0) return { opened: 0 };
  const results = await db.batch(statements);
  return { opened: conflicts.opened(results.slice(county.length + registry.length)) };
}
