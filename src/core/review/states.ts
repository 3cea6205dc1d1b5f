/**
 * The review states of one record (one data row of a section tab), as the registry keeps them
 * and as the sheet's 审核状态 column shows them.
 *
 *                 edit (valid)                       principal ticks
 *   ┌──────────┐ ───────────────► ┌───────┐ ─────────────────────────► ┌──────────────────┐
 *   │incomplete│                  │ ready │                             │ awaiting_recheck │
 *   │  待完善   │ ◄─────────────── │ 待审核 │ ◄── principal unticks ───── │   已审核待复核     │
 *   └──────────┘  edit (errors)   └───────┘                             └──────────────────┘
 *        ▲                           ▲  ▲  edit after approval: tick cleared    │  │
 *        │                           │  └──── revoked 已修改需重新审核 ◄──────────┘  │
 *        │ edit (errors)             │ edit                                     │ county
 *        │                      ┌──────────┐  county returns (reason)           │ confirms
 *        └──────────────────────│ returned │ ◄──────────────────────────────────┤
 *                               │   已退回  │                                    ▼
 *                               └──────────┘                             ┌───────────┐
 *   additions (teacher already effective): principal tick ─────────────► │ effective │
 *                                                                        │   已生效   │
 *   edit of an effective row: tick cleared, state revoked; the effective └───────────┘
 *   values stay in force. Principal ticks → change_pending 变更待审批 ────►  approved: new
 *   version effective; rejected: the sheet row is restored to the effective values.
 *
 * Guarantees:
 * - a record with an error finding is never approved: a tick on it is cleared with the reason;
 * - any edit to an approved or effective row clears the tick (approval is for what was seen);
 * - effective values change only through the county recheck or an approved change request;
 * - every transition is recorded as a review event (who, what, when, from which sheet).
 */
export const REVIEW_STATES = [
  "incomplete",
  "ready",
  "awaiting_recheck",
  "returned",
  "effective",
  "change_pending",
  "revoked",
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What the 审核状态 column says for each state. */
export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState, string>> = {
  incomplete: "待完善",
  ready: "待审核",
  awaiting_recheck: "已审核待复核",
  returned: "已退回",
  effective: "已生效",
  change_pending: "变更待审批",
  revoked: "已修改需重新审核",
};

/**
 * What each state means to school staff, for the 说明 tab. Keyed by state, so the guide names
 * exactly the states the worker writes, in the same words.
 */
export const REVIEW_STATE_MEANINGS: Readonly<Record<ReviewState, string>> = {
  incomplete: "本行有要修改的内容（见「校验结果」），改正后自动重新校验",
  ready: "本行校验通过，等待校长勾选「校长审核」",
  awaiting_recheck: "校长已勾选，等待县级复核",
  returned: "县级复核退回，原因见「校验结果」，改正后请校长重新勾选",
  effective: "县级复核通过，信息生效；再修改需经领导小组办公室审批",
  change_pending: "已生效信息的修改已提交领导小组办公室审批，批准前原信息仍然有效",
  revoked: "审核后本行被修改，审核勾选已取消，请核对后重新勾选",
};

/** The 审核状态 values, as listed wherever the sheet names them (column note, guide). */
export function reviewStateList(): string {
  return REVIEW_STATES.map((state) => REVIEW_STATE_LABELS[state]).join("/");
}
