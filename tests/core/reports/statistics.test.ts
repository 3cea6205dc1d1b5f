import { describe, expect, it } from "vitest";
import { buildStatistics, type EffectiveRecord } from "../../../src/core/reports/statistics";
import type { RecordValues } from "../../../src/core/sync/model";
import { shippedTemplates } from "../../../src/core/templates/bundle";

const TODAY = "2017-03-05";

const basic = (over: RecordValues): RecordValues => ({
  sex: "1",
  birthDate: "1985-06-01",
  ethnicity: "01",
  political: "13",
  staffCategory: "A1",
  established: "1",
  newTeacher: "0",
  ...over,
});

const RECORDS: EffectiveRecord[] = [
  // 张: 31, 男, 本科 (a later 专科 does not lower it), 一级教师 over 二级, latest post 管理.
  { personKey: "p1", category: "primary_secondary", section: "basic", values: basic({}) },
  {
    personKey: "p1",
    category: "primary_secondary",
    section: "education",
    values: { education: "31" },
  },
  {
    personKey: "p1",
    category: "primary_secondary",
    section: "education",
    values: { education: "21" },
  },
  { personKey: "p1", category: "primary_secondary", section: "title", values: { techTitle: "4" } },
  { personKey: "p1", category: "primary_secondary", section: "title", values: { techTitle: "3" } },
  {
    personKey: "p1",
    category: "primary_secondary",
    section: "post",
    values: { postType: "1", appointStart: "2010-09" },
  },
  {
    personKey: "p1",
    category: "primary_secondary",
    section: "post",
    values: { postType: "3", appointStart: "2015-09" },
  },
  // 李: a kindergarten 保育员, 女, 55 today, 土家族, 党员, not 在编, a new teacher, no other section.
  {
    personKey: "p2",
    category: "kindergarten",
    section: "basic",
    values: basic({
      sex: "2",
      birthDate: "1962-03-05",
      ethnicity: "15",
      political: "01",
      staffCategory: "09",
      established: "0",
      newTeacher: "1",
    }),
  },
  // Someone whose 基本信息 is not effective: their other records do not count.
  {
    personKey: "p3",
    category: "primary_secondary",
    section: "education",
    values: { education: "11" },
  },
];

const block = (table: readonly (readonly (string | number)[])[], title: string) =>
  table.filter((row) => row[0] === title).map((row) => row.slice(1));

describe("the 统计 tab", () => {
  const stats = buildStatistics(RECORDS, shippedTemplates, TODAY);

  it("starts with the header, the note and the county total", () => {
    expect(stats.table.slice(0, 3)).toEqual([
      ["统计项", "分类", "人数", "男", "女"],
      ["说明", "仅统计已生效的信息（统计日期 2017-03-05）"],
      ["全县教职工", "合计", 2, 1, 1],
    ]);
  });

  it("counts school categories, age bands and highest 学历 by sex, every row kept", () => {
    expect(block(stats.table, "学校类别")).toEqual([
      ["幼儿园", 1, 0, 1],
      ["中小学", 1, 1, 0],
      ["特殊教育学校", 0, 0, 0],
      ["中等职业学校", 0, 0, 0],
    ]);
    expect(block(stats.table, "年龄段")).toEqual([
      ["30岁以下", 0, 0, 0],
      ["30～39岁", 1, 1, 0],
      ["40～49岁", 0, 0, 0],
      ["50～54岁", 0, 0, 0],
      ["55岁及以上", 1, 0, 1],
    ]);
    expect(block(stats.table, "最高学历")).toEqual([
      ["研究生", 0, 0, 0],
      ["大学本科", 1, 1, 0],
      ["大学专科", 0, 0, 0],
      ["中专、职高、技校", 0, 0, 0],
      ["普通高中", 0, 0, 0],
      ["初中", 0, 0, 0],
      ["小学", 0, 0, 0],
      ["无或其他", 0, 0, 0],
      ["未填报", 1, 0, 1],
    ]);
  });

  it("names titles, posts, categories and parties from the code tables", () => {
    const counted = (title: string) => block(stats.table, title).filter((row) => row[1] !== 0);
    expect(counted("专业技术职务")).toEqual([
      ["一级教师", 1, 1, 0],
      ["未填报", 1, 0, 1],
    ]);
    expect(counted("岗位类别")).toEqual([
      ["管理岗位", 1, 1, 0],
      ["未填报", 1, 0, 1],
    ]);
    expect(block(stats.table, "是否在编")).toEqual([
      ["是", 1, 1, 0],
      ["否", 1, 0, 1],
    ]);
    expect(counted("教职工类别")).toEqual([
      ["专任教师", 1, 1, 0],
      ["保育员", 1, 0, 1],
    ]);
    expect(block(stats.table, "民族")).toEqual([
      ["汉族", 1, 1, 0],
      ["少数民族", 1, 0, 1],
      ["其他或未填写", 0, 0, 0],
    ]);
    expect(counted("政治面貌")).toEqual([
      ["中国共产党党员", 1, 0, 1],
      ["群众", 1, 1, 0],
    ]);
    expect(block(stats.table, "新任教师")).toEqual([
      ["是", 1, 0, 1],
      ["否", 1, 1, 0],
    ]);
  });

  it("places each block where its rows are, the layout fixed by the templates alone", () => {
    const empty = buildStatistics([], shippedTemplates, TODAY);
    expect(empty.blocks).toEqual(stats.blocks);
    const [first] = stats.blocks;
    expect(first).toEqual({ title: "学校类别", startRow: 3, endRow: 7 });
    for (const { title, startRow, endRow } of stats.blocks) {
      expect(stats.table.slice(startRow, endRow).every((row) => row[0] === title)).toBe(true);
    }
  });
});
