/** Reading a batchGet answer: tab titles, layouts by header text, rows, ticks, blank rows. */
import { describe, expect, it } from "vitest";
import { layoutOf } from "../../../src/core/sync/layout";
import { isTicked, sheetRowsOf, tabsOf, titleOf } from "../../../src/core/sync/read-rows";
import { templateFor } from "../../../src/core/templates";
import type { Cell } from "../../../src/core/validate";
import { templates } from "./harness";

const sections = templateFor(templates, "primary_secondary");
const education = sections.find((s) => s.key === "education");
const basic = sections.find((s) => s.key === "basic");
if (education === undefined || basic === undefined) throw new Error("templates");
const headers = [...education.columns, ...education.trailingColumns].map((c) => c.header);

describe("titleOf and tabsOf", () => {
  it("undoes the quoting of the echoed range", () => {
    expect(titleOf("'学习经历'!A1:Z9")).toBe("学习经历");
    expect(titleOf("'It''s'!A:A")).toBe("It's");
    expect(titleOf("Sheet1!A1")).toBe("Sheet1");
    expect(titleOf("Sheet1")).toBe("Sheet1");
    expect(tabsOf([{ range: "'空表'!A1:Z1000" }])).toEqual({ 空表: [] });
  });
});

describe("layoutOf", () => {
  it("finds data and trailing columns by header text, whatever their order", () => {
    const shuffled = ["备注", ...[...headers].reverse()];
    const layout = layoutOf(education, shuffled);
    expect(layout.data.get("name")).toBe(shuffled.indexOf("姓名"));
    expect(layout.trailing?.recordId).toBe(shuffled.indexOf("记录编号"));
    expect(layout.trailing?.teacherNumber).toBeNull();
  });

  it("reports missing trailing headers and offers no positions then", () => {
    const layout = layoutOf(
      education,
      headers.filter((h) => h !== "记录编号" && h !== "同步时间"),
    );
    expect(layout.trailing).toBeNull();
    expect(layout.missingTrailing).toEqual(["记录编号", "同步时间"]);
  });

  it("needs 教师编号 on 基本信息", () => {
    const basicHeaders = [...basic.columns, ...basic.trailingColumns].map((c) => c.header);
    expect(layoutOf(basic, basicHeaders).trailing?.teacherNumber).toBe(
      basicHeaders.indexOf("教师编号"),
    );
    expect(layoutOf(basic, basicHeaders.slice(0, -1)).missingTrailing).toEqual(["教师编号"]);
  });
});

describe("sheetRowsOf", () => {
  const layout = layoutOf(education, headers);
  const at = (header: string) => headers.indexOf(header);
  function rowWith(cells: Record<string, Cell>): Cell[] {
    const row: Cell[] = headers.map(() => "");
    for (const [header, value] of Object.entries(cells)) row[at(header)] = value;
    return row;
  }

  it("reads the worker cells as written and the tick as a boolean", () => {
    const rows = sheetRowsOf(layout, [
      headers,
      rowWith({
        姓名: "张伟",
        校长审核: true,
        审核状态: "待审核",
        校验结果: "a\nb",
        记录编号: " R1 ",
      }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        row: 2,
        recordId: "R1",
        approved: true,
        reviewStatus: "待审核",
        checkResult: "a\nb",
        teacherNumber: "",
        blank: false,
      }),
    ]);
  });

  it("skips blank rows but keeps a blank row that still has an id", () => {
    const rows = sheetRowsOf(layout, [
      headers,
      undefined,
      rowWith({ 审核状态: "待审核" }),
      rowWith({ 记录编号: "R9", 审核状态: "待审核" }),
    ]);
    expect(rows.map((r) => [r.row, r.recordId, r.blank])).toEqual([[4, "R9", true]]);
  });

  it("counts only TRUE as a tick", () => {
    expect([true, "TRUE", "true", " TRUE "].map(isTicked)).toEqual([true, true, true, true]);
    expect([false, "FALSE", "是", 1, "", null, undefined].map(isTicked)).toEqual(
      Array(7).fill(false),
    );
  });
});
