import { describe, expect, it } from "vitest";
import {
  BUSINESS_ACTIONS,
  BUSINESS_KINDS,
  BUSINESS_STATES,
  type BusinessAction,
  type BusinessKind,
  type BusinessState,
  isOpen,
  PARTIES,
  type Party,
  reasonProblem,
  STATE_LABELS,
  stepLabel,
  TERMINAL_STATES,
  transition,
  turnText,
} from "../../../src/core/business/index";

type Drawn = readonly [BusinessState, BusinessAction, Party, BusinessState];

/** The arrows of docs/business-modules.md, written out again by hand. */
const COMMON: readonly Drawn[] = [
  ["draft", "confirm", "initiator", "county_review"],
  ["draft", "withdraw", "initiator", "withdrawn"],
  ["county_review", "withdraw", "initiator", "withdrawn"],
  ["county_review", "refuse", "county", "refused"],
];

const DRAWN: Readonly<Record<BusinessKind, readonly Drawn[]>> = {
  transfer: [
    ...COMMON,
    ["county_review", "confirm", "county", "counterpart_review"],
    ["counterpart_review", "confirm", "counterpart", "release_review"],
    ["counterpart_review", "refuse", "counterpart", "refused"],
    ["release_review", "confirm", "county", "archive_review"],
    ["release_review", "refuse", "county", "refused"],
    // 调档: the receiving school's principal ticks 调档完成.
    ["archive_review", "confirm", "initiator", "completed"],
    // Dated ahead: the daily job completes it on its date.
    ["scheduled", "confirm", "system", "completed"],
  ],
  status_change: [
    ...COMMON,
    ["county_review", "confirm", "county", "completed"],
    ["scheduled", "confirm", "system", "completed"],
  ],
  // The 交流学校's principal is asked after the 派出学校's, before 人事股 (issue 18, item 6).
  rotation: [
    ["draft", "confirm", "initiator", "exchange_review"],
    ["draft", "withdraw", "initiator", "withdrawn"],
    ["exchange_review", "confirm", "counterpart", "county_review"],
    ["exchange_review", "refuse", "counterpart", "refused"],
    ["exchange_review", "withdraw", "initiator", "withdrawn"],
    ["county_review", "withdraw", "initiator", "withdrawn"],
    ["county_review", "refuse", "county", "refused"],
    ["county_review", "confirm", "county", "completed"],
    ["scheduled", "confirm", "system", "completed"],
  ],
};

const ALL = BUSINESS_KINDS.flatMap((kind) =>
  BUSINESS_STATES.flatMap((state) =>
    BUSINESS_ACTIONS.flatMap((action) =>
      PARTIES.map((party) => [kind, state, action, party] as const),
    ),
  ),
);

describe("transition", () => {
  it("covers every kind × state × action × party", () => {
    expect(ALL).toHaveLength(3 * BUSINESS_STATES.length * 3 * 4);
    expect(BUSINESS_STATES.length).toBeGreaterThanOrEqual(11);
  });

  it.each(ALL)("%s: %s --%s by %s--> exactly as drawn", (kind, state, action, party) => {
    const drawn = DRAWN[kind].find(([from, a, p]) => from === state && a === action && p === party);
    const result = transition(kind, state, action, party);
    if (drawn === undefined) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^该申请.+不能/);
    } else {
      expect(result).toEqual({ ok: true, next: drawn[3] });
    }
  });

  it("says whose turn it is when the wrong party acts", () => {
    expect(transition("transfer", "county_review", "confirm", "initiator")).toEqual({
      ok: false,
      reason: "该申请正等待人事股审核，调入学校不能办理此步",
    });
    expect(transition("transfer", "counterpart_review", "confirm", "county")).toEqual({
      ok: false,
      reason: "该申请正等待调出学校确认，人事股不能办理此步",
    });
    expect(transition("status_change", "draft", "confirm", "system")).toEqual({
      ok: false,
      reason: "该申请正等待本校校长确认，系统不能办理此步",
    });
  });

  it("says when a step is not possible at all in this state", () => {
    expect(transition("transfer", "counterpart_review", "withdraw", "initiator")).toEqual({
      ok: false,
      reason: "该申请正等待调出学校确认，此时不能撤回",
    });
    expect(transition("rotation", "draft", "refuse", "county")).toEqual({
      ok: false,
      reason: "该申请正等待派出学校校长确认，此时不能不同意",
    });
  });

  it("never moves a closed request", () => {
    for (const state of TERMINAL_STATES) {
      expect(isOpen(state)).toBe(false);
      expect(transition("transfer", state, "confirm", "county")).toEqual({
        ok: false,
        reason: `该申请${STATE_LABELS[state]}，已经办结，不能再办理`,
      });
    }
  });

  it("reaches completion only through every drawn step", () => {
    const path: [BusinessAction, Party][] = [
      ["confirm", "initiator"],
      ["confirm", "county"],
      ["confirm", "counterpart"],
      ["confirm", "county"],
      ["confirm", "initiator"],
    ];
    let state: BusinessState = "draft";
    for (const [action, party] of path) {
      const result = transition("transfer", state, action, party);
      if (!result.ok) throw new Error(result.reason);
      state = result.next;
    }
    expect(state).toBe("completed");
  });
});

describe("words", () => {
  it("labels every state as the 办理状态 column shows it", () => {
    expect(BUSINESS_STATES.map((state) => STATE_LABELS[state])).toEqual([
      "待本校确认",
      "待人事股审核",
      "待调出学校确认",
      "待人事股确认调出",
      "待调入学校调档",
      "已批准待生效",
      "已完成",
      "不同意",
      "已撤回",
      "待交流学校确认",
      "待主管学校确认",
    ]);
  });

  it("names the county's two transfer steps as its approval tab does", () => {
    expect(stepLabel("transfer", "county_review")).toBe("下达调动");
    expect(stepLabel("transfer", "release_review")).toBe("确认调出");
    expect(stepLabel("transfer", "archive_review")).toBe("调档完成");
    expect(stepLabel("rotation", "county_review")).toBe("人事股审核");
  });

  it("tells the school whose turn it is, in Chinese, for every kind and state", () => {
    for (const kind of BUSINESS_KINDS)
      for (const state of BUSINESS_STATES) expect(turnText(kind, state)).toMatch(/[\u4e00-\u9fff]/);
    expect(turnText("transfer", "counterpart_review")).toContain("等待调出学校");
  });

  it("requires a reason to refuse, and only to refuse", () => {
    expect(reasonProblem("refuse", null)).toBe("选择“不同意”时须填写理由");
    expect(reasonProblem("refuse", "  ")).toBe("选择“不同意”时须填写理由");
    expect(reasonProblem("refuse", "编制已满")).toBeUndefined();
    expect(reasonProblem("confirm", null)).toBeUndefined();
  });
});
