import { describe } from "vitest";
import { runCases } from "./cases";

describe("教育科研成果及奖励", () => {
  runCases("教育科研成果及奖励", [
    { name: "成果类型 is required", set: { 成果类型: "" }, expect: ["成果类型 field.required"] },
    {
      name: "成果类型 comes from C:research_type",
      set: { 成果类型: "心得" },
      expect: ["成果类型 code.unknown"],
    },
    { name: "名称 is required unless 无", set: { 名称: "" }, expect: ["名称 rule.required_when"] },
    { name: "年月 is required unless 无", set: { 年月: "" }, expect: ["年月 rule.required_when"] },
    { name: "年月 is a 年月", set: { 年月: "五月" }, expect: ["年月 date.unparseable"] },
    {
      name: "本人角色 comes from C:role",
      set: { 本人角色: "作者" },
      expect: ["本人角色 code.unknown"],
    },
    { name: "本人排名 is at least 1", set: { 本人排名: 0 }, expect: ["本人排名 number.below_min"] },
    {
      name: "级别 comes from C:award_level",
      set: { 级别: "世界级" },
      expect: ["级别 code.unknown"],
    },
    {
      name: "刊物 is required for 论文",
      set: { 发表刊物或出版社或授奖单位: "" },
      expect: ["发表刊物或出版社或授奖单位 rule.required_when"],
    },
    {
      name: "刊物 is required for 著作",
      set: { 成果类型: "著作", 发表刊物或出版社或授奖单位: "" },
      expect: ["发表刊物或出版社或授奖单位 rule.required_when"],
    },
    {
      name: "刊物 is required for 奖励",
      set: { 成果类型: "奖励", 发表刊物或出版社或授奖单位: "" },
      expect: ["发表刊物或出版社或授奖单位 rule.required_when"],
    },
    {
      name: "刊物 is optional for 文艺作品",
      set: { 成果类型: "文艺作品", 发表刊物或出版社或授奖单位: "" },
    },
    {
      name: "是否代表性成果 is 是/否",
      set: { 是否代表性成果: "很" },
      expect: ["是否代表性成果 yes_no.unknown"],
    },
    {
      name: "无 with the rest empty",
      set: {
        成果类型: "无",
        名称: "",
        本人角色: "",
        本人排名: "",
        级别: "",
        年月: "",
        发表刊物或出版社或授奖单位: "",
        编号: "",
        是否代表性成果: "",
      },
    },
    {
      name: "无 empties the rest (0-无)",
      set: {
        成果类型: "无",
        本人角色: "",
        本人排名: "",
        级别: "",
        年月: "",
        发表刊物或出版社或授奖单位: "",
        编号: "",
        是否代表性成果: "",
      },
      expect: ["名称 rule.none_value"],
    },
  ]);
});
