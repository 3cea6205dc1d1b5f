/**
 * The states in which a school other than the initiator is asked before 人事股 decides
 * (docs/business-modules.md, "Parties"): the 交流学校 of a rotation, and the 主管学校 (township
 * middle school or 中心小学) of a status change by a school that has one. Pure data, kept apart
 * from `states.ts` so that other flows' states merge without touching these.
 *
 * Both flows ask that school through its principal exactly as a transfer asks the 调出学校: a row
 * the worker writes into that school's request tab, 本校确认 to agree, 不同意原因 to refuse.
 */

/** 交流学校 (rotation) and 主管学校 (supervised status change) review, before 人事股. */
export const PARTY_REVIEW_STATES = ["exchange_review", "township_review"] as const;
export type PartyReviewState = (typeof PARTY_REVIEW_STATES)[number];

export const PARTY_REVIEW_LABELS: Readonly<Record<PartyReviewState, string>> = {
  exchange_review: "待交流学校确认",
  township_review: "待主管学校确认",
};

/** The step a request takes when it leaves the state (log, county 步骤). */
export const PARTY_REVIEW_STEPS: Readonly<Record<PartyReviewState, string>> = {
  exchange_review: "交流学校确认",
  township_review: "主管学校确认",
};

/** What the initiator's row says while the other school is asked. */
export const PARTY_REVIEW_TURNS: Readonly<Record<PartyReviewState, string>> = {
  exchange_review: "已提交，等待交流学校校长确认；人事股审核前可取消「本校确认」撤回",
  township_review: "已提交，等待主管学校校长确认；人事股审核前可取消「本校确认」撤回",
};

/** "等待…" words of `transition`'s refusals. */
export const PARTY_REVIEW_WAITS: Readonly<Record<PartyReviewState, string>> = {
  exchange_review: "等待交流学校校长确认",
  township_review: "等待主管学校校长确认",
};
