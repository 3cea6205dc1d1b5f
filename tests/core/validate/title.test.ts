import { describe, expect, it } from "vitest";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateSchool } from "../../../src/core/validate";
import { runCases } from "./cases";
import { edit, schoolInput, TODAY } from "./fixture";

describe("专业技术职务聘任", () => {
  runCases("专业技术职务聘任", [
    {
      name: "聘任专业技术职务 is required",
      set: { 聘任专业技术职务: "" },
      expect: ["聘任专业技术职务 field.required"],
    },
    {
      name: "聘任专业技术职务 comes from C:tech_title",
      set: { 聘任专业技术职务: "教授" },
      expect: ["聘任专业技术职务 code.unknown"],
    },
    { name: "pre-2015 names are accepted", set: { 聘任专业技术职务: "小学高级教师" } },
    {
      name: "聘任开始年月 is required unless 无",
      set: { 聘任开始年月: "" },
      expect: ["聘任开始年月 rule.required_when"],
    },
    {
      name: "无 empties the rest (0-无)",
      row: 1,
      set: { 聘任开始年月: "2015-01", 聘任单位名称: "华容县实验小学" },
      expect: ["聘任开始年月 rule.none_value", "聘任单位名称 rule.none_value"],
    },
    {
      name: "聘任结束年月 ≥ 开始",
      set: { 聘任结束年月: "2012-12" },
      expect: ["聘任结束年月 rule.order"],
    },
  ]);

  it("maps a pre-2015 name to the new code and keeps the original text", () => {
    const tabs = edit("专业技术职务聘任", 0, { 聘任专业技术职务: "中学高级教师" });
    const result = validateSchool(schoolInput(tabs), shippedTemplates, { today: TODAY });
    const record = result.tabs.find((t) => t.tab === "专业技术职务聘任")?.records[0];
    expect(record?.values.techTitle).toBe("2");
    expect(record?.raw.techTitle).toBe("中学高级教师");
  });
});
