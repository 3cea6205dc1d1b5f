import { describe, expect, it } from "vitest";
import { planSpreadsheet, schoolLayout } from "../../src/core/provision/index";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { type School, templateFor } from "../../src/core/templates/index";
import { applyPlan, freshSpreadsheet } from "./fake-sheet";

const SA = "tmis-sync@tmis-sync-emulator.iam.gserviceaccount.com";
const school: School = {
  code: "4306230002",
  name: "华容县实验小学",
  category: "primary_secondary",
  schoolType: "21",
  township: "章华镇",
  systemAdmins: ["s2-admin@hrjy.example.cn"],
  infoAdmins: ["s2-info@hrjy.example.cn"],
  principals: ["s2-head@hrjy.example.cn"],
  viewers: [],
};

describe("a school spreadsheet's 学分台账", () => {
  const layout = schoolLayout({
    school,
    categoryTitle: shippedTemplates.categories.primary_secondary.title,
    sections: templateFor(shippedTemplates, "primary_secondary"),
    codeTables: shippedTemplates.codeTables,
    county: shippedCountyConfig,
    serviceAccount: SA,
  });
  const owner = [
    { id: "owner", type: "user", emailAddress: "admin@hrjy.example.cn", role: "owner" },
  ];
  const after = applyPlan(freshSpreadsheet(), planSpreadsheet(layout, freshSpreadsheet(), owner));

  it("is the last tab, its headers the ledger's columns, protected whole for the worker", () => {
    const tab = after.sheets.at(-1);
    expect(tab?.title).toBe("学分台账");
    expect(tab?.headers).toEqual([
      "教师编号",
      "姓名",
      "本年度学分",
      "本年度应修",
      "本周期学分",
      "本周期应修（至今）",
      "尚欠学分",
      "待确认学分",
      "已退回学分",
      "状态",
    ]);
    expect(tab?.protections.map((p) => [p.key, p.editors])).toEqual([
      ["header", [SA]],
      ["tab", [SA]],
    ]);
  });
});
