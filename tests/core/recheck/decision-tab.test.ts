/**
 * The decision-row reader both county decision tabs use (人事股's approval tabs, 教师进修学校's
 * 学分确认): 决定 read as an action, 理由 only for the action that turns something down, and a
 * missing 理由 marked, never guessed.
 */
import { describe, expect, it } from "vitest";
import { decisionTab, rowsByKey } from "../../../src/core/recheck/decision-tab";
import type { ValueWrite } from "../../../src/core/recheck/sheet";
import { countyTabsOf } from "../../../src/core/recheck/sheet";

const TAB = decisionTab<"confirm" | "refuse">({
  decision: "决定",
  reason: "理由",
  status: "办理状态",
  syncTime: "同步时间",
  values: { confirm: "确认", refuse: "不同意" },
  needsReason: "refuse",
  workerHeaders: ["编号", "决定", "理由", "办理状态"],
});

const tab = countyTabsOf([
  {
    range: "'审批'!A1:E7",
    values: [
      ["编号", "决定", "理由", "办理状态", "同步时间"],
      ["A1", "确认", "不必写", "待决定", ""],
      ["A2", "", "有理由没决定", "待决定", ""],
      ["A3", "不同意", "编制已满", "待决定", ""],
      ["A4", "不同意", "", "待决定", ""],
      ["A5", "同意吧", "", "待决定", ""],
      ["A1", "不同意", "重复的行", "已确认", ""],
    ],
  },
]).get("审批");

describe("a decision tab's rows", () => {
  it("reads each row with a 决定: the action, the 理由 it needs, or what is wrong", () => {
    if (tab === undefined) throw new Error("no tab");
    const rows = TAB.rows(tab).map(({ row, action, reason, reasonMissing }) => ({
      row,
      action,
      reason,
      reasonMissing,
    }));
    expect(rows).toEqual([
      { row: 2, action: "confirm", reason: "", reasonMissing: false },
      { row: 4, action: "refuse", reason: "编制已满", reasonMissing: false },
      { row: 5, action: "refuse", reason: "", reasonMissing: true },
      { row: 6, action: undefined, reason: "", reasonMissing: false },
      { row: 7, action: "refuse", reason: "重复的行", reasonMissing: false },
    ]);
  });
});

describe("the tab's rows and statuses", () => {
  it("finds the first row of a key, and writes a status only where it changes", () => {
    if (tab === undefined) throw new Error("no tab");
    const rowOf = rowsByKey(tab, (cells) => String(cells[0] ?? ""));
    expect(rowOf.get("A1")).toBe(2);
    expect(rowOf.get("A5")).toBe(6);
    const writes: ValueWrite[] = [];
    const status = TAB.statusSetter(tab, "12-07 20:00", writes);
    status(2, "待决定");
    expect(writes).toEqual([]);
    status(2, "已确认");
    expect(writes).toEqual([
      { range: "'审批'!A2", values: [[null, null, null, "已确认", "12-07 20:00"]] },
    ]);
    expect(TAB.usable(tab)).toBe(true);
    expect(TAB.usable({ ...tab, headers: tab.headers.filter((h) => h !== "理由") })).toBe(false);
  });
});
