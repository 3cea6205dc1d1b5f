/**
 * A .csv of one tab → rows of cells, in UTF-8 or GBK (scripts/lib/decode-text.ts). Every cell is
 * text, as in the file.
 */
import { parseCsv } from "../../src/core/templates";
import type { Cell } from "../../src/core/validate";
import { decodeText, type Encoding } from "../lib/decode-text";

export type CsvRowsResult =
  | { readonly ok: true; readonly rows: Cell[][]; readonly encoding: Encoding }
  | { readonly ok: false; readonly problem: string };

export function readCsv(bytes: Uint8Array): CsvRowsResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok)
    return { ok: false, problem: `无法读取 CSV 文件：第 ${parsed.line} 行${parsed.message}` };
  const rows = parsed.rows.map(trimTrailing);
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();
  return { ok: true, rows, encoding: decoded.encoding };
}

/** Spreadsheet programs pad short rows with commas; Sheets would not deliver those cells. */
function trimTrailing(cells: readonly string[]): Cell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return cells.slice(0, end);
}
