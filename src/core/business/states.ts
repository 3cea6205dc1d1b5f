import {
  PARTY_REVIEW_LABELS,
  PARTY_REVIEW_STATES,
  PARTY_REVIEW_STEPS,
  PARTY_REVIEW_TURNS,
  PARTY_REVIEW_WAITS,
  type PartyReviewState,
} from "./parties";

/**
 * The states of one business request (业务管理: 调动, 在职情况变动, 交流轮岗), as D1 keeps them and as
 * the request tabs' 办理状态 column shows them (docs/business-modules.md).
 *
 * 办理状态: draft 待本校确认 · county_review 待人事股审核 · counterpart_review 待调出学校确认 ·
 * release_review 待人事股确认调出 · archive_review 待调入学校调档 · scheduled 已批准待生效 ·
 * completed 已完成 · refused 不同意 · withdrawn 已撤回 ·
 * exchange_review 待交流学校确认 · township_review 待主管学校确认 (parties.ts).
 *
 * Transfer (调入学校 initiates):
 *
 *   draft ─┬─ initiator confirms ───────────────────► county_review
 *          └─ initiator withdraws ──────────────────► withdrawn
 *   county_review ─┬─ county confirms (下达调动) ───► counterpart_review
 *                  ├─ county refuses ───────────────► refused
 *                  └─ initiator withdraws ──────────► withdrawn
 *   counterpart_review ─┬─ counterpart confirms ────► release_review
 *                       └─ counterpart refuses ─────► refused
 *   release_review ─┬─ county confirms (确认调出) ──► archive_review
 *                   └─ county refuses ──────────────► refused
 *   archive_review ── initiator confirms (调档完成) ─► completed
 *                        effect: the registry moves the person and the account
 *
 *   draft ──► county_review ──► counterpart_review ──► release_review ──► completed
 *     │            │   │                │                     │
 *     ▼            │   ▼                ▼                     ▼
 *   withdrawn ◄────┘ refused ◄──────────┴─────────────────────┘
 *
 * Rotation, and the status change of a school with a 主管学校 (the other school's principal is
 * asked before 人事股: the 交流学校, or the township's middle school / 中心小学; `parties.ts`):
 *
 *   draft ─┬─ initiator confirms ───────────────────► exchange_review / township_review
 *          └─ initiator withdraws ──────────────────► withdrawn
 *   exchange_review / township_review
 *          ─┬─ counterpart confirms ────────────────► county_review
 *           ├─ counterpart refuses ─────────────────► refused
 *           └─ initiator withdraws ─────────────────► withdrawn
 *   county_review as below.
 *
 * Status change of a county-direct school (no 主管学校):
 *
 *   draft ─┬─ initiator confirms ───────────────────► county_review
 *          └─ initiator withdraws ──────────────────► withdrawn
 *   county_review ─┬─ county confirms ──────────────► completed
 *                  │    effect: status set (person_status) / rotation record added
 *                  ├─ county refuses ───────────────► refused
 *                  └─ initiator withdraws ──────────► withdrawn
 *
 *   draft ──► county_review ──► completed
 *     │            │   │
 *     ▼            │   ▼
 *   withdrawn ◄────┘ refused
 *
 * Terminal: completed, refused, withdrawn. Dated effects and 调档: see the block above ARROWS.
 *
 * Guarantees:
 * - exactly the arrows drawn above succeed, each for the one party drawn; anything else is
 *   refused with the reason in Chinese (who is expected to act, or why the request is closed);
 * - `completed`, `refused` and `withdrawn` are terminal: a closed request never changes again;
 * - the machine has no cycle, so a request leaves each state at most once (the store relies on
 *   this: one event per request and state left).
 */

export const BUSINESS_KINDS = ["transfer", "status_change", "rotation"] as const;
export type BusinessKind = (typeof BUSINESS_KINDS)[number];

export const BUSINESS_STATES = [
  "draft",
  "county_review",
  "counterpart_review",
  "release_review",
  // Dated effects and 调档 (dated.ts): kept together so other flows' states stay apart.
  "archive_review",
  "scheduled",
  "completed",
  "refused",
  "withdrawn",
  ...PARTY_REVIEW_STATES,
] as const;
export type BusinessState = (typeof BUSINESS_STATES)[number];

export const PARTIES = ["initiator", "counterpart", "county", "system"] as const;
export type Party = (typeof PARTIES)[number];

export const BUSINESS_ACTIONS = ["confirm", "refuse", "withdraw"] as const;
export type BusinessAction = (typeof BUSINESS_ACTIONS)[number];

export const TERMINAL_STATES: ReadonlySet<BusinessState> = new Set<BusinessState>([
  "completed",
  "refused",
  "withdrawn",
]);

/** The states in which a request is still open (waits for someone). */
export const OPEN_STATES: readonly BusinessState[] = BUSINESS_STATES.filter(
  (state) => !TERMINAL_STATES.has(state),
);

export function isOpen(state: BusinessState): boolean {
  return !TERMINAL_STATES.has(state);
}

interface Arrow {
  readonly from: BusinessState;
  readonly action: BusinessAction;
  readonly party: Party;
  readonly to: BusinessState;
}

const COUNTY_ONLY_FLOW: readonly Arrow[] = [
  { from: "draft", action: "confirm", party: "initiator", to: "county_review" },
  { from: "draft", action: "withdraw", party: "initiator", to: "withdrawn" },
  { from: "county_review", action: "withdraw", party: "initiator", to: "withdrawn" },
  { from: "county_review", action: "refuse", party: "county", to: "refused" },
];

// ── 调档 and dated effects (docs/business-modules.md "调档", "Dates") ──────────────────────────────
//
//   release_review ── county confirms (确认调出) ──► archive_review 待调入学校调档
//   archive_review ── initiator confirms (调档完成 ticked) ──► completed
//   scheduled 已批准待生效 ── system confirms (the date has come) ──► completed
//
// Any arrow into `completed` whose request is dated ahead of the Beijing day lands in
// `scheduled` instead (`datedNext` in dated.ts): the effects wait for the daily job.

/** The receiving school's principal ticks 调档完成: the file has been taken over. */
const ARCHIVE_ARROWS: readonly Arrow[] = [
  { from: "archive_review", action: "confirm", party: "initiator", to: "completed" },
];

/** The daily job applies an approved request's effects on its date. */
const SCHEDULED_ARROWS: readonly Arrow[] = [
  { from: "scheduled", action: "confirm", party: "system", to: "completed" },
];

/** Every arrow of the drawings above, and no other. */
export const ARROWS: Readonly<Record<BusinessKind, readonly Arrow[]>> = {
  transfer: [
    ...COUNTY_ONLY_FLOW,
    { from: "county_review", action: "confirm", party: "county", to: "counterpart_review" },
    { from: "counterpart_review", action: "confirm", party: "counterpart", to: "release_review" },
    { from: "counterpart_review", action: "refuse", party: "counterpart", to: "refused" },
    { from: "release_review", action: "confirm", party: "county", to: "archive_review" },
    { from: "release_review", action: "refuse", party: "county", to: "refused" },
    ...ARCHIVE_ARROWS,
    ...SCHEDULED_ARROWS,
  ],
  status_change: [
    ...COUNTY_ONLY_FLOW,
    { from: "county_review", action: "confirm", party: "county", to: "completed" },
    ...SCHEDULED_ARROWS,
  ],
  rotation: partyFirst("exchange_review"),
};

/** The status change of a school with a 主管学校: its principal confirms before 人事股. */
export const SUPERVISED_STATUS_CHANGE: readonly Arrow[] = partyFirst("township_review");

/** The other school's principal is asked right after the initiator's, then 人事股 decides. */
function partyFirst(review: PartyReviewState): Arrow[] {
  return [
    { from: "draft", action: "confirm", party: "initiator", to: review },
    { from: "draft", action: "withdraw", party: "initiator", to: "withdrawn" },
    { from: review, action: "confirm", party: "counterpart", to: "county_review" },
    { from: review, action: "refuse", party: "counterpart", to: "refused" },
    { from: review, action: "withdraw", party: "initiator", to: "withdrawn" },
    { from: "county_review", action: "withdraw", party: "initiator", to: "withdrawn" },
    { from: "county_review", action: "refuse", party: "county", to: "refused" },
    { from: "county_review", action: "confirm", party: "county", to: "completed" },
    ...SCHEDULED_ARROWS,
  ];
}

/** Which flow a request follows beyond its kind: a status change with a 主管学校 is supervised. */
export interface FlowOptions {
  readonly supervised?: boolean;
}

/** The flow options of a stored request: a status change names its 主管学校 as the other school. */
export function flowOf(request: {
  readonly kind: BusinessKind;
  readonly otherSchool: string | null;
}): FlowOptions {
  return { supervised: request.kind === "status_change" && request.otherSchool !== null };
}

function arrowsOf(kind: BusinessKind, options: FlowOptions): readonly Arrow[] {
  return kind === "status_change" && options.supervised === true
    ? SUPERVISED_STATUS_CHANGE
    : ARROWS[kind];
}

export type TransitionResult =
  | { readonly ok: true; readonly next: BusinessState }
  | { readonly ok: false; readonly reason: string };

/** The one transition the core allows, or why not (in Chinese, for the sheet or the API). */
export function transition(
  kind: BusinessKind,
  state: BusinessState,
  action: BusinessAction,
  party: Party,
  options: FlowOptions = {},
): TransitionResult {
  if (TERMINAL_STATES.has(state))
    return { ok: false, reason: `该申请${STATE_LABELS[state]}，已经办结，不能再办理` };
  const arrows = arrowsOf(kind, options).filter((arrow) => arrow.from === state);
  const exact = arrows.find((arrow) => arrow.action === action && arrow.party === party);
  if (exact !== undefined) return { ok: true, next: exact.to };
  const actor = partyLabel(kind, party);
  if (arrows.some((arrow) => arrow.action === action))
    return {
      ok: false,
      reason: `该申请正${turnWords(kind, state)}，${actor}不能办理此步`,
    };
  return {
    ok: false,
    reason: `该申请正${turnWords(kind, state)}，此时不能${ACTION_LABELS[action]}`,
  };
}

/**
 * Why a step cannot be recorded with this reason: 不同意 needs a 理由 (the log and the school
 * must be told why). Undefined when the reason is fine.
 */
export function reasonProblem(action: BusinessAction, reason: string | null): string | undefined {
  return action === "refuse" && (reason ?? "").trim() === ""
    ? "选择“不同意”时须填写理由"
    : undefined;
}

// ── Words ──────────────────────────────────────────────────────────────────────────────────────

export const KIND_LABELS: Readonly<Record<BusinessKind, string>> = {
  transfer: "调动",
  status_change: "在职情况变动",
  rotation: "交流轮岗",
};

/** What the 办理状态 column and the 业务台账 say for each state. */
export const STATE_LABELS: Readonly<Record<BusinessState, string>> = {
  draft: "待本校确认",
  county_review: "待人事股审核",
  counterpart_review: "待调出学校确认",
  release_review: "待人事股确认调出",
  archive_review: "待调入学校调档",
  scheduled: "已批准待生效",
  completed: "已完成",
  refused: "不同意",
  withdrawn: "已撤回",
  ...PARTY_REVIEW_LABELS,
};

export const ACTION_LABELS: Readonly<Record<BusinessAction, string>> = {
  confirm: "确认",
  refuse: "不同意",
  withdraw: "撤回",
};

/** Who a party is, in the words of the request's kind. */
export function partyLabel(kind: BusinessKind, party: Party): string {
  switch (party) {
    case "initiator":
      return kind === "transfer" ? "调入学校" : kind === "rotation" ? "派出学校" : "本校";
    case "counterpart":
      return kind === "transfer" ? "调出学校" : kind === "rotation" ? "交流学校" : "主管学校";
    case "county":
      return "人事股";
    case "system":
      return "系统";
  }
}

/** Which of the school's cells a step was read from: only the principal's columns are protected. */
export type SchoolChannel = "edit" | "tick" | "untick" | "refusal";

/**
 * Who took a school's step, as far as the sheet's protection guarantees it, for the log. 本校确认
 * and 不同意原因 are editable only by the school's principals (and the worker), so a step read from
 * them is the principal's; the data cells are open to every editor (info admins and principals
 * alike), so a row typed, emptied, changed or deleted is only the school's. The sync reads
 * values, never who wrote them: no account is claimed.
 */
export function schoolActor(schoolName: string, channel: SchoolChannel): string {
  switch (channel) {
    case "edit":
      return `${schoolName}（表格编辑）`;
    case "tick":
      return `${schoolName}校长（勾选）`;
    case "untick":
      return `${schoolName}校长（取消勾选）`;
    case "refusal":
      return `${schoolName}校长（填写不同意原因）`;
  }
}

/** The step a request takes when it leaves `state` (for the log and the county's 步骤 column). */
export function stepLabel(kind: BusinessKind, state: BusinessState): string {
  switch (state) {
    case "draft":
      return "本校确认";
    case "county_review":
      return kind === "transfer" ? "下达调动" : "人事股审核";
    case "counterpart_review":
      return "调出学校确认";
    case "release_review":
      return "确认调出";
    case "archive_review":
      return "调档完成";
    case "scheduled":
      return "到期生效";
    case "exchange_review":
    case "township_review":
      return PARTY_REVIEW_STEPS[state];
    default:
      return STATE_LABELS[state];
  }
}

/** "等待…": whose turn it is, as in 「该申请正等待人事股审核」. */
function turnWords(kind: BusinessKind, state: BusinessState): string {
  switch (state) {
    case "draft":
      return `等待${partyLabel(kind, "initiator")}校长确认`;
    case "county_review":
      return "等待人事股审核";
    case "counterpart_review":
      return "等待调出学校确认";
    case "release_review":
      return "等待人事股确认调出";
    case "archive_review":
      return "等待调入学校校长勾选「调档完成」";
    case "scheduled":
      return "等待生效日期";
    case "exchange_review":
    case "township_review":
      return PARTY_REVIEW_WAITS[state];
    default:
      return STATE_LABELS[state];
  }
}

/**
 * What the row's 校验结果 says once the request is valid: whose turn it is, in words the
 * school's staff act on, or how the request ended.
 */
export function turnText(kind: BusinessKind, state: BusinessState): string {
  switch (state) {
    case "draft":
      return "校验通过，请校长勾选「本校确认」提交人事股";
    case "county_review":
      return "已提交，等待人事股审核；审核前可取消「本校确认」撤回";
    case "counterpart_review":
      return "人事股已下达调动，等待调出学校校长确认";
    case "release_review":
      return "调出学校已确认，等待人事股确认调出";
    case "archive_review":
      return "人事股已确认调出：调档完成后请校长勾选「调档完成」，调动随即完成（教师调档前仍属调出学校）";
    case "scheduled":
      return "人事股已批准，到生效日期由系统办理；生效前登记库和名册不变";
    case "exchange_review":
    case "township_review":
      return PARTY_REVIEW_TURNS[state];
    case "completed":
      return kind === "transfer"
        ? "调动已完成，教师信息已转入调入学校"
        : `${KIND_LABELS[kind]}已完成，已记入登记库`;
    case "refused":
      return "未获同意，原因见业务台账；如需再办，请新填一行";
    case "withdrawn":
      return "已撤回；如需再办，请新填一行";
  }
}
