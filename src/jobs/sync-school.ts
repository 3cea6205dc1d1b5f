import type { IdCrypto } from "../adapters/crypto/index";
import type { Google } from "../adapters/google/index";
import {
  batchGetByGridRanges,
  batchUpdate,
  type CellValue,
  getSpreadsheetTabs,
  wholeTab,
} from "../adapters/google/sheets";
import { idConflictsFor, openConflicts } from "../adapters/store/conflicts";
import { saveRecordResults } from "../adapters/store/record-results";
import {
  applyRegistryChanges,
  loadSchoolRegistry,
  upsertSchools,
} from "../adapters/store/registry";
import { allocateTeacherNumbers } from "../adapters/store/registry-accounts";
import { markSubmissionsWritten, pendingSubmissions } from "../adapters/store/submissions";
import { getSpreadsheetState, recordSpreadsheetSynced } from "../adapters/store/sync-state";
import { BASIC_SECTION, type ChangeDecision, type RecheckDecision } from "../core/review/decide";
import { followRegistry, followStatuses } from "../core/sync/follow";
import { guard, guardGridRanges } from "../core/sync/guard";
import type { SheetLayout } from "../core/sync/layout";
import type {
  PersonKey,
  RegistryChange,
  RegistryTeacher,
  SchoolRegistry,
} from "../core/sync/model";
import type { PlanOp } from "../core/sync/plan";
import { recordIdFromSeed } from "../core/sync/record-id";
import { batchUpdateBody, type UpdateCellsRequest } from "../core/sync/requests";
import { type Placement, placeSubmissions } from "../core/sync/submissions";
import { peopleIn, personsNeedingTeacherNumbers, syncSchool } from "../core/sync/sync-school";
import {
  BOUND_WORKER_TABS,
  type BoundTab,
  checkBoundTabs,
  type TabManifest,
  type TabProblem,
  tabProblemMessage,
} from "../core/sync/tab-manifest";
import { type Templates, templateFor } from "../core/templates";
import type { IdConflict } from "../core/validate";
import { keepInitialPasswords, writeAccountRows } from "./accounts";
import { syncRequestRows } from "./business-rows";
import { registryToFollow } from "./follow-registry";
import { HashBudget } from "./hash-budget";
import type { SyncMessage } from "./messages";
import { saveRowsForCounty } from "./recheck-rows";

type SchoolMessage = Extract<SyncMessage, { kind: "school" }>;

export interface SchoolSyncDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  templates: Templates;
  now: Date;
  newId: () => string;
  /**
   * Password hashes the queue message may still spend (teacher numbers, reissued passwords),
   * shared by every sync the message makes; a sync given none gets a budget of its own.
   */
  hashes?: HashBudget;
}

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

/** The county's decisions for this school, recorded in D1 and not yet applied. */
export interface CountyDecisions {
  recheck?: readonly RecheckDecision[];
  change?: readonly ChangeDecision[];
}

/**
 * One school's sync, end to end: read the sheet (one batchGet), decide in the core, commit the
 * registry, re-read what the write-back touches (the guard), write it in one batchUpdate.
 *
 * Guarantees:
 * - Sheets requests on the school spreadsheet: one read, and when anything must be written one
 *   guard re-read and one write; the first sync of a spreadsheet adds one spreadsheets.get for
 *   the tab ids. A sync that issued teacher numbers (or follows a sign-in) adds one write to the
 *   school's account spreadsheet and no read; the others add nothing (`jobs/accounts.ts`);
 * - CPU: at most `deps.hashes` password hashes; teachers past it show 编号待分配 and are issued
 *   by the `continuation` message;
 * - the registry is committed before the sheet is written: a failed write is redone by the next
 *   delivery from the same registry state, never the other way round;
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
  message: SchoolMessage,
  force = false,
  decisions: CountyDecisions = {},
): Promise<SchoolSyncOutcome> {
  const deps = { ...given, hashes: given.hashes ?? new HashBudget() };
  const { db, google, crypto, templates, now } = deps;
  const { spreadsheetId, school } = message;
  const known = await getSpreadsheetState(db, spreadsheetId);
  const outcome = {
    spreadsheetId,
    schoolCode: school.code,
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
  if (!force && known && known.syncedVersion >= message.version) {
    return { ...outcome, status: "stale", summary: {} };
  }
  await upsertSchools(db, [{ ...school, township: school.township ?? "", spreadsheetId }]);
  const sections = templateFor(templates, school.category).map(({ key, title }) => ({
    key,
    title,
  }));
  const manifest = message.tabs === undefined ? null : new Map(Object.entries(message.tabs));
  const read = await readTabs(google, spreadsheetId, sections, manifest, known?.sheetIds ?? null, {
    boundOnly: BOUND_WORKER_TABS,
  });
  const today = isoDate(now);
  const placed = await placePending(deps, school, read.tabs, today);
  const tabs = placed.tabs;
  const schoolRef = { schoolCode: school.code, schoolName: school.name, category: school.category };
  const everyone = peopleIn(tabs, templates, schoolRef, today);
  const keyOf = new Map<string, PersonKey>();
  for (const id of everyone.idNumbers) keyOf.set(id, await crypto.personKey(id));
  const loaded = await loadSchoolRegistry(db, school.code, [...keyOf.values()], crypto);
  if (!loaded) throw new Error(`学校 ${school.code} 未登记`);
  const personKeyOf = (id: string) => keyOf.get(id);
  const following = await registryToFollow(db, school.code, tabs, loaded, templates);
  const followed = followRegistry({
    registry: loaded,
    tabs,
    templates,
    personKeyOf,
    ...following,
    now: now.toISOString(),
  });
  // Rows of persons gone from the school are not the school's: no conflict, no number for them.
  const people =
    followed.hidden > 0 ? peopleIn(followed.tabs, templates, schoolRef, today) : everyone;
  const conflicts = await idConflictsFor(db, [...keyOf.values()], school.code);
  const readInput = {
    registry: loaded,
    tabs: followed.tabs,
    templates,
    today,
    personKeyOf,
    lookupId: (id: string) => {
      const key = keyOf.get(id);
      return key === undefined ? undefined : conflicts.get(key);
    },
  };
  const { registry, deferred } = await withTeacherNumbers(deps, readInput, people.names, keyOf);
  const result = syncSchool({
    ...readInput,
    registry,
    spreadsheetId,
    now: now.toISOString(),
    newRecordId: recordIdFromSeed,
    newChangeRequestId: () => `C${deps.newId()}`,
    recheckDecisions: decisions.recheck,
    changeDecisions: decisions.change,
    numbersPending: deferred,
    keepUnshown: followed.keepUnshown,
    submittedRows: new Set(placed.writes.map((w) => `${w.tab}\u0000${w.row}`)),
  });
  const statuses = followStatuses({
    registry,
    statuses: following.statuses,
    layouts: followed.layouts,
    rows: followed.rows,
    touched: new Set(
      result.registryChanges.flatMap((c) => (c.kind === "putRecord" ? [c.record.recordId] : [])),
    ),
    basicSection: templateFor(templates, school.category).find((s) => s.key === BASIC_SECTION),
    codeTables: templates.codeTables,
    now: now.toISOString(),
    spreadsheetId,
  });
  const countyChanges = await saveRowsForCounty({
    db,
    crypto,
    templates,
    registry,
    tabs,
    changes: result.registryChanges,
    today,
    now: now.toISOString(),
  });
  await applyRegistryChanges(
    db,
    [...result.registryChanges, ...statuses.changes],
    crypto,
    now.toISOString(),
  );
  const business = await syncRequestRows(
    deps,
    school,
    read.tabs,
    personKeyOf,
    today,
    following.requests,
  );
  const opened = await openConflicts(
    db,
    undecided(conflicts, people.names, keyOf).map(([personKey, conflict]) => ({
      personKey,
      schools: [school.code, ...conflict.others.map((other) => other.schoolCode)],
    })),
    now.toISOString(),
  );

  const sheetIds = new Map(Object.entries(read.sheetIds));
  const issued = new Set(
    result.plan.flatMap((op) => (op.kind === "issueRecordId" ? [op.recordId] : [])),
  );
  const plan = [
    ...result.plan,
    ...submissionOps(placed, result.plan),
    // A record the section sync gave back to a row needs no appended row as well.
    ...followed.plan.filter((op) => op.kind !== "appendRow" || !issued.has(op.recordId)),
    ...statuses.plan,
    ...business.plan,
  ];
  const layouts = new Map([...followed.layouts, ...result.layouts, ...business.layouts]);
  const guarded =
    plan.length > 0
      ? guard(plan, layouts, await reread(google, spreadsheetId, { plan, layouts }, sheetIds))
      : { applied: [], dropped: [] };
  const dropped = guarded.dropped.length;
  const body = batchUpdateBody(guarded.applied, layouts, sheetIds);
  const warnings = tabProblemNotes(read.problems, known?.tabProblems ?? []);
  const requests = [...(body?.requests ?? []), ...warnings];
  if (requests.length > 0) {
    await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, { requests });
  }
  // After the write: a submission is marked only once the sheet shows it (or it is set aside).
  const written = guarded.applied.flatMap((op) =>
    op.kind === "writeSubmission" ? [op.submissionId] : [],
  );
  await markSubmissionsWritten(db, [...written, ...placed.present], now.toISOString());
  await markSubmissionsWritten(db, placed.dropped, now.toISOString(), "dropped");
  // What the teacher portal shows of each record: the 校验结果 text just written. Request rows
  // carry a 申请编号 or a row key, not a record id, and the portal shows requests from D1.
  const requestRows = new Set(business.plan.map((op) => op.recordId));
  await saveRecordResults(
    db,
    guarded.applied.flatMap((op) =>
      op.kind === "setStatus" && !requestRows.has(op.recordId)
        ? [{ recordId: op.recordId, result: op.result }]
        : [],
    ),
    now.toISOString(),
  );
  const writes = body === null ? 0 : guarded.applied.length;
  // After the write-back, so statuses never wait on it; passwords owed stay in D1 until written.
  const accounts = await writeAccountRows(deps, school.code);
  // Only the write-back is a revision of this spreadsheet; the 账号 rows go to another file.
  const ownWriteVersion = requests.length > 0 ? message.version + 1 : null;
  await recordSpreadsheetSynced(db, {
    spreadsheetId,
    title: school.name,
    syncedVersion: message.version,
    // Our write is one more Drive revision: the next poll must not take it for an edit.
    ownWriteVersion,
    tabCount: read.tabs.length,
    rowCount: read.tabs.reduce((sum, tab) => sum + Math.max(0, tab.values.length - 1), 0),
    syncedAt: now.toISOString(),
    sheetIds: read.sheetIds,
    tabProblems: read.problems,
  });
  return {
    ...outcome,
    status: "synced",
    writes,
    dropped,
    summary: result.summary,
    countyChanges: countyChanges + opened + business.applied,
    conflictsWith: newlyConflicting(result.registryChanges, conflicts),
    businessWith: business.wake,
    followed: {
      cleared: followed.cleared,
      appended: followed.appended,
      statuses: statuses.changes.filter((c) => c.kind === "putRecord").length,
    },
    applied: result.applied,
    tabProblems: read.problems,
    notices: [
      ...read.problems.map((p) => `${p.title}：${tabProblemMessage(p)}`),
      ...[...result.notices, ...business.notices].map(
        (n) => `${n.tab}${n.row ? `第${n.row}行` : ""}：${n.message}`,
      ),
      ...(deferred.size > 0 ? [deferredNotice(deferred.size)] : []),
      ...(accounts.notice === undefined ? [] : [accounts.notice]),
    ],
    ...(deferred.size > 0 || accounts.more
      ? {
          continuation: {
            ...message,
            version: ownWriteVersion ?? message.version,
            force: true,
          },
        }
      : {}),
  };
}

/**
 * The school's pending portal submissions laid into the tabs as read (core/sync/submissions.ts);
 * the tabs as read when there are none. The registry's effective values are what a correction
 * was made against.
 */
async function placePending(
  deps: SchoolSyncDeps,
  school: SchoolMessage["school"],
  tabs: TabsRead["tabs"],
  today: string,
): Promise<Placement> {
  const pending = await pendingSubmissions(deps.db, school.code, deps.crypto);
  if (pending.length === 0) return { tabs, writes: [], present: [], dropped: [] };
  const registry = await loadSchoolRegistry(deps.db, school.code, [], deps.crypto);
  return placeSubmissions({
    tabs,
    templates: deps.templates,
    category: school.category,
    schoolName: school.name,
    today,
    submissions: pending,
    effectiveOf: (recordId) => registry?.records.get(recordId)?.effective?.values,
  });
}

/**
 * One `writeSubmission` op per placed submission, for the record the sync found on its row (the
 * corrected one, or the id it issued to the new row): the guard then writes the submission and
 * the row's statuses together, or neither.
 */
function submissionOps(placed: Placement, plan: readonly PlanOp[]): PlanOp[] {
  return placed.writes.flatMap((write) => {
    const onRow = plan.find((op) => op.tab === write.tab && op.readRow === write.row);
    if (onRow === undefined) return [];
    return [
      {
        kind: "writeSubmission" as const,
        tab: write.tab,
        recordId: onRow.recordId,
        readRow: write.row,
        who: onRow.who,
        submissionId: write.submissionId,
        previousId: write.previousId,
        before: write.before,
        cells: write.cells,
        note: write.note,
      },
    ];
  });
}

/** The guard's re-read, by sheetId; a range whose tab is gone or renamed reads as empty. */
async function reread(
  google: Google,
  spreadsheetId: string,
  result: {
    plan: Parameters<typeof guardGridRanges>[0];
    layouts: ReadonlyMap<string, SheetLayout>;
  },
  sheetIds: ReadonlyMap<string, number>,
): Promise<{ range: string; values: CellValue[][] }[]> {
  const reads = guardGridRanges(result.plan, result.layouts, sheetIds);
  const found = await batchGetByGridRanges(
    google.client,
    google.sheetsBaseUrl,
    spreadsheetId,
    reads.map((read) => read.range),
  );
  // A reply that lost a range cannot be lined up with the request: nothing is trusted then.
  const aligned = found.length === reads.length;
  return reads.map((read, index) => {
    const got = found[index];
    const same = aligned && got !== undefined && got.title === read.tab;
    return { range: wholeTab(read.tab), values: same ? got.values : [] };
  });
}

function deferredNotice(count: number): string {
  return `还有 ${count} 名新教师的教师编号待分配，将在下一轮同步中分配`;
}

/**
 * A note on the first header cell of each template tab found renamed, so the school sees in the
 * tab itself why it is no longer synced; written once, when the problem is new (the registry
 * remembers what it reported), and removed by provisioning's repair, which restores the notes.
 */
function tabProblemNotes(
  problems: readonly TabProblem[],
  reported: readonly TabProblem[],
): UpdateCellsRequest[] {
  const seen = new Set(reported.map((p) => `${p.sheetId}\u0000${p.foundTitle}`));
  return problems
    .filter((p) => p.foundTitle !== null && !seen.has(`${p.sheetId}\u0000${p.foundTitle}`))
    .map((p) => ({
      updateCells: {
        start: { sheetId: p.sheetId, rowIndex: 0, columnIndex: 0 },
        rows: [{ values: [{ note: tabProblemMessage(p) }] }],
        fields: "note",
      },
    }));
}

/**
 * Schools also claiming a person this sync just (re)entered on 基本信息: they must be synced too,
 * so that the conflict shows on their side as well. Only on a change of the row, so two schools
 * in conflict do not wake each other on every sync.
 */
function newlyConflicting(
  changes: readonly RegistryChange[],
  conflicts: ReadonlyMap<PersonKey, IdConflict>,
): string[] {
  const schools = new Set<string>();
  for (const change of changes) {
    if (change.kind !== "putRecord" || change.record.section !== BASIC_SECTION) continue;
    const conflict = change.record.personKey && conflicts.get(change.record.personKey);
    if (conflict && conflict.decidedFor === undefined)
      for (const other of conflict.others) schools.add(other.schoolCode);
  }
  return [...schools];
}

/** Persons on this school's 基本信息 whom another school claims too, with no decision yet. */
function undecided(
  conflicts: ReadonlyMap<PersonKey, IdConflict>,
  basicIds: ReadonlyMap<string, string>,
  keyOf: ReadonlyMap<string, PersonKey>,
): [PersonKey, IdConflict][] {
  return [...basicIds.keys()].flatMap((id) => {
    const key = keyOf.get(id);
    const conflict = key === undefined ? undefined : conflicts.get(key);
    const open = conflict !== undefined && conflict.decidedFor === undefined;
    return key !== undefined && open && conflict.others.length > 0 ? [[key, conflict]] : [];
  });
}

/**
 * Issues numbers (and initial passwords) to the persons who need one, first in sheet order, as
 * many as the hash budget allows; `deferred` holds the others, whose rows show 编号待分配.
 */
async function withTeacherNumbers(
  deps: SchoolSyncDeps & { hashes: HashBudget },
  input: Parameters<typeof personsNeedingTeacherNumbers>[0],
  names: ReadonlyMap<string, string>,
  keyOf: ReadonlyMap<string, PersonKey>,
): Promise<{ registry: SchoolRegistry; deferred: ReadonlySet<PersonKey> }> {
  const needing = personsNeedingTeacherNumbers(input);
  const now = new Set(needing.slice(0, deps.hashes.left));
  const deferred = new Set(needing.slice(now.size));
  if (now.size === 0) return { registry: input.registry, deferred };
  deps.hashes.spend(now.size);
  const persons = [...keyOf]
    .filter(([, key]) => now.has(key))
    .map(([idNumber, personKey]) => ({
      personKey,
      idNumber,
      name: names.get(idNumber) ?? "",
      schoolCode: input.registry.schoolCode,
    }));
  const issued = await allocateTeacherNumbers(
    deps.db,
    persons,
    deps.crypto,
    deps.now.toISOString(),
  );
  await keepInitialPasswords(deps, input.registry.schoolCode, issued.values());
  const teachers = new Map<PersonKey, RegistryTeacher>(input.registry.teachers);
  for (const [personKey, account] of issued) {
    teachers.set(personKey, {
      personKey,
      teacherNumber: account.teacherNumber,
      schoolCode: input.registry.schoolCode,
      effective: false,
    });
  }
  return { registry: { ...input.registry, teachers }, deferred };
}

interface TabsRead {
  tabs: { range: string; values: (string | number | boolean)[][] }[];
  /** Title → sheetId of the tabs read and trusted (the write-back goes by these ids). */
  sheetIds: Record<string, number>;
  /** Template tabs not synced: renamed (maybe for a look-alike) or deleted. */
  problems: TabProblem[];
}

/**
 * The template's tabs in one read, by sheetId: the ids provisioning recorded on the file (the
 * manifest), else those this worker saw before, else — for a spreadsheet provisioned before
 * manifests, on first sight — one spreadsheets.get. A tab whose id now bears another title is
 * not read as its section: a look-alike under the old name is never consulted.
 */
export async function readTabs(
  google: Google,
  spreadsheetId: string,
  sections: readonly { key: string; title: string }[],
  manifest: TabManifest | null,
  cached: Record<string, number> | null,
  /** Tabs only checked and located (their first cell read), not read: the worker writes them. */
  options: { boundOnly?: readonly { key: string; title: string }[] } = {},
): Promise<TabsRead> {
  const located = options.boundOnly ?? [];
  const bound = await boundTabs(google, spreadsheetId, [...sections, ...located], manifest, cached);
  if (bound.length === 0) return { tabs: [], sheetIds: {}, problems: [] };
  const locatedOnly = new Set(located.map((tab) => tab.key));
  const found = await batchGetByGridRanges(
    google.client,
    google.sheetsBaseUrl,
    spreadsheetId,
    bound.map((tab) =>
      locatedOnly.has(tab.key)
        ? { sheetId: tab.sheetId, endRowIndex: 1, endColumnIndex: 1 }
        : { sheetId: tab.sheetId },
    ),
  );
  const { trusted, problems } = checkBoundTabs(bound, found);
  const valuesOf = new Map(found.map((tab) => [tab.sheetId, tab.values]));
  return {
    tabs: trusted
      .filter((tab) => !locatedOnly.has(tab.key))
      .map((tab) => ({
        range: wholeTab(tab.title),
        values: valuesOf.get(tab.sheetId) ?? [],
      })),
    sheetIds: Object.fromEntries(trusted.map((tab) => [tab.title, tab.sheetId])),
    problems,
  };
}

async function boundTabs(
  google: Google,
  spreadsheetId: string,
  sections: readonly { key: string; title: string }[],
  manifest: TabManifest | null,
  cached: Record<string, number> | null,
): Promise<BoundTab[]> {
  const byTitle = manifest === null ? (cached ?? (await tabIdsNow(google, spreadsheetId))) : null;
  return sections.flatMap((section) => {
    const sheetId = byTitle === null ? manifest?.get(section.key) : byTitle[section.title];
    return sheetId === undefined ? [] : [{ ...section, sheetId }];
  });
}

/** Title → sheetId as the spreadsheet has them now (one spreadsheets.get). */
async function tabIdsNow(google: Google, spreadsheetId: string): Promise<Record<string, number>> {
  const meta = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, spreadsheetId);
  return Object.fromEntries(meta.sheets.map((s) => [s.properties.title, s.properties.sheetId]));
}

/** The county's calendar day (UTC+8): date rules and "in the future" follow Beijing time. */
function isoDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
