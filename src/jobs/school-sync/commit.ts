/**
 * Stage 4, the registry commit: what the features decided, recorded in D1 in one batch
 * (`adapters/store/sync-commit.ts`) before the sheet is written, so a failed write is redone by
 * the next delivery from the same registry state.
 *
 * Two kinds of D1 write stay outside this batch, each for a reason of its own:
 * - teacher numbers (`numbers.ts`): the decisions need the numbers the allocation returns;
 * - the business steps (`business.ts`), after this commit: each is a transition
 *   guarded by the state its row was read in and by the file this commit just settled, and
 *   whether it was taken is what its row shows.
 */
import type { IdCrypto } from "../../adapters/crypto/index";
import { commitSync, type SyncCommit } from "../../adapters/store/sync-commit";
import { countyChangeCount } from "./county-rows";

/** Records the commit; how many of its changes concern the county sheets (to wake them). */
export async function commitRegistry(
  db: D1Database,
  crypto: IdCrypto,
  commit: SyncCommit,
  now: string,
): Promise<number> {
  const { opened } = await commitSync(db, crypto, commit, now);
  return countyChangeCount(commit.changes) + opened;
}
