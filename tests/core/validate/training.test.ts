import { describe, expect, it } from "vitest";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateSchool } from "../../../src/core/validate";
import { runCases } from "./cases";
import { edit, schoolInput, TODAY, validTabs } from "./fixture";

describe("国内培训", () => {
  runCases("国内培训", [
    { name: "培训年度 is required", set: { 培训年度: "" }, expect: ["培训年度 field.required"] },
    { name: "培训年度 accepts 2016年", set: { 培训年度: "2016年" } },
    {
      name: "培训年度 is a YYYY year",
      set: { 培训年度: "去年" },
      expect: ["培训年度 year.unparseable"],
    },
    { name: "培训类别 is required", set: { 培训类别: "" }, expect: ["培训类别 field.required"] },
    {
      name: "培训类别 comes from C:training_type",
      set: { 培训类别: "国培" },
      expect: ["培训类别 code.unknown"],
    },
    {
      name: "培训项目名称 is required",
      set: { 培训项目名称: "" },
      expect: ["培训项目名称 field.required"],
    },
    { name: "培训方式 is required", set: { 培训方式: "" }, expect: ["培训方式 field.required"] },
    {
      name: "培训方式 comes from C:training_mode",
      set: { 培训方式: "函授" },
      expect: ["培训方式 code.unknown"],
    },
    {
      name: "培训获得学时 is required",
      set: { 培训获得学时: "" },
      expect: ["培训获得学时 field.required"],
    },
    {
      name: "培训获得学时 > 0",
      set: { 培训获得学时: 0 },
      expect: ["培训获得学时 number.below_min"],
    },
    {
      name: "培训获得学时 is whole",
      set: { 培训获得学时: 7.5 },
      expect: ["培训获得学时 number.not_integer"],
    },
    {
      name: "培训获得学分 ≥ 0",
      set: { 培训获得学分: -1 },
      expect: ["培训获得学分 number.below_min"],
    },
    {
      name: "培训年度 before the person was born is an error",
      set: { 培训年度: 1984 },
      expect: ["培训年度 person.age_impossible"],
    },
    {
      name: "培训年度 before 参加工作年月 (2007-09) is an error",
      set: { 培训年度: 2006 },
      expect: ["培训年度 person.before_basic"],
    },
    { name: "培训年度 in the year work started is fine", set: { 培训年度: 2007 } },
    {
      name: "培训获得学时 above the yearly ceiling for one project is a warning",
      set: { 培训获得学时: 1500 },
      expect: ["培训获得学时 value.high (warning)"],
    },
    { name: "培训获得学时 at the ceiling is fine", set: { 培训获得学时: 360 } },
    { name: "培训获得学分 may be fractional and optional", set: { 培训获得学分: "" } },
    { name: "培训获得学分 may equal the hours (1 per 学时)", set: { 培训获得学分: 60 } },
    {
      name: "培训获得学分 the hours cannot justify is an error",
      set: { 培训获得学分: 60.5 },
      expect: ["培训获得学分 credits.above_hours"],
    },
    {
      name: "the same training entered twice for one person is flagged on the later row",
      tabs: () => {
        const tabs = validTabs();
        const first = tabs.国内培训?.[0] ?? {};
        return { ...tabs, 国内培训: [first, { ...first, 培训机构名称: "岳阳市教育局" }] };
      },
      expect: ["国内培训!3 培训项目名称 training.duplicate"],
    },
    {
      name: "another year of the same project is not a duplicate",
      tabs: () => {
        const tabs = validTabs();
        const first = tabs.国内培训?.[0] ?? {};
        return { ...tabs, 国内培训: [first, { ...first, 培训年度: 2015 }] };
      },
    },
  ]);
  it("takes the ratio from the options (county.json's creditsPerHour)", () => {
    const tabs = edit("国内培训", 0, { 培训获得学分: 7 }, validTabs());
    const input = schoolInput(tabs);
    const options = { today: TODAY, creditsPerHour: 0.1 };
    const { findings } = validateSchool(input, shippedTemplates, options);
    expect(findings.map((f) => f.message)).toEqual([
      "培训获得学分：超过培训获得学时（60学时）所能获得的学分，最多 6 学分（每学时 0.1 学分），请核对",
    ]);
  });
});
