/**
 * 学分确认 in the county recheck spreadsheet's layout: only the office with the training-credit
 * duty (county.json `credits`, 教师进修学校) may write its 决定 and 理由; the grant follows the
 * configuration, not a hard-coded office. The rows show the training, never an ID number.
 */
import { describe, expect, it } from "vitest";
import { recheckLayout } from "../../src/core/provision/county";
import type { GridTab } from "../../src/core/provision/layout";
import { SchoolCategory, templateFor } from "../../src/core/templates";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import type { CountyConfig } from "../../src/core/templates/county";

const SA = "worker@tmis.iam.example.com";

function confirmTab(county: CountyConfig): GridTab {
  const layout = recheckLayout({
    categories: SchoolCategory.options.map((c) => templateFor(shippedTemplates, c)),
    county,
    serviceAccount: SA,
  });
  const tab = layout.tabs.find((t) => t.title === "学分确认");
  if (tab?.kind !== "grid") throw new Error("no 学分确认 tab");
  return tab;
}

const editorsOf = (tab: GridTab, header: string) =>
  tab.columns.find((c) => c.header === header)?.protection?.editors ?? [];

describe("学分确认", () => {
  it("lets 教师进修学校's accounts alone decide, with a 确认/退回 dropdown", () => {
    const tab = confirmTab(shippedCountyConfig);
    for (const header of ["决定", "理由"])
      expect([...editorsOf(tab, header)].sort()).toEqual(
        [SA, "huangwei@hrjy.example.cn", "jinxiu@hrjy.example.cn"].sort(),
      );
    expect(editorsOf(tab, "办理状态")).toEqual([SA]);
    expect(editorsOf(tab, "培训获得学分")).toEqual([SA]);
    expect(tab.columns.find((c) => c.header === "决定")?.validation).toEqual({
      kind: "list",
      values: ["确认", "退回"],
    });
    const headers = tab.columns.map((c) => c.header);
    expect(headers).toEqual(
      expect.arrayContaining(["记录编号", "版本", "培训年度", "培训获得学时"]),
    );
    expect(headers).not.toContain("身份证件号");
  });

  it("follows the configuration: the credit duty moved to another office moves the grant", () => {
    const offices = shippedCountyConfig.offices.map((office) => ({
      ...office,
      duties:
        office.key === "leadershipOffice"
          ? [...office.duties, "credits" as const]
          : office.duties.filter((duty) => duty !== "credits"),
    }));
    const tab = confirmTab({ ...shippedCountyConfig, offices });
    expect(editorsOf(tab, "决定")).toEqual(["lingdao@hrjy.example.cn", SA]);
  });
});
