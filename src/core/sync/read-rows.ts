/**
 * The cells of one `values.batchGet` (UNFORMATTED_VALUE, SERIAL_NUMBER dates) → tabs by title and,
 * per section tab, the rows the sync works on.
 *
 * Guarantees:
 * - a tab's title is taken from the range the API echoes (`'基本信息'!A1:AZ200`), quotes undone;
 * - a row whose data cells are all blank is skipped, as the engine skips it, but a blank row that
 *   still carries a 记录编号 is kept (flagged `blank`), so its record is never dropped silently,
 *   and so is, when asked (`keepWorkerText`), one still showing what the worker wrote, so that
 *   text can be cleared;
 * - worker-owned cells are kept as read, so the planner writes only what differs;
 * - the approval box counts as ticked only for TRUE (a checkbox boolean, or the text TRUE).
 */
import { isBlank, normaliseText } from "../normalise";
import type { Cell, TabRows } from "../validate";
import type { SheetLayout } from "./layout";

/** One entry of `values.batchGet`'s `valueRanges`; the API omits `values` for an empty range. */
export interface ValueRange {
  readonly range: string;
  readonly values?: readonly (readonly Cell[])[];
}

export interface SheetRow {
  /** Sheet row number, 1-based, header = 1. */
  readonly row: number;
  readonly cells: readonly Cell[];
  /** The 记录编号 cell, trimmed; "" when blank. */
  readonly recordId: string;
  readonly approved: boolean;
  readonly reviewStatus: string;
  readonly checkResult: string;
  readonly syncedAt: string;
  /** "" on tabs without 教师编号. */
  readonly teacherNumber: string;
  /** Every data cell is blank (the row only carries worker cells). */
  readonly blank: boolean;
}

/** Tab title → rows as read (row 0 = header), for the engine and the layouts. */
export function tabsOf(ranges: readonly ValueRange[]): Readonly<Record<string, TabRows>> {
  const tabs: Record<string, TabRows> = {};
  for (const range of ranges) tabs[titleOf(range.range)] = range.values ?? [];
  return tabs;
}

/** `'It''s'!A1:B2` → `It's`; `Sheet1!A:A` → `Sheet1`; a bare title stays as it is. */
export function titleOf(range: string): string {
  if (!range.startsWith("'")) {
    const bang = range.indexOf("!");
    return bang < 0 ? range : range.slice(0, bang);
  }
  let title = "";
  for (let i = 1; i < range.length; i++) {
    const ch = range[i];
    if (ch !== "'") title += ch;
    else if (range[i + 1] === "'") {
      title += "'";
      i++;
    } else break;
  }
  return title;
}

/** The rows of a writable section tab that hold data or a 记录编号 (or, asked, worker text). */
export function sheetRowsOf(
  layout: SheetLayout,
  rows: TabRows,
  keepWorkerText = false,
): SheetRow[] {
  const trailing = layout.trailing;
  if (trailing === null) return [];
  const out: SheetRow[] = [];
  rows.forEach((cells, index) => {
    if (index === 0 || cells === undefined) return;
    const blank = [...layout.data.values()].every((at) => isBlank(cells[at]));
    const recordId = normaliseText(cells[trailing.recordId]);
    const reviewStatus = textOf(cells[trailing.reviewStatus]);
    const checkResult = textOf(cells[trailing.checkResult]);
    const syncedAt = textOf(cells[trailing.syncedAt]);
    const written = keepWorkerText && (reviewStatus || checkResult || syncedAt) !== "";
    if (blank && recordId === "" && !written) return;
    out.push({
      row: index + 1,
      cells,
      recordId,
      approved: isTicked(cells[trailing.approval]),
      reviewStatus,
      checkResult,
      syncedAt,
      teacherNumber:
        trailing.teacherNumber === null ? "" : normaliseText(cells[trailing.teacherNumber]),
      blank,
    });
  });
  return out;
}

export function isTicked(cell: Cell): boolean {
  return cell === true || (typeof cell === "string" && cell.trim().toUpperCase() === "TRUE");
}

/**
 * A worker-written cell as text, exactly as written (newlines kept), so comparing it with what
 * the planner would write tells whether a write is needed.
 */
function textOf(cell: Cell): string {
  return typeof cell === "string" ? cell : normaliseText(cell);
}
