/**
 * Stage 8, record: what the write showed, kept in D1 once it is in the sheet, then the version
 * synced. Each of these is idempotent; a sync that fails before them is redone whole by the next
 * delivery, which plans the same writes from the same registry.
 */
import { saveRecordResults } from "../../adapters/store/record-results";
import { markSubmissionsWritten } from "../../adapters/store/submissions";
import { recordSpreadsheetSynced } from "../../adapters/store/sync-state";
import type { Guarded } from "../../core/sync/guard";
import type { PlanOp } from "../../core/sync/plan";
import type { SchoolMessage, SyncDeps } from "./context";
import type { SheetRead } from "./read";
import type { Written } from "./write";

/**
 * A submission is marked only once the sheet shows it (or it is set aside); a record's 校验结果
 * text is kept for the teacher portal. Request rows carry a 申请编号 or a row key, not a record
 * id, and the portal shows requests from D1.
 */
export async function recordWritten(
  deps: SyncDeps,
  sheet: SheetRead,
  guarded: Guarded,
  requestRows: readonly PlanOp[],
): Promise<void> {
  const at = deps.now.toISOString();
  const written = guarded.applied.flatMap((op) =>
    op.kind === "writeSubmission" ? [op.submissionId] : [],
  );
  await markSubmissionsWritten(deps.db, [...written, ...sheet.placed.present], at);
  await markSubmissionsWritten(deps.db, sheet.placed.dropped, at, "dropped");
  const requestIds = new Set(requestRows.map((op) => op.recordId));
  await saveRecordResults(
    deps.db,
    guarded.applied.flatMap((op) =>
      op.kind === "setStatus" && !requestIds.has(op.recordId)
        ? [{ recordId: op.recordId, result: op.result }]
        : [],
    ),
    at,
  );
}

/**
 * The version synced, and the one our write made, if any: the next poll must not take our own
 * write for an edit. Returns that own version (null when nothing was written).
 */
export async function recordSynced(
  deps: SyncDeps,
  message: SchoolMessage,
  sheet: SheetRead,
  written: Written,
): Promise<number | null> {
  const { read } = sheet;
  // Only the write-back is a revision of this spreadsheet; the 账号 rows go to another file.
  const ownWriteVersion = written.sent ? message.version + 1 : null;
  await recordSpreadsheetSynced(deps.db, {
    spreadsheetId: message.spreadsheetId,
    title: message.school.name,
    syncedVersion: message.version,
    ownWriteVersion,
    tabCount: read.tabs.length,
    rowCount: read.tabs.reduce((sum, tab) => sum + Math.max(0, tab.values.length - 1), 0),
    syncedAt: deps.now.toISOString(),
    sheetIds: read.sheetIds,
    tabProblems: read.problems,
  });
  return ownWriteVersion;
}
