/**
 * 学分确认: the county recheck spreadsheet's tab where 教师进修学校 confirms or returns the credits
 * of 国内培训 rows that took effect without its recheck (a row added for an effective teacher
 * takes effect on the principal's tick; a change approved by 领导小组办公室 makes a new version).
 * One row per record version; the office picks 确认 or 退回 in 决定 and, to return, writes a 理由.
 * Pure: the rows to append, the 办理状态 to show and the decisions to record, from the tab as read
 * and the items as the registry holds them.
 *
 * Guarantees:
 * - a row is found by its 记录编号 and 版本, never by position; a version already shown is not
 *   appended again, and only worker-owned cells are written (决定 and 理由 are left alone);
 * - a decision counts only for the version in force (a changed or removed record's row only gets
 *   its status), once: a decision already recorded is not taken again, nor changed;
 * - 退回 without a 理由 is refused, with the message in the row;
 * - the rows show teacher numbers, names and the training's values, never an ID number.
 */
import { type DecisionTabPlan, decisionTab, rowsByKey, tabCell } from "../recheck/decision-tab";
import { type CountyTab, headerRowWrite, type ValueWrite } from "../recheck/sheet";
import type { Column, ResolvedSection } from "../templates/index";
import type { Cell } from "../validate/index";

export const CONFIRM_TITLE = "学分确认";

export const CONFIRM_HEADERS = {
  school: "学校",
  recordId: "记录编号",
  version: "版本",
  teacherNumber: "教师编号",
  name: "姓名",
  decision: "决定",
  reason: "理由",
  status: "办理状态",
  syncTime: "同步时间",
} as const;

/** The 国内培训 columns a 学分确认 row shows (no name or ID number: the worker's own columns). */
const DATA_KEYS: ReadonlySet<string> = new Set([
  "year",
  "type",
  "project",
  "institution",
  "mode",
  "hours",
  "credits",
]);

export function confirmDataColumns(sections: readonly ResolvedSection[]): Column[] {
  const training = sections.find((s) => s.key === "training");
  return (training?.columns ?? []).filter((column) => DATA_KEYS.has(column.key));
}

export type CreditAction = "confirm" | "return";

export const CREDIT_DECISION_VALUES: Readonly<Record<CreditAction, string>> = {
  confirm: "确认",
  return: "退回",
};

/** Where one record version's credits stand. */
export type CreditItemState =
  /** Waiting for 教师进修学校: a decision on its row counts. */
  | { readonly kind: "pending" }
  | { readonly kind: "confirmed" }
  | { readonly kind: "returned"; readonly reason: string }
  /** The record was changed or removed since: this version no longer counts either way. */
  | { readonly kind: "superseded" };

export interface CreditItem {
  readonly recordId: string;
  readonly version: number;
  /** 学校名称（学校代码）. */
  readonly school: string;
  readonly teacherNumber: string;
  readonly name: string;
  /** The 国内培训 columns shown (培训年度, 培训项目名称, 学时, 学分, …), rendered. */
  readonly cells: Readonly<Record<string, string | number>>;
  readonly state: CreditItemState;
}

export interface CreditDecision {
  readonly recordId: string;
  readonly version: number;
  readonly action: CreditAction;
  /** "" for 确认. */
  readonly reason: string;
  readonly row: number;
}

export const PENDING_CREDIT_TEXT = "待确认：请在「决定」选择确认或退回（退回须填写理由）";
export const UNKNOWN_CREDIT_ROW = "本行的记录编号或版本与系统记录对不上（被改动？），未处理";
export const CREDIT_REASON_NEEDED = "选择「退回」时请填写「理由」，学校会在该行看到这段文字";
export const BAD_CREDIT_DECISION = "「决定」只能选「确认」或「退回」";

/** 办理状态 of an item's row. */
export function creditStatusText(state: CreditItemState): string {
  switch (state.kind) {
    case "pending":
      return PENDING_CREDIT_TEXT;
    case "confirmed":
      return "已确认，学分计入学分台账";
    case "returned":
      return `已退回：${state.reason}`;
    case "superseded":
      return "已失效：学校已修改或删除该记录，修改后的学分另起一行确认";
  }
}

export function itemKey(recordId: string, version: number | string): string {
  return `${recordId}\u0000${version}`;
}

/** 决定 and 理由: 退回 needs a 理由. */
/** The columns the worker reads or writes. */
const WORKER_HEADERS = [
  CONFIRM_HEADERS.recordId,
  CONFIRM_HEADERS.version,
  CONFIRM_HEADERS.decision,
  CONFIRM_HEADERS.reason,
  CONFIRM_HEADERS.status,
];

const TAB = decisionTab<CreditAction>({
  decision: CONFIRM_HEADERS.decision,
  reason: CONFIRM_HEADERS.reason,
  status: CONFIRM_HEADERS.status,
  syncTime: CONFIRM_HEADERS.syncTime,
  values: CREDIT_DECISION_VALUES,
  needsReason: "return",
  workerHeaders: WORKER_HEADERS,
});

/** 教师进修学校's decisions on the tab; problems by sheet row. */
export function collectCreditDecisions(
  tab: CountyTab | undefined,
  items: ReadonlyMap<string, CreditItem>,
): { decisions: CreditDecision[]; problems: Map<number, string> } {
  const decisions: CreditDecision[] = [];
  const problems = new Map<number, string>();
  if (tab === undefined || !TAB.usable(tab)) return { decisions, problems };
  const taken = new Set<string>();
  for (const { row, cells, action, reason, reasonMissing } of TAB.rows(tab)) {
    const item = items.get(itemKey(cellOf(tab, cells, "recordId"), cellOf(tab, cells, "version")));
    if (item === undefined) {
      problems.set(row, UNKNOWN_CREDIT_ROW);
      continue;
    }
    if (action === undefined) {
      problems.set(row, BAD_CREDIT_DECISION);
      continue;
    }
    const { state } = item;
    if (state.kind === "superseded") {
      problems.set(row, `${creditStatusText(state)}；本行的决定未处理`);
      continue;
    }
    if (state.kind !== "pending") {
      const was = state.kind === "confirmed" ? "confirm" : "return";
      if (was !== action)
        problems.set(row, `本行学分已${CREDIT_DECISION_VALUES[was]}，不能更改；本行的决定未处理`);
      continue;
    }
    if (reasonMissing) {
      problems.set(row, CREDIT_REASON_NEEDED);
      continue;
    }
    const key = itemKey(item.recordId, item.version);
    if (taken.has(key)) continue;
    taken.add(key);
    decisions.push({ recordId: item.recordId, version: item.version, action, reason, row });
  }
  return { decisions, problems };
}

export interface CreditRowShown {
  readonly recordId: string;
  readonly version: number;
  /** The sheet row now showing the version. */
  readonly row: number;
  readonly status: string;
}

export type CreditTabPlan = DecisionTabPlan<CreditRowShown>;

/**
 * Rows to append for pending versions the tab does not show yet, and 办理状态 (with 同步时间)
 * for shown rows whose status changed; `problems` (by sheet row) override the status there.
 */
export function planCreditTab(
  tab: CountyTab | undefined,
  items: readonly CreditItem[],
  problems: ReadonlyMap<number, string>,
  syncText: string,
): CreditTabPlan {
  if (tab === undefined || !TAB.usable(tab)) return { writes: [], shown: [], unusable: true };
  const h = CONFIRM_HEADERS;
  const rowOf = rowsByKey(tab, (cells) =>
    itemKey(cellOf(tab, cells, "recordId"), cellOf(tab, cells, "version")),
  );
  let next = tab.nextRow;
  const writes: ValueWrite[] = [];
  const shown: CreditRowShown[] = [];
  const status = TAB.statusSetter(tab, syncText, writes);
  for (const item of items) {
    const text = creditStatusText(item.state);
    const found = rowOf.get(itemKey(item.recordId, item.version));
    const mark = (row: number) =>
      shown.push({ recordId: item.recordId, version: item.version, row, status: text });
    if (found === undefined) {
      if (item.state.kind !== "pending") continue;
      const row = next++;
      writes.push(
        headerRowWrite(tab, row, { ...rowCells(item), [h.status]: text, [h.syncTime]: syncText }),
      );
      mark(row);
    } else if (!problems.has(found)) {
      status(found, text);
      mark(found);
    }
  }
  for (const [row, text] of problems) status(row, text);
  return { writes, shown, unusable: false };
}

function rowCells(item: CreditItem): Record<string, string | number> {
  const h = CONFIRM_HEADERS;
  return {
    ...item.cells,
    [h.school]: item.school,
    [h.recordId]: item.recordId,
    [h.version]: item.version,
    [h.teacherNumber]: item.teacherNumber,
    [h.name]: item.name,
  };
}

function cellOf(tab: CountyTab, cells: readonly Cell[], field: keyof typeof CONFIRM_HEADERS) {
  return tabCell(tab, cells, CONFIRM_HEADERS[field]);
}

/** What the school's row says about credits 教师进修学校 returned (its 校验结果, as a 提示). */
export function returnedNote(reason: string): string {
  return `教师进修学校退回了本行学分，不计入学分台账：${reason}。请核对修改后由校长审核，修改的学分将重新报教师进修学校确认`;
}
