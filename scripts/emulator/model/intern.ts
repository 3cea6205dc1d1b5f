/**
 * How a document stays small at county scale and cheap to change.
 *
 * A provisioned school spreadsheet is mostly decoration: every cell of rows 2–1000 of a coded
 * column carries one of a few dozen validation rules and formats. So a committed document is
 * *sealed*: its grid (the row arrays, the cells and everything inside them) is frozen, equal
 * rules and formats are one shared object, cells holding no value or note ("decoration" cells)
 * are one shared object per distinct content, and rows made only of those are one shared array
 * per distinct pattern. Google's own storage keeps such rules per range; sharing gives us the
 * same footprint without changing the cell-by-cell model the request handlers work on.
 *
 * A mutation works on `workingCopy(doc)`: every tab's small parts (properties, protections,
 * metadata…) are copied, its grid is not: the first write into a tab copies its array of row
 * pointers, and the first write into a row copies that row (`grid.ts`), so untouched tabs and
 * rows stay shared between versions. Frozen rows and cells are replaced, never changed, so
 * the committed document is untouched until the caller swaps the new one in, and a request that
 * throws halfway leaves nothing behind. Writing into frozen state by mistake throws (modules run
 * in strict mode) instead of silently changing a committed document.
 *
 * The intern tables only grow; they hold the distinct decorations (a few hundred for a county)
 * and the distinct rule/format objects, not the values people type.
 */
import type { Cell, Row, SheetDoc, SpreadsheetDoc } from "./types";

const parts = new Map<string, object>();
const decorationCells = new Map<string, Cell>();
const decorationRows = new Map<string, Row>();
/** Small ids of interned objects, so a cell's or row's key is a short string of ids. */
const ids = new WeakMap<object, number>();
let lastId = 0;

function idOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    lastId += 1;
    id = lastId;
    ids.set(value, id);
  }
  return id;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** One shared frozen object per distinct JSON content (rules, formats, text runs). */
export function internPart<T extends object>(value: T): T {
  if (ids.has(value)) return value;
  const key = JSON.stringify(value);
  const known = parts.get(key);
  if (known) return known as T;
  deepFreeze(value);
  parts.set(key, value);
  idOf(value);
  return value;
}

/** A frozen cell; decoration cells (no value, no note) are shared by content. */
export function sealCell(cell: Cell): Cell {
  if (Object.isFrozen(cell)) return cell;
  if (cell.userEnteredFormat) cell.userEnteredFormat = internPart(cell.userEnteredFormat);
  if (cell.dataValidation) cell.dataValidation = internPart(cell.dataValidation);
  if (cell.textFormatRuns) cell.textFormatRuns = internPart(cell.textFormatRuns);
  if (cell.userEnteredValue !== undefined || cell.note !== undefined || cell.hyperlink) {
    return deepFreeze(cell);
  }
  const key = [cell.userEnteredFormat, cell.dataValidation, cell.textFormatRuns]
    .map((part) => (part ? idOf(part) : ""))
    .join(",");
  const known = decorationCells.get(key);
  if (known) return known;
  Object.freeze(cell);
  decorationCells.set(key, cell);
  idOf(cell);
  return cell;
}

/** A frozen row; a row of decoration cells only is shared by content. */
export function sealRow(row: Row): Row {
  if (Object.isFrozen(row)) return row;
  let decorationOnly = true;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (!cell) continue;
    const sealed = sealCell(cell);
    row[c] = sealed;
    if (!ids.has(sealed)) decorationOnly = false;
  }
  if (!decorationOnly) {
    Object.freeze(row);
    return row;
  }
  const key = row.map((cell) => (cell ? idOf(cell) : "")).join(",");
  const known = decorationRows.get(key);
  if (known) return known;
  Object.freeze(row);
  decorationRows.set(key, row);
  return row;
}

function sealSheet(sheet: SheetDoc): void {
  if (Object.isFrozen(sheet.rows)) return;
  const rows = sheet.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row) rows[r] = sealRow(row);
  }
  Object.freeze(rows);
}

/** Freezes and shares the grid of every tab; call it on a document about to be committed. */
export function seal(doc: SpreadsheetDoc): SpreadsheetDoc {
  for (const sheet of doc.sheets) sealSheet(sheet);
  return doc;
}

function copySheet(sheet: SheetDoc): SheetDoc {
  const { rows, ...rest } = sheet;
  return { ...structuredClone(rest), rows };
}

/**
 * A private copy to mutate: everything but the grid is deep-copied (it is small); the grid, frozen,
 * is shared, and `grid.ts` copies a tab's row array and then each row on their first write.
 */
export function workingCopy(doc: SpreadsheetDoc): SpreadsheetDoc {
  const { sheets, ...rest } = doc;
  return { ...structuredClone(rest), sheets: sheets.map(copySheet) };
}

/** Runs `change` on a working copy and returns it sealed: the model's one way to mutate. */
export function mutate<R>(
  doc: SpreadsheetDoc,
  change: (next: SpreadsheetDoc) => R,
): { doc: SpreadsheetDoc; response: R } {
  const next = workingCopy(doc);
  const response = change(next);
  return { doc: seal(next), response };
}
