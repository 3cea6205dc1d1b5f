/**
 * A small RFC 4180 reader for the county's school list, kept platform-free so the worker and the
 * scripts share it. Spreadsheet programs save CSV with a BOM and CRLF; both are accepted.
 */
export type CsvResult =
  | { readonly ok: true; readonly rows: readonly (readonly string[])[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

export function parseCsv(text: string): CsvResult {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let fieldStartLine = 1;
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        const next = input[i + 1];
        if (next !== undefined && next !== "," && next !== "\r" && next !== "\n")
          return { ok: false, line, message: "引号结束后应为逗号或换行" };
      } else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"') {
      if (field !== "") return { ok: false, line, message: "引号只能出现在字段开头" };
      quoted = true;
      fieldStartLine = line;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      pushRow(rows, row);
      row = [];
      field = "";
      line++;
    } else {
      field += char;
    }
  }
  if (quoted) return { ok: false, line: fieldStartLine, message: "引号没有闭合" };
  row.push(field);
  pushRow(rows, row);
  return { ok: true, rows };
}

/** Blank lines (often a trailing newline) carry no record. */
function pushRow(rows: string[][], row: string[]): void {
  if (row.length === 1 && row[0] === "") return;
  rows.push(row);
}
