/**
 * Sparse cell storage: `rows[r][c]`, with `null` holes so the structure stays plain JSON.
 * Row and column metadata live in parallel arrays so structural edits splice them together.
 * Rows and cells of a committed document are frozen and shared (intern.ts): they are replaced,
 * never written into.
 */
import type { Cell, DimensionMeta, Row, SheetDoc } from "./types";

export type Dimension = "ROWS" | "COLUMNS";

export function getCell(sheet: SheetDoc, row: number, col: number): Cell | undefined {
  return sheet.rows[row]?.[col] ?? undefined;
}

export function isEmptyCell(cell: Cell | undefined | null): boolean {
  return !cell || Object.keys(cell).length === 0;
}

function padTo<T>(list: (T | null)[], length: number): void {
  while (list.length < length) list.push(null);
}

/**
 * The row to write into. Committed rows are frozen and may be shared (see intern.ts), so the
 * first write of a mutation into one replaces it with a private copy.
 */
function writableRow(sheet: SheetDoc, row: number): Row {
  const rows = writableRows(sheet);
  const existing = rows[row];
  if (existing && !Object.isFrozen(existing)) return existing;
  padTo(rows, row + 1);
  const copy: Row = existing ? existing.slice() : [];
  rows[row] = copy;
  return copy;
}

/** The tab's array of rows, copied on the mutation's first write so untouched tabs stay shared. */
function writableRows(sheet: SheetDoc): (Row | null)[] {
  if (Object.isFrozen(sheet.rows)) sheet.rows = sheet.rows.slice();
  return sheet.rows;
}

/** Stores a cell, dropping it entirely once nothing is left in it. */
export function setCell(sheet: SheetDoc, row: number, col: number, cell: Cell | undefined): void {
  if (isEmptyCell(cell)) {
    const existing = sheet.rows[row];
    if (existing && col < existing.length && existing[col]) writableRow(sheet, row)[col] = null;
    return;
  }
  const target = writableRow(sheet, row);
  padTo(target, col + 1);
  target[col] = cell ?? null;
}

/** Applies `edit` to a copy of the cell and stores the result. */
export function updateCell(
  sheet: SheetDoc,
  row: number,
  col: number,
  edit: (cell: Cell) => void,
): void {
  const cell: Cell = { ...getCell(sheet, row, col) };
  edit(cell);
  setCell(sheet, row, col, cell);
}

/** Values writes grow the grid to fit, as Sheets does. */
export function ensureGridSize(sheet: SheetDoc, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  grid.rowCount = Math.max(grid.rowCount, rows);
  grid.columnCount = Math.max(grid.columnCount, cols);
}

function spliceList<T>(list: (T | null)[], at: number, remove: number, insert: (T | null)[]): void {
  if (at > list.length) {
    if (insert.every((x) => x === null)) return;
    padTo(list, at);
  }
  list.splice(at, remove, ...insert);
}

/**
 * Removes `remove` rows/columns at `at` and inserts `insert.length` new ones there; `insert`
 * supplies their cells (per row for ROWS, per column for COLUMNS) and metadata.
 */
export function spliceDimension(
  sheet: SheetDoc,
  dimension: Dimension,
  at: number,
  remove: number,
  insert: { cells: (Cell | null)[]; meta: DimensionMeta | null }[],
): void {
  const grid = sheet.properties.gridProperties;
  const delta = insert.length - remove;
  if (dimension === "ROWS") {
    const rows = insert.map((x) => (x.cells.some((c) => c !== null) ? [...x.cells] : null));
    spliceList(writableRows(sheet), at, remove, rows);
    spliceList(
      sheet.rowMeta,
      at,
      remove,
      insert.map((x) => x.meta),
    );
    grid.rowCount += delta;
    return;
  }
  const height = Math.max(sheet.rows.length, ...insert.map((x) => x.cells.length));
  writableRows(sheet);
  for (let r = 0; r < height; r++) {
    const column = insert.map((x) => x.cells[r] ?? null);
    const row = sheet.rows[r]?.slice() ?? [];
    spliceList(row, at, remove, column);
    padTo(sheet.rows, r + 1);
    sheet.rows[r] = row.length > 0 ? row : null;
  }
  spliceList(
    sheet.columnMeta,
    at,
    remove,
    insert.map((x) => x.meta),
  );
  grid.columnCount += delta;
}

/** The cells of one row or column (for moves and inheritance); cells are immutable, so shared. */
export function sliceDimension(
  sheet: SheetDoc,
  dimension: Dimension,
  index: number,
): { cells: (Cell | null)[]; meta: DimensionMeta | null } {
  if (dimension === "ROWS") {
    return {
      cells: [...(sheet.rows[index] ?? [])],
      meta: structuredClone(sheet.rowMeta[index] ?? null),
    };
  }
  return {
    cells: sheet.rows.map((row) => row?.[index] ?? null),
    meta: structuredClone(sheet.columnMeta[index] ?? null),
  };
}
