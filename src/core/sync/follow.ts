/**
 * The section tabs follow the registry after a business request completed (docs/business-modules.md,
 * "Effects"): the registry is moved once, in D1, and each school's normal sync brings its sheet
 * to it. Pure: what the registry holds is given by the adapter.
 *
 * - A person the school no longer holds (a completed transfer: the records now belong to the
 *   receiving school) or who has left (在职情况 离职/退休/死亡: 离退休人员不在采集范围内): every row
 *   showing one of the person's records is cleared. The rows are hidden from the section sync, so
 *   they are never taken for a school's deletion (no deletion candidate) or a new entry.
 * - A record the school holds, that no row shows, and that came by a business request (moved in by
 *   a transfer, created by a rotation) and was never removed: appended, effective, with its
 *   记录编号, its values rendered as the school would type them (so the next read is no edit).
 *   A transfer brings only records in force (it completes only once the sending school's are).
 * - A person whose 在职情况 a completed status change set, newer than the effective 基本信息:
 *   人员状态 is written into the person's 基本信息 row and becomes a new effective version in the
 *   same sync, so the next read is no edit either.
 *
 * Guarantees:
 * - worker-made rows and cells are exactly the effective versions the registry holds: the next
 *   sync sees them unchanged (no change request, no removal);
 * - clearing is only ever done on a row that shows the record's 记录编号 and the record's person;
 *   a record is never deleted from the registry;
 * - idempotent: a write that was lost is planned again by the next sync from the same registry.
 */

import { arrivalGapMessage, requiredUnfilled } from "../business/category-gap";
import { normaliseIdNumber } from "../normalise";
import { BASIC_SECTION } from "../review/decide";
import { PASSED, resultText, statusText } from "../review/wording";
import { type CodeTables, type ResolvedSection, type Templates, templateFor } from "../templates";
import type { Cell } from "../validate";
import { fingerprint } from "./fingerprint";
import { contentOf, layoutOf, type SheetLayout, whoOf } from "./layout";
import type {
  PersonKey,
  RecordValues,
  RegistryChange,
  RegistryRecord,
  SchoolRegistry,
} from "./model";
import { type AppendedCell, type PlanOp, syncTimeText } from "./plan";
import { type SheetRow, sheetRowsOf, tabsOf, titleOf, type ValueRange } from "./read-rows";
import { render } from "./render";

/** A record the registry holds for another school than the one whose sheet shows it. */
export interface HeldElsewhere {
  readonly schoolCode: string;
  readonly personKey: PersonKey | null;
}

/** A 在职情况 a completed status change set, and whether the sheet must still show it. */
export interface PersonStatus {
  readonly code: string;
  readonly requestId: string;
  /** True while the effective 基本信息 predates the status (it was set after that version). */
  readonly newer: boolean;
}

export interface FollowInput {
  readonly registry: SchoolRegistry;
  readonly tabs: readonly ValueRange[];
  readonly templates: Templates;
  readonly personKeyOf: (idNumber: string) => PersonKey | undefined;
  /** Records shown on this sheet that the registry now holds for another school. */
  readonly elsewhere: ReadonlyMap<string, HeldElsewhere>;
  /**
   * Persons a completed transfer took from this school: only their rows are cleared for a record
   * held elsewhere (a row pasted from another school's sheet is the section sync's business).
   */
  readonly transferredOut: ReadonlySet<PersonKey>;
  /** Persons of this school who have left (a leaving 在职情况). */
  readonly left: ReadonlySet<PersonKey>;
  /** Records of this school a business request brought (moved in, or a rotation record). */
  readonly arrivals: ReadonlySet<string>;
  readonly now: string;
}

export interface Followed {
  /** The tabs as read, with the rows this module clears blanked: what the section sync reads. */
  readonly tabs: readonly ValueRange[];
  /** Records no row shows that the section sync must not take for removed. */
  readonly keepUnshown: ReadonlySet<string>;
  /** clearRow and appendRow ops, planned on the rows as read. */
  readonly plan: readonly PlanOp[];
  /** Tab title → layout as read, for the guard and the request builder. */
  readonly layouts: ReadonlyMap<string, SheetLayout>;
  /** Where each record kept on the sheet was read (the rows not cleared). */
  readonly rows: ReadonlyMap<string, { readonly tab: string; readonly row: SheetRow }>;
  /** Rows blanked in `tabs` (cleared, or of a person gone and without a 记录编号). */
  readonly hidden: number;
  /** Records cleared and appended, for the outcome. */
  readonly cleared: number;
  readonly appended: number;
}

interface TabRead {
  readonly layout: SheetLayout;
  readonly rows: readonly SheetRow[];
  /** 0-based index of the last row holding anything, header included. */
  readonly lastUsed: number;
}

export function followRegistry(input: FollowInput): Followed {
  const { registry } = input;
  const raw = tabsOf(input.tabs);
  const tabs = new Map<string, TabRead>();
  for (const section of templateFor(input.templates, registry.category)) {
    const rows = raw[section.title];
    if (section.kind !== "section" || rows === undefined) continue;
    const layout = layoutOf(section, rows[0]);
    if (layout.trailing === null) continue;
    tabs.set(section.key, { layout, rows: sheetRowsOf(layout, rows), lastUsed: lastUsed(rows) });
  }
  const plan: PlanOp[] = [];
  const hidden = new Map<string, Set<number>>();
  const keepUnshown = new Set<string>();
  const shown = new Set<string>();
  const kept = new Map<string, { tab: string; row: SheetRow }>();
  for (const tab of tabs.values()) {
    for (const row of tab.rows) {
      if (row.recordId !== "") shown.add(row.recordId);
      const person = personOfRow(tab.layout, row.cells, input.personKeyOf);
      if (!isGone(row, person, input)) {
        if (row.recordId !== "" && !kept.has(row.recordId))
          kept.set(row.recordId, { tab: tab.layout.tab, row });
        continue;
      }
      const set = hidden.get(tab.layout.tab) ?? new Set<number>();
      set.add(row.row);
      hidden.set(tab.layout.tab, set);
      if (row.recordId === "") {
        plan.push(...leftRowNotice(tab.layout, row, input.now));
        continue;
      }
      plan.push({
        tab: tab.layout.tab,
        recordId: row.recordId,
        readRow: row.row,
        who: whoOf(tab.layout, row.cells),
        kind: "clearRow",
      });
    }
  }
  for (const record of registry.records.values())
    if (person(record) !== null && input.left.has(person(record) as PersonKey))
      keepUnshown.add(record.recordId);
  const appended = appendArrivals(input, tabs, shown, keepUnshown, plan);
  return {
    tabs: input.tabs.map((range) => blanked(range, hidden.get(titleOf(range.range)))),
    keepUnshown,
    plan,
    layouts: new Map([...tabs.values()].map((tab) => [tab.layout.tab, tab.layout])),
    rows: kept,
    hidden: [...hidden.values()].reduce((sum, rows) => sum + rows.size, 0),
    cleared: plan.filter((op) => op.kind === "clearRow").length,
    appended,
  };
}

const person = (record: RegistryRecord) => record.personKey;

/** What a row newly typed for a person who has left shows; nothing of it is taken in. */
export const LEFT_STATUS = "不采集";
export const LEFT_RESULT =
  "该教师已离职、退休、死亡或调出县外（在职情况变动已办结），不在采集范围内，本行不会录入；请删除本行";

/**
 * A row without 记录编号 for a person who has left: said once in 审核状态 and 校验结果 (placed by
 * its content, as it has no id), never taken in.
 */
function leftRowNotice(layout: SheetLayout, row: SheetRow, now: string): PlanOp[] {
  if (row.reviewStatus === LEFT_STATUS && row.checkResult === LEFT_RESULT) return [];
  const base = {
    tab: layout.tab,
    recordId: `\u0000row ${row.row}`,
    readRow: row.row,
    who: whoOf(layout, row.cells),
  };
  return [
    { ...base, kind: "pinRow", previousId: "", content: contentOf(layout, row.cells) },
    { ...base, kind: "setStatus", status: LEFT_STATUS, result: LEFT_RESULT },
    { ...base, kind: "setSyncTime", text: syncTimeText(now) },
  ];
}

/** The 记录编号 every section tab shows, as read. */
export function recordIdsShown(
  tabs: readonly ValueRange[],
  templates: Templates,
  category: SchoolRegistry["category"],
): string[] {
  const raw = tabsOf(tabs);
  const ids: string[] = [];
  for (const section of templateFor(templates, category)) {
    const rows = raw[section.title];
    if (section.kind !== "section" || rows === undefined) continue;
    const layout = layoutOf(section, rows[0]);
    for (const row of sheetRowsOf(layout, rows)) if (row.recordId !== "") ids.push(row.recordId);
  }
  return ids;
}

/** The row shows a record of a person this school no longer holds, or a person who has left. */
function isGone(row: SheetRow, person: PersonKey | null, input: FollowInput): boolean {
  if (person !== null && input.left.has(person)) return true;
  const away = input.elsewhere.get(row.recordId);
  if (away === undefined || away.schoolCode === input.registry.schoolCode) return false;
  if (away.personKey === null || away.personKey !== person) return false;
  if (!input.transferredOut.has(away.personKey)) return false;
  const holder = input.registry.teachers.get(away.personKey)?.schoolCode;
  return holder !== undefined && holder !== input.registry.schoolCode;
}

function appendArrivals(
  input: FollowInput,
  tabs: ReadonlyMap<string, TabRead>,
  shown: ReadonlySet<string>,
  keepUnshown: Set<string>,
  plan: PlanOp[],
): number {
  const { registry } = input;
  const next = new Map<string, number>();
  let count = 0;
  for (const record of [...registry.records.values()].sort(bySection(input.templates))) {
    if (!input.arrivals.has(record.recordId) || shown.has(record.recordId)) continue;
    if ((record.removedAt ?? null) !== null) continue;
    // Brought, so not removed by this school, though this read does not show it yet.
    keepUnshown.add(record.recordId);
    const tab = tabs.get(record.section);
    if (tab === undefined || record.effective === null) continue;
    const row = next.get(record.section) ?? tab.lastUsed + 2;
    next.set(record.section, row + 1);
    const cells = rowCells(tab.layout, record, registry, input.templates.codeTables, input.now);
    plan.push({
      tab: tab.layout.tab,
      recordId: record.recordId,
      readRow: row,
      who: whoOf(tab.layout, cellsAt(cells)),
      kind: "appendRow",
      cells,
    });
    count++;
  }
  return count;
}

/** 基本信息 first, then the template's order; within a section, by 记录编号. */
function bySection(templates: Templates) {
  const order = new Map<string, number>();
  for (const category of Object.values(templates.categories))
    category.sections.forEach((section, index) => {
      if (!order.has(section.key)) order.set(section.key, index);
    });
  return (a: RegistryRecord, b: RegistryRecord) =>
    (order.get(a.section) ?? 0) - (order.get(b.section) ?? 0) ||
    a.recordId.localeCompare(b.recordId);
}

/** An effective record as its row: data cells rendered, 已生效, 记录编号, 教师编号 on 基本信息. */
export function rowCells(
  layout: SheetLayout,
  record: RegistryRecord,
  registry: SchoolRegistry,
  codeTables: CodeTables,
  now: string,
): AppendedCell[] {
  const trailing = layout.trailing;
  const values = record.effective?.values ?? {};
  const cells: AppendedCell[] = [];
  for (const column of layout.section.columns) {
    const at = layout.data.get(column.key);
    const value = values[column.key];
    if (at !== undefined && value !== undefined)
      cells.push({ column: at, value: render(column, value, codeTables) });
  }
  if (trailing === null) return cells;
  cells.push(
    { column: trailing.reviewStatus, value: statusText("effective") },
    { column: trailing.checkResult, value: arrivalResult(layout.section, values) },
    { column: trailing.recordId, value: record.recordId },
    { column: trailing.syncedAt, value: syncTimeText(now) },
  );
  const teacher = record.personKey === null ? undefined : registry.teachers.get(record.personKey);
  if (
    trailing.teacherNumber !== null &&
    record.section === BASIC_SECTION &&
    teacher !== undefined &&
    teacher.schoolCode === registry.schoolCode
  )
    cells.push({ column: trailing.teacherNumber, value: teacher.teacherNumber });
  return cells;
}

/**
 * 校验结果 of an appended row: 校验通过, or, for a record from a school of another category
 * (a transfer across school types), the fields this school requires that it lacks, as the
 * next read says it (`in-force.ts`), so the next sync writes nothing new.
 */
function arrivalResult(section: ResolvedSection, values: RecordValues): string {
  const missing = requiredUnfilled(section, values);
  return missing.length === 0
    ? PASSED
    : resultText("effective", null, [], [arrivalGapMessage(missing.map((c) => c.header))]);
}

function cellsAt(cells: readonly AppendedCell[]): Cell[] {
  const out: Cell[] = [];
  for (const cell of cells) out[cell.column] = cell.value;
  return out;
}

function personOfRow(
  layout: SheetLayout,
  cells: readonly Cell[],
  personKeyOf: (idNumber: string) => PersonKey | undefined,
): PersonKey | null {
  const at = layout.data.get("idNumber");
  const id = at === undefined ? "" : normaliseIdNumber(cells[at]);
  return id === "" ? null : (personKeyOf(id) ?? null);
}

function lastUsed(rows: readonly (readonly Cell[] | undefined)[]): number {
  for (let index = rows.length - 1; index >= 0; index--)
    if ((rows[index] ?? []).some((cell) => cell !== "" && cell !== null && cell !== undefined))
      return index;
  return 0;
}

function blanked(range: ValueRange, rows: ReadonlySet<number> | undefined): ValueRange {
  if (rows === undefined || range.values === undefined) return range;
  return {
    ...range,
    values: range.values.map((cells, index) => (rows.has(index + 1) ? [] : cells)),
  };
}

/**
 * 人员状态 on the person's 基本信息 row, for persons whose 在职情况 a completed status change set
 * after their effective 基本信息: a restoreRow of that one cell and the record's next effective
 * version, so the sheet and the registry agree. Only on a settled row (effective, shown as it is
 * in force, not changed in this sync); others wait for the next sync.
 */
export function followStatuses(input: {
  readonly registry: SchoolRegistry;
  readonly statuses: ReadonlyMap<PersonKey, PersonStatus>;
  readonly layouts: ReadonlyMap<string, SheetLayout>;
  readonly rows: ReadonlyMap<string, { readonly tab: string; readonly row: SheetRow }>;
  /** Records the section sync changed in this run: not settled. */
  readonly touched: ReadonlySet<string>;
  readonly basicSection: ResolvedSection | undefined;
  readonly codeTables: CodeTables;
  readonly now: string;
  readonly spreadsheetId: string;
}): { plan: PlanOp[]; changes: RegistryChange[] } {
  const plan: PlanOp[] = [];
  const changes: RegistryChange[] = [];
  const column = input.basicSection?.columns.find((c) => c.key === "status");
  if (column === undefined) return { plan, changes };
  for (const record of input.registry.records.values()) {
    if (record.section !== BASIC_SECTION || record.personKey === null) continue;
    const status = input.statuses.get(record.personKey);
    const effective = record.effective;
    if (status === undefined || !status.newer || effective === null) continue;
    if (record.state !== "effective" || input.touched.has(record.recordId)) continue;
    const shown = input.rows.get(record.recordId);
    const layout = shown === undefined ? undefined : input.layouts.get(shown.tab);
    if (shown === undefined || layout === undefined || record.seenHash !== effective.hash) continue;
    const values = { ...effective.values, status: status.code };
    const hash = fingerprint(values);
    if (hash === effective.hash) continue;
    plan.push({
      tab: shown.tab,
      recordId: record.recordId,
      readRow: shown.row.row,
      who: whoOf(layout, shown.row.cells),
      kind: "restoreRow",
      cells: [{ key: "status", value: render(column, status.code, input.codeTables) }],
    });
    const version = { version: effective.version + 1, hash, values };
    changes.push(
      {
        kind: "putRecord",
        record: { ...record, seenHash: hash, approvedHash: hash, effective: version },
        newVersion: version,
      },
      {
        kind: "event",
        event: {
          recordId: record.recordId,
          kind: "effective",
          actor: "worker",
          at: input.now,
          spreadsheetId: input.spreadsheetId,
          detail: `在职情况变动 ${status.requestId}`,
        },
      },
    );
  }
  return { plan, changes };
}
