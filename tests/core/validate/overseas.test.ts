import { describe } from "vitest";
import { runCases } from "./cases";
import { dropRows, ID, validTabs } from "./fixture";

const ABROAD = {
  "是否有海外研修（访学）经历": "是",
  开始日期: "2014-09-01",
  结束日期: "2015-01-31",
  "国家（地区）": "英国",
  "研修（访学）机构名称": "University of London",
};

describe("海外研修（访学）", () => {
  runCases("海外研修（访学）", [
    {
      name: "是否有经历 is required",
      set: { "是否有海外研修（访学）经历": "" },
      expect: ["是否有海外研修（访学）经历 field.required"],
    },
    { name: "a complete 是 row", set: ABROAD },
    {
      name: "是 needs dates, country and institution",
      set: { "是否有海外研修（访学）经历": "是" },
      expect: [
        "开始日期 rule.required_when",
        "结束日期 rule.required_when",
        "国家（地区） rule.required_when",
        "研修（访学）机构名称 rule.required_when",
      ],
    },
    {
      name: "开始日期 is a 日期",
      set: { ...ABROAD, 开始日期: "2014-09" },
      expect: ["开始日期 date.incomplete"],
    },
    {
      name: "结束日期 > 开始日期",
      set: { ...ABROAD, 结束日期: "2014-09-01" },
      expect: ["结束日期 rule.order"],
    },
    {
      name: "国家（地区） ≠ 中国",
      set: { ...ABROAD, "国家（地区）": "中国" },
      expect: ["国家（地区） rule.forbidden_value"],
    },
    { name: "中国香港 is not 中国", set: { ...ABROAD, "国家（地区）": "香港" } },
    {
      name: "a 是 row with full-width dates and the country as its code",
      set: {
        ...ABROAD,
        开始日期: "２０１４年９月１日",
        结束日期: "2015/1/31",
        "国家（地区）": 826,
      },
    },
    {
      name: "否 with only the project named is fine",
      set: { 项目名称: "国培计划海外研修项目" },
    },
    {
      name: "否 with dates filled in is an error",
      set: { 开始日期: "2014-09-01", 结束日期: "2015-01-31" },
      expect: ["开始日期 rule.none_value", "结束日期 rule.none_value"],
    },
    {
      name: "否 with a country filled in is an error",
      set: { "国家（地区）": "美国" },
      expect: ["国家（地区） rule.none_value"],
    },
    {
      name: "否 with an institution filled in is an error",
      set: { "研修（访学）机构名称": "University of London" },
      expect: ["研修（访学）机构名称 rule.none_value"],
    },
    {
      name: "否 typed as 0 with a full 是 row's cells",
      set: { ...ABROAD, "是否有海外研修（访学）经历": 0 },
      expect: [
        "开始日期 rule.none_value",
        "结束日期 rule.none_value",
        "国家（地区） rule.none_value",
        "研修（访学）机构名称 rule.none_value",
      ],
    },
    {
      name: "each non-new teacher needs a row (a 否 row counts)",
      tabs: () => dropRows(validTabs(), "海外研修（访学）", ID.li),
      expect: ["基本信息!3 - section.missing"],
    },
  ]);
});
