import { describe } from "vitest";
import { runCases } from "./cases";
import { dropRows, ID, validTabs } from "./fixture";

const NONE_ROW = {
  获得学历: "无",
  获得学历的院校或机构: "",
  所学专业: "",
  是否师范类专业: "",
  入学年月: "",
  毕业年月: "",
};

describe("学习经历", () => {
  runCases("学习经历", [
    { name: "获得学历 is required", set: { 获得学历: "" }, expect: ["获得学历 field.required"] },
    {
      name: "获得学历 comes from C:education",
      set: { 获得学历: "本科" },
      expect: ["获得学历 code.unknown"],
    },
    { name: "获得学历的国家 defaults to 中国", set: { "获得学历的国家（地区）": "" } },
    {
      name: "获得学历的国家 comes from C:country",
      set: { "获得学历的国家（地区）": "火星" },
      expect: ["获得学历的国家（地区） code.unknown"],
    },
    {
      name: "院校 is required unless 学历 = 无",
      set: { 获得学历的院校或机构: "" },
      expect: ["获得学历的院校或机构 rule.required_when"],
    },
    {
      name: "所学专业 is required unless 学历 = 无",
      set: { 所学专业: "" },
      expect: ["所学专业 rule.required_when"],
    },
    {
      name: "是否师范类专业 is required unless 学历 = 无",
      set: { 是否师范类专业: "" },
      expect: ["是否师范类专业 rule.required_when"],
    },
    { name: "学历 = 无 with the rest empty", set: NONE_ROW },
    {
      name: "学历 = 无 empties the rest (0-无)",
      set: { 获得学历: "无" },
      expect: [
        "获得学历的院校或机构 rule.none_value",
        "所学专业 rule.none_value",
        "是否师范类专业 rule.none_value",
        "入学年月 rule.none_value",
        "毕业年月 rule.none_value",
      ],
    },
    { name: "入学年月 is a 年月", set: { 入学年月: "2003-13" }, expect: ["入学年月 date.invalid"] },
    { name: "毕业年月 > 入学年月", set: { 毕业年月: "2003-09" }, expect: ["毕业年月 rule.order"] },
    { name: "学位层次 is required", set: { 学位层次: "" }, expect: ["学位层次 field.required"] },
    {
      name: "学位名称 is required unless 学位层次 = 无",
      set: { 学位名称: "" },
      expect: ["学位名称 rule.required_when"],
    },
    {
      name: "学位层次 = 无 empties the degree columns (0-无)",
      row: 1,
      set: { 学位名称: "文学学士", 学位授予年月: "2012-06" },
      expect: ["学位名称 rule.none_value", "学位授予年月 rule.none_value"],
    },
    {
      name: "获得学位的国家 comes from C:country",
      set: { "获得学位的国家（地区）": "火星" },
      expect: ["获得学位的国家（地区） code.unknown"],
    },
    { name: "学习方式 is required", set: { 学习方式: "" }, expect: ["学习方式 field.required"] },
    {
      name: "学习方式 comes from C:study_mode",
      set: { 学习方式: "夜校" },
      expect: ["学习方式 code.unknown"],
    },
    {
      name: "each non-new teacher needs a row",
      tabs: () => dropRows(validTabs(), "学习经历", ID.li),
      expect: ["基本信息!3 - section.missing"],
    },
  ]);
});
