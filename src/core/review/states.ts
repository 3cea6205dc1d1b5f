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
