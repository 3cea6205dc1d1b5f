import { describe, expect, it } from "vitest";
import {
  buildProgressMatrix,
  type HistoryRow,
  historyRow,
  historyTable,
  type SchoolProgress,
  withHistoryRow,
} from "../../../src/core/reports/progress";

const SECTIONS = [
  { key: "basic", title: "基本信息" },
  { key: "education", title: "学习经历" },
];

const school = (code: string, over: Partial<SchoolProgress> = {}): SchoolProgress => ({
  code,
  name: `学校${code}`,
  expected: 5,
  people: 4,
  records: 8,
  effectiveRecords: 2,
  sections: { basic: 2, education: 1 },
  complete: false,
  steps: ["差1人，逾期2天", "差3人", "差5人", "差5人"],
  ...over,
});

describe("the 进度 matrix", () => {
  it("has the county total on top, schools by code, shares of people per section", () => {
    const b = school("2", {
      expected: null,
      people: 0,
      records: 0,
      effectiveRecords: 0,
      sections: {},
    });
    const a = school("1", { complete: true, steps: ["完成", "完成", "完成", "完成"] });
    expect(buildProgressMatrix([b, a], SECTIONS)).toEqual([
      [
        "学校代码",
        "学校名称",
        "应采集人数",
        "教职工数",
        "记录数",
        "已生效记录数",
        "采集",
        "学校审核",
        "县级复核",
        "完成",
        "生效率",
        "基本信息",
        "学习经历",
      ],
      [
        "全县合计",
        "2 所学校",
        5,
        4,
        8,
        2,
        "1/2 所完成",
        "1/2 所完成",
        "1/2 所完成",
        "1/2 所完成",
        0.25,
        0.5,
        0.25,
      ],
      ["1", "学校1", 5, 4, 8, 2, "完成", "完成", "完成", "完成", 0.25, 0.5, 0.25],
      ["2", "学校2", "未填", 0, 0, 0, "差1人，逾期2天", "差3人", "差5人", "差5人", "", "", ""],
    ]);
  });
});

describe("the daily history", () => {
  const day = (date: string, entered: number): HistoryRow => ({
    date,
    expected: 10,
    entered,
    approved: 0,
    effective: 0,
    effectiveRecords: 0,
    schoolsComplete: 0,
  });

  it("sums the schools for the day", () => {
    const people = { entered: 8, approved: 5, effective: 2 };
    expect(
      historyRow("2017-03-05", [school("1", { complete: true }), school("2")], people),
    ).toEqual({
      date: "2017-03-05",
      expected: 10,
      entered: 8,
      approved: 5,
      effective: 2,
      effectiveRecords: 4,
      schoolsComplete: 1,
    });
  });

  it("appends a new day and replaces the same day, in date order", () => {
    const history = [day("2017-03-04", 1), day("2017-03-05", 2)];
    expect(withHistoryRow(history, day("2017-03-06", 3))).toEqual([
      ...history,
      day("2017-03-06", 3),
    ]);
    expect(withHistoryRow(history, day("2017-03-05", 9))).toEqual([
      day("2017-03-04", 1),
      day("2017-03-05", 9),
    ]);
    const deadlines = {
      collection: "2017-03-05",
      schoolReview: "2017-03-05",
      countyRecheck: "2017-03-24",
      complete: "2017-03-31",
    };
    // A deadline day's 截止日 reaches the day's highest figure: the chart's bar marks it.
    expect(historyTable([day("2017-03-04", 1), day("2017-03-05", 12)], deadlines)).toEqual([
      ["日期", "应采集人数", "已录入", "已审核", "已生效", "完成学校数", "截止日", "截止节点"],
      ["2017-03-04", 10, 1, 0, 0, 0, "", ""],
      ["2017-03-05", 10, 12, 0, 0, 0, 12, "采集截止、学校审核截止"],
    ]);
  });
});
