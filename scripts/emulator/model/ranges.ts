/**
 * Rectangles on one sheet, and their conversion from/to Google's GridRange. Internally an
 * unbounded end is `Infinity`, which keeps intersection and shifting arithmetic branch-free.
 */
import { invalidArgument } from "../errors";
import { type Obj, obj, onlyKeys, optInt } from "./shape";
import type { GridRange, SheetDoc, SpreadsheetDoc } from "./types";

export interface Rect {
  sheetId: number;
  startRow: number;
  endRow: number;
  startCol: number;
  endCol: number;
}

export function rectOf(range: GridRange): Rect {
  return {
    sheetId: range.sheetId,
    startRow: range.startRowIndex ?? 0,
    endRow: range.endRowIndex ?? Number.POSITIVE_INFINITY,
    startCol: range.startColumnIndex ?? 0,
    endCol: range.endColumnIndex ?? Number.POSITIVE_INFINITY,
  };
}

/** Bounded spans carry both indices; an unbounded span omits what is implied. */
export function gridRangeOf(rect: Rect): GridRange {
  const range: GridRange = { sheetId: rect.sheetId };
  if (rect.startRow > 0 || Number.isFinite(rect.endRow)) range.startRowIndex = rect.startRow;
  if (Number.isFinite(rect.endRow)) range.endRowIndex = rect.endRow;
  if (rect.startCol > 0 || Number.isFinite(rect.endCol)) range.startColumnIndex = rect.startCol;
  if (Number.isFinite(rect.endCol)) range.endColumnIndex = rect.endCol;
  return range;
}

/** Clamps unbounded (or oversized) ends to the sheet's current grid. */
export function clampToGrid(rect: Rect, sheet: SheetDoc): Rect {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  return {
    ...rect,
    endRow: Math.min(rect.endRow, rowCount),
    endCol: Math.min(rect.endCol, columnCount),
  };
}

export function intersect(a: Rect, b: Rect): Rect | undefined {
  if (a.sheetId !== b.sheetId) return undefined;
  const r = {
    sheetId: a.sheetId,
    startRow: Math.max(a.startRow, b.startRow),
    endRow: Math.min(a.endRow, b.endRow),
    startCol: Math.max(a.startCol, b.startCol),
    endCol: Math.min(a.endCol, b.endCol),
  };
  return r.startRow < r.endRow && r.startCol < r.endCol ? r : undefined;
}

export function findSheet(doc: SpreadsheetDoc, sheetId: number): SheetDoc | undefined {
  return doc.sheets.find((s) => s.properties.sheetId === sheetId);
}

export function requireSheet(doc: SpreadsheetDoc, sheetId: number): SheetDoc {
  const sheet = findSheet(doc, sheetId);
  if (!sheet) throw invalidArgument(`No grid with id: ${sheetId}`);
  return sheet;
}

/** Reads a GridRange from a request; the sheet must exist and indices must be ordered. */
export function readGridRange(doc: SpreadsheetDoc, value: unknown, where: string): GridRange {
  const o: Obj = obj(value, where);
  onlyKeys(
    o,
    ["sheetId", "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"],
    where,
  );
  const range: GridRange = { sheetId: optInt(o.sheetId, `${where}.sheetId`) ?? 0 };
  requireSheet(doc, range.sheetId);
  const keys = ["startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"] as const;
  for (const key of keys) {
    const n = optInt(o[key], `${where}.${key}`);
    if (n === undefined) continue;
    if (n < 0) throw invalidArgument(`Invalid ${where}.${key}: must be non-negative, got ${n}`);
    range[key] = n;
  }
  const rect = rectOf(range);
  if (rect.startRow > rect.endRow || rect.startCol > rect.endCol) {
    throw invalidArgument(`Invalid ${where}: start index must be <= end index`);
  }
  return range;
}

/** batchUpdate requests may not address cells outside the grid (values writes expand instead). */
export function assertWithinGrid(sheet: SheetDoc, rect: Rect, describe: () => string): void {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const rowsOut = Number.isFinite(rect.endRow) ? rect.endRow > rowCount : rect.startRow > rowCount;
  const colsOut = Number.isFinite(rect.endCol)
    ? rect.endCol > columnCount
    : rect.startCol > columnCount;
  if (rowsOut || colsOut) {
    throw invalidArgument(
      `Range (${describe()}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
    );
  }
}

/**
 * Where a span [start, end) lands after `count` indices are inserted at `at`. A span that
 * straddles the insertion point grows, as Sheets grows ranges when rows are inserted inside.
 */
export function shiftForInsert(start: number, end: number, at: number, count: number) {
  return {
    start: start >= at ? start + count : start,
    end: end > at ? end + count : end,
  };
}

/** Where a span lands after [from, to) is deleted, or undefined if it disappears entirely. */
export function shiftForDelete(start: number, end: number, from: number, to: number) {
  const removed = to - from;
  const map = (i: number) => (i <= from ? i : i >= to ? i - removed : from);
  const next = { start: map(start), end: map(end) };
  return next.start < next.end ? next : undefined;
}
