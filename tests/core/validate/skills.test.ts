import { describe } from "vitest";
import { runCases } from "./cases";

describe("技能及证书", () => {
  runCases("技能及证书", [
    { name: "语种 is required", set: { 语种: "" }, expect: ["语种 field.required"] },
    { name: "语种 comes from C:language", set: { 语种: "拉丁语" }, expect: ["语种 code.unknown"] },
    {
      name: "掌握程度 is required when 语种 ≠ 无",
      set: { 掌握程度: "" },
      expect: ["掌握程度 rule.required_when"],
    },
    { name: "语种 = 无 needs no 掌握程度", set: { 语种: "无", 掌握程度: "" } },
    {
      name: "语种 = 无 typed as code-name needs no 掌握程度",
      set: { 语种: "00-无", 掌握程度: "" },
    },
    {
      name: "语种 = 英语 typed as its code still needs 掌握程度",
      set: { 语种: "01", 掌握程度: "" },
      expect: ["掌握程度 rule.required_when"],
    },
    {
      name: "掌握程度 comes from C:mastery",
      set: { 掌握程度: "很好" },
      expect: ["掌握程度 code.unknown"],
    },
    { name: "其他技能 with its mastery", set: { 其他技能名称: "书法", 其他技能掌握程度: "熟练" } },
    {
      name: "其他技能掌握程度 is required when 其他技能名称 is set",
      set: { 其他技能名称: "书法" },
      expect: ["其他技能掌握程度 rule.required_when"],
    },
    {
      name: "a blank 证书类型 means no certificate: no 证书名称 needed",
      set: { 证书类型: "", 证书名称: "", 发证年月: "", 发证单位: "", 证书编号: "" },
    },
    {
      name: "a blank 证书类型 with only a language (李娜's row without 无)",
      row: 1,
      set: { 证书类型: "" },
    },
    {
      name: "证书名称 is required when 证书类型 is set and ≠ 无",
      set: { 证书名称: "" },
      expect: ["证书名称 rule.required_when"],
    },
    {
      name: "证书名称 is required when 证书类型 is a code typed as a number",
      set: { 证书类型: 3, 证书名称: "" },
      expect: ["证书名称 rule.required_when"],
    },
    {
      name: "a long 证书编号 typed as text keeps its digits",
      set: { 证书编号: "430000201712345678", 发证年月: "2017年1月" },
    },
    { name: "证书名称 is not required when 证书类型 = 无", row: 1 },
    {
      name: "证书类型 comes from C:cert_type",
      set: { 证书类型: "毕业证" },
      expect: ["证书类型 code.unknown"],
    },
    {
      name: "发证年月 is a 年月",
      set: { 发证年月: "2006-6-31" },
      expect: ["发证年月 date.invalid"],
    },
    {
      name: "普通话水平等级 comes from C:putonghua",
      set: { 普通话水平等级: "二甲" },
      expect: ["普通话水平等级 code.unknown"],
    },
  ]);
});
