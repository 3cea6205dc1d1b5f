import { describe, expect, it } from "vitest";
import { readDecisions } from "../../../src/core/recheck/decisions";

const header = ["学校代码", "记录编号", "姓名", "复核通过", "退回", "退回原因", "复核状态"];

describe("readDecisions on a recheck tab", () => {
  it("reads a confirmation and a return with its reason", () => {
    const read = readDecisions("recheck", [
      header,
      ["4306230001", "R1", "李晓燕", true, false, "", "待复核"],
      ["4306230001", "R2", "王建国", false, "TRUE", "出生日期与档案不符", "待复核"],
      ["4306230001", "R3", "刘芳", false, false, "", "待复核"],
    ]);
    expect(read.decisions).toEqual([
      { row: 2, recordId: "R1", decision: { outcome: "accepted" } },
      { row: 3, recordId: "R2", decision: { outcome: "rejected", reason: "出生日期与档案不符" } },
    ]);
    expect(read.problems).toEqual([]);
  });

  it("refuses both boxes ticked, and a return without a reason", () => {
    const read = readDecisions("recheck", [
      header,
      ["4306230001", "R1", "李晓燕", true, true, "x", ""],
      ["4306230001", "R2", "王建国", false, true, "  ", ""],
    ]);
    expect(read.decisions).toEqual([]);
    expect(read.problems.map((p) => [p.row, p.message])).toEqual([
      [2, "「复核通过」和「退回」只能勾选一个"],
      [3, "勾选「退回」时请填写「退回原因」"],
    ]);
  });

  it("takes a reason without control or bidi characters", () => {
    const read = readDecisions("recheck", [
      header,
      [
        "4306230001",
        "R2",
        "王建国",
        false,
        true,
        "\u202e出生日期\u0007与档案不符\u2069 ",
        "待复核",
      ],
    ]);
    expect(read.decisions).toEqual([
      { row: 2, recordId: "R2", decision: { outcome: "rejected", reason: "出生日期与档案不符" } },
    ]);
  });

  it("ignores rows already handled and rows without a record id", () => {
    const read = readDecisions("recheck", [
      header,
      ["4306230001", "R1", "李晓燕", true, false, "", "已通过"],
      ["4306230001", "", "王建国", true, false, "", ""],
    ]);
    expect(read.decisions).toEqual([]);
  });

  it("finds columns by header text wherever they are", () => {
    const moved = ["退回原因", "复核状态", "记录编号", "退回", "复核通过"];
    const read = readDecisions("change", [
      ["驳回原因", "复核状态", "记录编号", "驳回", "批准"],
      ["不符合", "", "R9", true, false],
    ]);
    expect(read.decisions).toEqual([
      { row: 2, recordId: "R9", decision: { outcome: "rejected", reason: "不符合" } },
    ]);
    expect(readDecisions("recheck", [moved, ["", "", "R1", false, true]]).decisions).toEqual([
      { row: 2, recordId: "R1", decision: { outcome: "accepted" } },
    ]);
  });

  it("reports missing headers instead of guessing", () => {
    expect(readDecisions("recheck", [["记录编号", "复核通过"]]).missingHeaders).toEqual([
      "复核状态",
      "退回",
      "退回原因",
    ]);
    expect(readDecisions("change", []).missingHeaders).toHaveLength(5);
  });

  it("never throws on odd cells", () => {
    const odd = [null, undefined, 0, -1, Number.NaN, "=1+1", "  TRUE ", true, false, "😀"];
    for (const a of odd)
      for (const b of odd) {
        expect(() => readDecisions("recheck", [header, ["x", a, "y", b, a, b, a]])).not.toThrow();
      }
  });
});
