/**
 * What reads return: values for the values API (per valueRenderOption / dateTimeRenderOption,
 * trimmed like Sheets trims) and CellData/GridData for spreadsheets.get with grid data.
 */
import { sparseColours } from "./colours";
import type { Evaluator } from "./effective";
import { errorValueOf, FormulaError, type Scalar } from "./formula";
import { getCell, isEmptyCell } from "./grid";
import { formatNumber, isDateLike } from "./numfmt";
import type { Rect } from "./ranges";
import type {
  Cell,
  DateTimeRenderOption,
  Json,
  JsonObject,
  NumberFormat,
  SheetDoc,
  ValueReadOptions,
  ValueRenderOption,
} from "./types";

export interface RenderOptions {
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
}

export function renderOptionsOf(opts: {
  valueRenderOption?: string;
  dateTimeRenderOption?: string;
}): RenderOptions {
  return {
    valueRenderOption: (opts.valueRenderOption as ValueRenderOption) ?? "FORMATTED_VALUE",
    dateTimeRenderOption: (opts.dateTimeRenderOption as DateTimeRenderOption) ?? "SERIAL_NUMBER",
  };
}

function numberFormatOf(cell: Cell | undefined): NumberFormat | undefined {
  const format = cell?.userEnteredFormat?.numberFormat;
  if (typeof format !== "object" || format === null || Array.isArray(format)) return undefined;
  return typeof format.type === "string"
    ? {
        type: format.type,
        pattern: typeof format.pattern === "string" ? format.pattern : undefined,
      }
    : undefined;
}

export function formattedOf(value: Exclude<Scalar, null>, format: NumberFormat | undefined) {
  if (value instanceof FormulaError) return value.code;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return formatNumber(value, format);
  return value;
}

/** One cell as the values API renders it; undefined when the cell has no value. */
export function renderValue(
  ev: Evaluator,
  sheet: SheetDoc,
  row: number,
  col: number,
  opts: RenderOptions,
): Json | undefined {
  const cell = getCell(sheet, row, col);
  const entered = cell?.userEnteredValue;
  if (!entered) return undefined;
  if (opts.valueRenderOption === "FORMULA" && entered.formulaValue !== undefined) {
    return entered.formulaValue;
  }
  const value = ev.effective(sheet, row, col);
  if (value === null) return undefined;
  const format = numberFormatOf(cell);
  if (opts.valueRenderOption === "FORMATTED_VALUE") return formattedOf(value, format);
  if (value instanceof FormulaError) return value.code;
  const asString = opts.dateTimeRenderOption === "FORMATTED_STRING" && isDateLike(format);
  return asString && typeof value === "number" ? formatNumber(value, format) : value;
}

const isBlank = (v: Json | undefined) => v === undefined || v === "";

/** Drops trailing blanks in each line and trailing empty lines, as Sheets does. */
function trim(lines: (Json | undefined)[][]): Json[][] {
  const out = lines.map((line) => {
    let end = line.length;
    while (end > 0 && isBlank(line[end - 1])) end--;
    return line.slice(0, end).map((v) => v ?? "");
  });
  while (out.length > 0 && out[out.length - 1]?.length === 0) out.pop();
  return out;
}

/** The values of a grid-bounded rectangle, trimmed; undefined when nothing is left. */
export function renderValues(
  ev: Evaluator,
  sheet: SheetDoc,
  rect: Rect,
  opts: ValueReadOptions,
): Json[][] | undefined {
  const render = renderOptionsOf(opts);
  // Cells beyond the stored data are empty, so there is no need to visit them.
  const endRow = Math.min(rect.endRow, sheet.rows.length);
  const rows: (Json | undefined)[][] = [];
  for (let r = rect.startRow; r < endRow; r++) {
    const endCol = Math.min(rect.endCol, sheet.rows[r]?.length ?? 0);
    const row: (Json | undefined)[] = [];
    for (let c = rect.startCol; c < endCol; c++) row.push(renderValue(ev, sheet, r, c, render));
    rows.push(row);
  }
  const lines = opts.majorDimension === "COLUMNS" ? transpose(rows) : rows;
  const values = trim(lines);
  return values.length > 0 ? values : undefined;
}

function transpose(rows: (Json | undefined)[][]): (Json | undefined)[][] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]));
}

function extendedOf(value: Exclude<Scalar, null>): JsonObject {
  if (value instanceof FormulaError) return { errorValue: errorValueOf(value) };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return { stringValue: value };
}

/** CellData as spreadsheets.get returns it with includeGridData. */
export function renderCellData(
  ev: Evaluator,
  sheet: SheetDoc,
  row: number,
  col: number,
): JsonObject | undefined {
  const cell = getCell(sheet, row, col);
  if (!cell || isEmptyCell(cell)) return undefined;
  const out: JsonObject = {};
  if (cell.userEnteredValue) {
    out.userEnteredValue = structuredClone(cell.userEnteredValue) as JsonObject;
    const value = ev.effective(sheet, row, col);
    if (value !== null) {
      out.effectiveValue = extendedOf(value);
      out.formattedValue = formattedOf(value, numberFormatOf(cell));
    }
  }
  if (cell.userEnteredFormat) out.userEnteredFormat = sparseColours(cell.userEnteredFormat);
  if (cell.note !== undefined) out.note = cell.note;
  if (cell.dataValidation) out.dataValidation = structuredClone(cell.dataValidation);
  if (cell.textFormatRuns) out.textFormatRuns = structuredClone(cell.textFormatRuns);
  if (cell.hyperlink !== undefined) out.hyperlink = cell.hyperlink;
  return out;
}

const DEFAULT_ROW_PX = 21;
const DEFAULT_COLUMN_PX = 100;

/** GridData for one grid-bounded rectangle: trimmed rowData plus per-dimension metadata. */
export function renderGridData(ev: Evaluator, sheet: SheetDoc, rect: Rect): JsonObject {
  const rowData: JsonObject[] = [];
  const endRow = Math.min(rect.endRow, sheet.rows.length);
  for (let r = rect.startRow; r < endRow; r++) {
    const values: JsonObject[] = [];
    const endCol = Math.min(rect.endCol, sheet.rows[r]?.length ?? 0);
    for (let c = rect.startCol; c < endCol; c++) values.push(renderCellData(ev, sheet, r, c) ?? {});
    while (values.length > 0 && Object.keys(values[values.length - 1] ?? {}).length === 0) {
      values.pop();
    }
    rowData.push(values.length > 0 ? { values } : {});
  }
  while (rowData.length > 0 && Object.keys(rowData[rowData.length - 1] ?? {}).length === 0) {
    rowData.pop();
  }
  const meta = (list: SheetDoc["rowMeta"], start: number, end: number, px: number) =>
    Array.from({ length: end - start }, (_, i) => {
      const m = list[start + i];
      const out: JsonObject = { pixelSize: m?.pixelSize ?? px };
      if (m?.hiddenByUser) out.hiddenByUser = true;
      return out;
    });
  const data: JsonObject = {};
  if (rect.startRow > 0) data.startRow = rect.startRow;
  if (rect.startCol > 0) data.startColumn = rect.startCol;
  if (rowData.length > 0) data.rowData = rowData;
  data.rowMetadata = meta(sheet.rowMeta, rect.startRow, rect.endRow, DEFAULT_ROW_PX);
  data.columnMetadata = meta(sheet.columnMeta, rect.startCol, rect.endCol, DEFAULT_COLUMN_PX);
  return data;
}
