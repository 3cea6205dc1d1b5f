/**
 * The on-disk form of a document (format 2). Cells and rows are written once each in tables and
 * referenced by index, the way they are shared in memory (intern.ts): a provisioned school
 * spreadsheet, whose 14,000 rows are a few dozen distinct decoration rows, is tens of KB on disk
 * instead of the ~30 MB that one JSON object per cell took, so it can be rewritten whole on every
 * mutation and a county of 200 loads back in seconds.
 *
 * Files without `format` are the plain documents earlier emulators wrote; they still load.
 */
import { seal, sealCell, sealRow } from "./intern";
import type { Cell, Row, SheetDoc, SpreadsheetDoc } from "./types";

interface EncodedSheet extends Omit<SheetDoc, "rows"> {
  /** Index into `rows` per grid row, null for an empty row. */
  rows: (number | null)[];
}

export interface EncodedDoc extends Omit<SpreadsheetDoc, "sheets"> {
  format: 2;
  sheets: EncodedSheet[];
  cells: Cell[];
  /** Each row as indexes into `cells`, null for an empty cell. */
  rows: (number | null)[][];
}

/** Numbers each distinct object (by identity) in the order first seen. */
class Table<T> {
  readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  of(item: T): number {
    let i = this.index.get(item);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(item);
      this.index.set(item, i);
    }
    return i;
  }
}

export function encodeDoc(doc: SpreadsheetDoc): EncodedDoc {
  const cells = new Table<Cell>();
  const rows = new Table<Row>();
  const encodedRows: (number | null)[][] = [];
  const rowIndex = (row: Row | null) => {
    if (!row) return null;
    const before = rows.items.length;
    const i = rows.of(row);
    if (i === before) encodedRows.push(row.map((cell) => (cell ? cells.of(cell) : null)));
    return i;
  };
  const sheets = doc.sheets.map((sheet) => ({ ...sheet, rows: sheet.rows.map(rowIndex) }));
  return { ...doc, format: 2, sheets, cells: cells.items, rows: encodedRows };
}

function decodeEncoded(raw: EncodedDoc): SpreadsheetDoc {
  const { format: _format, cells: cellTable, rows: rowTable, sheets, ...rest } = raw;
  const cells = cellTable.map((cell) => sealCell(cell));
  const rows = rowTable.map((row) =>
    sealRow(row.map((i) => (i === null ? null : cellAt(cells, i)))),
  );
  const rowAt = (i: number | null): Row | null => {
    if (i === null) return null;
    const row = rows[i];
    if (!row) throw new Error(`Encoded spreadsheet refers to row ${i}, which it does not hold`);
    return row;
  };
  return seal({
    ...rest,
    sheets: sheets.map((sheet) => ({ ...sheet, rows: sheet.rows.map(rowAt) })),
  });
}

function cellAt(cells: Cell[], i: number): Cell {
  const cell = cells[i];
  if (!cell) throw new Error(`Encoded spreadsheet refers to cell ${i}, which it does not hold`);
  return cell;
}

/** A stored document, sealed: format 2, or a plain document from before it. */
export function decodeDoc(raw: unknown): SpreadsheetDoc {
  const encoded = raw as Partial<EncodedDoc>;
  if (encoded.format === 2) return decodeEncoded(encoded as EncodedDoc);
  if (encoded.format !== undefined) {
    throw new Error(`Unknown spreadsheet file format ${String(encoded.format)}`);
  }
  return seal(raw as SpreadsheetDoc);
}
