import { describe } from "vitest";
import { runCases } from "./cases";

const PROVINCIAL = "省级人才项目（如湖南省芙蓉教学名师）";

describe("入选人才项目", () => {
  runCases("入选人才项目", [
    {
      name: "入选人才项目名称 is required",
      set: { 入选人才项目名称: "" },
      expect: ["入选人才项目名称 field.required"],
    },
    {
      name: "入选人才项目名称 comes from C:talent",
      set: { 入选人才项目名称: "百人计划" },
      expect: ["入选人才项目名称 code.unknown"],
    },
    { name: "a project with its year", set: { 入选人才项目名称: PROVINCIAL, 入选年份: 2015 } },
    {
      name: "入选年份 is required unless 无",
      set: { 入选人才项目名称: PROVINCIAL },
      expect: ["入选年份 rule.required_when"],
    },
    {
      name: "入选年份 is a YYYY year",
      set: { 入选人才项目名称: PROVINCIAL, 入选年份: "十五年" },
      expect: ["入选年份 year.unparseable"],
    },
    {
      name: "入选年份 is not in the future",
      set: { 入选人才项目名称: PROVINCIAL, 入选年份: 2018 },
      expect: ["入选年份 date.future"],
    },
    {
      name: "无 empties 入选年份 (0-无)",
      set: { 入选年份: 2015 },
      expect: ["入选年份 rule.none_value"],
    },
  ]);
});
