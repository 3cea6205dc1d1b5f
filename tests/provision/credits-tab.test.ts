import { describe, expect, it } from "vitest";
import { planSpreadsheet } from "../../src/core/provision/index";
import { applyPlan, freshSpreadsheet } from "./fake-sheet";
import { layoutFor, OWNER, SA } from "./school-fixture";

describe("a school spreadsheet's 学分台账", () => {
  const layout = layoutFor();
  const owner = OWNER;
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
