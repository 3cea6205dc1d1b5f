/**
 * A1 notation as the Sheets API accepts and returns it.
 *
 * Accepted: `Sheet1!A1:C3`, `'基本信息'!A1:B`, `'It''s here'!A:A`, a bare tab name (whole sheet),
 * `A:C`, `2:5`, `A2:Z`, `B7`, and any of these without a tab name (meaning the first tab).
 * Returned ranges quote the tab name unless it is a plain identifier that cannot be mistaken for
 * a cell reference, which is how Google renders them (`Sheet1!A1`, `'基本信息'!A1`).
 */
import { invalidArgument } from "../errors";
import type { Rect } from "./ranges";
import type { SheetDoc, SpreadsheetDoc } from "./types";

const INF = Number.POSITIVE_INFINITY;

export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function quoteSheetTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !parseCellPart(title);
  return plain ? title : `'${title.replaceAll("'", "''")}'`;
}

interface Endpoint {
  col?: number;
  row?: number;
}

function parseEndpoint(text: string): Endpoint | undefined {
  const m = /^\$?([A-Za-z]{0,3})\$?(\d*)$/.exec(text);
  if (!m || (!m[1] && !m[2])) return undefined;
  const endpoint: Endpoint = {};
  // At most three letters (ZZZ is Sheets' last column), so `Sheet1` is a name, never a cell.
  if (m[1]) endpoint.col = columnIndex(m[1]);
  if (m[2]) {
    const row = Number(m[2]);
    if (row < 1) return undefined;
    endpoint.row = row - 1;
  }
  return endpoint;
}

/**
 * Parses the part after `!` into bounds (exclusive ends, Infinity when open). A lone endpoint must
 * be a full cell; pairs may omit rows (`A:C`, `A2:Z`) or columns (`2:5`).
 */
export function parseCellPart(text: string): Omit<Rect, "sheetId"> | undefined {
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const [first, second] = parts.map(parseEndpoint);
  if (!first) return undefined;
  if (parts.length === 1) {
    if (first.col === undefined || first.row === undefined) return undefined;
    return {
      startRow: first.row,
      endRow: first.row + 1,
      startCol: first.col,
      endCol: first.col + 1,
    };
  }
  if (!second) return undefined;
  // `A:5` or `1:B` mix a column-only and a row-only endpoint, which Sheets rejects.
  const colOnly = (e: Endpoint) => e.row === undefined;
  const rowOnly = (e: Endpoint) => e.col === undefined;
  if ((colOnly(first) && rowOnly(second)) || (rowOnly(first) && colOnly(second))) return undefined;
  const rows = [first.row ?? 0, second.row === undefined ? INF : second.row + 1];
  const cols = [first.col ?? 0, second.col === undefined ? INF : second.col + 1];
  const [r0 = 0, r1 = INF] = rows;
  const [c0 = 0, c1 = INF] = cols;
  // Sheets normalises reversed corners (B2:A1 is A1:B2).
  return {
    startRow: Math.min(r0, r1 - 1),
    endRow: Math.max(r1, r0 + 1),
    startCol: Math.min(c0, c1 - 1),
    endCol: Math.max(c1, c0 + 1),
  };
}

export function sheetByTitle(doc: SpreadsheetDoc, title: string): SheetDoc | undefined {
  return (
    doc.sheets.find((s) => s.properties.title === title) ??
    doc.sheets.find((s) => s.properties.title.toLowerCase() === title.toLowerCase())
  );
}

const WHOLE = { startRow: 0, endRow: INF, startCol: 0, endCol: INF };

/** Splits `'quoted''name'!rest` or `name!rest`; `rest` is undefined when there is no `!`. */
function splitSheet(range: string): { title?: string; rest?: string } | undefined {
  if (range.startsWith("'")) {
    let title = "";
    let i = 1;
    for (; i < range.length; i++) {
      if (range[i] === "'") {
        if (range[i + 1] !== "'") break;
        i++;
      }
      title += range[i];
    }
    if (i >= range.length) return undefined;
    const after = range.slice(i + 1);
    if (after === "") return { title };
    return after.startsWith("!") ? { title, rest: after.slice(1) } : undefined;
  }
  const bang = range.lastIndexOf("!");
  if (bang < 0) return {};
  return { title: range.slice(0, bang), rest: range.slice(bang + 1) };
}

export interface ParsedRange {
  sheet: SheetDoc;
  rect: Rect;
}

/** Resolves an A1 string against the document; unknown tabs are "Unable to parse range". */
export function parseA1(doc: SpreadsheetDoc, range: string): ParsedRange {
  const fail = () => invalidArgument(`Unable to parse range: ${range}`);
  const split = splitSheet(range.trim());
  if (!split) throw fail();
  const resolve = (sheet: SheetDoc | undefined, bounds: Omit<Rect, "sheetId"> | undefined) => {
    if (!sheet || !bounds) throw fail();
    return { sheet, rect: { sheetId: sheet.properties.sheetId, ...bounds } };
  };
  if (split.title !== undefined) {
    const sheet = sheetByTitle(doc, split.title);
    return resolve(sheet, split.rest === undefined ? WHOLE : parseCellPart(split.rest));
  }
  // No `!`: a tab title wins over a cell reference, as in Sheets.
  const text = range.trim();
  const named = sheetByTitle(doc, text);
  if (named) return resolve(named, WHOLE);
  return resolve(doc.sheets[0], parseCellPart(text));
}

/** Formats bounded rectangle corners as `A1`, `A1:C3`; a single cell collapses to one ref. */
export function formatCellPart(rect: Omit<Rect, "sheetId">): string {
  const start = `${columnLetters(rect.startCol)}${rect.startRow + 1}`;
  if (rect.endRow - rect.startRow === 1 && rect.endCol - rect.startCol === 1) return start;
  return `${start}:${columnLetters(rect.endCol - 1)}${rect.endRow}`;
}

export function formatA1(sheet: SheetDoc, rect: Omit<Rect, "sheetId">): string {
  return `${quoteSheetTitle(sheet.properties.title)}!${formatCellPart(rect)}`;
}
