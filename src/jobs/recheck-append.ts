import { getFileVersion } from "../adapters/google/drive";
import type { Google } from "../adapters/google/index";
import { batchGetByGridRanges, batchUpdateValues, wholeTab } from "../adapters/google/sheets";
import { countyConflicts, markConflictsShown } from "../adapters/store/conflicts";
import {
  countyWork,
  markShown,
  recheckSpreadsheet,
  recordOwnWrite,
} from "../adapters/store/recheck";
import { markRecheckAppended } from "../adapters/store/registry";
import { getSpreadsheetState } from "../adapters/store/sync-state";
import { CONFIRM_TITLE } from "../core/credits/confirm";
import { CONFLICT_TITLE, planConflictTab, statusOf } from "../core/recheck/conflicts";
import { countyTabsOf, type Entry, PENDING_STATUS, planCounty } from "../core/recheck/sheet";
import { syncTimeText } from "../core/sync/plan";
import type { ValueRange } from "../core/sync/read-rows";
import { checkBoundTabs } from "../core/sync/tab-manifest";
import { recheckOffice } from "../core/templates";
import { shippedCountyConfig } from "../core/templates/bundle";
import {
  approvalsById,
  approvalTitlesOf,
  approvalWork,
  awaitingApprovals,
  markApprovalsShown,
  planApprovals,
} from "./approvals";
import { creditWork, markCreditsShown, planCredits } from "./credit-confirm";

/** Versions handled per consumer run; the rest wait for the next message. */
const WORK_LIMIT = 500;

export interface CountyDeps {
  db: D1Database;
  google: Google;
  now: Date;
}

export interface ReconcileOutcome {
  status: "idle" | "no_sheet" | "done";
  appended: number;
  settled: number;
  /** Approval-tab rows appended or given a new 办理状态. */
  approvals: number;
  /** Tabs the work was for that the county sheet lacks (or lacks the worker's columns on). */
  unusable: string[];
}

/**
 * The recheck consumer: appends the versions queued for the county to their tabs, and shows
 * the final 复核状态 of versions withdrawn or decided since; likewise the business requests'
 * county steps in the approval tabs (a step that reached 人事股, a status that changed), and the
 * 国内培训 credits waiting for 教师进修学校 in 学分确认. The work is read from D1, so one run
 * serves a whole batch of messages.
 *
 * Guarantees:
 * - Sheets requests: one batchGet (by sheetId) of the tabs concerned and at most one values.batchUpdate
 *   (RAW); one Drive files.get before writing, to tell our write from an office's edit;
 * - idempotent: the tabs are re-read first and a version already shown is not appended again;
 * - the sheet is written before D1 records it, so a failure is redone by the next run;
 * - `no_sheet` until a poll has seen the county recheck spreadsheet: the caller retries.
 */
export async function reconcileCountySheet(deps: CountyDeps): Promise<ReconcileOutcome> {
  const { db, google, now } = deps;
  const idle = { appended: 0, settled: 0, approvals: 0, unusable: [] };
  const spreadsheetId = await recheckSpreadsheet(db);
  if (spreadsheetId === undefined) return { ...idle, status: "no_sheet" };
  const work = await countyWork(db, WORK_LIMIT);
  const conflicts = (await countyConflicts(db)).filter((c) => c.shownStatus !== statusOf(c));
  const approvals = await approvalWork(db, await awaitingApprovals(db), (ids) =>
    approvalsById(db, ids),
  );
  const credits = await creditWork(db);
  if (work.length === 0 && conflicts.length === 0 && approvals.length === 0 && credits.length === 0)
    return { ...idle, status: "idle" };
  const known = await getSpreadsheetState(db, spreadsheetId);
  const wanted = new Set([
    ...work.map((entry) => entry.tab),
    ...(conflicts.length > 0 ? [CONFLICT_TITLE] : []),
    ...approvalTitlesOf(approvals),
    ...(credits.length > 0 ? [CONFIRM_TITLE] : []),
  ]);
  const ranges = await readBound(google, spreadsheetId, known?.sheetIds ?? {}, wanted);
  const syncText = syncTimeText(now.toISOString());
  const tabs = countyTabsOf(ranges);
  const plan = planCounty(tabs, work, [], syncText);
  const shownConflicts = planConflictTab(tabs.get(CONFLICT_TITLE), conflicts, new Map(), syncText);
  const approvalPlan = planApprovals(tabs, approvals, new Map(), syncText);
  const creditPlan = planCredits(tabs, credits, new Map(), syncText);
  const writes = [
    ...plan.writes,
    ...shownConflicts.writes,
    ...approvalPlan.writes,
    ...creditPlan.writes,
  ];
  if (writes.length > 0) {
    const before = await getFileVersion(google.client, google.driveBaseUrl, spreadsheetId);
    await batchUpdateValues(google.client, google.sheetsBaseUrl, spreadsheetId, writes);
    // Only when nothing unseen came before it: otherwise the poll must still read the offices' edits.
    const seen = Math.max(known?.syncedVersion ?? 0, known?.ownWriteVersion ?? 0);
    if (before <= seen) await recordOwnWrite(db, spreadsheetId, before + 1);
  }
  await markConflictsShown(db, shownConflicts.shown);
  const at = now.toISOString();
  await markApprovalsShown(db, approvalPlan, at);
  await markCreditsShown(db, creditPlan, at);
  for (const { entry, row } of plan.appended) {
    if (entry.kind === "recheck")
      await markRecheckAppended(db, entry.recordId, entry.versionKey, officeOf(entry), row);
  }
  await markShown(
    db,
    [
      ...plan.appended.map(({ entry }) => ({
        entry,
        status: PENDING_STATUS[entry.kind],
        appended: true,
      })),
      ...plan.settled.flatMap((entry) =>
        entry.state.kind === "closed"
          ? [{ entry, status: entry.state.status, appended: false }]
          : [],
      ),
    ],
    at,
  );
  return {
    status: "done",
    appended: plan.appended.length,
    settled: plan.settled.length,
    approvals: approvalPlan.writes.length,
    unusable: [
      ...plan.unusable,
      ...approvalPlan.unusable,
      ...(creditPlan.unusable ? [CONFIRM_TITLE] : []),
    ],
  };
}

/**
 * The wanted tabs, read by the sheetIds the recheck sync bound and trusted (from the manifest),
 * each only while its id still bears its title: the writes then address that title, so they go
 * to the tab provisioning protected, never to a look-alike (the sync reports a renamed tab).
 * A tab the sync has not bound is left out: a read naming a missing tab would fail whole.
 */
async function readBound(
  google: Google,
  spreadsheetId: string,
  sheetIds: Readonly<Record<string, number>>,
  wanted: ReadonlySet<string>,
): Promise<ValueRange[]> {
  const bound = [...wanted].flatMap((title) => {
    const sheetId = sheetIds[title];
    return sheetId === undefined ? [] : [{ key: title, title, sheetId }];
  });
  if (bound.length === 0) return [];
  const found = await batchGetByGridRanges(
    google.client,
    google.sheetsBaseUrl,
    spreadsheetId,
    bound.map((tab) => ({ sheetId: tab.sheetId })),
  );
  const valuesOf = new Map(found.map((tab) => [tab.sheetId, tab.values]));
  return checkBoundTabs(bound, found).trusted.map((tab) => ({
    range: wholeTab(tab.title),
    values: valuesOf.get(tab.sheetId) ?? [],
  }));
}

/** The county office a section's rows are routed to (county.json). */
export function officeOf(entry: Pick<Entry, "section">): string {
  return recheckOffice(shippedCountyConfig, entry.section)?.key ?? "county";
}
