import { describe, expect, it } from "vitest";
import type { BusinessState } from "../../../src/core/business/index";
import {
  type ApprovalRequest,
  collectApprovalDecisions,
  APPROVAL_HEADERS as H,
  PENDING_TEXT,
  planApprovalTab,
  REASON_NEEDED,
  rowStatus,
  UNKNOWN_ROW,
} from "../../../src/core/recheck/approvals";
import { type CountyTab, countyTabsOf } from "../../../src/core/recheck/sheet";

const TITLE = "调动审批";
const HEADERS = [
  H.id,
  H.step,
  H.school,
  H.other,
  H.teacherNumber,
  H.name,
  H.reference,
  "调动日期",
  H.decision,
  H.reason,
  H.status,
  H.syncTime,
];

function transfer(state: BusinessState, county: ApprovalRequest["county"] = {}): ApprovalRequest {
  return {
    requestId: "SQ0001",
    kind: "transfer",
    state,
    school: { schoolCode: "4306230001", schoolName: "甲校" },
    other: { schoolCode: "4306230002", schoolName: "乙校" },
    teacherNumber: "T0001",
    name: "张三",
    reference: "参考码-ABC",
    details: { 调动日期: "2017-09-01" },
    county,
  };
}

/** The tab as read: header row plus rows given as objects by header. */
function tabOf(rows: Record<string, string>[]): CountyTab {
  const values = [HEADERS, ...rows.map((row) => HEADERS.map((h) => row[h] ?? ""))];
  const tab = countyTabsOf([{ range: `'${TITLE}'!A1:Z1000`, values }]).get(TITLE);
  if (tab === undefined) throw new Error("no tab");
  return tab;
}

const allowed = () => undefined;

describe("planApprovalTab", () => {
  it("appends the current county step once, with no ID number, and leaves decisions alone", () => {
    const plan = planApprovalTab(tabOf([]), [transfer("county_review")], new Map(), "t1");
    expect(plan.writes).toHaveLength(1);
    const [write] = plan.writes;
    expect(write?.range).toBe(`'${TITLE}'!A2`);
    const cells = write?.values[0] ?? [];
    expect(cells[HEADERS.indexOf(H.step)]).toBe("下达调动");
    expect(cells[HEADERS.indexOf(H.school)]).toBe("甲校（4306230001）");
    expect(cells[HEADERS.indexOf(H.status)]).toBe(PENDING_TEXT);
    expect(cells[HEADERS.indexOf(H.decision)]).toBeNull();
    expect(cells[HEADERS.indexOf("调动日期")]).toBe("2017-09-01");
    // Shown already (a redelivered message): nothing appended again.
    const again = tabOf([
      { [H.id]: "SQ0001", [H.step]: "下达调动", [H.status]: PENDING_TEXT, [H.decision]: "" },
    ]);
    expect(planApprovalTab(again, [transfer("county_review")], new Map(), "t2").writes).toEqual([]);
  });

  it("appends no row for a step that is not 人事股's turn", () => {
    const states: BusinessState[] = ["draft", "counterpart_review", "withdrawn", "refused"];
    for (const state of states)
      expect(planApprovalTab(tabOf([]), [transfer(state)], new Map(), "t").writes).toEqual([]);
    const plan = planApprovalTab(
      tabOf([]),
      [transfer("release_review", { issue: { action: "confirm", reason: "" } })],
      new Map(),
      "t",
    );
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]?.values[0]?.[HEADERS.indexOf(H.step)]).toBe("确认调出");
  });

  it("shows 人事股 a request waiting for 调档, and one approved ahead with its date", () => {
    const released = {
      issue: { action: "confirm", reason: "" },
      release: { action: "confirm", reason: "" },
    } as const;
    expect(rowStatus(transfer("archive_review", released), "release")).toBe(
      "已确认；申请现在待调入学校调档",
    );
    expect(
      rowStatus({ ...transfer("scheduled", released), effectiveOn: "2027-02-01" }, "release"),
    ).toBe("已确认；申请现在已批准待生效（2027-02-01 生效）");
    expect(rowStatus(transfer("completed", released), "release")).toBe("已确认，已完成");
  });

  it("updates 办理状态 when the request moved on, and shows a problem instead where there is one", () => {
    const tab = tabOf([
      { [H.id]: "SQ0001", [H.step]: "下达调动", [H.status]: PENDING_TEXT, [H.decision]: "确认" },
    ]);
    const moved = transfer("counterpart_review", { issue: { action: "confirm", reason: "" } });
    const plan = planApprovalTab(tab, [moved], new Map(), "t");
    expect(plan.writes).toEqual([
      {
        range: `'${TITLE}'!A2`,
        values: [
          HEADERS.map((h) =>
            h === H.status ? "已确认；申请现在待调出学校确认" : h === H.syncTime ? "t" : null,
          ),
        ],
      },
    ]);
    const withProblem = planApprovalTab(tab, [moved], new Map([[2, "问题"]]), "t");
    expect(withProblem.writes[0]?.values[0]?.[HEADERS.indexOf(H.status)]).toBe("问题");
    expect(withProblem.writes).toHaveLength(1);
  });

  it("writes nothing into a tab without the worker's columns", () => {
    const tab: CountyTab = { title: TITLE, headers: ["申请编号"], rows: new Map(), nextRow: 2 };
    expect(planApprovalTab(tab, [transfer("county_review")], new Map(), "t")).toMatchObject({
      writes: [],
      unusable: true,
    });
  });
});

describe("collectApprovalDecisions", () => {
  const row = (decision: string, reason = "", step = "下达调动", id = "SQ0001") => ({
    [H.id]: id,
    [H.step]: step,
    [H.decision]: decision,
    [H.reason]: reason,
    [H.status]: PENDING_TEXT,
  });
  const byId = (request: ApprovalRequest) => new Map([[request.requestId, request]]);

  it("takes 确认, and 不同意 with a 理由, on the current step", () => {
    const open = transfer("county_review");
    expect(collectApprovalDecisions(tabOf([row("确认")]), byId(open), allowed)).toEqual({
      decisions: [{ requestId: "SQ0001", step: "issue", action: "confirm", reason: "", row: 2 }],
      problems: new Map(),
    });
    const refused = collectApprovalDecisions(
      tabOf([row("不同意", "编制已满")]),
      byId(open),
      allowed,
    );
    expect(refused.decisions).toEqual([
      { requestId: "SQ0001", step: "issue", action: "refuse", reason: "编制已满", row: 2 },
    ]);
  });

  it("takes a 理由 without control or bidi characters, and none made only of them", () => {
    const open = transfer("county_review");
    const refused = collectApprovalDecisions(
      tabOf([row("不同意", "\u202e编制\u0000已满\u001b")]),
      byId(open),
      allowed,
    );
    expect(refused.decisions).toMatchObject([{ action: "refuse", reason: "编制已满" }]);
    const hidden = collectApprovalDecisions(
      tabOf([row("不同意", "\u200f\u0007")]),
      byId(open),
      allowed,
    );
    expect(hidden.problems.get(2)).toBe(REASON_NEEDED);
  });

  it("refuses 不同意 without a 理由, with the message on the row", () => {
    const got = collectApprovalDecisions(
      tabOf([row("不同意")]),
      byId(transfer("county_review")),
      allowed,
    );
    expect(got.decisions).toEqual([]);
    expect(got.problems.get(2)).toBe(REASON_NEEDED);
  });

  it("reports a decision on a step that is no longer current, never applies it", () => {
    const withdrawn = collectApprovalDecisions(
      tabOf([row("确认")]),
      byId(transfer("withdrawn")),
      allowed,
    );
    expect(withdrawn.decisions).toEqual([]);
    expect(withdrawn.problems.get(2)).toBe("申请已撤回：本行的决定未处理");
    // The core's reason is shown when it gives one.
    const core = collectApprovalDecisions(
      tabOf([row("确认", "", "确认调出")]),
      byId(transfer("counterpart_review", { issue: { action: "confirm", reason: "" } })),
      () => "现在轮到调出学校",
    );
    expect(core.problems.get(2)).toBe("现在轮到调出学校：本行的决定未处理");
  });

  it("takes a recorded decision once, and refuses to change it", () => {
    const decided = transfer("counterpart_review", { issue: { action: "confirm", reason: "" } });
    const same = collectApprovalDecisions(tabOf([row("确认")]), byId(decided), allowed);
    expect(same).toEqual({ decisions: [], problems: new Map() });
    const changed = collectApprovalDecisions(
      tabOf([row("不同意", "改主意")]),
      byId(decided),
      allowed,
    );
    expect(changed.decisions).toEqual([]);
    expect(changed.problems.get(2)).toContain("本步骤已确认，不能更改");
  });

  it("refuses what the core refuses, and rows it cannot trace", () => {
    const open = transfer("county_review");
    const core = collectApprovalDecisions(tabOf([row("确认")]), byId(open), () => "不可");
    expect(core.decisions).toEqual([]);
    expect(core.problems.get(2)).toBe("不可：本行的决定未处理");
    const unknown = collectApprovalDecisions(
      tabOf([row("确认", "", "下达调动", "SQ9999"), row("确认", "", "审批")]),
      byId(open),
      allowed,
    );
    expect(unknown.decisions).toEqual([]);
    expect([...unknown.problems.values()]).toEqual([UNKNOWN_ROW, UNKNOWN_ROW]);
    const typo = collectApprovalDecisions(tabOf([row("同意")]), byId(open), allowed);
    expect(typo.problems.get(2)).toContain("只能选");
  });
});
