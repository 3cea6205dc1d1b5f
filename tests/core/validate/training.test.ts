import { describe } from "vitest";
import { runCases } from "./cases";

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
    { name: "培训获得学分 may be fractional and optional", set: { 培训获得学分: "" } },
  ]);
});
