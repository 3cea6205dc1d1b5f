/**
 * The spreadsheets.values family: get, batchGet, update, append, batchUpdate, clear, batchClear.
 * Writes grow the grid to fit (as Sheets does for values writes), `null` leaves a cell alone,
 * `""` clears its value; formats, notes and validation are never touched except for the number
 * format USER_ENTERED input implies (dates, percentages, currencies).
 */
import { invalidArgument } from "../errors";
import { columnLetters, formatA1, formatCellPart, parseA1 } from "./a1";
import { Evaluator } from "./effective";
import { ensureGridSize, getCell, updateCell } from "./grid";
import { type InputOption, isPlainText, parseInput } from "./input";
import { seal, workingCopy } from "./intern";
import { assertCanEdit, assertCanInsert } from "./protection";
import { clampToGrid, findSheet, type Rect, rectOf } from "./ranges";
import { renderValues } from "./render";
import { isObj, optArr } from "./shape";
import { insertDimension } from "./structure";
import type {
  Actor,
  Json,
  JsonObject,
  Mutation,
  SheetDoc,
  SpreadsheetDoc,
  ValueReadOptions,
  ValueWriteOptions,
} from "./types";

function exceedsGrid(sheet: SheetDoc, rect: Rect): Error {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const part = formatCellPart({
    ...rect,
    endRow: Number.isFinite(rect.endRow) ? rect.endRow : rect.startRow + 1,
    endCol: Number.isFinite(rect.endCol) ? rect.endCol : rect.startCol + 1,
  });
  return invalidArgument(
    `Range ('${sheet.properties.title}'!${part}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
  );
}

/** Parses a range for reading: open ends and oversized ends are clamped to the grid. */
function readRange(doc: SpreadsheetDoc, range: string): { sheet: SheetDoc; rect: Rect } {
  const { sheet, rect } = parseA1(doc, range);
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  if (rect.startRow >= rowCount || rect.startCol >= columnCount) throw exceedsGrid(sheet, rect);
  return {
    sheet,
    rect: {
      ...rect,
      endRow: Math.min(rect.endRow, rowCount),
      endCol: Math.min(rect.endCol, columnCount),
    },
  };
}

function valueRange(
  ev: Evaluator,
  sheet: SheetDoc,
  rect: Rect,
  opts: ValueReadOptions,
): JsonObject {
  const out: JsonObject = {
    range: formatA1(sheet, rect),
    majorDimension: opts.majorDimension ?? "ROWS",
  };
  const values = renderValues(ev, sheet, rect, opts);
  if (values) out.values = values;
  return out;
}

export function getValues(doc: SpreadsheetDoc, range: string, opts: ValueReadOptions): object {
  const { sheet, rect } = readRange(doc, range);
  return valueRange(new Evaluator(doc), sheet, rect, opts);
}

export function batchGetValues(
  doc: SpreadsheetDoc,
  ranges: string[],
  opts: ValueReadOptions,
): object {
  const ev = new Evaluator(doc);
  const valueRanges = ranges.map((range) => {
    const { sheet, rect } = readRange(doc, range);
    return valueRange(ev, sheet, rect, opts);
  });
  return { spreadsheetId: doc.spreadsheetId, valueRanges };
}

/** A data filter as values.batchGetByDataFilter takes it: a GridRange or an A1 range. */
export type DataFilter =
  | { readonly gridRange: { readonly sheetId?: number } & Record<string, number | undefined> }
  | { readonly a1Range: string };

/**
 * values.batchGetByDataFilter: one value range per filter that matches, with the filter that
 * matched it. A GridRange names its tab by sheetId, so the reply's `range` shows the tab's
 * current title whatever it was renamed to; a filter whose sheet does not exist matches nothing.
 */
export function batchGetValuesByDataFilter(
  doc: SpreadsheetDoc,
  filters: readonly DataFilter[],
  opts: ValueReadOptions,
): object {
  const ev = new Evaluator(doc);
  const valueRanges = filters.flatMap((filter) => {
    const found = filterTarget(doc, filter);
    if (found === undefined) return [];
    return [{ valueRange: valueRange(ev, found.sheet, found.rect, opts), dataFilters: [filter] }];
  });
  return { spreadsheetId: doc.spreadsheetId, valueRanges };
}

function filterTarget(
  doc: SpreadsheetDoc,
  filter: DataFilter,
): { sheet: SheetDoc; rect: Rect } | undefined {
  if ("a1Range" in filter) return readRange(doc, filter.a1Range);
  const sheet = findSheet(doc, filter.gridRange.sheetId ?? 0);
  if (sheet === undefined) return undefined;
  const rect = rectOf({ ...filter.gridRange, sheetId: sheet.properties.sheetId });
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  if (rect.startRow >= rowCount || rect.startCol >= columnCount) throw exceedsGrid(sheet, rect);
  return { sheet, rect: clampToGrid(rect, sheet) };
}

function inputOption(opts: { valueInputOption?: unknown }): InputOption {
  const option = opts.valueInputOption;
  if (option === "RAW" || option === "USER_ENTERED") return option;
  if (option === undefined)
    throw invalidArgument("'valueInputOption' is required but not specified");
  throw invalidArgument(
    `Invalid value at 'value_input_option' (TYPE_ENUM), ${JSON.stringify(option)}`,
  );
}

/** The body's values as rows of cells (undefined = leave alone), transposed when COLUMNS. */
function rowsOf(body: { values?: unknown; majorDimension?: unknown }): unknown[][] {
  const lines = (optArr(body.values, "data.values") ?? []).map((line, i) => {
    const list = optArr(line, `data.values[${i}]`);
    return list ?? [];
  });
  if (body.majorDimension === undefined || body.majorDimension === "ROWS") return lines;
  if (body.majorDimension !== "COLUMNS") {
    throw invalidArgument(
      `Invalid value at 'data.major_dimension' (TYPE_ENUM), ${JSON.stringify(body.majorDimension)}`,
    );
  }
  const height = Math.max(0, ...lines.map((l) => l.length));
  return Array.from({ length: height }, (_, r) => lines.map((line) => line[r]));
}

interface Written {
  sheet: SheetDoc;
  footprint: Rect;
  response: JsonObject;
}

/** Writes rows at the rectangle's top-left corner into `doc` (already a private copy). */
function writeRows(
  doc: SpreadsheetDoc,
  sheet: SheetDoc,
  target: Rect,
  rows: unknown[][],
  option: InputOption,
  actor: Actor,
): Written {
  const height = rows.length;
  const width = Math.max(0, ...rows.map((r) => r.length));
  const footprint: Rect = {
    sheetId: target.sheetId,
    startRow: target.startRow,
    endRow: target.startRow + height,
    startCol: target.startCol,
    endCol: target.startCol + width,
  };
  const response: JsonObject = { spreadsheetId: doc.spreadsheetId };
  if (height === 0 || width === 0) {
    return { sheet, footprint, response };
  }
  const finiteOr = (end: number, fallback: number) => (Number.isFinite(end) ? end : fallback);
  const bounded = formatA1(sheet, {
    ...target,
    endRow: finiteOr(target.endRow, footprint.endRow),
    endCol: finiteOr(target.endCol, footprint.endCol),
  });
  if (footprint.endRow > target.endRow) {
    throw invalidArgument(
      `Requested writing within range [${bounded}], but tried writing to row [${target.endRow + 1}]`,
    );
  }
  if (footprint.endCol > target.endCol) {
    throw invalidArgument(
      `Requested writing within range [${bounded}], but tried writing to column [${columnLetters(target.endCol)}]`,
    );
  }
  assertCanEdit(doc, footprint, actor);
  ensureGridSize(sheet, footprint.endRow, footprint.endCol);
  const touchedRows = new Set<number>();
  const touchedCols = new Set<number>();
  let cells = 0;
  rows.forEach((line, i) => {
    line.forEach((raw, j) => {
      if (raw === null || raw === undefined) return;
      const [r, c] = [footprint.startRow + i, footprint.startCol + j];
      const where = `data.values[${i}][${j}]`;
      updateCell(sheet, r, c, (cell) => {
        if (raw === "") {
          delete cell.userEnteredValue;
          return;
        }
        const parsed = parseInput(raw, option, where, isPlainText(cell.userEnteredFormat));
        cell.userEnteredValue = parsed.value;
        if (parsed.numberFormat) {
          cell.userEnteredFormat = {
            ...cell.userEnteredFormat,
            numberFormat: { ...parsed.numberFormat },
          };
        }
      });
      touchedRows.add(r);
      touchedCols.add(c);
      cells += 1;
    });
  });
  Object.assign(response, {
    updatedRange: formatA1(sheet, footprint),
    updatedRows: touchedRows.size,
    updatedColumns: touchedCols.size,
    updatedCells: cells,
  });
  return { sheet, footprint, response };
}

function attachUpdatedData(doc: SpreadsheetDoc, written: Written, opts: ValueWriteOptions): void {
  if (!opts.includeValuesInResponse) return;
  const { sheet, footprint, response } = written;
  if (footprint.endRow === footprint.startRow || footprint.endCol === footprint.startCol) return;
  response.updatedData = valueRange(new Evaluator(doc), sheet, footprint, {
    valueRenderOption: opts.responseValueRenderOption as ValueReadOptions["valueRenderOption"],
    dateTimeRenderOption:
      opts.responseDateTimeRenderOption as ValueReadOptions["dateTimeRenderOption"],
  });
}

/** A single-cell range is only an anchor: Sheets writes the whole array from that cell. */
function anchorOf(rect: Rect): Rect {
  const single = rect.endRow - rect.startRow === 1 && rect.endCol - rect.startCol === 1;
  if (!single) return rect;
  return { ...rect, endRow: Number.POSITIVE_INFINITY, endCol: Number.POSITIVE_INFINITY };
}

export function updateValues(
  doc: SpreadsheetDoc,
  range: string,
  body: { values?: unknown[][]; majorDimension?: string },
  opts: ValueWriteOptions,
  actor: Actor,
): Mutation<object> {
  const option = inputOption(opts);
  const next = workingCopy(doc);
  const { sheet, rect } = parseA1(next, range);
  const written = writeRows(next, sheet, anchorOf(rect), rowsOf(body), option, actor);
  attachUpdatedData(next, written, opts);
  return { doc: seal(next), response: written.response };
}

/**
 * Finds the "table" append continues: the first run of consecutive non-empty rows (within the
 * range's columns) at or below the range's first row. Values go below it, starting at its
 * first column; without a table they go to the range's top-left cell.
 */
/**
 * The table an append continues. As in Sheets, the search starts at the range and runs on past
 * its last row (appending to `A1` or `A1:B1` lands under the whole table, not on row 2), and a
 * single-column range such as `A1` or `A:A` looks across the whole row for the table's width.
 */
function findTable(sheet: SheetDoc, rect: Rect): Rect | undefined {
  const { rowCount, columnCount } = sheet.properties.gridProperties;
  const endRow = Math.min(rowCount, sheet.rows.length);
  const endCol =
    rect.endCol - rect.startCol === 1 ? columnCount : Math.min(rect.endCol, columnCount);
  const filledCols = (r: number) => {
    const cols: number[] = [];
    for (let c = rect.startCol; c < endCol; c++) {
      if (getCell(sheet, r, c)?.userEnteredValue) cols.push(c);
    }
    return cols;
  };
  let table: Rect | undefined;
  for (let r = rect.startRow; r < endRow; r++) {
    const cols = filledCols(r);
    if (cols.length === 0) {
      if (table) break;
      continue;
    }
    const [first = 0, last = 0] = [cols[0], cols[cols.length - 1]];
    table = table
      ? {
          ...table,
          endRow: r + 1,
          startCol: Math.min(table.startCol, first),
          endCol: Math.max(table.endCol, last + 1),
        }
      : { sheetId: rect.sheetId, startRow: r, endRow: r + 1, startCol: first, endCol: last + 1 };
  }
  return table;
}

export function appendValues(
  doc: SpreadsheetDoc,
  range: string,
  body: { values?: unknown[][]; majorDimension?: string },
  opts: ValueWriteOptions & { insertDataOption?: "OVERWRITE" | "INSERT_ROWS" },
  actor: Actor,
): Mutation<object> {
  const option = inputOption(opts);
  const insert = opts.insertDataOption ?? "OVERWRITE";
  if (insert !== "OVERWRITE" && insert !== "INSERT_ROWS") {
    throw invalidArgument(`Invalid value at 'insert_data_option' (TYPE_ENUM), "${String(insert)}"`);
  }
  const next = workingCopy(doc);
  const { sheet, rect } = parseA1(next, range);
  const table = findTable(sheet, rect);
  const rows = rowsOf(body);
  const start = {
    sheetId: rect.sheetId,
    startRow: table ? table.endRow : rect.startRow,
    endRow: Number.POSITIVE_INFINITY,
    startCol: table ? table.startCol : rect.startCol,
    endCol: Number.POSITIVE_INFINITY,
  };
  if (insert === "INSERT_ROWS" && rows.length > 0) {
    assertCanInsert(next, rect.sheetId, "ROWS", start.startRow, actor);
    insertDimension(sheet, "ROWS", start.startRow, rows.length, undefined);
  }
  const written = writeRows(next, sheet, start, rows, option, actor);
  attachUpdatedData(next, written, opts);
  const response: JsonObject = { spreadsheetId: next.spreadsheetId };
  if (table) response.tableRange = formatA1(sheet, table);
  response.updates = written.response;
  return { doc: seal(next), response };
}

export function batchUpdateValues(
  doc: SpreadsheetDoc,
  body: {
    data?: { range?: unknown; values?: unknown[][]; majorDimension?: string }[];
    valueInputOption?: unknown;
    includeValuesInResponse?: boolean;
    responseValueRenderOption?: string;
    responseDateTimeRenderOption?: string;
  },
  actor: Actor,
): Mutation<object> {
  const option = inputOption(body);
  const next = workingCopy(doc);
  const writes = (optArr(body.data, "data") ?? []).map((entry, i) => {
    if (!isObj(entry) || typeof entry.range !== "string") {
      throw invalidArgument(`Invalid data[${i}]: a range is required`);
    }
    const { sheet, rect } = parseA1(next, entry.range);
    return writeRows(next, sheet, anchorOf(rect), rowsOf(entry), option, actor);
  });
  const opts = { ...body, valueInputOption: option };
  for (const written of writes) attachUpdatedData(next, written, opts);
  const total = (key: string) =>
    writes.reduce(
      (sum, w) => sum + (typeof w.response[key] === "number" ? (w.response[key] as number) : 0),
      0,
    );
  const response: JsonObject = { spreadsheetId: next.spreadsheetId };
  if (writes.length > 0) {
    Object.assign(response, {
      totalUpdatedRows: total("updatedRows"),
      totalUpdatedColumns: total("updatedColumns"),
      totalUpdatedCells: total("updatedCells"),
      totalUpdatedSheets: new Set(
        writes.filter((w) => w.response.updatedCells).map((w) => w.sheet.properties.sheetId),
      ).size,
      responses: writes.map((w) => w.response as Json),
    });
  }
  return { doc: seal(next), response };
}

function clearInto(doc: SpreadsheetDoc, range: string, actor: Actor): string {
  const { sheet, rect } = readRange(doc, range);
  assertCanEdit(doc, rect, actor);
  const endRow = Math.min(rect.endRow, sheet.rows.length);
  for (let r = rect.startRow; r < endRow; r++) {
    const endCol = Math.min(rect.endCol, sheet.rows[r]?.length ?? 0);
    for (let c = rect.startCol; c < endCol; c++) {
      updateCell(sheet, r, c, (cell) => {
        delete cell.userEnteredValue;
      });
    }
  }
  return formatA1(sheet, rect);
}

export function clearValues(doc: SpreadsheetDoc, range: string, actor: Actor): Mutation<object> {
  const next = workingCopy(doc);
  const clearedRange = clearInto(next, range, actor);
  return { doc: seal(next), response: { spreadsheetId: next.spreadsheetId, clearedRange } };
}

export function batchClearValues(
  doc: SpreadsheetDoc,
  ranges: string[],
  actor: Actor,
): Mutation<object> {
  const next = workingCopy(doc);
  const clearedRanges = ranges.map((range) => clearInto(next, range, actor));
  return { doc: seal(next), response: { spreadsheetId: next.spreadsheetId, clearedRanges } };
}
