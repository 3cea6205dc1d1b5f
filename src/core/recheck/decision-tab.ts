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

/** A decision tab's own columns and what may be picked in 决定. */
export interface DecisionTabSpec<A extends string> {
  readonly decision: string;
  readonly reason: string;
  readonly status: string;
  readonly syncTime: string;
  /** Each action as the 决定 dropdown names it. */
  readonly values: Readonly<Record<A, string>>;
  /** The action that needs a 理由 (the one the school reads as turned down). */
  readonly needsReason: A;
  /** Every column the worker reads or writes: a tab lacking one is neither read nor written. */
  readonly workerHeaders: readonly string[];
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

/** What a decision tab's plan comes to: the writes, and the rows they show. */
export interface DecisionTabPlan<S> {
  readonly writes: readonly ValueWrite[];
  /** The rows now on the sheet (appended, or whose status was checked), as the tab's own kind. */
  readonly shown: readonly S[];
  /** The tab is missing or lacks the worker's headers: nothing could be written. */
  readonly unusable: boolean;
}

/** The reading and status writing of one kind of decision tab. */
export function decisionTab<A extends string>(spec: DecisionTabSpec<A>) {
  return {
    /** The tab has every column the worker reads or writes. */
    usable(tab: CountyTab): boolean {
      return spec.workerHeaders.every((header) => tab.headers.includes(header));
    },

    /** The rows where something was picked in 决定, in sheet order. */
    rows(tab: CountyTab): DecisionRow<A>[] {
      const found: DecisionRow<A>[] = [];
      for (const [row, cells] of tab.rows) {
        const typed = tabCell(tab, cells, spec.decision);
        if (typed === "") continue;
        const action = (Object.keys(spec.values) as A[]).find((a) => spec.values[a] === typed);
        const needed = action === spec.needsReason;
        const reason = needed ? tabCell(tab, cells, spec.reason) : "";
        found.push({ row, cells, action, reason, reasonMissing: needed && reason === "" });
      }
      return found;
    },

    /**
     * Gives a row a status: 办理状态 and 同步时间 written into `writes`, unless the row already
     * shows that text.
     */
    statusSetter(tab: CountyTab, syncText: string, writes: ValueWrite[]) {
      return (row: number, text: string): void => {
        if (tabCell(tab, tab.rows.get(row) ?? [], spec.status) === text) return;
        writes.push(headerRowWrite(tab, row, { [spec.status]: text, [spec.syncTime]: syncText }));
      };
    },
  };
}

/** The cell under `header` as text; "" when the tab has no such column. */
export function tabCell(tab: CountyTab, cells: readonly Cell[], header: string): string {
  const index = tab.headers.indexOf(header);
  return index < 0 ? "" : typedText(cells[index]);
}

/** The first row showing each key (a row copied by hand further down does not count). */
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
