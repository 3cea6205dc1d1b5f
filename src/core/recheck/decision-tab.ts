/**
 * What the county's decision tabs have in common (人事股's approval tabs, approvals.ts, and
 * 教师进修学校's 学分确认, credits/confirm.ts): each row stands for one thing the worker shows,
 * found by key columns; the office picks an action in 决定 and, for the one that turns something
 * down (不同意, 退回), writes a 理由; the worker writes only 办理状态 and 同步时间 back. Pure.
 *
 * Guarantees:
 * - a decision is read only from a row whose 决定 holds something; text that is none of the
 *   actions is reported as such (`action` undefined), never guessed;
 * - the turning-down action without a 理由 is marked (`reasonMissing`); each tab reports it in
 *   its own words, after its own checks;
 * - a row is found by its key, the first row showing a key counts; a status cell already showing
 *   the text is not written again.
 */
import { typedText } from "../normalise/text";
import type { Cell } from "../validate/index";
import { type CountyTab, headerRowWrite, type ValueWrite } from "./sheet";

/** A tab's 决定 and 理由 columns and what may be picked in 决定. */
export interface DecisionColumns<A extends string> {
  readonly decision: string;
  readonly reason: string;
  /** Each action as the 决定 dropdown names it. */
  readonly values: Readonly<Record<A, string>>;
  /** The action that needs a 理由 (the one the school reads as turned down). */
  readonly needsReason: A;
}

export interface DecisionRow<A extends string> {
  /** The sheet row (1-based). */
  readonly row: number;
  readonly cells: readonly Cell[];
  /** Undefined: 决定 holds text that is none of the actions. */
  readonly action: A | undefined;
  /** 理由 for the action that needs one; "" otherwise. */
  readonly reason: string;
  /** The action needs a 理由 and none was written. */
  readonly reasonMissing: boolean;
}

/** The rows where something was picked in 决定, in sheet order. */
export function decisionRows<A extends string>(
  tab: CountyTab,
  columns: DecisionColumns<A>,
): DecisionRow<A>[] {
  const found: DecisionRow<A>[] = [];
  for (const [row, cells] of tab.rows) {
    const typed = tabCell(tab, cells, columns.decision);
    if (typed === "") continue;
    const action = (Object.keys(columns.values) as A[]).find((a) => columns.values[a] === typed);
    const reason = action === columns.needsReason ? tabCell(tab, cells, columns.reason) : "";
    const reasonMissing = action === columns.needsReason && reason === "";
    found.push({ row, cells, action, reason, reasonMissing });
  }
  return found;
}

/** The cell under `header` as text; "" when the tab has no such column. */
export function tabCell(tab: CountyTab, cells: readonly Cell[], header: string): string {
  const index = tab.headers.indexOf(header);
  return index < 0 ? "" : typedText(cells[index]);
}

/** The tab has every column the worker reads or writes: otherwise nothing is read or written. */
export function hasHeaders(tab: CountyTab, headers: readonly string[]): boolean {
  return headers.every((header) => tab.headers.includes(header));
}

/** The first row showing each key. */
export function rowsByKey(
  tab: CountyTab,
  keyOf: (cells: readonly Cell[]) => string,
): Map<string, number> {
  const rowOf = new Map<string, number>();
  for (const [row, cells] of tab.rows) {
    const key = keyOf(cells);
    if (!rowOf.has(key)) rowOf.set(key, row);
  }
  return rowOf;
}

/** The 办理状态 and 同步时间 columns, and the time text written with a new status. */
export interface StatusColumns {
  readonly status: string;
  readonly syncTime: string;
  readonly syncText: string;
}

/** The write giving `row` the status `text`; undefined when the row already shows it. */
export function statusWrite(
  tab: CountyTab,
  row: number,
  text: string,
  columns: StatusColumns,
): ValueWrite | undefined {
  if (tabCell(tab, tab.rows.get(row) ?? [], columns.status) === text) return undefined;
  return headerRowWrite(tab, row, {
    [columns.status]: text,
    [columns.syncTime]: columns.syncText,
  });
}

/** What a decision tab's plan comes to: the writes, and the rows they show. */
export interface DecisionTabPlan<S> {
  readonly writes: readonly ValueWrite[];
  /** The rows now on the sheet (appended, or whose status was checked), as the tab's own kind. */
  readonly shown: readonly S[];
  /** The tab is missing or lacks the worker's headers: nothing could be written. */
  readonly unusable: boolean;
}
