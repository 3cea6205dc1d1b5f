/**
 * A school spreadsheet and a registry as plain data, for the sync tests: the valid fixture
 * school turned into a `values.batchGet` answer, a fake store that applies registry changes,
 * and a fake Sheets that applies a write-back body, so a test can run sync after sync.
 */
import type { ChangeDecision, RecheckDecision } from "../../../src/core/review/decide";
import { guard, guardRanges } from "../../../src/core/sync/guard";
import type {
  PersonKey,
  RegistryChange,
  RegistryRecord,
  RegistryTeacher,
  SchoolRegistry,
} from "../../../src/core/sync/model";
import type { ValueRange } from "../../../src/core/sync/read-rows";
import { type BatchUpdateBody, batchUpdateBody } from "../../../src/core/sync/requests";
import { type SyncResult, syncSchool } from "../../../src/core/sync/sync-school";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import type { Cell } from "../../../src/core/validate";
import { SCHOOL, sheetRows, type Tabs, TODAY, validTabs } from "../validate/fixture";

export const SPREADSHEET = "sheet-1";
export const NOW = "2017-03-01T02:00:00.000Z";
export const templates = shippedTemplates;

export const personKeyOf = (id: string): PersonKey => `pk-${id}`;

/** Ids R0001, R0002, … (and C0001 … for change requests): known in advance. */
export function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(4, "0")}`;
}

export type Grid = Cell[][];

/** Tab title → grid (row 0 = headers), from the fixture's rows by header. */
export function gridsOf(tabs: Tabs = validTabs()): Map<string, Grid> {
  const grids = new Map<string, Grid>();
  for (const [title, rows] of Object.entries(tabs))
    grids.set(title, sheetRows("primary_secondary", title, rows));
  return grids;
}

export function batchGet(grids: ReadonlyMap<string, Grid>): ValueRange[] {
  return [...grids].map(([title, values]) => ({
    range: `'${title}'!A1:AZ${values.length}`,
    values: values.map((row) => trimRow(row)),
  }));
}

/** As the API answers: trailing empty cells are not sent. */
function trimRow(row: readonly Cell[]): Cell[] {
  let end = row.length;
  while (end > 0 && (row[end - 1] === "" || row[end - 1] === undefined || row[end - 1] === null))
    end--;
  return row.slice(0, end);
}

export function column(grid: Grid, header: string): number {
  const index = (grid[0] ?? []).indexOf(header);
  if (index < 0) throw new Error(`no column ${header}`);
  return index;
}

export function cell(
  grids: ReadonlyMap<string, Grid>,
  tab: string,
  row: number,
  header: string,
): Cell {
  const grid = grids.get(tab);
  if (grid === undefined) throw new Error(`no tab ${tab}`);
  return grid[row - 1]?.[column(grid, header)];
}

export function setCell(
  grids: Map<string, Grid>,
  tab: string,
  row: number,
  header: string,
  value: Cell,
): void {
  const grid = grids.get(tab);
  if (grid === undefined) throw new Error(`no tab ${tab}`);
  const cells = grid[row - 1];
  if (cells === undefined) throw new Error(`no row ${row} on ${tab}`);
  cells[column(grid, header)] = value;
}

export function emptyRegistry(): MutableRegistry {
  return {
    schoolCode: SCHOOL.code,
    schoolName: SCHOOL.name,
    category: "primary_secondary",
    records: new Map(),
    teachers: new Map(),
  };
}

export interface MutableRegistry extends SchoolRegistry {
  readonly records: Map<string, RegistryRecord>;
  readonly teachers: Map<PersonKey, RegistryTeacher>;
}

/** The fake store: what D1 would do with the changes, enough for the next sync to read. */
export function applyChanges(registry: MutableRegistry, changes: readonly RegistryChange[]): void {
  for (const change of changes) {
    if (change.kind === "putRecord") registry.records.set(change.record.recordId, change.record);
    if (change.kind === "teacherEffective") {
      const teacher = registry.teachers.get(change.personKey);
      if (teacher !== undefined)
        registry.teachers.set(change.personKey, { ...teacher, effective: true });
    }
  }
}

/** The fake Sheets: applies the values of an updateCells body to the grids (notes ignored). */
export function applyBody(
  grids: Map<string, Grid>,
  body: BatchUpdateBody,
  titles: readonly string[],
) {
  for (const { updateCells } of body.requests) {
    const title = titles[updateCells.start.sheetId];
    const grid = title === undefined ? undefined : grids.get(title);
    if (grid === undefined) throw new Error(`no sheet ${updateCells.start.sheetId}`);
    if (!updateCells.fields.includes("userEnteredValue")) continue;
    const row = grid[updateCells.start.rowIndex] ?? [];
    grid[updateCells.start.rowIndex] = row;
    updateCells.rows[0]?.values.forEach((data, offset) => {
      const value = data.userEnteredValue;
      row[updateCells.start.columnIndex + offset] =
        value === undefined
          ? ""
          : "stringValue" in value
            ? value.stringValue
            : "numberValue" in value
              ? value.numberValue
              : value.boolValue;
    });
  }
}

export interface Cycle {
  readonly result: SyncResult;
  readonly body: BatchUpdateBody | null;
}

export interface World {
  readonly grids: Map<string, Grid>;
  readonly registry: MutableRegistry;
  readonly newRecordId: () => string;
  readonly newChangeRequestId: () => string;
}

export function world(tabs: Tabs = validTabs()): World {
  return {
    grids: gridsOf(tabs),
    registry: emptyRegistry(),
    newRecordId: counter("R"),
    newChangeRequestId: counter("C"),
  };
}

export interface CycleOptions {
  readonly recheckDecisions?: readonly RecheckDecision[];
  readonly changeDecisions?: readonly ChangeDecision[];
  readonly now?: string;
}

/** One full cycle as the adapter runs it: sync, store the changes, guard, write. */
export function cycle(w: World, options: CycleOptions = {}): Cycle {
  const tabs = batchGet(w.grids);
  const result = syncSchool({
    registry: w.registry,
    spreadsheetId: SPREADSHEET,
    tabs,
    templates,
    today: TODAY,
    now: options.now ?? NOW,
    newRecordId: w.newRecordId,
    newChangeRequestId: w.newChangeRequestId,
    personKeyOf,
    recheckDecisions: options.recheckDecisions,
    changeDecisions: options.changeDecisions,
  });
  applyChanges(w.registry, result.registryChanges);
  const reread = guardRanges(result.plan, result.layouts).map((range) => readRange(w.grids, range));
  const guarded = guard(result.plan, result.layouts, reread);
  const titles = [...w.grids.keys()];
  const sheetIds = new Map(titles.map((title, index) => [title, index]));
  const body = batchUpdateBody(guarded.applied, result.layouts, sheetIds);
  if (body !== null) applyBody(w.grids, body, titles);
  return { result, body };
}

/** Answers one A1 range of the forms guardRanges produces: `'t'!1:1`, `'t'!Q:Q`, `'t'!A5:Z9`. */
export function readRange(grids: ReadonlyMap<string, Grid>, range: string): ValueRange {
  const match = /^'((?:[^']|'')*)'!(.*)$/.exec(range);
  if (match === null) throw new Error(`bad range ${range}`);
  const title = (match[1] ?? "").replaceAll("''", "'");
  const grid = grids.get(title) ?? [];
  const ref = match[2] ?? "";
  const rowsOnly = /^(\d+):(\d+)$/.exec(ref);
  if (rowsOnly !== null) {
    const first = Number(rowsOnly[1]);
    const last = Number(rowsOnly[2]);
    return { range, values: grid.slice(first - 1, last).map((r) => trimRow(r)) };
  }
  const columnOnly = /^([A-Z]+):([A-Z]+)$/.exec(ref);
  if (columnOnly !== null) {
    const at = letterIndex(columnOnly[1] ?? "A");
    return { range, values: grid.map((r) => trimRow([r[at]])) };
  }
  const box = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (box === null) throw new Error(`bad range ${range}`);
  const from = letterIndex(box[1] ?? "A");
  const to = letterIndex(box[3] ?? "A");
  return {
    range,
    values: grid
      .slice(Number(box[2]) - 1, Number(box[4]))
      .map((r) => trimRow(r.slice(from, to + 1))),
  };
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function teacher(id: string, number: string, effective: boolean): RegistryTeacher {
  return { personKey: personKeyOf(id), teacherNumber: number, schoolCode: SCHOOL.code, effective };
}

export function events(changes: readonly RegistryChange[], recordId?: string): string[] {
  return changes.flatMap((c) =>
    c.kind === "event" && (recordId === undefined || c.event.recordId === recordId)
      ? [c.event.kind]
      : [],
  );
}

export function kinds(changes: readonly RegistryChange[], recordId?: string): string[] {
  return changes.flatMap((c) => {
    const id =
      c.kind === "putRecord"
        ? c.record.recordId
        : c.kind === "event"
          ? c.event.recordId
          : c.kind === "sendToRecheck"
            ? c.item.recordId
            : c.kind === "withdrawRecheck"
              ? c.recordId
              : c.kind === "openChangeRequest"
                ? c.request.recordId
                : undefined;
    if (recordId !== undefined && id !== undefined && id !== recordId) return [];
    return [c.kind === "event" ? `event:${c.event.kind}` : c.kind];
  });
}

export { SCHOOL, TODAY, validTabs };
