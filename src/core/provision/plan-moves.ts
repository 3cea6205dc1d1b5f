/**
 * The planner's first stage for a grid tab: pinned columns (layout.ts `pinned`) moved to their
 * place among the tab's first columns, as a spreadsheet made by an earlier layout needs.
 *
 * Guarantees:
 * - the only requests are `moveDimension`s of single pinned columns, leftwards. Sheets moves a
 *   column whole: values, notes, dropdowns, formats and the protected range go with it, so no
 *   cell is rewritten and none is lost;
 * - only pinned columns move; every other column keeps its order, including columns users added
 *   or reordered themselves (they shift right by the pinned columns moved past them);
 * - a pinned column the tab lacks moves nothing: it is added after the last header like any
 *   missing column, and the next run moves it (the others take the first places meanwhile);
 * - idempotent: pinned columns already in place give no request;
 * - the returned sheet is the snapshot as it reads after the moves, so every later request of
 *   the same batchUpdate (notes, dropdowns, protections, added columns, header text) is planned
 *   against the indices the moves leave. A stage that reads another per-column field of the
 *   snapshot must have it permuted in `moveColumn` too.
 *
 * Moving is safe for the worker: it finds every column by header text (core/sync/layout.ts), and
 * its row-move guard refuses a write whose tab's header row changed since the read.
 */
import type { GridTab } from "./layout";
import type { SheetsRequest } from "./requests";
import type { SheetSnapshot } from "./snapshot";

export interface Moves {
  readonly requests: readonly SheetsRequest[];
  /** Headers of the columns moved, in the order moved. */
  readonly moved: readonly string[];
  readonly sheet: SheetSnapshot;
}

export function planMoves(tab: GridTab, given: SheetSnapshot): Moves {
  const requests: SheetsRequest[] = [];
  const moved: string[] = [];
  let sheet = given;
  let place = 0;
  for (const column of tab.columns) {
    if (column.pinned !== true) continue;
    const at = sheet.headers.indexOf(column.header);
    if (at === -1) continue;
    if (at !== place) {
      requests.push(moveRequest(sheet.sheetId, at, place));
      moved.push(column.header);
      sheet = moveColumn(sheet, at, place);
    }
    place++;
  }
  return { requests, moved, sheet };
}

function moveRequest(sheetId: number, from: number, to: number): SheetsRequest {
  return {
    moveDimension: {
      source: { sheetId, dimension: "COLUMNS", startIndex: from, endIndex: from + 1 },
      // In the indices before the move; `to` is left of `from`, so the same either way.
      destinationIndex: to,
    },
  };
}

/** The snapshot after moving column `from` to `to` (to < from), as Sheets would show it. */
export function moveColumn(sheet: SheetSnapshot, from: number, to: number): SheetSnapshot {
  return {
    ...sheet,
    headers: trimEnd(shift(sheet.headers, from, to, "")),
    notes: shift(sheet.notes, from, to, ""),
    validations: shift(sheet.validations, from, to, undefined),
    numberFormats: shift(sheet.numberFormats, from, to, undefined),
    rows: sheet.rows.map((row) => shift(row, from, to, "")),
    protections: sheet.protections.map((p) => ({
      ...p,
      holes: p.holes.map((hole) => moveHole(hole, from, to)).sort(),
    })),
    headerColours: shift(sheet.headerColours, from, to, undefined),
    conditionalFormats: sheet.conditionalFormats.map((rule) => ({
      ...rule,
      ranges: rule.ranges.map((range) => moveRange(range, from, to)),
    })),
  };
}

/**
 * A one-column range of a conditional rule (a status column's) follows its column, as Sheets
 * re-anchors it; wider ranges are never the planner's, and are left as read.
 */
function moveRange<R extends { startColumnIndex?: number; endColumnIndex?: number }>(
  range: R,
  from: number,
  to: number,
): R {
  const column = range.startColumnIndex ?? 0;
  if (range.endColumnIndex !== column + 1) return range;
  const now = movedIndex(column, from, to);
  return { ...range, startColumnIndex: now, endColumnIndex: now + 1 };
}

/** The list with the item at `from` taken out and put back at `to`; short lists are padded. */
function shift<T>(list: readonly T[], from: number, to: number, blank: T): T[] {
  if (list.length <= to) return [...list];
  const padded = [...list];
  while (padded.length <= from) padded.push(blank);
  const [item] = padded.splice(from, 1);
  padded.splice(to, 0, item as T);
  return padded;
}

/** A hole (snapshot.ts `holeKey`) of one column follows that column; wider holes are not ours. */
function moveHole(hole: string, from: number, to: number): string {
  const match = /^(\d*:\d*)\/(\d+):(\d+)$/.exec(hole);
  if (match === null) return hole;
  const [, rows = "", start = "", end = ""] = match;
  const column = Number(start);
  if (Number(end) !== column + 1) return hole;
  const now = movedIndex(column, from, to);
  return `${rows}/${now}:${now + 1}`;
}

/** Where column `column` is once column `from` moved to `to` (to < from). */
function movedIndex(column: number, from: number, to: number): number {
  return column === from ? to : column >= to && column < from ? column + 1 : column;
}

function trimEnd(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === "") end--;
  return values.slice(0, end);
}
