/**
 * An .xlsx workbook → rows of cells exactly as the Sheets API would deliver the same tab with
 * UNFORMATTED_VALUE and SERIAL_NUMBER dates, so the validation engine sees a file checked
 * offline the way it will see the sheet once uploaded:
 * - strings, numbers and booleans as they are; dates as serial numbers (epoch 1899-12-30);
 * - rich text and hyperlinks as their plain text; formulas as their cached result; errors as
 *   the error text (`#N/A`);
 * - empty cells inside a row as "", empty rows inside a tab as [], trailing ones dropped;
 * - a merged range holds its value in the top-left cell only.
 */
import ExcelJS from "exceljs";
import type { Cell } from "../../src/core/validate";

export interface Tab {
  readonly title: string;
  readonly rows: Cell[][];
}

export type WorkbookResult =
  | { readonly ok: true; readonly tabs: readonly Tab[] }
  | { readonly ok: false; readonly problem: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings declare their own Buffer as an ArrayBuffer; a copy of the bytes is one.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch (error) {
    return {
      ok: false,
      problem: `无法读取工作簿：不是有效的 .xlsx 文件，可能已损坏或设置了打开密码（${(error as Error).message}）`,
    };
  }
  return {
    ok: true,
    tabs: workbook.worksheets.map((sheet) => ({ title: sheet.name, rows: sheetRows(sheet) })),
  };
}

export function sheetRows(sheet: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      // exceljs repeats the master's value in every cell of a merge; Sheets does not.
      cells[columnNumber - 1] = cell.type === ExcelJS.ValueType.Merge ? "" : cellValue(cell.value);
    });
    rows[rowNumber - 1] = trimTrailing(Array.from(cells, (cell) => cell ?? ""));
  });
  return trimTrailingRows(Array.from(rows, (row) => row ?? []));
}

/** One exceljs cell value as the Sheets API's unformatted value. */
export function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return serialOf(value);
  if (typeof value !== "object") return value;
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("hyperlink" in value) return hyperlinkText(value.text);
  if ("error" in value) return value.error;
  // A formula without a cached result was never calculated (written by a program, not by
  // Excel or WPS); Sheets would calculate it, but there is no calculator here.
  return value.result === undefined ? "" : cellValue(value.result);
}

/**
 * exceljs reads a date cell as the UTC instant whose UTC fields are the spreadsheet's wall-clock
 * value (and already accounts for 1904-based workbooks), so the serial is a plain difference.
 */
export function serialOf(date: Date): number {
  return (date.getTime() - SERIAL_EPOCH_MS) / DAY_MS;
}

/** A hyperlink's text is a string, or rich text when the link text is formatted. */
function hyperlinkText(text: unknown): string {
  if (typeof text === "string") return text;
  if (typeof text === "object" && text !== null && "richText" in text) {
    const runs = (text as ExcelJS.CellRichTextValue).richText;
    return runs.map((run) => run.text).join("");
  }
  return "";
}

function isEmpty(cell: Cell): boolean {
  return cell === "" || cell === null || cell === undefined;
}

function trimTrailing(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && isEmpty(cells[end - 1])) end--;
  return cells.slice(0, end);
}

function trimTrailingRows(rows: Cell[][]): Cell[][] {
  let end = rows.length;
  while (end > 0 && rows[end - 1]?.length === 0) end--;
  return rows.slice(0, end);
}
