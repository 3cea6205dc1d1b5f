/**
 * Where a school stands in the campaign (时间安排): which of the four steps it has reached and
 * whether it is late for the next one. Pure: the caller passes today's date.
 *
 * The steps are cumulative, each one requiring the ones before it:
 * - 采集 (collection) is done when the school has entered someone, every person has every section
 *   required of them, and no record is 待完善 (incomplete);
 * - 学校审核 (school review) is done when, in addition, no record waits for the principal: none
 *   待审核 (ready) or 已修改需重新审核 (revoked);
 * - 县级复核 (county recheck) is done when, in addition, nothing is with the county or sent back
 *   by it: none 已审核待复核 (awaiting_recheck) or 已退回 (returned);
 * - 完成 (complete) is done when, in addition, no change to an effective record awaits approval
 *   (变更待审批): every record is then 已生效.
 * With the school's expected headcount (应采集人数) known, 采集 also needs that many people
 * entered, so fewer effective than expected is never 完成; a school that gave none (null) never
 * reaches 完成 (the summary says 未填应采集人数). Undefined: not tracked, the records alone decide.
 * The step a school is working on is the first one not done. It is overdue when today is after
 * that step's deadline (a deadline day itself is still on time). Deadlines are in order (the
 * county config enforces it), so a school on time for its current step is on time for the rest.
 */
import type { ReviewState } from "../review/states";

export const CAMPAIGN_STEPS = ["collection", "schoolReview", "countyRecheck", "complete"] as const;
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number];

export const CAMPAIGN_STEP_LABELS: Readonly<Record<CampaignStep, string>> = {
  collection: "采集",
  schoolReview: "学校审核",
  countyRecheck: "县级复核",
  complete: "完成",
};

/** ISO dates (YYYY-MM-DD), as county.json's campaign.deadlines. */
export type Deadlines = Readonly<Record<CampaignStep, string>>;

export interface SchoolStanding {
  /** People on the school's 基本信息 tab. */
  readonly people: number;
  /** Of those, people with every section required of them. */
  readonly completePeople: number;
  /** Live records per review state. */
  readonly counts: Readonly<Record<ReviewState, number>>;
  /** 应采集人数; null when the schools list gave none, undefined when not tracked. */
  readonly expectedStaff?: number | null;
}

export interface CampaignStatus {
  /** Steps done, 0 to 4: how far along the school is. */
  readonly stepsDone: number;
  /** The last step done; undefined while collection is not done. */
  readonly reached: CampaignStep | undefined;
  /** The step being worked on; undefined once complete. */
  readonly current: CampaignStep | undefined;
  readonly overdue: boolean;
}

/** What each step waits on, beyond the steps before it. */
const STEP_DONE: Readonly<Record<CampaignStep, (school: SchoolStanding) => boolean>> = {
  collection: ({ people, completePeople, counts, expectedStaff }) =>
    people > 0 &&
    completePeople >= people &&
    counts.incomplete === 0 &&
    people >= (expectedStaff ?? 0),
  schoolReview: ({ counts }) => counts.ready === 0 && counts.revoked === 0,
  countyRecheck: ({ counts }) => counts.awaiting_recheck === 0 && counts.returned === 0,
  complete: ({ counts, expectedStaff }) => counts.change_pending === 0 && expectedStaff !== null,
};

export function campaignStatus(
  school: SchoolStanding,
  deadlines: Deadlines,
  today: string,
): CampaignStatus {
  const stepsDone = CAMPAIGN_STEPS.findIndex((step) => !STEP_DONE[step](school));
  const done = stepsDone === -1 ? CAMPAIGN_STEPS.length : stepsDone;
  const current = CAMPAIGN_STEPS[done];
  return {
    stepsDone: done,
    reached: CAMPAIGN_STEPS[done - 1],
    current,
    overdue: current !== undefined && today > deadlines[current],
  };
}
