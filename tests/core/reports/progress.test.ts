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
  people: 4,
  records: 8,
  effectiveRecords: 2,
  sections: { basic: 2, education: 1 },
  complete: false,
  ...over,
});

describe("the 进度 matrix", () => {
  it("has the county total on top, schools by code, shares of people per section", () => {
    const b = school("2", { people: 0, records: 0, effectiveRecords: 0, sections: {} });
    const a = school("1", { complete: true });
    expect(buildProgressMatrix([b, a], SECTIONS)).toEqual([
      [
        "学校代码",
        "学校名称",
        "教职工数",
        "记录数",
        "已生效记录数",
        "生效率",
        "基本信息",
        "学习经历",
      ],
      ["全县合计", "2 所学校", 4, 8, 2, 0.25, 0.5, 0.25],
      ["1", "学校1", 4, 8, 2, 0.25, 0.5, 0.25],
      ["2", "学校2", 0, 0, 0, "", "", ""],
    ]);
  });
});

describe("the daily history", () => {
  const day = (date: string, people: number): HistoryRow => ({
    date,
    people,
    effectiveRecords: 0,
    schoolsComplete: 0,
  });

  it("sums the schools for the day", () => {
    expect(historyRow("2017-03-05", [school("1", { complete: true }), school("2")])).toEqual({
      date: "2017-03-05",
      people: 8,
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
    expect(historyTable([day("2017-03-04", 1)])).toEqual([
      ["日期", "教职工数", "已生效记录数", "完成学校数"],
      ["2017-03-04", 1, 0, 0],
    ]);
  });
});
