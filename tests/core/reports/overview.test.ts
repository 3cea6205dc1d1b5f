import { describe, expect, it } from "vitest";
import { campaignStatus, type Deadlines } from "../../../src/core/reports/campaign";
import {
  buildOverview,
  describeCountyTabProblems,
  describeTabProblems,
  OVERVIEW_HEADERS,
  type SchoolSummary,
} from "../../../src/core/reports/overview";
import { REVIEW_STATES, type ReviewState } from "../../../src/core/review/states";
import type { TabProblem } from "../../../src/core/sync/tab-manifest";

const DEADLINES: Deadlines = {
  collection: "2017-03-10",
  schoolReview: "2017-03-17",
  countyRecheck: "2017-03-24",
  complete: "2017-03-31",
};

function school(
  code: string,
  counts: Partial<Record<ReviewState, number>>,
  people = 10,
  completePeople = people,
): SchoolSummary {
  const all = Object.fromEntries(REVIEW_STATES.map((s) => [s, counts[s] ?? 0])) as Record<
    ReviewState,
    number
  >;
  return {
    code,
    name: `学校${code}`,
    township: "章华镇",
    category: "中小学",
    people,
    completePeople,
    counts: all,
    errors: all.incomplete,
    lastChange: "2017-03-05T02:00:00.000Z",
  };
}

/** One school in each step, named after the step it is working on. */
const STEPS = {
  nothing: school("4306230001", {}, 0, 0),
  collecting: school("4306230002", { ready: 15, incomplete: 2 }, 10, 9),
  missingSection: school("4306230003", { ready: 20 }, 10, 8),
  reviewing: school("4306230004", { ready: 3, awaiting_recheck: 17 }),
  revoked: school("4306230005", { revoked: 1, effective: 19 }),
  rechecking: school("4306230006", { awaiting_recheck: 5, effective: 15 }),
  returned: school("4306230007", { returned: 1, effective: 19 }),
  changePending: school("4306230008", { change_pending: 1, effective: 19 }),
  complete: school("4306230009", { effective: 20 }),
};

describe("campaign step reached", () => {
  it.each([
    ["nothing", 0, undefined, "collection"],
    ["collecting", 0, undefined, "collection"],
    ["missingSection", 0, undefined, "collection"],
    ["reviewing", 1, "collection", "schoolReview"],
    ["revoked", 1, "collection", "schoolReview"],
    ["rechecking", 2, "schoolReview", "countyRecheck"],
    ["returned", 2, "schoolReview", "countyRecheck"],
    ["changePending", 3, "countyRecheck", "complete"],
    ["complete", 4, "complete", undefined],
  ] as const)("%s: %i steps done", (key, done, reached, current) => {
    const status = campaignStatus(STEPS[key], DEADLINES, "2017-03-01");
    expect(status).toEqual({ stepsDone: done, reached, current, overdue: false });
  });

  it.each([
    ["collecting", "2017-03-10", false],
    ["collecting", "2017-03-11", true],
    ["reviewing", "2017-03-17", false],
    ["reviewing", "2017-03-18", true],
    ["rechecking", "2017-03-24", false],
    ["rechecking", "2017-03-25", true],
    ["changePending", "2017-03-31", false],
    ["changePending", "2017-04-01", true],
    ["complete", "2017-12-31", false],
  ] as const)("%s on %s: overdue %s", (key, today, overdue) => {
    expect(campaignStatus(STEPS[key], DEADLINES, today).overdue).toBe(overdue);
  });

  it("a school past collection is not late for collection's deadline", () => {
    expect(campaignStatus(STEPS.reviewing, DEADLINES, "2017-03-15").overdue).toBe(false);
  });
});

describe("the 总览 table", () => {
  const overview = buildOverview(Object.values(STEPS), DEADLINES, "2017-03-20");
  const column = (header: string) => OVERVIEW_HEADERS.indexOf(header);

  it("has the header, the county totals, then the schools most behind first", () => {
    expect(overview.table[0]).toEqual(OVERVIEW_HEADERS);
    expect(overview.table.slice(2).map((row) => row[0])).toEqual([
      STEPS.nothing.code,
      STEPS.missingSection.code,
      STEPS.collecting.code,
      STEPS.reviewing.code,
      STEPS.revoked.code,
      STEPS.rechecking.code,
      STEPS.returned.code,
      STEPS.changePending.code,
      STEPS.complete.code,
    ]);
  });

  it("a school's row: counts per state, completeness, errors, step and lateness", () => {
    const row = overview.table.find((r) => r[0] === STEPS.collecting.code);
    expect(row).toEqual([
      "4306230002",
      "学校4306230002",
      "章华镇",
      "中小学",
      10,
      2,
      15,
      0,
      0,
      0,
      0,
      0,
      "9/10",
      2,
      "2017-03-05 10:00",
      "未完成采集",
      "逾期：采集（截止 2017-03-10）",
      // No unexpected grant on its spreadsheet, no tab problem.
      "",
      "",
    ]);
    const reviewing = overview.table.find((r) => r[0] === STEPS.reviewing.code);
    expect(reviewing?.[column("已达阶段")]).toBe("采集");
    expect(reviewing?.[column("逾期")]).toBe("逾期：学校审核（截止 2017-03-17）");
    const rechecking = overview.table.find((r) => r[0] === STEPS.rechecking.code);
    expect(rechecking?.[column("逾期")]).toBe("");
  });

  it("totals add every school up and count the complete and the overdue", () => {
    const totals = overview.table[1];
    expect(totals?.slice(0, 5)).toEqual(["全县合计", "9 所学校", "", "", 80]);
    expect(totals?.[column("已生效")]).toBe(19 * 3 + 15 + 20);
    expect(totals?.[column("信息完整人数")]).toBe("77/80");
    expect(totals?.[column("已达阶段")]).toBe("完成 1/9 所");
    expect(totals?.[column("逾期")]).toBe("5 所逾期");
  });

  it("flags the overdue rows for highlighting", () => {
    const codes = overview.overdueRows.map((i) => overview.table[i]?.[0]);
    expect(codes).toEqual([
      STEPS.nothing.code,
      STEPS.missingSection.code,
      STEPS.collecting.code,
      STEPS.reviewing.code,
      STEPS.revoked.code,
    ]);
  });

  it("表格异常: a school's tab problems on its row, the county's by spreadsheet on the totals", () => {
    const problems: TabProblem[] = [
      { key: "learning", title: "学习经历", sheetId: 3, foundTitle: null },
      { key: "contact", title: "联系方式", sheetId: 7, foundTitle: "联系方式1" },
    ];
    const county: TabProblem = {
      key: "county.transfer",
      title: "调动审批",
      sheetId: 9,
      foundTitle: "调动审批旧",
    };
    const withProblems = buildOverview(
      Object.values(STEPS).map((school) =>
        school === STEPS.collecting
          ? { ...school, tabProblems: describeTabProblems(problems) }
          : school,
      ),
      DEADLINES,
      "2017-03-20",
      {
        tabProblems: describeCountyTabProblems([
          { kind: "recheck", problems: [county] },
          { kind: "summary", problems: [] },
        ]),
      },
    );
    const row = withProblems.table.find((r) => r[0] === STEPS.collecting.code);
    expect(row?.[column("表格异常")]).toBe("「学习经历」已删除；「联系方式」已改名为「联系方式1」");
    expect(withProblems.table[1]?.[column("表格异常")]).toBe(
      "1 所学校的表格有异常；县级复核表：「调动审批」已改名为「调动审批旧」",
    );
    expect(overview.table[1]?.[column("表格异常")]).toBe("");
  });

  it("the county's spreadsheets each named, problems within one joined by 、", () => {
    const renamed = (title: string): TabProblem => ({
      key: title,
      title,
      sheetId: 1,
      foundTitle: `${title}旧`,
    });
    expect(
      describeCountyTabProblems([
        { kind: "recheck", problems: [renamed("基本信息"), renamed("冲突处理")] },
        { kind: "summary", problems: [{ ...renamed("统计"), foundTitle: null }] },
      ]),
    ).toBe(
      "县级复核表：「基本信息」已改名为「基本信息旧」、「冲突处理」已改名为「冲突处理旧」；汇总表：「统计」已删除",
    );
  });

  it("no personal data: only codes, names of schools, counts and times", () => {
    expect(OVERVIEW_HEADERS.join()).not.toMatch(/身份证|电话|住址|姓名/);
  });
});

describe("the expected headcount (应采集人数) in the campaign steps", () => {
  const counts = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<
    ReviewState,
    number
  >;
  const done = { people: 9, completePeople: 9, counts: { ...counts, effective: 18 } };
  const deadlines = {
    collection: "2027-03-10",
    schoolReview: "2027-03-17",
    countyRecheck: "2027-03-24",
    complete: "2027-03-31",
  };

  it("fewer people than expected: collection is not done, however effective their records", () => {
    expect(campaignStatus({ ...done, expectedStaff: 10 }, deadlines, "2027-03-11")).toMatchObject({
      stepsDone: 0,
      current: "collection",
      overdue: true,
    });
    expect(campaignStatus({ ...done, expectedStaff: 9 }, deadlines, "2027-03-11")).toMatchObject({
      stepsDone: 4,
      current: undefined,
    });
  });

  it("no expected headcount: never 完成, and the 总览 says why", () => {
    const status = campaignStatus({ ...done, expectedStaff: null }, deadlines, "2027-03-11");
    expect(status).toMatchObject({ stepsDone: 3, current: "complete", overdue: false });
    const school = {
      ...done,
      expectedStaff: null,
      code: "4306230001",
      name: "甲校",
      township: "章华镇",
      category: "中小学",
      errors: 0,
      lastChange: null,
    };
    const { table } = buildOverview([school], deadlines, "2027-03-11");
    expect(table[2]?.[OVERVIEW_HEADERS.indexOf("已达阶段")]).toBe("县级复核（未填应采集人数）");
    expect(table[1]?.[OVERVIEW_HEADERS.indexOf("已达阶段")]).toBe("完成 0/1 所");
  });
});
