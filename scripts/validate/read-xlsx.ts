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
  const unreadable = containerProblem(bytes);
  if (unreadable !== undefined) return { ok: false, problem: unreadable };
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings declare their own Buffer as an ArrayBuffer; a copy of the bytes is one.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch {
    // The library's own message (a zip error in English) tells a school nothing it can act on.
    return {
      ok: false,
      problem:
        "无法读取工作簿：文件已损坏（可能没有下载或复制完整）。请在 Excel 或 WPS 中重新打开该文件，另存为 .xlsx 后重试",
    };
  }
  return {
    ok: true,
    tabs: workbook.worksheets.map((sheet) => ({ title: sheet.name, rows: sheetRows(sheet) })),
  };
}

/** An .xlsx is a zip ("PK"); an old .xls and a password-protected .xlsx are both OLE files. */
const ZIP_MAGIC = [0x50, 0x4b];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Why these bytes cannot be an .xlsx at all, told apart so each gets its own remedy. */
function containerProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0)
    return "无法读取工作簿：文件是空的（0 字节），可能没有保存或下载完整。请重新导出后重试";
  if (startsWith(bytes, ZIP_MAGIC)) return undefined;
  if (startsWith(bytes, OLE_MAGIC))
    return "无法读取工作簿：这是旧版 .xls 文件或设置了打开密码的 .xlsx 文件。请在 Excel 或 WPS 中取消打开密码，另存为 .xlsx（Excel 工作簿）后重试";
  return "无法读取工作簿：这不是 .xlsx 文件。请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿），或另存为 CSV 并用 --section 指明标签页";
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
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
