import { describe } from "vitest";
import { runCases } from "./cases";

const CONCURRENT = { 是否兼任其他岗位: "是", 兼任岗位类别: "管理岗位", 兼任岗位等级: "八级职员" };

describe("岗位聘任", () => {
  runCases("岗位聘任", [
    { name: "岗位类别 is required", set: { 岗位类别: "" }, expect: ["岗位类别 field.required"] },
    {
      name: "岗位类别 comes from C:post_type",
      set: { 岗位类别: "教师岗" },
      expect: ["岗位类别 code.unknown"],
    },
    { name: "岗位等级 is required", set: { 岗位等级: "" }, expect: ["岗位等级 field.required"] },
    { name: "岗位等级 accepts the code", set: { 岗位等级: 110 } },
    {
      name: "岗位等级 must belong to 岗位类别",
      set: { 岗位等级: "一级职员" },
      expect: ["岗位等级 rule.belongs_to"],
    },
    { name: "1xx also belongs to 其他专业技术岗位", set: { 岗位类别: "其他专业技术岗位" } },
    {
      name: "工勤 levels belong to 工勤技能岗位",
      set: { 岗位类别: "工勤技能岗位", 岗位等级: "普通工" },
    },
    { name: "未评 belongs to any type", set: { 岗位类别: "管理岗位", 岗位等级: "未评（试用期）" } },
    {
      name: "聘任开始年月 is required",
      set: { 聘任开始年月: "" },
      expect: ["聘任开始年月 field.required"],
    },
    { name: "是否兼任其他岗位 defaults to 否", set: { 是否兼任其他岗位: "" } },
    { name: "兼任 with a different type and its level", set: CONCURRENT },
    {
      name: "兼任 = 是 needs 兼任岗位类别 and 等级",
      set: { 是否兼任其他岗位: "是" },
      expect: ["兼任岗位类别 rule.required_when", "兼任岗位等级 rule.required_when"],
    },
    {
      name: "兼任岗位类别 ≠ 岗位类别",
      set: { ...CONCURRENT, 兼任岗位类别: "专业技术岗位（教师）", 兼任岗位等级: "九级" },
      expect: ["兼任岗位类别 rule.not_equal"],
    },
    {
      name: "兼任岗位等级 must belong to 兼任岗位类别",
      set: { ...CONCURRENT, 兼任岗位等级: "九级" },
      expect: ["兼任岗位等级 rule.belongs_to"],
    },
    { name: "校级职务 is required", set: { 校级职务: "" }, expect: ["校级职务 field.required"] },
    {
      name: "校级职务 takes several duties with a start",
      set: { 校级职务: "副校长（副园长）、工会主席", 任职开始年月: "2015-09" },
    },
    {
      name: "校级职务 无 cannot be combined",
      set: { 校级职务: "无、校长" },
      expect: ["校级职务 rule.exclusive_value"],
    },
    {
      name: "任职开始年月 is empty when 校级职务 = 无",
      set: { 任职开始年月: "2015-09" },
      expect: ["任职开始年月 rule.empty_when"],
    },
  ]);
});
