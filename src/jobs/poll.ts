import { type DriveFile, listSpreadsheetsModifiedSince } from "../adapters/google/drive";
import type { Google } from "../adapters/google/index";
import {
  accountSheetsOwedBlanking,
  recordAccountSpreadsheets,
  schoolsOwedAccountRows,
} from "../adapters/store/accounts-tab";
import { schoolSpreadsheets } from "../adapters/store/claims";
import { schoolsOwedSubmissions } from "../adapters/store/submission-syncs";
import {
  getCursor,
  getSpreadsheetStates,
  lastPollStartedAt,
  recordPollCycle,
  setCursor,
} from "../adapters/store/sync-state";
import { markWaiting } from "../adapters/store/sync-waiting";
import { ACCOUNTS_TAB_KEY } from "../core/accounts/tab";
import {
  accountsSchoolOf,
  isSummarySpreadsheet,
  needsSync,
  nextCursor,
  queryModifiedSince,
  syncTargetOf,
} from "../core/sync/changed-spreadsheets";
import { decodeTabManifest } from "../core/sync/tab-manifest";
import type { SyncMessage } from "./messages";

const DRIVE_CURSOR = "drive.modifiedTime";
/** Where the poll leaves the summary spreadsheet's id for the summary job. */
export const SUMMARY_SPREADSHEET_CURSOR = "summary.spreadsheetId";
/**
 * Where it leaves the summary's tab manifest, JSON of `SummaryBinding`: the id says which file the
 * manifest belongs to, so a manifest is never applied to another summary spreadsheet.
 */
export const SUMMARY_TABS_CURSOR = "summary.tabs";

export interface SummaryBinding {
  readonly spreadsheetId: string;
  /** Tab key → sheetId (core/sync/county-tabs SUMMARY_TABS); null: provisioned before manifests. */
  readonly tabs: Record<string, number> | null;
}

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
  const listedAt = now.toISOString();
  for (const file of files) {
    const target = syncTargetOf(file.appProperties);
    if (target && needsSync(file, known.get(file.id))) {
      const listed = target.kind === "school" ? { listedAt } : {};
      changed.push({ spreadsheetId: file.id, version: file.version, ...target, ...listed });
    }
  }
  const modified = new Map(files.map((file) => [file.id, file.modifiedTime]));
  await oldestFirst(db, changed, (id) => changedAt(modified.get(id), listedAt));
  changed.push(...(await accountSpreadsheetsIn(db, files, changed, now)));
  changed.push(...(await schoolsWithSubmissions(db, changed)));
  changed.push(...(await accountSheetsToBlank(db, changed)));
  // The listing already names the summary spreadsheet, with its tab manifest: recording them
  // costs no Drive request.
  const summary = files.find((file) => isSummarySpreadsheet(file.appProperties));
  if (summary !== undefined) await recordSummary(db, summary, now);
  const latest = nextCursor(cursor, files);
  if (latest !== undefined && latest !== cursor) {
    await setCursor(db, DRIVE_CURSOR, latest, now.toISOString());
  }
  return { listed: files.length, changed };
}

/**
 * Orders the changed spreadsheets by how long each has waited for a sync, oldest first: since
 * the change the poll that first found it changed saw (kept until its sync), so a school found by
 * an earlier poll is never overtaken by one found later, even when it kept typing. Among the
 * schools one poll finds, Drive's last change is the one edit time known: a school with one edit
 * since its sync (the common case when a tick comes every two minutes) is ranked by exactly that
 * edit, so when the tick's quota runs short the schools left for the next minute are those that
 * edited last, not any that may have waited since the previous tick.
 */
async function oldestFirst(
  db: D1Database,
  changed: SyncMessage[],
  estimate: (spreadsheetId: string) => string,
): Promise<void> {
  const since = await markWaiting(
    db,
    changed.map((m) => ({ spreadsheetId: m.spreadsheetId, since: estimate(m.spreadsheetId) })),
  );
  const order = (m: SyncMessage) => since.get(m.spreadsheetId) ?? estimate(m.spreadsheetId);
  changed.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** A file's last change as Drive lists it (ISO), or the poll's time if Drive gave none usable. */
function changedAt(modifiedTime: string | undefined, now: string): string {
  const at = modifiedTime === undefined ? Number.NaN : Date.parse(modifiedTime);
  return Number.isNaN(at) ? now : new Date(at).toISOString();
}

async function recordSummary(db: D1Database, file: DriveFile, now: Date) {
  const manifest = decodeTabManifest(file.appProperties);
  const binding: SummaryBinding = {
    spreadsheetId: file.id,
    tabs: manifest === null ? null : Object.fromEntries(manifest),
  };
  await setCursor(db, SUMMARY_TABS_CURSOR, JSON.stringify(binding), now.toISOString());
  await setCursor(db, SUMMARY_SPREADSHEET_CURSOR, file.id, now.toISOString());
}

/**
 * Records the account spreadsheets the listing names, with the 账号 tab's sheetId from each one's
 * tab manifest (no Drive request of its own), wakes each
 * school whose account spreadsheet just appeared with passwords waiting for it — as after
 * provisioning moved them out of the school spreadsheet — unless the school syncs anyway, and
 * has the 重置密码 boxes read of each one that someone other than the worker changed.
 */
async function accountSpreadsheetsIn(
  db: D1Database,
  files: readonly DriveFile[],
  changed: readonly SyncMessage[],
  now: Date,
): Promise<SyncMessage[]> {
  const found = files.flatMap((file) => {
    const schoolCode = accountsSchoolOf(file.appProperties);
    if (schoolCode === undefined) return [];
    const tabSheetId = decodeTabManifest(file.appProperties)?.get(ACCOUNTS_TAB_KEY) ?? null;
    return [{ schoolCode, spreadsheetId: file.id, version: file.version, tabSheetId }];
  });
  const seen = await recordAccountSpreadsheets(db, found, now.toISOString());
  const resets = seen.changed.map((sheet) => ({ kind: "accounts" as const, ...sheet }));
  const fresh = seen.fresh;
  if (fresh.length === 0) return resets;
  const syncing = new Set(changed.flatMap((m) => (m.kind === "school" ? [m.school.code] : [])));
  const owed = await schoolsOwedAccountRows(
    db,
    fresh.filter((code) => !syncing.has(code)),
  );
  const sheets = await schoolSpreadsheets(
    db,
    owed.map((school) => school.schoolCode),
  );
  return [
    ...resets,
    ...sheets.map(({ spreadsheetId, school }) => ({
      kind: "school" as const,
      spreadsheetId,
      version: 0,
      school,
      force: true,
    })),
  ];
}

/**
 * A forced sync for each school holding teachers' portal submissions sent since its last sync,
 * unless it syncs anyway: the school's next sync writes them all in its one write-back. A D1
 * query, no Drive request: an idle cycle stays one listing.
 */
async function schoolsWithSubmissions(
  db: D1Database,
  changed: readonly SyncMessage[],
): Promise<SyncMessage[]> {
  const syncing = new Set(changed.flatMap((m) => (m.kind === "school" ? [m.school.code] : [])));
  return (await schoolsOwedSubmissions(db))
    .filter((owed) => !syncing.has(owed.school.code))
    .map((owed) => ({ kind: "school" as const, ...owed, force: true }));
}

/**
 * The account spreadsheets still showing a password cleared since the previous cycle (a teacher
 * signed in and chose their own): one write each, no read, unless the school syncs anyway (its
 * sync writes them) or the tab is read this cycle. A blanking whose write fails waits for the
 * school's next sync or the daily run, so a refused spreadsheet is not retried every cycle.
 */
async function accountSheetsToBlank(
  db: D1Database,
  changed: readonly SyncMessage[],
): Promise<SyncMessage[]> {
  const since = await lastPollStartedAt(db);
  if (since === undefined) return [];
  const busy = new Set(
    changed.flatMap((m) =>
      m.kind === "school" ? [m.school.code] : m.kind === "accounts" ? [m.schoolCode] : [],
    ),
  );
  return (await accountSheetsOwedBlanking(db, since))
    .filter((sheet) => !busy.has(sheet.schoolCode))
    .map((sheet) => ({ kind: "accounts" as const, ...sheet }));
}

/** Cron entry: find changes and fan out one `sync` message per changed spreadsheet. */
export async function runScheduledPoll(
  db: D1Database,
  queue: Queue<SyncMessage>,
  google: Google,
  now: Date,
): Promise<PollResult> {
  const result = await findChangedSpreadsheets(db, google, now);
  await enqueueSyncs(queue, result.changed);
  await recordPollCycle(db, {
    startedAt: now.toISOString(),
    trigger: "cron",
    changed: result.changed.length,
    enqueued: result.changed.length,
  });
  return result;
}

/** One `sync` message per changed spreadsheet, in the poll's order. */
export async function enqueueSyncs(
  queue: Queue<SyncMessage>,
  messages: readonly SyncMessage[],
): Promise<void> {
  // sendBatch takes at most 100 messages.
  for (let i = 0; i < messages.length; i += 100) {
    await queue.sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
  }
}
