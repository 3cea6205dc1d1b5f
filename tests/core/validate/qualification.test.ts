import { describe } from "vitest";
import { runCases } from "./cases";

describe("教师资格", () => {
  runCases("教师资格", [
    {
      name: "教师资格证种类 is required",
      set: { 教师资格证种类: "" },
      expect: ["教师资格证种类 field.required"],
    },
    {
      name: "教师资格证种类 comes from C:qualification",
      set: { 教师资格证种类: "中学" },
      expect: ["教师资格证种类 code.unknown"],
    },
    {
      name: "号码 is required unless 无",
      set: { 教师资格证号码: "" },
      expect: ["教师资格证号码 rule.required_when"],
    },
    {
      name: "号码 has 17 digits",
      set: { 教师资格证号码: "2007430623100012" },
      expect: ["教师资格证号码 qualification.length"],
    },
    {
      name: "号码 has digits only",
      set: { 教师资格证号码: "2007430623100012A" },
      expect: ["教师资格证号码 qualification.characters"],
    },
    { name: "号码 with spaces is fine", set: { 教师资格证号码: "2007 4306 2310 00123" } },
    {
      name: "号码's type digit is 1–7",
      set: { 教师资格证号码: "20074306281000123" },
      expect: ["教师资格证号码 qualification.type_invalid"],
    },
    {
      name: "号码's type digit equals 种类",
      set: { 教师资格证种类: "小学教师资格" },
      expect: ["教师资格证号码 qualification.type_mismatch"],
    },
    {
      name: "任教学科 is required unless 无",
      set: { 任教学科: "" },
      expect: ["任教学科 rule.required_when"],
    },
    {
      name: "证书颁发日期 is a 日期",
      set: { 证书颁发日期: "2007-07" },
      expect: ["证书颁发日期 date.incomplete"],
    },
    {
      name: "无 with the rest empty",
      set: {
        教师资格证种类: "无",
        教师资格证号码: "",
        任教学科: "",
        证书颁发日期: "",
        颁发机构: "",
      },
    },
    {
      name: "无 empties the rest (0-无)",
      set: { 教师资格证种类: "无" },
      expect: [
        "教师资格证号码 rule.none_value",
        "任教学科 rule.none_value",
        "证书颁发日期 rule.none_value",
        "颁发机构 rule.none_value",
      ],
    },
  ]);
});
