import { getFileVersion } from "../adapters/google/drive";
import { batchUpdateValues, getSpreadsheetTabs } from "../adapters/google/sheets";
import {
  owePendingSyncs,
  schoolsOwedSync,
  settleOwedSync,
} from "../adapters/store/business-county";
import { countyConflicts, decideConflict, markConflictsShown } from "../adapters/store/conflicts";
import {
  decideChangeEntry,
  entriesOf,
  markShown,
  pendingDecisions,
  rememberRecheckSpreadsheet,
  schoolsByCode,
  withdrawUnapplied,
} from "../adapters/store/recheck";
import { decideRecheckItem, openChangeRequests } from "../adapters/store/registry";
import {
  getSpreadsheetState,
  recordSpreadsheetSynced,
  type SpreadsheetState,
} from "../adapters/store/sync-state";
import { BUSINESS_KINDS, type BusinessKind } from "../core/business/index";
import { CONFIRM_TITLE } from "../core/credits/confirm";
import { CHANGE_APPROVAL_TITLE } from "../core/provision/county";
import { APPROVAL_TITLES, collectApprovalDecisions, schoolsOf } from "../core/recheck/approvals";
import { collectDecisions } from "../core/recheck/collect";
import {
  CONFLICT_TITLE,
  collectConflictDecisions,
  planConflictTab,
} from "../core/recheck/conflicts";
import { type DecisionTabKind, RECORD_ID_HEADER, STATUS_HEADER } from "../core/recheck/decisions";
import { type CountyTab, countyTabsOf, isFinal, planCounty } from "../core/recheck/sheet";
import type { ChangeDecision, RecheckDecision } from "../core/review/decide";
import { type KeyedTab, recheckTabs } from "../core/sync/county-tabs";
import { syncTimeText } from "../core/sync/plan";
import { idsFirstSeen } from "../core/sync/tab-manifest";
import { SchoolCategory } from "../core/templates";
import { shippedCountyConfig } from "../core/templates/bundle";
import {
  approvalIdsOn,
  approvalRefusal,
  approvalsById,
  awaitingApprovals,
  decideApproval,
  markApprovalsShown,
  planApprovals,
} from "./approvals";
import { creditWork, decideCredits, markCreditsShown, planCredits } from "./credit-confirm";
import type { SyncMessage } from "./messages";
import { officeOf } from "./recheck-append";
import type { CountyDecisions, SchoolSyncDeps } from "./school-sync/context";
import { readTabs } from "./school-sync/read-tabs";
import { syncSchoolSheet } from "./sync-school";

type RecheckSyncMessage = Extract<SyncMessage, { kind: "recheck" }>;

export interface RecheckSyncOutcome {
  spreadsheetId: string;
  status: "synced" | "stale";
  /** Decisions recorded from this read. */
  decided: number;
  /** Schools whose sheets were synced to apply decisions. */
  schools: number;
  /** 复核状态 cells (with their 同步时间) written back. */
  writes: number;
  /** Rows whose office input could not be used, told so on the row. */
  problems: number;
  /** Schools whose sync left teacher numbers or passwords for a later message. */
  continuations: SyncMessage[];
}

/**
 * The county recheck sheet changed: read the offices' decisions, record them, apply them to the
 * schools' sheets, and show the outcome on the county sheet. 人事股's decisions on business
 * requests (the approval tabs) are read in the same batchGet and shown in the same write.
 *
 * Guarantees:
 * - county sheet requests: one batchGet of every decision tab, at most one values.batchUpdate
 *   (复核状态, 同步时间); each school with a decision costs one Drive files.get and a forced
 *   school sync (read, guard re-read, write);
 * - a decision counts only for the version the office saw (`collectDecisions`), and is recorded
 *   in D1 before it is applied: a failed school sync is retried from D1 by the next run, and
 *   a decision the school's sheet no longer allows (edited first) is withdrawn, shown 已撤回;
 * - stale deliveries (a version already synced) do nothing.
 */
export async function syncRecheckSheet(
  deps: SchoolSyncDeps,
  message: RecheckSyncMessage,
): Promise<RecheckSyncOutcome> {
  const { db, google, templates, now } = deps;
  const { spreadsheetId } = message;
  const at = now.toISOString();
  await rememberRecheckSpreadsheet(db, spreadsheetId, at);
  const outcome = {
    spreadsheetId,
    decided: 0,
    schools: 0,
    writes: 0,
    problems: 0,
    continuations: [] as SyncMessage[],
  };
  const known = await getSpreadsheetState(db, spreadsheetId);
  if (message.force !== true && known && known.syncedVersion >= message.version)
    return { ...outcome, status: "stale" };

  const sectionTitles = new Set(
    SchoolCategory.options.flatMap((category) =>
      templates.categories[category].sections
        .filter((section) => section.kind === "section")
        .map((section) => section.title),
    ),
  );
  const kindOf = (title: string): DecisionTabKind | undefined =>
    title === CHANGE_APPROVAL_TITLE ? "change" : sectionTitles.has(title) ? "recheck" : undefined;
  // Every tab by its bound sheetId: a tab renamed, and any look-alike under its old title, is
  // not read (nothing in it is decided) and is reported; `read.tabs` holds the trusted ones only.
  const bound = recheckTabs(templates);
  const manifest = message.tabs === undefined ? null : new Map(Object.entries(message.tabs));
  const read = await readTabs(
    google,
    spreadsheetId,
    bound,
    manifest,
    manifest === null ? await firstSeenIds(google, spreadsheetId, known, bound) : null,
  );
  const tabs = countyTabsOf(read.tabs);
  const ids = openRecordIds(tabs);
  const collected = collectDecisions(read.tabs, tabs, kindOf, await entriesOf(db, ids));
  for (const { entry, decision } of collected.decisions) {
    const recorded =
      entry.kind === "recheck"
        ? await decideRecheckItem(
            db,
            entry.recordId,
            entry.versionKey,
            decision.outcome === "accepted"
              ? { outcome: "confirmed" }
              : { outcome: "returned", reason: decision.reason },
            at,
          )
        : await decideChangeEntry(
            db,
            entry.versionKey,
            decision.outcome === "accepted"
              ? { outcome: "approved" }
              : { outcome: "rejected", reason: decision.reason },
            changeOffice(),
            at,
          );
    if (recorded) outcome.decided += 1;
  }
  const applied = await applyPendingDecisions(deps, spreadsheetId);
  const conflictTab = tabs.get(CONFLICT_TITLE);
  const conflicts = await decideConflicts(deps, conflictTab);
  const approvals = await decideApprovals(deps, tabs);
  const credits = await decideCreditTab(deps, tabs.get(CONFIRM_TITLE), spreadsheetId);
  outcome.decided += conflicts.decided + approvals.decided + credits.decided;
  outcome.schools = applied.synced + conflicts.schools + approvals.schools + credits.schools;
  outcome.continuations = [
    ...applied.continuations,
    ...conflicts.continuations,
    ...approvals.continuations,
    ...credits.continuations,
  ];

  // Everything on the sheet now as the registry says, plus the problems found in this read.
  const entries = (await entriesOf(db, ids)).map((e) => ({ ...e, needsAppend: false }));
  const plan = planCounty(tabs, entries, collected.problems, syncTimeText(at));
  const conflictPlan = planConflictTab(
    conflictTab,
    await countyConflicts(db),
    conflicts.problems,
    syncTimeText(at),
  );
  const approvalPlan = planApprovals(
    tabs,
    await approvalsNow(db, tabs),
    approvals.problems,
    syncTimeText(at),
  );
  const creditPlan = planCredits(
    tabs,
    tabs.has(CONFIRM_TITLE) ? await creditWork(db) : [],
    credits.problems,
    syncTimeText(at),
  );
  const writes = [
    ...plan.writes,
    ...conflictPlan.writes,
    ...approvalPlan.writes,
    ...creditPlan.writes,
  ];
  if (writes.length > 0)
    await batchUpdateValues(google.client, google.sheetsBaseUrl, spreadsheetId, writes);
  await markConflictsShown(db, conflictPlan.shown);
  await markApprovalsShown(db, approvalPlan, at);
  await markCreditsShown(db, creditPlan, at);
  await markShown(
    db,
    plan.settled.flatMap((entry) =>
      entry.state.kind === "closed" ? [{ entry, status: entry.state.status, appended: false }] : [],
    ),
    at,
  );
  await recordSpreadsheetSynced(db, {
    spreadsheetId,
    title: known?.title ?? spreadsheetId,
    syncedVersion: message.version,
    ownWriteVersion: writes.length > 0 ? message.version + 1 : null,
    tabCount: read.tabs.length,
    rowCount: [...tabs.values()].reduce((sum, tab) => sum + tab.rows.size, 0),
    syncedAt: at,
    sheetIds: read.sheetIds,
    tabProblems: read.problems,
  });
  return {
    ...outcome,
    status: "synced",
    writes: writes.length,
    problems:
      collected.problems.length +
      conflicts.problems.size +
      [...approvals.problems.values()].reduce((sum, rows) => sum + rows.size, 0) +
      credits.problems.size,
  };
}

/**
 * 教师进修学校's decisions in 学分确认, recorded in the audit log; each school with credits
 * returned now is synced at once, so its row shows the reason. (A run that stops in between
 * leaves the reason to the school's next sync, which reads it from D1 like this one.)
 */
async function decideCreditTab(
  deps: SchoolSyncDeps,
  tab: CountyTab | undefined,
  spreadsheetId: string,
): Promise<{
  problems: Map<number, string>;
  decided: number;
  schools: number;
  continuations: SyncMessage[];
}> {
  const { db, now } = deps;
  const decided = await decideCredits(db, tab, spreadsheetId, now.toISOString());
  const known = await schoolsByCode(db, [...decided.returnedSchools]);
  let synced = 0;
  const continuations: SyncMessage[] = [];
  for (const [code, school] of known) {
    if (school.spreadsheetId == null) continue;
    const result = await syncSchoolNow(deps, code, school, school.spreadsheetId);
    if (result.continuation !== undefined) continuations.push(result.continuation);
    synced += 1;
  }
  return { problems: decided.problems, decided: decided.decided, schools: synced, continuations };
}

/**
 * Syncs each school with decisions recorded and not yet applied (this read's, and any a failed
 * run left), then withdraws the recheck decisions the school's sheet could not take.
 */
async function applyPendingDecisions(
  deps: SchoolSyncDeps,
  countySheet: string,
): Promise<{ synced: number; continuations: SyncMessage[] }> {
  const { db, crypto, now } = deps;
  const pending = await pendingDecisions(db);
  const codes = [...new Set([...pending.recheck, ...pending.change].map((d) => d.schoolCode))];
  const schools = await schoolsByCode(db, codes);
  let synced = 0;
  const continuations: SyncMessage[] = [];
  for (const code of codes) {
    const school = schools.get(code);
    if (school?.spreadsheetId == null) continue;
    const recheck: RecheckDecision[] = pending.recheck
      .filter((d) => d.schoolCode === code)
      .map((d) => {
        const source = {
          actor: officeOf(d),
          at: d.decidedAt,
          spreadsheetId: countySheet,
          recordId: d.recordId,
          hash: d.hash,
        };
        return d.outcome === "returned"
          ? { ...source, outcome: "returned", reason: d.reason ?? "" }
          : { ...source, outcome: "confirmed" };
      });
    const wanted = new Map(
      pending.change.filter((d) => d.schoolCode === code).map((d) => [d.changeRequestId, d]),
    );
    const change: ChangeDecision[] = [];
    if (wanted.size > 0)
      for (const request of await openChangeRequests(db, crypto, code)) {
        const d = wanted.get(request.changeRequestId);
        if (d === undefined) continue;
        const source = { actor: d.decidedBy, at: d.decidedAt, spreadsheetId: countySheet, request };
        change.push(
          d.outcome === "rejected"
            ? { ...source, outcome: "rejected", reason: d.reason ?? "" }
            : { ...source, outcome: "approved" },
        );
      }
    const result = await syncSchoolNow(deps, code, school, school.spreadsheetId, {
      recheck,
      change,
    });
    synced += 1;
    if (result.continuation !== undefined) continuations.push(result.continuation);
    const applied = new Set(result.applied.recheck);
    await withdrawUnapplied(
      db,
      recheck.filter((d) => !applied.has(d.recordId)),
      now.toISOString(),
    );
  }
  return { synced, continuations };
}

/**
 * 人事股's decisions in 冲突处理: each one recorded (the teacher number follows the person), then
 * every school involved synced at once, so both see the outcome on their rows.
 */
async function decideConflicts(
  deps: SchoolSyncDeps,
  tab: CountyTab | undefined,
): Promise<{
  problems: Map<string, string>;
  decided: number;
  schools: number;
  continuations: SyncMessage[];
}> {
  const { db, now } = deps;
  const { decisions, problems } = collectConflictDecisions(tab, await countyConflicts(db));
  const involved = new Set<string>();
  let decided = 0;
  for (const decision of decisions) {
    const schools = await decideConflict(db, {
      ...decision,
      actor: personnelOffice(),
      at: now.toISOString(),
    });
    if (schools === null) continue;
    decided += 1;
    for (const code of schools) involved.add(code);
  }
  const known = await schoolsByCode(db, [...involved]);
  let synced = 0;
  const continuations: SyncMessage[] = [];
  for (const [code, school] of known) {
    if (school.spreadsheetId == null) continue;
    const result = await syncSchoolNow(deps, code, school, school.spreadsheetId);
    if (result.continuation !== undefined) continuations.push(result.continuation);
    synced += 1;
  }
  return { problems, decided, schools: synced, continuations };
}

/**
 * 人事股's decisions in the approval tabs: each applied through the business core (which
 * refuses anything but the county's current step), then the schools of every request decided
 * synced at once, so their sheets show the new state (a transfer's other school gets its row).
 * The schools a decision concerns are owed a sync in D1 before it is applied, and released only
 * once synced: a run that stops in between (a quota error, a crash) leaves them to the next run.
 */
async function decideApprovals(
  deps: SchoolSyncDeps,
  tabs: ReadonlyMap<string, CountyTab>,
): Promise<{
  problems: Map<string, Map<number, string>>;
  decided: number;
  schools: number;
  continuations: SyncMessage[];
}> {
  const { db, now } = deps;
  const at = now.toISOString();
  const requests = new Map(
    (await approvalsById(db, approvalIdsOn(tabs))).map((r) => [r.requestId, r]),
  );
  const problems = new Map<string, Map<number, string>>();
  let decided = 0;
  for (const kind of BUSINESS_KINDS) {
    const title = APPROVAL_TITLES[kind];
    const collected = collectApprovalDecisions(tabs.get(title), requests, approvalRefusal);
    const tabProblems = new Map(collected.problems);
    for (const decision of collected.decisions) {
      const request = requests.get(decision.requestId);
      if (request === undefined) continue;
      await owePendingSyncs(db, request.requestId, schoolsOf(request), at);
      // The office whose protected 决定 column the tab has (provisioning's approvalTab), by the
      // name the log shows: that office is all the protection guarantees, not the account.
      const result = await decideApproval(deps, decision, request, dutyOffice(kind).name, at);
      if (!result.ok) {
        tabProblems.set(decision.row, `${result.reason}：本行的决定未处理`);
        continue;
      }
      decided += 1;
    }
    if (tabProblems.size > 0) problems.set(title, tabProblems);
  }
  const known = await schoolsByCode(db, await schoolsOwedSync(db));
  let synced = 0;
  const continuations: SyncMessage[] = [];
  for (const [code, school] of known) {
    if (school.spreadsheetId != null) {
      const result = await syncSchoolNow(deps, code, school, school.spreadsheetId);
      if (result.continuation !== undefined) continuations.push(result.continuation);
      synced += 1;
    }
    await settleOwedSync(db, code, at);
  }
  return { problems, decided, schools: synced, continuations };
}

/** The requests the approval tabs show, and those whose county step is due, as they are now. */
async function approvalsNow(db: D1Database, tabs: ReadonlyMap<string, CountyTab>) {
  const shown = await approvalsById(db, approvalIdsOn(tabs));
  const ids = new Set(shown.map((r) => r.requestId));
  return [...shown, ...(await awaitingApprovals(db)).filter((r) => !ids.has(r.requestId))];
}

/** A forced sync of one school's sheet at its current Drive version, to show what the county decided. */
async function syncSchoolNow(
  deps: SchoolSyncDeps,
  code: string,
  school: { name: string; category: SchoolCategory },
  spreadsheetId: string,
  decisions: CountyDecisions = {},
) {
  const { google } = deps;
  const version = await getFileVersion(google.client, google.driveBaseUrl, spreadsheetId);
  const message = {
    kind: "school" as const,
    spreadsheetId,
    version,
    school: { code, name: school.name, category: school.category },
  };
  return syncSchoolSheet(deps, message, true, decisions);
}

/**
 * A county spreadsheet provisioned before manifests: each tab is bound to the id this worker
 * first saw under its title, kept across renames (`idsFirstSeen`), so a look-alike never takes
 * over a title; only titles never seen (tabs a later provisioning run added) are looked up, in
 * one spreadsheets.get. The next provisioning run writes the manifest, which then rules.
 */
async function firstSeenIds(
  google: SchoolSyncDeps["google"],
  spreadsheetId: string,
  known: SpreadsheetState | undefined,
  tabs: readonly KeyedTab[],
): Promise<Record<string, number>> {
  const seen = idsFirstSeen(known?.sheetIds ?? null, known?.tabProblems ?? []);
  if (tabs.every((tab) => tab.title in seen)) return seen;
  const meta = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, spreadsheetId);
  const now = Object.fromEntries(
    meta.sheets.map((s) => [s.properties.title, s.properties.sheetId]),
  );
  return { ...now, ...seen };
}

/** The office that decides ID conflicts (county.json's transfer duty: 人事股). */
function personnelOffice(): string {
  return dutyOffice("transfer").key;
}

/** The office with a duty, as provisioning gives it the duty's protected columns. */
function dutyOffice(duty: BusinessKind): { readonly key: string; readonly name: string } {
  const { offices } = shippedCountyConfig;
  return (
    offices.find((o) => o.duties.includes(duty)) ??
    offices[0] ?? { key: "personnel", name: "人事股" }
  );
}

/** Record ids on rows not settled yet: the only rows a decision or a status can concern. */
function openRecordIds(tabs: ReadonlyMap<string, CountyTab>): string[] {
  const ids = new Set<string>();
  for (const tab of tabs.values()) {
    // 学分确认 shows 记录编号 too, but its rows are not recheck or change entries.
    if (tab.title === CONFIRM_TITLE) continue;
    const idAt = tab.headers.indexOf(RECORD_ID_HEADER);
    const statusAt = tab.headers.indexOf(STATUS_HEADER);
    if (idAt < 0) continue;
    for (const cells of tab.rows.values()) {
      const id = String(cells[idAt] ?? "").trim();
      if (id !== "" && !isFinal(String(cells[statusAt] ?? "").trim())) ids.add(id);
    }
  }
  return [...ids];
}

/** The office that decides change requests (county.json's change_approval duty). */
function changeOffice(): string {
  const office = shippedCountyConfig.offices.find((o) => o.duties.includes("change_approval"));
  return office?.key ?? "county";
}
