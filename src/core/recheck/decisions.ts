/**
 * Reading the county's decisions from the recheck spreadsheet.
 *
 * Guarantees:
 * - columns are found by header text (offices may reorder or insert columns);
 * - a row counts only when exactly one box is ticked, and a return or a rejection only with a
 *   reason: anything else is reported back on the row, never guessed;
 * - rows the worker already marked as handled are ignored, so a decision is applied once;
 * - never throws on any cell value.
 */
import { typedText } from "../normalise/text";
import type { Cell } from "../validate/index";

/** The two kinds of decision tab: a section's recheck, and the leadership office's changes. */
export const DECISION_HEADERS = {
  recheck: { accept: "复核通过", reject: "退回", reason: "退回原因" },
  change: { accept: "批准", reject: "驳回", reason: "驳回原因" },
} as const;
export type DecisionTabKind = keyof typeof DECISION_HEADERS;

export const RECORD_ID_HEADER = "记录编号";
export const STATUS_HEADER = "复核状态";

/** What 复核状态 says once the worker has applied (or refused) a decision. */
export const HANDLED_STATUSES = ["已通过", "已退回", "已批准", "已驳回", "已撤回"] as const;

export type Decision =
  | { readonly outcome: "accepted" }
  | { readonly outcome: "rejected"; readonly reason: string };

export interface DecisionRow {
  readonly row: number;
  readonly recordId: string;
  readonly decision: Decision;
}

export interface DecisionProblem {
  readonly row: number;
  readonly recordId: string;
  /** Shown in the row's 复核状态 cell, in plain Chinese. */
  readonly message: string;
}

export interface DecisionRead {
  readonly decisions: readonly DecisionRow[];
  readonly problems: readonly DecisionProblem[];
  /** Set when the tab lacks a header the worker needs: nothing on it can be read safely. */
  readonly missingHeaders: readonly string[];
}

const ticked = (cell: Cell): boolean => cell === true || typedText(cell).toUpperCase() === "TRUE";

export function readDecisions(
  kind: DecisionTabKind,
  values: readonly (readonly Cell[])[],
): DecisionRead {
  const headers = DECISION_HEADERS[kind];
  const [headerRow = [], ...rows] = values;
  const at = (header: string) => headerRow.findIndex((cell) => typedText(cell) === header);
  const needed = [RECORD_ID_HEADER, STATUS_HEADER, headers.accept, headers.reject, headers.reason];
  const missingHeaders = needed.filter((header) => at(header) < 0);
  if (missingHeaders.length > 0) return { decisions: [], problems: [], missingHeaders };

  const decisions: DecisionRow[] = [];
  const problems: DecisionProblem[] = [];
  rows.forEach((cells, index) => {
    const row = index + 2;
    const recordId = typedText(cells[at(RECORD_ID_HEADER)]);
    const status = typedText(cells[at(STATUS_HEADER)]);
    if (recordId === "" || (HANDLED_STATUSES as readonly string[]).includes(status)) return;
    const accept = ticked(cells[at(headers.accept)]);
    const reject = ticked(cells[at(headers.reject)]);
    const reason = typedText(cells[at(headers.reason)]);
    if (accept && reject) {
      problems.push({
        row,
        recordId,
        message: `「${headers.accept}」和「${headers.reject}」只能勾选一个`,
      });
    } else if (reject && reason === "") {
      problems.push({
        row,
        recordId,
        message: `勾选「${headers.reject}」时请填写「${headers.reason}」`,
      });
    } else if (accept) {
      decisions.push({ row, recordId, decision: { outcome: "accepted" } });
    } else if (reject) {
      decisions.push({ row, recordId, decision: { outcome: "rejected", reason } });
    }
  });
  return { decisions, problems, missingHeaders: [] };
}
