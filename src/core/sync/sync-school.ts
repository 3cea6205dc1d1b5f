/**
 * One school's sync as a pure function: the spreadsheet as read and the registry in, the registry
 * changes and the write-back plan out. Data flows one way: read → normalise → validate →
 * identify → decide → plan; the adapter applies the changes, then guards and sends the plan.
 *
 * Guarantees:
 * - pure: time (`now`, `today`), ids (`newRecordId`, `newChangeRequestId`), the county ID lookup
 *   and the keyed person hashes are inputs;
 * - a tab that is missing or lacks a trailing header is neither decided nor written, and its
 *   records are left as they are (a notice says why): a broken header never reads as "every
 *   row was deleted";
 * - 基本信息 is decided first, so a person confirmed in this sync counts as effective for the
 *   rest of their rows at once;
 * - a record whose row is gone is recorded once and kept; the effective ones are returned as
 *   `deletionCandidates` (a deletion needs a change request, not a sync);
 * - with nothing changed in the sheet or the registry, the plan and the changes are empty.
 */

import { returnedNote } from "../credits/confirm";
import {
  BASIC_SECTION,
  type ChangeDecision,
  decide,
  decideRemoved,
  type RecheckDecision,
  type RowAsRead,
} from "../review/decide";
import type { ReviewState } from "../review/states";
import { type ResolvedSection, type Templates, templateFor } from "../templates";
import {
  type Finding,
  type IdLookup,
  type RowRecord,
  type SchoolResult,
  validateSchool,
} from "../validate";
import { fingerprint } from "./fingerprint";
import { type Identity, identify, type RecordIdSeed } from "./identify";
import { findingsInForce, valuesInForce } from "./in-force";
import { layoutOf, type SheetLayout } from "./layout";
import type { PersonKey, RegistryChange, RegistryRecord, SchoolRegistry } from "./model";
import { type CellFinding, type Plan, type PlanOp, planRow, syncTimeText } from "./plan";
import { type SheetRow, sheetRowsOf, tabsOf, type ValueRange } from "./read-rows";

export interface ReadInput {
  readonly registry: SchoolRegistry;
  /** `values.batchGet` of every tab (UNFORMATTED_VALUE, SERIAL_NUMBER dates). */
  readonly tabs: readonly ValueRange[];
  readonly templates: Templates;
  /** ISO date, for the date rules. */
  readonly today: string;
  /** County-wide ID register (one person, one number). */
  readonly lookupId?: IdLookup;
  /** The keyed hash of every ID number `idNumbersIn` returned; undefined for any other. */
  readonly personKeyOf: (idNumber: string) => PersonKey | undefined;
}

export interface SyncInput extends ReadInput {
  readonly spreadsheetId: string;
  /** ISO time of this sync: events and 同步时间. */
  readonly now: string;
  readonly newRecordId: (seed: RecordIdSeed) => string;
  readonly newChangeRequestId: () => string;
  readonly recheckDecisions?: readonly RecheckDecision[];
  readonly changeDecisions?: readonly ChangeDecision[];
  /** Persons whose teacher number the adapter left for a later message (its hash budget). */
  readonly numbersPending?: ReadonlySet<PersonKey>;
  /**
   * Records no row shows that are not removed: the worker appends them in this sync, or keeps
   * them off the sheet on purpose (a person who left; `follow.ts`).
   */
  readonly keepUnshown?: ReadonlySet<string>;
  /** `tab\u0000row` of the rows holding a teacher's submission this sync writes. */
  readonly submittedRows?: ReadonlySet<string>;
  /**
   * Record → 教师进修学校's reason for returning the credits of its version in force (学分确认):
   * the row shows it while it shows those values.
   */
  readonly creditReturns?: ReadonlyMap<string, string>;
}

/** Something about the sync itself (not the data) that the school should see. */
export interface SyncNotice {
  readonly tab: string;
  readonly row: number | null;
  readonly message: string;
}

/** Section key → review state → number of rows on the sheet. */
export type SyncSummary = Readonly<Record<string, Partial<Record<ReviewState, number>>>>;

export interface SyncResult {
  readonly plan: Plan;
  /** Tab title → layout as read; the guard and the request builder need them. */
  readonly layouts: ReadonlyMap<string, SheetLayout>;
  readonly registryChanges: readonly RegistryChange[];
  readonly findings: readonly Finding[];
  readonly notices: readonly SyncNotice[];
  readonly summary: SyncSummary;
  /** Decisions that counted; the others were for a version the sheet no longer shows. */
  readonly applied: {
    readonly recheck: readonly string[];
    readonly change: readonly string[];
  };
  /** Effective records whose rows are gone: candidates for a deletion change request. */
  readonly deletionCandidates: readonly string[];
}

export function syncSchool(input: SyncInput): SyncResult {
  const school = readSchool(input);
  const { registry } = input;
  const identities = identify(
    school.rows.map(({ tab, row, record }) => ({
      tab: tab.layout.tab,
      section: tab.layout.section.key,
      row: row.row,
      recordId: row.recordId,
      hash: fingerprint(record.values),
      personKey: personOf(record, input.personKeyOf),
    })),
    { schoolCode: registry.schoolCode, records: registry.records, newRecordId: input.newRecordId },
  );
  const state: RunState = {
    recheck: new Map((input.recheckDecisions ?? []).map((d) => [d.recordId, d])),
    change: new Map((input.changeDecisions ?? []).map((d) => [d.request.recordId, d])),
    effectiveNow: new Set(),
    changes: [],
    plan: [],
    summary: {},
    applied: { recheck: [], change: [] },
    syncText: syncTimeText(input.now),
  };
  school.rows.forEach((read, index) => {
    syncRow(read, identities[index] as Identity, school, input, state);
  });
  const removed = removals(school, identities, input);
  return {
    plan: state.plan,
    layouts: new Map(school.tabs.map((tab) => [tab.layout.tab, tab.layout])),
    registryChanges: [...state.changes, ...removed.changes],
    findings: school.validation.findings,
    notices: [...school.notices, ...removed.notices],
    summary: state.summary,
    applied: state.applied,
    deletionCandidates: removed.deletionCandidates,
  };
}

/** What the rows of one sync add up to, filled row by row in tab order. */
interface RunState {
  readonly recheck: ReadonlyMap<string, RecheckDecision>;
  readonly change: ReadonlyMap<string, ChangeDecision>;
  /** Persons whose 基本信息 was confirmed in this sync. */
  readonly effectiveNow: Set<PersonKey>;
  readonly changes: RegistryChange[];
  readonly plan: PlanOp[];
  readonly summary: Record<string, Partial<Record<ReviewState, number>>>;
  readonly applied: { readonly recheck: string[]; readonly change: string[] };
  readonly syncText: string;
}

function syncRow(
  given: ReadRow,
  identity: Identity,
  school: SchoolRead,
  input: SyncInput,
  state: RunState,
): void {
  const { registry } = input;
  // An issued id the registry already holds is the one a lost write-back issued: same record.
  const previous = registry.records.get(identity.recordId);
  const read = readInForce(given, previous, input);
  const asRead = rowAsRead(read, identity.recordId, input.personKeyOf);
  const row = {
    ...asRead,
    warnings: [...asRead.warnings, ...creditNote(input, previous, asRead)],
    byTeacher: input.submittedRows?.has(`${read.tab.layout.tab}\u0000${read.row.row}`) === true,
  };
  const person = row.personKey;
  const teacherEffective =
    person !== null &&
    (registry.teachers.get(person)?.effective === true || state.effectiveNow.has(person));
  const change = state.change.get(identity.recordId);
  const decision = decide(
    previous,
    row,
    {
      schoolCode: registry.schoolCode,
      spreadsheetId: input.spreadsheetId,
      at: input.now,
      teacherEffective,
      newChangeRequestId: input.newChangeRequestId,
    },
    { recheck: state.recheck.get(identity.recordId), change },
  );
  for (const c of decision.changes)
    if (c.kind === "teacherEffective") state.effectiveNow.add(c.personKey);
  state.changes.push(...decision.changes);
  if (decision.applied.recheck) state.applied.recheck.push(identity.recordId);
  if (decision.applied.change && change !== undefined)
    state.applied.change.push(change.request.changeRequestId);
  const counts = state.summary[row.section] ?? {};
  counts[decision.write.state] = (counts[decision.write.state] ?? 0) + 1;
  state.summary[row.section] = counts;
  const ops = planRow(
    {
      layout: read.tab.layout,
      row: read.row,
      identity,
      write: decision.write,
      values: read.record.values,
      cellFindings: read.cellFindings,
      teacherNumber: teacherNumberFor(read, school.numbered, registry, input.numbersPending),
    },
    input.templates.codeTables,
    state.syncText,
  );
  state.plan.push(...ops);
}

/** The row read against the record in force (a record from another category; `in-force.ts`). */
function readInForce(
  read: ReadRow,
  previous: RegistryRecord | undefined,
  input: SyncInput,
): ReadRow {
  const section = read.tab.layout.section;
  const category = input.registry.category;
  const values = valuesInForce(input.templates, category, section, previous, read.record.values);
  const found = findingsInForce(section, previous, { ...read, values });
  if (values === read.record.values && found.errors === read.errors) return read;
  return { ...read, ...found, record: { ...read.record, values } };
}

/** The returned-credits note of a row showing the values in force that 教师进修学校 returned. */
function creditNote(
  input: SyncInput,
  record: RegistryRecord | undefined,
  row: RowAsRead,
): string[] {
  const reason = input.creditReturns?.get(row.recordId);
  if (reason === undefined || record?.effective?.hash !== row.hash) return [];
  return [returnedNote(reason)];
}

/**
 * Person keys whose first valid 基本信息 row has no teacher in the registry yet: the adapter
 * allocates their teacher numbers, adds them to `registry.teachers`, then calls `syncSchool`.
 */
export function personsNeedingTeacherNumbers(input: ReadInput): PersonKey[] {
  const school = readSchool(input);
  return [...school.numbered.keys()].filter((key) => !input.registry.teachers.has(key));
}

/**
 * Every ID number on the section tabs, normalised as the engine reads it, for hashing; with the
 * name on the person's 基本信息 row where there is one (teacher numbers are issued to a name).
 */
export function peopleIn(
  tabs: readonly ValueRange[],
  templates: Templates,
  registry: Pick<SchoolRegistry, "schoolCode" | "schoolName" | "category">,
  today: string,
): { idNumbers: string[]; names: Map<string, string> } {
  const validation = validateSchool(
    {
      code: registry.schoolCode,
      name: registry.schoolName,
      category: registry.category,
      tabs: tabsOf(tabs),
    },
    templates,
    { today },
  );
  const records = validation.tabs.flatMap((tab) =>
    tab.records.map((record) => ({ section: tab.section, values: record.values })),
  );
  const names = new Map<string, string>();
  for (const { section, values } of records) {
    const { idNumber, name } = values;
    if (section === BASIC_SECTION && typeof idNumber === "string" && typeof name === "string") {
      if (!names.has(idNumber)) names.set(idNumber, name);
    }
  }
  const ids = records.map((record) => record.values.idNumber);
  return {
    idNumbers: [...new Set(ids.filter((id): id is string => typeof id === "string"))],
    names,
  };
}

/** Every ID number on the section tabs, normalised as the engine reads it, for hashing. */
export function idNumbersIn(
  tabs: readonly ValueRange[],
  templates: Templates,
  registry: Pick<SchoolRegistry, "schoolCode" | "schoolName" | "category">,
  today: string,
): string[] {
  return peopleIn(tabs, templates, registry, today).idNumbers;
}

interface ReadTab {
  readonly layout: SheetLayout;
  readonly rows: readonly SheetRow[];
}

interface ReadRow {
  readonly tab: ReadTab;
  readonly row: SheetRow;
  readonly record: RowRecord;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly cellFindings: readonly CellFinding[];
}

interface SchoolRead {
  readonly validation: SchoolResult;
  /** Writable section tabs, in template order (基本信息 first). */
  readonly tabs: readonly ReadTab[];
  /** Data rows of the writable tabs, in tab and row order. */
  readonly rows: readonly ReadRow[];
  /** Person → the sheet row of their first valid 基本信息 row (where 教师编号 goes). */
  readonly numbered: ReadonlyMap<PersonKey, number>;
  readonly notices: readonly SyncNotice[];
}

function readSchool(input: ReadInput): SchoolRead {
  const { registry } = input;
  const rawTabs = tabsOf(input.tabs);
  const validation = validateSchool(
    {
      code: registry.schoolCode,
      name: registry.schoolName,
      category: registry.category,
      tabs: rawTabs,
    },
    input.templates,
    { today: input.today, lookupId: input.lookupId },
  );
  const notices: SyncNotice[] = [];
  const tabs: ReadTab[] = [];
  for (const section of templateFor(input.templates, registry.category)) {
    const rows = rawTabs[section.title];
    if (section.kind !== "section" || rows === undefined) continue;
    const layout = layoutOf(section, rows[0]);
    if (layout.trailing === null) {
      notices.push({ tab: section.title, row: null, message: missingMessage(layout) });
      continue;
    }
    tabs.push({ layout, rows: sheetRowsOf(layout, rows) });
  }
  const findings = findingsByRow(validation.findings);
  const rows = tabs.flatMap((tab) => readRows(tab, validation, findings, notices));
  return { validation, tabs, rows, numbered: numberedRows(rows, input.personKeyOf), notices };
}

function missingMessage(layout: SheetLayout): string {
  const headers = layout.missingTrailing.map((header) => `「${header}」`).join("、");
  return `缺少系统列${headers}，本表暂不回写审核状态；请恢复这些列的表头`;
}

function readRows(
  tab: ReadTab,
  validation: SchoolResult,
  findings: ReadonlyMap<string, readonly Finding[]>,
  notices: SyncNotice[],
): ReadRow[] {
  const title = tab.layout.tab;
  const records = new Map(
    (validation.tabs.find((t) => t.tab === title)?.records ?? []).map((r) => [r.row, r]),
  );
  // A missing required header blocks every row of the tab, as it hides what the row lacks.
  const tabErrors = (findings.get(key(title, null)) ?? []).filter((f) => f.severity === "error");
  const keys = new Map(tab.layout.section.columns.map((c) => [c.header, c.key]));
  return tab.rows.flatMap((row): ReadRow[] => {
    const record = records.get(row.row);
    if (row.blank || record === undefined) {
      notices.push({
        tab: title,
        row: row.row,
        message: `本行只剩记录编号 ${row.recordId}，已按删除处理；如需保留，请重新填写本行`,
      });
      return [];
    }
    const own = findings.get(key(title, row.row)) ?? [];
    const all = [...tabErrors, ...own];
    return [
      {
        tab,
        row,
        record,
        errors: all.filter((f) => f.severity === "error").map((f) => f.message),
        warnings: all.filter((f) => f.severity === "warning").map((f) => f.message),
        cellFindings: own.flatMap((f) => {
          const column = f.column === null ? undefined : keys.get(f.column);
          return column === undefined
            ? []
            : [{ key: column, severity: f.severity, message: f.message }];
        }),
      },
    ];
  });
}

function key(tab: string, row: number | null): string {
  return `${row ?? "-"}\u0000${tab}`;
}

function findingsByRow(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const finding of findings) {
    const k = key(finding.tab, finding.row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [finding]);
    else list.push(finding);
  }
  return out;
}

function personOf(
  record: RowRecord,
  personKeyOf: (idNumber: string) => PersonKey | undefined,
): PersonKey | null {
  const id = record.values.idNumber;
  return (typeof id === "string" ? personKeyOf(id) : undefined) ?? null;
}

function rowAsRead(
  read: ReadRow,
  recordId: string,
  personKeyOf: (idNumber: string) => PersonKey | undefined,
): RowAsRead {
  const id = read.record.values.idNumber;
  return {
    recordId,
    section: read.tab.layout.section.key,
    personKey: (typeof id === "string" ? personKeyOf(id) : undefined) ?? null,
    values: read.record.values,
    hash: fingerprint(read.record.values),
    ticked: read.row.approved,
    shownStatus: read.row.reviewStatus,
    errors: read.errors,
    warnings: read.warnings,
  };
}

function numberedRows(
  rows: readonly ReadRow[],
  personKeyOf: (idNumber: string) => PersonKey | undefined,
): Map<PersonKey, number> {
  const numbered = new Map<PersonKey, number>();
  for (const read of rows) {
    if (read.tab.layout.section.key !== BASIC_SECTION || read.errors.length > 0) continue;
    const id = read.record.values.idNumber;
    const personKey = typeof id === "string" ? personKeyOf(id) : undefined;
    if (personKey !== undefined && !numbered.has(personKey)) numbered.set(personKey, read.row.row);
  }
  return numbered;
}

/**
 * What 教师编号 shows while a person's number waits for a later message of the same sync (a big
 * school's new teachers are issued a bounded number at a time): a status, not an error.
 */
export const TEACHER_NUMBER_PENDING = "编号待分配";

/** 教师编号 shows the number on the person's first valid 基本信息 row only; null off 基本信息. */
function teacherNumberFor(
  read: ReadRow,
  numbered: ReadonlyMap<PersonKey, number>,
  registry: SchoolRegistry,
  pending: ReadonlySet<PersonKey> = new Set(),
): string | null {
  if (read.tab.layout.trailing?.teacherNumber === null) return null;
  for (const [personKey, row] of numbered) {
    if (row !== read.row.row) continue;
    if (pending.has(personKey)) return TEACHER_NUMBER_PENDING;
    const teacher = registry.teachers.get(personKey);
    return teacher !== undefined && teacher.schoolCode === registry.schoolCode
      ? teacher.teacherNumber
      : "";
  }
  return "";
}

/** Records of the synced tabs whose rows were not found. */
function removals(
  school: SchoolRead,
  identities: readonly Identity[],
  input: SyncInput,
): { changes: RegistryChange[]; notices: SyncNotice[]; deletionCandidates: string[] } {
  const { registry } = input;
  const kept = new Set(identities.map((i) => i.recordId));
  const sections = new Map(school.tabs.map((tab) => [tab.layout.section.key, tab.layout.section]));
  const changes: RegistryChange[] = [];
  const deletionCandidates: string[] = [];
  for (const record of registry.records.values()) {
    if (record.schoolCode !== registry.schoolCode || kept.has(record.recordId)) continue;
    if (input.keepUnshown?.has(record.recordId) === true) continue;
    if (!sections.has(record.section)) continue;
    changes.push(...decideRemoved(record, { at: input.now, spreadsheetId: input.spreadsheetId }));
    if (record.effective !== null) deletionCandidates.push(record.recordId);
  }
  return {
    changes,
    notices: removalNotices(deletionCandidates, registry.records, sections),
    deletionCandidates,
  };
}

function removalNotices(
  ids: readonly string[],
  records: ReadonlyMap<string, RegistryRecord>,
  sections: ReadonlyMap<string, ResolvedSection>,
): SyncNotice[] {
  return ids.flatMap((id) => {
    const section = sections.get(records.get(id)?.section ?? "");
    return section === undefined
      ? []
      : [
          {
            tab: section.title,
            row: null,
            message: `已生效的记录 ${id} 已从表中删除；已生效信息仍然有效，删除须经变更审批`,
          },
        ];
  });
}
