/**
 * The background of a status cell (审核状态 of section tabs, 办理状态 of request tabs) by what the
 * state asks of the school: one soft colour per kind of state, so a 待完善 row stands out while
 * typing. Labels come from the code that writes them; the mapping from state to kind is keyed by
 * state, so a new state does not compile without its colour.
 */
import { BUSINESS_STATES, type BusinessState, STATE_LABELS } from "../business/states";
import { REVIEW_STATE_LABELS, REVIEW_STATES, type ReviewState } from "../review/states";
import { NOT_A_REQUEST } from "../sync/business-rows";
import { type Rgb, rgb } from "./colours";

/** What a state asks of the school, which decides its colour. */
export type StateTone = "fix" | "principal" | "county" | "done" | "closed";

export const STATE_TONES: readonly StateTone[] = ["fix", "principal", "county", "done", "closed"];

/** Google's "light 3" palette: soft enough to read black text on. */
export const TONE_COLOURS: Readonly<Record<StateTone, Rgb>> = {
  fix: rgb("#f4cccc"),
  principal: rgb("#fff2cc"),
  county: rgb("#cfe2f3"),
  done: rgb("#d9ead3"),
  closed: rgb("#efefef"),
};

/** The colour's name and what it tells the school, for the 说明 tab and the manual. */
export const TONE_WORDS: Readonly<Record<StateTone, { colour: string; meaning: string }>> = {
  fix: { colour: "浅红", meaning: "本校要修改" },
  principal: { colour: "浅黄", meaning: "等待校长勾选（本校或申请中的另一所学校）" },
  county: { colour: "浅蓝", meaning: "等待县级审核或到期办理，学校无需操作" },
  done: { colour: "浅绿", meaning: "已生效或已办结" },
  closed: { colour: "浅灰", meaning: "未办理即结束" },
};

const REVIEW_TONES: Readonly<Record<ReviewState, StateTone>> = {
  incomplete: "fix",
  ready: "principal",
  awaiting_recheck: "county",
  returned: "fix",
  effective: "done",
  change_pending: "county",
  revoked: "principal",
};

const REQUEST_TONES: Readonly<Record<BusinessState, StateTone>> = {
  draft: "principal",
  county_review: "county",
  counterpart_review: "principal",
  release_review: "county",
  archive_review: "principal",
  scheduled: "county",
  completed: "done",
  refused: "closed",
  withdrawn: "closed",
  exchange_review: "principal",
  township_review: "principal",
};

export interface StateColour {
  /** The cell's text exactly as the worker writes it. */
  readonly label: string;
  readonly tone: StateTone;
  readonly background: Rgb;
}

const colour = (label: string, tone: StateTone): StateColour => ({
  label,
  tone,
  background: TONE_COLOURS[tone],
});

/** The colours of 审核状态, in the order of the states. */
export function reviewStateColours(): StateColour[] {
  return REVIEW_STATES.map((state) => colour(REVIEW_STATE_LABELS[state], REVIEW_TONES[state]));
}

/** The colours of 办理状态: a row that is no request yet (待完善), then the request's states. */
export function requestStateColours(): StateColour[] {
  return [
    colour(NOT_A_REQUEST, "fix"),
    ...BUSINESS_STATES.map((state) => colour(STATE_LABELS[state], REQUEST_TONES[state])),
  ];
}

/** `[浅红底, 本校要修改：审核状态 待完善、已退回；办理状态 待完善]`, one line per colour. */
export function stateColourLines(): [string, string][] {
  const review = reviewStateColours();
  const request = requestStateColours();
  return STATE_TONES.map((tone) => {
    const names = (list: readonly StateColour[], column: string) => {
      const labels = list.filter((c) => c.tone === tone).map((c) => c.label);
      return labels.length === 0 ? [] : [`${column} ${labels.join("、")}`];
    };
    const { colour: name, meaning } = TONE_WORDS[tone];
    const which = [...names(review, "审核状态"), ...names(request, "办理状态")].join("；");
    return [`${name}底`, `${meaning}：${which}`];
  });
}
