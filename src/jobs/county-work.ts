/**
 * The county work a cron tick finds in D1, whether or not anything woke it: shared by the
 * scheduled handler (which queues it) and `POST /api/sync` (which runs it inline), so a lost
 * wake-up is recovered by either.
 *
 * - Decisions recorded whose schools were not synced since (a run that stopped between
 *   recording and syncing): a forced sync of the county recheck spreadsheet, which re-applies
 *   them and syncs those schools under its own lease, as the run that stopped would have.
 * - Rows owed to the county sheet (versions to append, conflict, approval or 学分确认 statuses):
 *   the recheck consumer's reconcile.
 *
 * Only D1 reads while nothing is owed: an idle cycle stays one Drive listing.
 */
import { getFileVersion } from "../adapters/google/drive";
import type { Google } from "../adapters/google/index";
import { schoolsOwedSync } from "../adapters/store/business-county";
import {
  hasCountyWork,
  pendingDecisions,
  recheckSpreadsheet,
  schoolsByCode,
} from "../adapters/store/recheck";
import { hasApprovalWork } from "./approvals";
import { hasCreditWork } from "./credit-confirm";
import type { SyncMessage } from "./messages";

export type RecheckSyncMessage = Extract<SyncMessage, { kind: "recheck" }>;

/** How the caller runs each kind of work: queued by the cron, inline by the API. */
export interface CountyRunner {
  readonly recheck: (message: RecheckSyncMessage) => Promise<void>;
  readonly reconcile: () => Promise<void>;
}

/** Runs the county work owed; `changed` is what the cycle's poll already syncs. */
export async function runOwedCountyWork(
  db: D1Database,
  google: Google,
  changed: readonly SyncMessage[],
  run: CountyRunner,
): Promise<void> {
  const spreadsheetId = await recheckSpreadsheet(db);
  const polled = changed.some((message) => message.kind === "recheck");
  if (spreadsheetId !== undefined && !polled && (await hasUnsyncedDecisions(db))) {
    const version = await getFileVersion(google.client, google.driveBaseUrl, spreadsheetId);
    await run.recheck({ kind: "recheck", spreadsheetId, version, force: true });
  }
  const owed =
    (await hasCountyWork(db)) || (await hasApprovalWork(db)) || (await hasCreditWork(db));
  if (owed) await run.reconcile();
}

/** Decisions recorded that a school with a spreadsheet has not been synced with yet. */
async function hasUnsyncedDecisions(db: D1Database): Promise<boolean> {
  if ((await schoolsOwedSync(db)).length > 0) return true;
  const pending = await pendingDecisions(db);
  const codes = [...pending.recheck, ...pending.change].map((decision) => decision.schoolCode);
  if (codes.length === 0) return false;
  const schools = await schoolsByCode(db, codes);
  return [...schools.values()].some((school) => school.spreadsheetId != null);
}
