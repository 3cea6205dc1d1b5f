import { getSpreadsheetState } from "../adapters/store/sync-state";
import { type TabProblem, tabProblemMessage } from "../core/sync/tab-manifest";
import { type AccountsTabOutcome, writeAccountRows } from "./accounts";
import { HashBudget } from "./hash-budget";
import { type RequestRowsOutcome, syncRequestRows } from "./school-sync/business";
import { commitRegistry } from "./school-sync/commit";
import type { CountyDecisions, SchoolMessage, SchoolSyncDeps } from "./school-sync/context";
import { type Decisions, decideSchool } from "./school-sync/decide";
import { type Following, followTheRegistry } from "./school-sync/follow";
import { withFreshVersion } from "./school-sync/fresh-version";
import { planWrites } from "./school-sync/plan";
import { readSheet, type SheetRead } from "./school-sync/read";
import { recordSynced, recordWritten } from "./school-sync/record";
import { guardWrites, type Written, writeSheet } from "./school-sync/write";

export interface SchoolSyncOutcome {
  spreadsheetId: string;
  schoolCode: string;
  status: "synced" | "stale";
  /** Cells and notes the write-back changed; 0 when the sheet already showed everything. */
  writes: number;
  dropped: number;
  summary: Record<string, Partial<Record<string, number>>>;
  notices: string[];
  /** Registry changes that concern the county recheck sheet (sent, withdrawn, superseded). */
  countyChanges: number;
  /** Codes of schools holding a person this sync newly entered: they need a sync too. */
  conflictsWith: string[];
  /** Codes of the other schools of the business requests this sync moved: their rows follow. */
  businessWith: readonly string[];
  /** What the sheet did to follow the registry: rows cleared and appended, 人员状态 written. */
  followed: { cleared: number; appended: number; statuses: number };
  /** Template tabs not synced because their name no longer matches their provisioned id. */
  tabProblems: TabProblem[];
  /** Which of the given county decisions counted (record ids; change request ids). */
  applied: { recheck: readonly string[]; change: readonly string[] };
  /**
   * Set when the hash budget left teachers without a number or a password: the message that
   * carries on (same school, forced, at the version our writes made). Each continuation issues
   * the next teachers in sheet order; numbers already issued are kept, so none is issued twice.
   */
  continuation?: SchoolMessage;
}

/**
 * One school's sync, as a sequence of named stages (`school-sync/`), each with a typed input
 * and output; a feature contributes its reads, its decision in the core and its planned writes
 * to the stages, never a branch here:
 *
 *   read ─► follow the registry ─► decide (per feature) ─► commit ─► business steps
 *        ─► plan writes ─► guard ─► write ─► record
 *
 * Guarantees:
 * - Sheets requests on the school spreadsheet: one read, and when anything must be written one
 *   guard re-read and one write; the first sync of a spreadsheet adds one spreadsheets.get for
 *   the tab ids. A sync that issued teacher numbers (or follows a sign-in, or a transfer that
 *   moved an account in or out) adds one write to the school's account spreadsheet and no read;
 *   the others add nothing (`jobs/accounts.ts`);
 * - CPU: at most `deps.hashes` password hashes; teachers past it show 编号待分配 and are issued
 *   by the `continuation` message;
 * - the features' decisions are committed to the registry in one D1 batch (all or none), before
 *   the sheet is written: a failed write is redone by the next delivery from the same registry
 *   state, never the other way round; only teacher numbers and the business steps are recorded
 *   apart (`school-sync/commit.ts` says why);
 * - stale deliveries (a version already synced) do nothing; `force` ignores that, for decisions
 *   made in the registry that the sheet has not shown yet;
 * - teachers' portal submissions pending for the school are laid into the tabs as read before
 *   anything is decided (core/sync/submissions.ts) and go out in the same one batchUpdate, each
 *   only onto a row still as read (the guard); one is marked written only after that write, so a
 *   failed write is redone by the next sync, and a submission the sheet already shows is never
 *   written again.
 */
export async function syncSchoolSheet(
  given: SchoolSyncDeps,
  listed: SchoolMessage,
  force = false,
  decisions: CountyDecisions = {},
): Promise<SchoolSyncOutcome> {
  const deps = { ...given, hashes: given.hashes ?? new HashBudget() };
  const { db, google, crypto, now } = deps;
  const { spreadsheetId, school } = listed;
  const known = await getSpreadsheetState(db, spreadsheetId);
  if (!force && known && known.syncedVersion >= listed.version) return stale(listed);
  // Under a backlog, the version about to be read, so neither our write nor a duplicate repeats.
  const message = await withFreshVersion(deps, listed);
  if (
    !force &&
    known &&
    Math.max(known.syncedVersion, known.ownWriteVersion ?? 0) >= message.version
  )
    return stale(message);
  const sheet = await readSheet(deps, message, known);
  const following = await followTheRegistry(deps, message, sheet);
  const decided = await decideSchool(deps, message, sheet, following, decisions);
  const countyChanges = await commitRegistry(db, crypto, decided.commit, now.toISOString());
  const business = await syncRequestRows(
    deps,
    school,
    sheet.read.tabs,
    following.personKeyOf,
    sheet.today,
    following.toFollow.requests,
  );
  const planned = planWrites(sheet.placed, following, decided, business);
  const sheetIds = new Map(Object.entries(sheet.read.sheetIds));
  const guarded = await guardWrites(google, spreadsheetId, planned, sheetIds);
  const written = await writeSheet(google, spreadsheetId, guarded, planned.layouts, sheetIds, {
    found: sheet.read.problems,
    reported: known?.tabProblems ?? [],
  });
  await recordWritten(deps, sheet, guarded, business.plan);
  // After the write-back, so statuses never wait on it; passwords owed stay in D1 until written.
  const accounts = await writeAccountRows(deps, school.code);
  const ownWriteVersion = await recordSynced(deps, message, sheet, written);
  return syncedOutcome(message, {
    sheet,
    following,
    decided,
    countyChanges,
    business,
    dropped: guarded.dropped.length,
    written,
    accounts,
    ownWriteVersion,
  });
}

/** What the stages of one sync did, for the caller (wake-ups, continuation) and the logs. */
function syncedOutcome(
  message: SchoolMessage,
  done: {
    sheet: SheetRead;
    following: Following;
    decided: Decisions;
    countyChanges: number;
    business: RequestRowsOutcome;
    dropped: number;
    written: Written;
    accounts: AccountsTabOutcome;
    ownWriteVersion: number | null;
  },
): SchoolSyncOutcome {
  const { sheet, following, decided, business, accounts } = done;
  const { sections, deferred } = decided;
  const problems = sheet.read.problems;
  return {
    ...unsynced(message),
    status: "synced",
    writes: done.written.writes,
    dropped: done.dropped,
    summary: sections.summary,
    countyChanges: done.countyChanges + business.applied,
    conflictsWith: [...decided.conflictsWith],
    businessWith: business.wake,
    followed: {
      cleared: following.followed.cleared,
      appended: following.followed.appended,
      statuses: decided.statuses.changes.filter((c) => c.kind === "putRecord").length,
    },
    applied: sections.applied,
    tabProblems: problems,
    notices: [
      ...problems.map((p) => `${p.title}：${tabProblemMessage(p)}`),
      ...[...sections.notices, ...business.notices].map(
        (n) => `${n.tab}${n.row ? `第${n.row}行` : ""}：${n.message}`,
      ),
      ...(deferred.size > 0 ? [deferredNotice(deferred.size)] : []),
      ...(accounts.notice === undefined ? [] : [accounts.notice]),
    ],
    ...(deferred.size > 0 || accounts.more
      ? {
          continuation: {
            ...message,
            version: done.ownWriteVersion ?? message.version,
            force: true,
          },
        }
      : {}),
  };
}

/** The outcome of a sync that did nothing. */
function unsynced(message: SchoolMessage) {
  return {
    spreadsheetId: message.spreadsheetId,
    schoolCode: message.school.code,
    writes: 0,
    dropped: 0,
    notices: [],
    countyChanges: 0,
    conflictsWith: [],
    businessWith: [],
    followed: { cleared: 0, appended: 0, statuses: 0 },
    tabProblems: [],
    applied: { recheck: [], change: [] },
  };
}

function stale(message: SchoolMessage): SchoolSyncOutcome {
  return { ...unsynced(message), status: "stale", summary: {} };
}

function deferredNotice(count: number): string {
  return `还有 ${count} 名新教师的教师编号待分配，将在下一轮同步中分配`;
}
