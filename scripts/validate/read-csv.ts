/**
 * A .csv of one tab → rows of cells. Excel and WPS in China save CSV either as UTF-8 (with a
 * BOM, "CSV UTF-8") or, by default, in the system code page GBK; bytes that are not valid UTF-8
 * are therefore read as GBK. Every cell is text, as in the file.
 */
import { parseCsv } from "../../src/core/templates";
import type { Cell } from "../../src/core/validate";

export type Encoding = "UTF-8" | "GBK";

export type CsvRowsResult =
  | { readonly ok: true; readonly rows: Cell[][]; readonly encoding: Encoding }
  | { readonly ok: false; readonly problem: string };

export function readCsv(bytes: Uint8Array): CsvRowsResult {
  const decoded = decode(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok)
    return { ok: false, problem: `无法读取 CSV 文件：第 ${parsed.line} 行${parsed.message}` };
  const rows = parsed.rows.map(trimTrailing);
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();
  return { ok: true, rows, encoding: decoded.encoding };
}

type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: Encoding }
  | { readonly ok: false; readonly problem: string };

function decode(bytes: Uint8Array): Decoded {
  // The decoder drops a leading BOM itself.
  const utf8 = strictDecode(bytes, "utf-8");
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: "UTF-8" };
  if (!supports("gbk"))
    // A Node built with small-icu knows no GBK; say what to do instead of printing mojibake.
    return {
      ok: false,
      problem:
        "文件不是 UTF-8 编码，而当前 Node 不支持 GBK 解码（需要完整 ICU）：请在 Excel 或 WPS 中另存为“CSV UTF-8”后重试",
    };
  const gbk = strictDecode(bytes, "gbk");
  if (gbk !== undefined) return { ok: true, text: gbk, encoding: "GBK" };
  return {
    ok: false,
    problem:
      "无法识别文件编码（既不是 UTF-8 也不是 GBK）：请在 Excel 或 WPS 中另存为“CSV UTF-8”后重试",
  };
}

function strictDecode(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function supports(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Spreadsheet programs pad short rows with commas; Sheets would not deliver those cells. */
function trimTrailing(cells: readonly string[]): Cell[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return cells.slice(0, end);
}
