import { describe } from "vitest";
import { runCases } from "./cases";

const NOT_TEACHING = {
  任教学段: "无",
  任课状况: "未任课",
  任教课程: "",
  平均每周课堂教学课时数: "",
};

describe("教育教学", () => {
  runCases("教育教学", [
    { name: "学年 is required", set: { 学年: "" }, expect: ["学年 field.required"] },
    { name: "学年 accepts 2016-17", set: { 学年: "2016-17" } },
    {
      name: "学年's second year is the first + 1",
      set: { 学年: "2016-2018" },
      expect: ["学年 academic_year.not_consecutive"],
    },
    {
      name: "学年 has the 2016-2017 form",
      set: { 学年: "2016" },
      expect: ["学年 academic_year.unparseable"],
    },
    { name: "学期 is required", set: { 学期: "" }, expect: ["学期 field.required"] },
    { name: "学期 comes from C:term", set: { 学期: "冬季" }, expect: ["学期 code.unknown"] },
    {
      name: "one row per person, 学年 and 学期",
      row: 1,
      set: { 学期: "秋季学期" },
      expect: ["学期 row.duplicate_term"],
    },
    { name: "another 学年 is another row", row: 1, set: { 学年: "2015-2016", 学期: "秋季学期" } },
    { name: "任教学段 is required", set: { 任教学段: "" }, expect: ["任教学段 field.required"] },
    { name: "任教学段 无 with 未任课", set: NOT_TEACHING },
    {
      name: "任教学段 无 forces 任课状况 = 未任课",
      set: { ...NOT_TEACHING, 任课状况: "任课" },
      expect: ["任课状况 rule.value_when", "平均每周课堂教学课时数 rule.required_when"],
    },
    { name: "任课状况 is required", set: { 任课状况: "" }, expect: ["任课状况 field.required"] },
    {
      name: "其他 needs its explanation",
      set: { 任课状况: "其他" },
      expect: ["任课状况为其他情况的具体说明 rule.required_when"],
    },
    {
      name: "其他 with its explanation",
      set: { 任课状况: "其他", 任课状况为其他情况的具体说明: "借调教研室" },
    },
    {
      name: "任教课程 is required when teaching 小学",
      set: { 任教课程: "" },
      expect: ["任教课程 rule.required_when"],
    },
    { name: "任教课程 is not required for 学前教育", set: { 任教学段: "学前教育", 任教课程: "" } },
    { name: "任教课程 takes several courses", set: { 任教课程: "语文,数学、科学" } },
    {
      name: "任教课程 comes from C:course",
      set: { 任教课程: "语文、书法" },
      expect: ["任教课程 code.unknown"],
    },
    {
      name: "课时数 is required when teaching",
      set: { 平均每周课堂教学课时数: "" },
      expect: ["平均每周课堂教学课时数 rule.required_when"],
    },
    {
      name: "课时数 is at most 40",
      set: { 平均每周课堂教学课时数: 41 },
      expect: ["平均每周课堂教学课时数 number.above_max"],
    },
    {
      name: "课时数 above 30 warns",
      set: { 平均每周课堂教学课时数: 32 },
      expect: ["平均每周课堂教学课时数 value.high (warning)"],
    },
    {
      name: "课时数 is whole",
      set: { 平均每周课堂教学课时数: 12.5 },
      expect: ["平均每周课堂教学课时数 number.not_integer"],
    },
    {
      name: "其他工作折合课时数 ≥ 0",
      set: { 平均每周其他工作折合教学课时数: -1 },
      expect: ["平均每周其他工作折合教学课时数 number.below_min"],
    },
    { name: "其他工作折合课时数 may be fractional", set: { 平均每周其他工作折合教学课时数: 2.5 } },
    { name: "兼任工作 is required", set: { 兼任工作: "" }, expect: ["兼任工作 field.required"] },
    {
      name: "兼任工作 其他 needs its name",
      set: { 兼任工作: "其他" },
      expect: ["兼任其他工作名称 rule.required_when"],
    },
    {
      name: "兼任工作 其他 with its name",
      set: { 兼任工作: "其他", 兼任其他工作名称: "食堂管理" },
    },
  ]);
});
