import { describe } from "vitest";
import { runCases } from "./cases";
import { dropRows, ID, validTabs } from "./fixture";

describe("工作经历", () => {
  runCases("工作经历", [
    {
      name: "任职单位名称 is required",
      set: { 任职单位名称: "" },
      expect: ["任职单位名称 field.required"],
    },
    {
      name: "任职开始年月 is required",
      set: { 任职开始年月: "" },
      expect: ["任职开始年月 field.required"],
    },
    {
      name: "任职开始年月 is a 年月",
      set: { 任职开始年月: "2007" },
      expect: ["任职开始年月 date.incomplete"],
    },
    { name: "任职结束年月 empty means 至今", row: 1, set: { 任职结束年月: "" } },
    {
      name: "任职结束年月 ≥ 开始",
      set: { 任职结束年月: "2007-08" },
      expect: ["任职结束年月 rule.order"],
    },
    {
      name: "单位性质类别 comes from C:unit_type",
      set: { 单位性质类别: "学校" },
      expect: ["单位性质类别 code.unknown"],
    },
    { name: "periods sharing a boundary month do not overlap", set: { 任职结束年月: "2012-09" } },
    {
      name: "overlapping periods of one teacher warn",
      set: { 任职结束年月: "2013-08" },
      expect: ["工作经历!3 任职开始年月 period.overlap (warning)"],
    },
    {
      name: "an open period overlaps every later one",
      set: { 任职结束年月: "" },
      expect: ["工作经历!3 任职开始年月 period.overlap (warning)"],
    },
    {
      name: "periods of different teachers never overlap (李娜's against 张伟's open one)",
      row: 2,
      set: { 任职结束年月: "2013-08" },
    },
    {
      name: "each non-new teacher needs a row",
      tabs: () => dropRows(validTabs(), "工作经历", ID.zhang),
      expect: ["基本信息!2 - section.missing"],
    },
  ]);
});
