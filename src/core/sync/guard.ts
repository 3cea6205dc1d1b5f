/**
 * The row-move guard, as Replicache re-checks its base before applying a pull: between the read
 * and the write users sort, insert and delete rows, and Sheets has no conditional writes. One
 * cheap re-read (header rows, the 记录编号, 姓名 and 身份证件号 columns, and the rows that had no
 * valid 记录编号) tells where each record is now; every op is moved there or dropped.
 *
 * Guarantees:
 * - an op lands only on the row that now shows its record: the one row showing its 记录编号 and
 *   the same person as when read, for a record that had an id; the row's unchanged content and
 *   id cell, for a row that is being given one;
 * - ops whose record vanished, or cannot be told apart from a copy, are dropped (`dropped`), and
 *   the next cycle plans them again from a fresh read;
 * - a tab whose header row changed (a column inserted or moved) gets nothing: positions would lie;
 * - the re-read is one read of the ranges `guardRanges` (A1) or `guardGridRanges` (by sheetId, so
 *   a tab renamed or swapped since the read is never taken for the one read) returns, in order.
 */

import { normaliseText } from "../normalise";
import type { GridRange } from "../provision/requests";
import { columnLetters } from "../sheets/a1";
import type { Cell } from "../validate";
import { contentOf, lastColumn, PERSON_KEYS, type SheetLayout, whoOf } from "./layout";
import type { Plan, PlanOp } from "./plan";
import type { ValueRange } from "./read-rows";

export interface Guarded {
  readonly applied: readonly PlanOp[];
  readonly dropped: readonly PlanOp[];
}

type GuardRead =
  | { readonly tab: string; readonly kind: "header" }
  | { readonly tab: string; readonly kind: "ids"; readonly column: number }
  | { readonly tab: string; readonly kind: "person"; readonly column: number }
  | { readonly tab: string; readonly kind: "rows"; readonly first: number; readonly last: number };

/** The A1 ranges to re-read before writing `plan`, for one `values.batchGet`. */
export function guardRanges(plan: Plan, layouts: ReadonlyMap<string, SheetLayout>): string[] {
  return guardReads(plan, layouts).map((read) => a1(read, layouts));
}

/** The same re-read as `guardRanges`, as GridRanges of the tabs' sheetIds (each tab must have one). */
export function guardGridRanges(
  plan: Plan,
  layouts: ReadonlyMap<string, SheetLayout>,
  sheetIds: ReadonlyMap<string, number>,
): { tab: string; range: GridRange }[] {
  return guardReads(plan, layouts).flatMap((read) => {
    const sheetId = sheetIds.get(read.tab);
    return sheetId === undefined
      ? []
      : [{ tab: read.tab, range: gridRange(read, layouts, sheetId) }];
  });
}

function gridRange(
  read: GuardRead,
  layouts: ReadonlyMap<string, SheetLayout>,
  sheetId: number,
): GridRange {
  switch (read.kind) {
    case "header":
      return { sheetId, startRowIndex: 0, endRowIndex: 1 };
    case "ids":
    case "person":
      return { sheetId, startColumnIndex: read.column, endColumnIndex: read.column + 1 };
    case "rows": {
      const layout = layouts.get(read.tab);
      const last = layout === undefined ? 0 : lastColumn(layout);
      return {
        sheetId,
        startRowIndex: read.first - 1,
        endRowIndex: read.last,
        startColumnIndex: 0,
        endColumnIndex: last + 1,
      };
    }
  }
}

export function guard(
  plan: Plan,
  layouts: ReadonlyMap<string, SheetLayout>,
  reread: readonly ValueRange[],
): Guarded {
  const reads = guardReads(plan, layouts);
  const applied: PlanOp[] = [];
  const dropped: PlanOp[] = [];
  for (const [tab, ops] of byTab(plan)) {
    const layout = layouts.get(tab);
    const mine = reads.flatMap((read, index) =>
      read.tab === tab ? [{ read, values: reread[index]?.values ?? [] }] : [],
    );
    const targets = layout === undefined ? new Map<string, number>() : targetsOf(layout, ops, mine);
    for (const op of ops) {
      const row = targets.get(op.recordId);
      if (row === undefined) dropped.push(op);
      else applied.push({ ...op, readRow: row });
    }
  }
  return { applied, dropped };
}

function guardReads(plan: Plan, layouts: ReadonlyMap<string, SheetLayout>): GuardRead[] {
  const reads: GuardRead[] = [];
  for (const [tab, ops] of byTab(plan)) {
    const layout = layouts.get(tab);
    const column = layout?.trailing?.recordId;
    if (layout === undefined || column === undefined) continue;
    reads.push({ tab, kind: "header" }, { tab, kind: "ids", column });
    for (const key of PERSON_KEYS) {
      const at = layout.data.get(key);
      if (at !== undefined) reads.push({ tab, kind: "person", column: at });
    }
    const rows = ops
      .filter(
        (op) =>
          op.kind === "issueRecordId" ||
          op.kind === "pinRow" ||
          op.kind === "appendRow" ||
          op.kind === "writeSubmission",
      )
      .map((op) => op.readRow);
    for (const [first, last] of runs(rows)) reads.push({ tab, kind: "rows", first, last });
  }
  return reads;
}

function a1(read: GuardRead, layouts: ReadonlyMap<string, SheetLayout>): string {
  const tab = `'${read.tab.replaceAll("'", "''")}'`;
  switch (read.kind) {
    case "header":
      return `${tab}!1:1`;
    case "ids":
    case "person":
      return `${tab}!${columnLetters(read.column)}:${columnLetters(read.column)}`;
    case "rows": {
      const layout = layouts.get(read.tab);
      const last = columnLetters(layout === undefined ? 0 : lastColumn(layout));
      return `${tab}!A${read.first}:${last}${read.last}`;
    }
  }
}

/** Record id → the row it is on now, for the records of one tab that can be placed safely. */
function targetsOf(
  layout: SheetLayout,
  ops: readonly PlanOp[],
  reads: readonly { read: GuardRead; values: readonly (readonly Cell[])[] }[],
): Map<string, number> {
  const targets = new Map<string, number>();
  const header = reads.find(({ read }) => read.kind === "header")?.values[0];
  if (!sameHeader(layout.headers, header)) return targets;
  const idsNow = idsByRow(reads.find(({ read }) => read.kind === "ids")?.values ?? []);
  const rowsNow = rowsByNumber(reads);
  const whoNow = (row: number) => whoOf(layout, personCells(reads, row));
  const pinned = new Set<number>();
  const failedPrevious = new Set<string>();
  // Rows a teacher's submission goes into: still as read, or nothing of that record is written
  // (its statuses describe the row with the submission in it).
  const refused = new Set<string>();
  for (const op of ops) {
    if (op.kind !== "writeSubmission") continue;
    const same =
      (idsNow.get(op.readRow) ?? "") === op.previousId &&
      contentOf(layout, rowsNow.get(op.readRow)) === op.before &&
      !pinned.has(op.readRow);
    if (same) {
      targets.set(op.recordId, op.readRow);
      pinned.add(op.readRow);
    } else refused.add(op.recordId);
  }
  // Rows being given an id: still the same content and the same id cell, or left for next time.
  for (const op of ops) {
    if (op.kind !== "issueRecordId" && op.kind !== "pinRow") continue;
    if (targets.has(op.recordId) || refused.has(op.recordId)) continue;
    const same =
      (idsNow.get(op.readRow) ?? "") === op.previousId &&
      contentOf(layout, rowsNow.get(op.readRow)) === op.content;
    if (same) {
      targets.set(op.recordId, op.readRow);
      pinned.add(op.readRow);
    } else failedPrevious.add(op.previousId);
  }
  // Rows the worker adds: on a row still blank, and only while no row shows the id already.
  const shown = new Set(idsNow.values());
  for (const op of ops) {
    if (op.kind !== "appendRow" || shown.has(op.recordId) || pinned.has(op.readRow)) continue;
    if (isBlankRow(rowsNow.get(op.readRow), lastColumn(layout)) && !idsNow.has(op.readRow)) {
      targets.set(op.recordId, op.readRow);
      pinned.add(op.readRow);
    }
  }
  // Records that kept their id: the one row still showing it, once the copies are pinned.
  const rowsOfId = new Map<string, number[]>();
  for (const [row, id] of idsNow) if (!pinned.has(row)) pushTo(rowsOfId, id, row);
  const issued = new Set(
    ops.flatMap((op) =>
      op.kind === "issueRecordId" || op.kind === "pinRow" || op.kind === "appendRow"
        ? [op.recordId]
        : [],
    ),
  );
  for (const op of ops) {
    if (issued.has(op.recordId) || targets.has(op.recordId) || refused.has(op.recordId)) continue;
    const rows = rowsOfId.get(op.recordId) ?? [];
    const only = rows.length === 1 ? rows[0] : undefined;
    // A copy of this id that could not be pinned might be the row still showing it.
    if (only === undefined || failedPrevious.has(op.recordId)) continue;
    // Still the same person: a copy pasted after the read may carry the id to someone else's row.
    if (whoNow(only) === op.who) targets.set(op.recordId, only);
  }
  return targets;
}

/** The 姓名 and 身份证件号 cells of one row, from the whole-column reads, at their positions. */
function personCells(
  reads: readonly { read: GuardRead; values: readonly (readonly Cell[])[] }[],
  row: number,
): Cell[] {
  const cells: Cell[] = [];
  for (const { read, values } of reads)
    if (read.kind === "person") cells[read.column] = values[row - 1]?.[0];
  return cells;
}

function isBlankRow(cells: readonly Cell[] | undefined, last: number): boolean {
  for (let column = 0; column <= last; column++)
    if (normaliseText(cells?.[column]) !== "") return false;
  return true;
}

function sameHeader(read: readonly string[], now: readonly Cell[] | undefined): boolean {
  const a = trimEnd(read);
  const b = trimEnd((now ?? []).map(normaliseText));
  return a.length === b.length && a.every((text, index) => text === b[index]);
}

function trimEnd(texts: readonly string[]): readonly string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === "") end--;
  return texts.slice(0, end);
}

/** A whole-column read starts at row 1 (the header); blank cells have no id. */
function idsByRow(values: readonly (readonly Cell[])[]): Map<number, string> {
  const ids = new Map<number, string>();
  values.forEach((cells, index) => {
    const id = normaliseText(cells[0]);
    if (index > 0 && id !== "") ids.set(index + 1, id);
  });
  return ids;
}

function rowsByNumber(
  reads: readonly { read: GuardRead; values: readonly (readonly Cell[])[] }[],
): Map<number, readonly Cell[]> {
  const rows = new Map<number, readonly Cell[]>();
  for (const { read, values } of reads) {
    if (read.kind !== "rows") continue;
    for (let row = read.first; row <= read.last; row++)
      rows.set(row, values[row - read.first] ?? []);
  }
  return rows;
}

function byTab(plan: Plan): Map<string, PlanOp[]> {
  const tabs = new Map<string, PlanOp[]>();
  for (const op of plan) pushTo(tabs, op.tab, op);
  return tabs;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Sorted distinct row numbers → runs of consecutive rows, so the re-read stays a few ranges. */
function runs(rows: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const row of [...new Set(rows)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === row - 1) last[1] = row;
    else out.push([row, row]);
  }
  return out;
}
