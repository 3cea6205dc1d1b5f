/**
 * Stage 4, the registry commit: what the features decided, recorded in D1 before the sheet is
 * written, so a failed write is redone by the next delivery from the same registry state.
 */
import type { IdCrypto } from "../../adapters/crypto/index";
import { openConflicts } from "../../adapters/store/conflicts";
import { type CountyRows, saveCountyRows } from "../../adapters/store/recheck";
import { applyRegistryChanges } from "../../adapters/store/registry";
import type { PersonKey, RegistryChange } from "../../core/sync/model";
import { countyChangeCount } from "../recheck-rows";

/** The D1 writes of a sync's decisions, as data: each feature adds its part. */
export interface RegistryCommit {
  /** Records, versions, events, recheck items and change requests (the review features). */
  readonly changes: readonly RegistryChange[];
  /** The rows the county sheets show for what `changes` sends there. */
  readonly countyRows: readonly CountyRows[];
  /** ID conflicts this sync meets, for 人事股 to decide. */
  readonly conflicts: readonly { personKey: PersonKey; schools: readonly string[] }[];
}

/** Records the commit; how many of its changes concern the county sheets (to wake them). */
export async function commitRegistry(
  db: D1Database,
  crypto: IdCrypto,
  commit: RegistryCommit,
  now: string,
): Promise<number> {
  await saveCountyRows(db, commit.countyRows, now);
  await applyRegistryChanges(db, commit.changes, crypto, now);
  const opened = await openConflicts(db, commit.conflicts, now);
  return countyChangeCount(commit.changes) + opened;
}
