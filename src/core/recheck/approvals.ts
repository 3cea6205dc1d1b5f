/**
 * 人事股's approval tabs in the county recheck spreadsheet (调动审批, 在职情况变动审批,
 * 交流轮岗审批): one row per county step of a business request, where the office picks 确认 or
 * 不同意 with a 理由. Pure: the rows to append, the 办理状态 to show, and the decisions to apply,
 * from the tab as read and the requests as the registry holds them.
 *
 * Guarantees:
 * - a row is found by its 申请编号 and 步骤, never by position; a step already shown is not
 *   appended again (a redelivered message), and only worker-owned cells are written;
 * - a row is appended only while its step is the request's current one, i.e. 人事股's turn;
 * - a decision counts only on the row of the request's current county step: on any other row
 *   (the request was withdrawn, refused by the other school, or moved on) it is reported in the
 *   row's 办理状态 and never applied; a decision already recorded for the step is not taken again;
 * - 不同意 without a 理由 is refused, with the message in the row;
 * - the rows show teacher numbers, names and a keyed reference, never an ID number.
 */
import {
  ACTION_LABELS,
  type BusinessKind,
  type BusinessState,
  kindOfSection,
  STATE_LABELS,
  TERMINAL_STATES,
} from "../business/index";
import type { Column, ResolvedSection } from "../templates/index";
import type { Cell, SchoolRef } from "../validate/index";
import { type DecisionTabPlan, decisionTab, rowsByKey, tabCell } from "./decision-tab";
import { type CountyTab, headerRowWrite, type ValueWrite } from "./sheet";

/** The county's steps: a transfer has two (issue, then release), the other kinds one. */
export type CountyStep = "issue" | "release" | "approve";
export type CountyAction = "confirm" | "refuse";

export const APPROVAL_TITLES: Readonly<Record<BusinessKind, string>> = {
  transfer: "调动审批",
  status_change: "在职情况变动审批",
  rotation: "交流轮岗审批",
};

export const APPROVAL_HEADERS = {
  id: "申请编号",
  step: "步骤",
  school: "学校",
  other: "对方学校",
  teacherNumber: "教师编号",
  name: "姓名",
  reference: "参考码",
  /** Transfers: the columns the receiving school's category requires that the file lacks. */
  gaps: "调入学校须补填",
  decision: "决定",
  reason: "理由",
  status: "办理状态",
  syncTime: "同步时间",
} as const;

/** The 决定 dropdown: 人事股's two actions, named as everywhere else. */
export const DECISION_VALUES: Readonly<Record<CountyAction, string>> = {
  confirm: ACTION_LABELS.confirm,
  refuse: ACTION_LABELS.refuse,
};

export const STEP_LABELS: Readonly<Record<CountyStep, string>> = {
  issue: "下达调动",
  release: "确认调出",
  approve: "审批",
};

/** The request state in which each county step is 人事股's turn. */
const STEP_STATE: Readonly<Record<CountyStep, BusinessState>> = {
  issue: "county_review",
  release: "release_review",
  approve: "county_review",
};

/** Template columns the approval tab shows besides the fixed ones (who, which school). */
const NOT_DETAILS: ReadonlySet<string> = new Set(["name", "idNumber", "direction", "otherSchool"]);

/** The school request tab a kind comes from, among a category's sections. */
export function requestSectionOf(
  sections: readonly ResolvedSection[],
  kind: BusinessKind,
): ResolvedSection | undefined {
  return sections.find((s) => s.kind === "request" && kindOfSection(s.key) === kind);
}

/** The request tab's columns the county sees as details: dates, types, reasons. */
export function detailColumns(section: ResolvedSection): Column[] {
  return section.columns.filter((column) => !NOT_DETAILS.has(column.key));
}

/** A business request as the approval tabs need it. */
export interface ApprovalRequest {
  readonly requestId: string;
  readonly kind: BusinessKind;
  readonly state: BusinessState;
  /** The initiating school (for a transfer, the receiving school). */
  readonly school: SchoolRef;
  /** The other school: the sending school of a transfer, the rotation's other school. */
  readonly other: SchoolRef | null;
  readonly teacherNumber: string;
  readonly name: string;
  /** The keyed reference of the ID number (no digit of it). */
  readonly reference: string;
  /** The day its effects belong to (已批准待生效 shows it); absent where not known. */
  readonly effectiveOn?: string;
  /** Detail header → the value as the school typed it (rendered). */
  readonly details: Readonly<Record<string, string | number>>;
  /** 人事股's recorded decision at each of its steps. */
  readonly county: Readonly<
    Partial<Record<CountyStep, { readonly action: CountyAction; readonly reason: string }>>
  >;
}

/** The county steps of a kind, in order. */
export function stepsOf(kind: BusinessKind): readonly CountyStep[] {
  return kind === "transfer" ? ["issue", "release"] : ["approve"];
}

/** The county step whose turn it is, if any. */
export function currentStep(
  request: Pick<ApprovalRequest, "kind" | "state">,
): CountyStep | undefined {
  return stepsOf(request.kind).find((step) => STEP_STATE[step] === request.state);
}

export function stateText(state: BusinessState): string {
  return STATE_LABELS[state];
}

export const PENDING_TEXT = "待人事股决定：请在「决定」选择确认或不同意（不同意须填写理由）";

/** 办理状态 of the row of `step`, from the request as the registry holds it. */
export function rowStatus(request: ApprovalRequest, step: CountyStep): string {
  if (currentStep(request) === step) return PENDING_TEXT;
  const decided = request.county[step];
  const now = stateText(request.state);
  if (decided?.action === "refuse") return `不同意：${decided.reason}`;
  if (decided?.action === "confirm") {
    if (request.state === "completed") return "已确认，已完成";
    if (request.state === "scheduled" && request.effectiveOn !== undefined)
      return `已确认；申请现在${now}（${request.effectiveOn} 生效）`;
    return `已确认；申请现在${now}`;
  }
  return `未办理：申请${now}`;
}

/** A request whose rows can never change again. */
export function isSettled(request: Pick<ApprovalRequest, "state">): boolean {
  return TERMINAL_STATES.has(request.state);
}

export interface ApprovalDecision {
  readonly requestId: string;
  readonly step: CountyStep;
  readonly action: CountyAction;
  /** "" for 确认. */
  readonly reason: string;
  readonly row: number;
}

export interface CollectedApprovals {
  readonly decisions: readonly ApprovalDecision[];
  /** Sheet row → what is wrong with the office's input there. */
  readonly problems: ReadonlyMap<number, string>;
}

/** 决定 and 理由: 不同意 needs a 理由. */
/** The columns the worker reads or writes. */
const WORKER_HEADERS = [
  APPROVAL_HEADERS.id,
  APPROVAL_HEADERS.step,
  APPROVAL_HEADERS.decision,
  APPROVAL_HEADERS.reason,
  APPROVAL_HEADERS.status,
];

const TAB = decisionTab<CountyAction>({
  decision: APPROVAL_HEADERS.decision,
  reason: APPROVAL_HEADERS.reason,
  status: APPROVAL_HEADERS.status,
  syncTime: APPROVAL_HEADERS.syncTime,
  values: DECISION_VALUES,
  needsReason: "refuse",
  workerHeaders: WORKER_HEADERS,
});

export const UNKNOWN_ROW = "本行的申请编号或步骤与系统记录对不上（被改动？），未处理";
export const REASON_NEEDED = "选择「不同意」时请填写「理由」，学校会看到这段文字";
export const BAD_DECISION = "「决定」只能选「确认」或「不同意」";

/**
 * 人事股's decisions on one approval tab. `refusal` is the core's judgement of the action on
 * the request as it stands (undefined: allowed; otherwise the reason in Chinese).
 */
export function collectApprovalDecisions(
  tab: CountyTab | undefined,
  requests: ReadonlyMap<string, ApprovalRequest>,
  refusal: (request: ApprovalRequest, action: CountyAction) => string | undefined,
): CollectedApprovals {
  const decisions: ApprovalDecision[] = [];
  const problems = new Map<number, string>();
  if (tab === undefined || !TAB.usable(tab)) return { decisions, problems };
  const taken = new Map<string, ApprovalDecision>();
  for (const { row, cells, action, reason, reasonMissing } of TAB.rows(tab)) {
    const request = requests.get(cellOf(tab, cells, "id"));
    const step = stepNamed(cellOf(tab, cells, "step"));
    if (request === undefined || step === undefined || !stepsOf(request.kind).includes(step)) {
      problems.set(row, UNKNOWN_ROW);
      continue;
    }
    if (action === undefined) {
      problems.set(row, BAD_DECISION);
      continue;
    }
    const recorded = request.county[step];
    if (recorded !== undefined) {
      if (recorded.action !== action)
        problems.set(
          row,
          `本步骤已${DECISION_VALUES[recorded.action]}，不能更改；本行改动的决定未处理`,
        );
      continue;
    }
    if (currentStep(request) !== step) {
      const why = refusal(request, action) ?? `申请${stateText(request.state)}`;
      problems.set(row, `${why}：本行的决定未处理`);
      continue;
    }
    if (reasonMissing) {
      problems.set(row, REASON_NEEDED);
      continue;
    }
    const key = `${request.requestId}\u0000${step}`;
    const earlier = taken.get(key);
    if (earlier !== undefined) {
      if (earlier.action !== action || earlier.reason !== reason)
        problems.set(row, "同一申请同一步骤有多行决定且不一致，只按第一行处理");
      continue;
    }
    const refused = refusal(request, action);
    if (refused !== undefined) {
      problems.set(row, `${refused}：本行的决定未处理`);
      continue;
    }
    const decision = { requestId: request.requestId, step, action, reason, row };
    taken.set(key, decision);
    decisions.push(decision);
  }
  return { decisions, problems };
}

/**
 * The schools whose sheets show a request: the initiator and, when there is one, the other school
 * (a transfer's 调出学校, a rotation's 交流学校, a status change's 主管学校: each keeps a row).
 */
export function schoolsOf(request: ApprovalRequest): string[] {
  const { school, other } = request;
  return other !== null ? [school.schoolCode, other.schoolCode] : [school.schoolCode];
}

export interface ApprovalShown {
  readonly requestId: string;
  readonly step: CountyStep;
  readonly status: string;
}

export type ApprovalTabPlan = DecisionTabPlan<ApprovalShown>;

/**
 * Rows to append for county steps the tab does not show yet (only while it is 人事股's turn),
 * and 办理状态 (with 同步时间) for rows whose status changed; `problems` (by sheet row) override
 * the status of the rows they name.
 */
export function planApprovalTab(
  tab: CountyTab | undefined,
  requests: readonly ApprovalRequest[],
  problems: ReadonlyMap<number, string>,
  syncText: string,
): ApprovalTabPlan {
  if (tab === undefined || !TAB.usable(tab)) return { writes: [], shown: [], unusable: true };
  const h = APPROVAL_HEADERS;
  const rowOf = rowsByKey(tab, (cells) =>
    keyOf(cellOf(tab, cells, "id"), stepNamed(cellOf(tab, cells, "step"))),
  );
  let next = tab.nextRow;
  const writes: ValueWrite[] = [];
  const shown: ApprovalShown[] = [];
  const status = TAB.statusSetter(tab, syncText, writes);
  for (const request of requests)
    for (const step of stepsOf(request.kind)) {
      const text = rowStatus(request, step);
      const row = rowOf.get(keyOf(request.requestId, step));
      if (row === undefined) {
        if (currentStep(request) !== step) continue;
        writes.push(
          headerRowWrite(tab, next++, {
            ...rowCells(request, step),
            [h.status]: text,
            [h.syncTime]: syncText,
          }),
        );
      } else if (!problems.has(row)) status(row, text);
      shown.push({ requestId: request.requestId, step, status: text });
    }
  for (const [row, text] of problems) status(row, text);
  return { writes, shown, unusable: false };
}

function rowCells(request: ApprovalRequest, step: CountyStep): Record<string, string | number> {
  const h = APPROVAL_HEADERS;
  const school = (s: SchoolRef | null) => (s === null ? "" : `${s.schoolName}（${s.schoolCode}）`);
  return {
    ...request.details,
    [h.id]: request.requestId,
    [h.step]: STEP_LABELS[step],
    [h.school]: school(request.school),
    [h.other]: school(request.other),
    [h.teacherNumber]: request.teacherNumber,
    [h.name]: request.name,
    [h.reference]: request.reference,
  };
}

function keyOf(requestId: string, step: CountyStep | undefined): string {
  return `${requestId}\u0000${step ?? ""}`;
}

function stepNamed(text: string): CountyStep | undefined {
  return (Object.keys(STEP_LABELS) as CountyStep[]).find((step) => STEP_LABELS[step] === text);
}

function cellOf(
  tab: CountyTab,
  cells: readonly Cell[],
  field: keyof typeof APPROVAL_HEADERS,
): string {
  return tabCell(tab, cells, APPROVAL_HEADERS[field]);
}
