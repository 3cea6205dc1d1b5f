import { describe, expect, it } from "vitest";
import type { Deadlines } from "../../../src/core/reports/campaign";
import {
  deadlineBlock,
  laggardBlock,
  type SchoolStages,
  stepCell,
  stepStandings,
} from "../../../src/core/reports/deadlines";

const DEADLINES: Deadlines = {
  collection: "2027-03-10",
  schoolReview: "2027-03-17",
  countyRecheck: "2027-03-24",
  complete: "2027-03-31",
};

const school = (code: string, over: Partial<SchoolStages> = {}): SchoolStages => ({
  code,
  name: `学校${code}`,
  expected: 10,
  entered: 10,
  reached: { collection: 10, schoolReview: 10, countyRecheck: 10, complete: 10 },
  stepsDone: 4,
  ...over,
});

describe("each deadline, per school", () => {
  it("a school with fewer people entered than expected is late for collection by the missing people and the days", () => {
    const short = school("1", {
      entered: 7,
      reached: { collection: 7, schoolReview: 5, countyRecheck: 0, complete: 0 },
      stepsDone: 0,
    });
    expect(stepStandings(short, DEADLINES, "2027-03-12")).toEqual([
      { step: "collection", deadline: "2027-03-10", done: false, behind: 3, daysLate: 2 },
      { step: "schoolReview", deadline: "2027-03-17", done: false, behind: 5, daysLate: 0 },
      { step: "countyRecheck", deadline: "2027-03-24", done: false, behind: 10, daysLate: 0 },
      { step: "complete", deadline: "2027-03-31", done: false, behind: 10, daysLate: 0 },
    ]);
    expect(stepStandings(short, DEADLINES, "2027-04-02").map((s) => s.daysLate)).toEqual([
      23, 16, 9, 2,
    ]);
    expect(stepCell(stepStandings(short, DEADLINES, "2027-03-12")[0], short)).toBe(
      "差3人，逾期2天",
    );
  });

  it("every record effective but fewer people than expected: not 完成", () => {
    const few = school("1", {
      entered: 9,
      reached: { collection: 9, schoolReview: 9, countyRecheck: 9, complete: 9 },
      stepsDone: 4,
    });
    const steps = stepStandings(few, DEADLINES, "2027-03-05");
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false]);
    expect(steps.map((s) => stepCell(s, few))).toEqual(["差1人", "差1人", "差1人", "差1人"]);
    expect(stepStandings(school("2"), DEADLINES, "2027-04-05").map((s) => s.done)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("a school without an expected headcount says so instead of 完成", () => {
    const unknown = school("1", { expected: null });
    const steps = stepStandings(unknown, DEADLINES, "2027-04-01");
    expect(steps.map((s) => s.done)).toEqual([true, true, true, false]);
    expect(stepCell(steps[3], unknown)).toBe("未填应采集人数，逾期1天");
  });

  it("people all reached a step but the records say not yet (a row without a valid ID): not done, no one missing", () => {
    const pending = school("1", { stepsDone: 1 });
    const steps = stepStandings(pending, DEADLINES, "2027-03-18");
    expect(steps[1]).toMatchObject({ done: false, behind: 0, daysLate: 1 });
    expect(stepCell(steps[1], pending)).toBe("未办结，逾期1天");
  });
});

describe("the county's deadlines and the schools furthest behind", () => {
  const a = school("4306230001", { name: "甲校" });
  const b = school("4306230002", {
    name: "乙校",
    expected: 12,
    entered: 9,
    reached: { collection: 8, schoolReview: 2, countyRecheck: 0, complete: 0 },
    stepsDone: 0,
  });
  const c = school("4306230003", {
    name: "丙校",
    expected: null,
    entered: 5,
    reached: { collection: 5, schoolReview: 1, countyRecheck: 0, complete: 0 },
    stepsDone: 1,
  });

  it("counts per deadline the schools done and late, the people short, and names the late schools", () => {
    expect(deadlineBlock([a, b, c], DEADLINES, "2027-03-19", 2027)).toEqual([
      [
        "各阶段进度（2027 年采集；统计日期 2027-03-19；全县应采集 22 人，1 所学校未填应采集人数：丙校）",
      ],
      [
        "阶段",
        "截止日期",
        "距截止",
        "已完成学校",
        "逾期学校",
        "未到期未完成学校",
        "未达到该阶段人数",
        "逾期学校（差人数，逾期天数）",
      ],
      ["采集", "2027-03-10", "已过9天", 2, 1, 0, 4, "乙校（差4人，逾期9天）"],
      [
        "学校审核",
        "2027-03-17",
        "已过2天",
        1,
        2,
        0,
        14,
        "乙校（差10人，逾期2天）、丙校（差4人，逾期2天）",
      ],
      ["县级复核", "2027-03-24", "还剩5天", 1, 0, 2, 17, ""],
      ["完成", "2027-03-31", "还剩12天", 1, 0, 2, 17, ""],
      [""],
    ]);
  });

  it("a school held up only by its missing headcount is listed as such", () => {
    const rows = laggardBlock([school("1", { expected: null })], DEADLINES, "2027-04-01", 1);
    expect(rows[2]).toEqual(["1", "学校1", "未填", 10, 10, 10, "完成（未填应采集人数）", 0, 1]);
  });

  it("lists the schools not yet done, furthest behind first, padded to a fixed height", () => {
    const rows = laggardBlock([a, b, c], DEADLINES, "2027-03-19", 3);
    expect(rows).toEqual([
      ["落后最多的学校（按当前阶段、差人数排序，前 3 所）"],
      [
        "学校代码",
        "学校名称",
        "应采集人数",
        "已录入",
        "已审核",
        "已生效",
        "当前阶段",
        "差人数",
        "逾期天数",
      ],
      ["4306230002", "乙校", 12, 9, 2, 0, "采集", 4, 9],
      ["4306230003", "丙校", "未填", 5, 1, 0, "学校审核", 4, 2],
      ["", "", "", "", "", "", "", "", ""],
      [""],
    ]);
  });
});
