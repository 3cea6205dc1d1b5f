import { listSpreadsheetsModifiedSince } from "../adapters/google/drive";
import type { Google } from "../adapters/google/index";
import {
  getCursor,
  getSpreadsheetStates,
  recordPollCycle,
  setCursor,
} from "../adapters/store/sync-state";
import {
  isSummarySpreadsheet,
  needsSync,
  nextCursor,
  queryModifiedSince,
  syncTargetOf,
} from "../core/sync/changed-spreadsheets";
import type { SyncMessage } from "./messages";

const DRIVE_CURSOR = "drive.modifiedTime";
/** Where the poll leaves the summary spreadsheet's id for the summary job. */
export const SUMMARY_SPREADSHEET_CURSOR = "summary.spreadsheetId";

export interface PollResult {
  listed: number;
  changed: SyncMessage[];
}

/**
 * The poll step of a cycle: one Drive listing answers "which spreadsheets changed?", and the
 * registry's versions filter out what is already synced and our own writes.
 */
export async function findChangedSpreadsheets(
  db: D1Database,
  google: Google,
  now: Date,
): Promise<PollResult> {
  const cursor = await getCursor(db, DRIVE_CURSOR);
  const files = await listSpreadsheetsModifiedSince(
    google.client,
    google.driveBaseUrl,
    queryModifiedSince(cursor),
  );
  const known = await getSpreadsheetStates(
    db,
    files.map((f) => f.id),
  );
  const changed: SyncMessage[] = [];
  for (const file of files) {
    const target = syncTargetOf(file.appProperties);
    if (target && needsSync(file, known.get(file.id))) {
      changed.push({ spreadsheetId: file.id, version: file.version, ...target });
    }
  }
  // The listing already names the summary spreadsheet: recording it costs no Drive request.
  const summary = files.find((file) => isSummarySpreadsheet(file.appProperties));
  if (summary !== undefined)
    await setCursor(db, SUMMARY_SPREADSHEET_CURSOR, summary.id, now.toISOString());
  const latest = nextCursor(cursor, files);
  if (latest !== undefined && latest !== cursor) {
    await setCursor(db, DRIVE_CURSOR, latest, now.toISOString());
  }
  return { listed: files.length, changed };
}

/** Cron entry: find changes and fan out one `sync` message per changed spreadsheet. */
export async function runScheduledPoll(
  db: D1Database,
  queue: Queue<SyncMessage>,
  google: Google,
  now: Date,
): Promise<PollResult> {
  const result = await findChangedSpreadsheets(db, google, now);
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < result.changed.length; i += 100) {
    await queue.sendBatch(result.changed.slice(i, i + 100).map((body) => ({ body })));
  }
  await recordPollCycle(db, {
    startedAt: now.toISOString(),
    trigger: "cron",
    changed: result.changed.length,
    enqueued: result.changed.length,
  });
  return result;
}
