/**
 * The school tabs' display order (姓名, 身份证件号, 审核状态/办理状态, 校验结果 first, frozen) and
 * how a spreadsheet made in the template's order gets it: the planner moves the pinned columns,
 * plans everything else against the moved sheet, and plans nothing the second time.
 */
import { describe, expect, it } from "vitest";
import {
  type GridTab,
  isEmptyPlan,
  type Plan,
  planGrants,
  planSpreadsheet,
  type SheetSnapshot,
  type SpreadsheetLayout,
  type SpreadsheetSnapshot,
} from "../../src/core/provision/index";
import { applyPlan, freshSpreadsheet } from "./fake-sheet";
import { asPermission, layoutFor, OWNER, sections } from "./school-fixture";

const layout = layoutFor();

const permissions = [
  ...OWNER,
  ...planGrants(layout.grants, OWNER, new Map()).create.map(asPermission),
];

/** The template's order (data columns, then trailing), as provisioning laid tabs out before. */
function templateOrder(title: string): string[] {
  const section = sections.find((s) => s.title === title);
  if (section === undefined) throw new Error(`no section ${title}`);
  return [...section.columns, ...section.trailingColumns].map((c) => c.header);
}

/** The layout as it was before display order: template order, nothing pinned, no column frozen. */
const oldLayout: SpreadsheetLayout = {
  ...layout,
  tabs: layout.tabs.map((tab) => {
    if (tab.kind !== "grid" || tab.frozenColumnCount === undefined) return tab;
    const { frozenColumnCount: _, ...rest } = tab;
    const byHeader = new Map(tab.columns.map(({ pinned: __, ...c }) => [c.header, c]));
    return { ...rest, columns: templateOrder(tab.title).map((h) => byHeader.get(h)) } as GridTab;
  }),
};

const sheetOf = (s: SpreadsheetSnapshot, title: string): SheetSnapshot => {
  const sheet = s.sheets.find((x) => x.title === title);
  if (sheet === undefined) throw new Error(`no tab ${title}`);
  return sheet;
};

/** Row 2 of every grid tab filled: each cell says which header it was typed under. */
function filled(snapshot: SpreadsheetSnapshot): SpreadsheetSnapshot {
  return {
    ...snapshot,
    sheets: snapshot.sheets.map((sheet) =>
      sheet.headers.length === 0 || sheet.title === "说明"
        ? sheet
        : {
            ...sheet,
            rows: [sheet.rows[0] ?? [...sheet.headers], sheet.headers.map((h) => `值:${h}`)],
          },
    ),
  };
}

/** Header → what row 2 shows under it, and the same for notes, dropdowns and number formats. */
function byHeader(sheet: SheetSnapshot) {
  const of = <T>(list: readonly T[]) =>
    Object.fromEntries(sheet.headers.map((h, i) => [h, list[i]]));
  return {
    values: of(sheet.rows[1] ?? []),
    notes: of(sheet.notes),
    validations: of(sheet.validations),
    numberFormats: of(sheet.numberFormats),
  };
}

const made = (l: SpreadsheetLayout) =>
  applyPlan(freshSpreadsheet(), planSpreadsheet(l, freshSpreadsheet(), OWNER));

describe("a new school spreadsheet", () => {
  const plan = planSpreadsheet(layout, freshSpreadsheet(), OWNER);
  const after = applyPlan(freshSpreadsheet(), plan);

  it("shows 姓名, 身份证件号, 审核状态 and 校验结果 first in 基本信息, the rest in template order", () => {
    const basic = sheetOf(after, "基本信息");
    expect(basic.headers.slice(0, 6)).toEqual([
      "姓名",
      "身份证件号",
      "审核状态",
      "校验结果",
      "曾用名",
      "性别",
    ]);
    expect(basic.headers.slice(-5)).toEqual([
      "备注",
      "校长审核",
      "记录编号",
      "同步时间",
      "教师编号",
    ]);
    const others = templateOrder("基本信息").filter((h) => !basic.headers.slice(0, 4).includes(h));
    expect(basic.headers.slice(4)).toEqual(others);
  });

  it("shows 办理状态 and 校验结果 after the person in request tabs", () => {
    const transfer = sheetOf(after, "调动申请");
    expect(transfer.headers).toEqual([
      "姓名",
      "身份证件号",
      "办理状态",
      "校验结果",
      "调动方向",
      "对方学校代码",
      "调动日期",
      "调动原因",
      "本校确认",
      "不同意原因",
      "申请编号",
      "同步时间",
      "调档完成",
    ]);
  });

  it("freezes the header row and the four columns in every section and request tab only", () => {
    for (const section of sections) {
      const sheet = sheetOf(after, section.title);
      expect([section.title, sheet.frozenRowCount, sheet.frozenColumnCount]).toEqual([
        section.title,
        1,
        4,
      ]);
    }
    expect(sheetOf(after, "说明").frozenColumnCount).toBe(0);
    const ledger = after.sheets.at(-1);
    expect(ledger?.frozenColumnCount).toBe(0);
  });

  it("keeps the frozen block near 600 px wide", () => {
    const basic = layout.tabs.find((t) => t.title === "基本信息") as GridTab;
    const width = basic.columns.slice(0, 4).reduce((sum, c) => sum + c.width, 0);
    expect(width).toBeGreaterThan(500);
    expect(width).toBeLessThanOrEqual(640);
  });

  it("moves nothing: columns are made in place", () => {
    expect(plan.requests.filter((r) => "moveDimension" in r)).toEqual([]);
    expect(isEmptyPlan(planSpreadsheet(layout, after, permissions))).toBe(true);
  });
});

describe("a school spreadsheet made in the template's order, full of data", () => {
  const before = filled(made(oldLayout));
  const plan = planSpreadsheet(layout, before, permissions);
  const after = applyPlan(before, plan);

  it("starts in the old order, nothing frozen but the header", () => {
    expect(sheetOf(before, "基本信息").headers).toEqual(templateOrder("基本信息"));
    expect(sheetOf(before, "基本信息").frozenColumnCount).toBe(0);
  });

  it("moves 身份证件号, 审核状态 and 校验结果 (办理状态 in request tabs) and freezes, nothing else", () => {
    expect(new Set(plan.changes.map((c) => c.kind))).toEqual(new Set(["moveColumn", "freeze"]));
    const moved = (tab: string) =>
      plan.changes.filter((c) => c.kind === "moveColumn" && c.target === tab).map((c) => c.detail);
    expect(moved("基本信息")).toEqual(["身份证件号", "审核状态", "校验结果"]);
    expect(moved("学习经历")).toEqual(["审核状态", "校验结果"]);
    expect(moved("调动申请")).toEqual(["办理状态", "校验结果"]);
    expect(plan.values).toEqual([]);
    const kinds = new Set(plan.requests.map((r) => Object.keys(r)[0]));
    expect(kinds).toEqual(new Set(["moveDimension", "updateSheetProperties"]));
  });

  it("leaves every value, note, dropdown and format under its header", () => {
    for (const section of sections) {
      const was = byHeader(sheetOf(before, section.title));
      const now = byHeader(sheetOf(after, section.title));
      expect(now).toEqual(was);
      expect(sheetOf(after, section.title).headers.slice(0, 4)).toEqual(
        (layout.tabs.find((t) => t.title === section.title) as GridTab).columns
          .slice(0, 4)
          .map((c) => c.header),
      );
      expect(sheetOf(after, section.title).frozenColumnCount).toBe(4);
    }
  });

  it("plans nothing the second time", () => {
    const again = planSpreadsheet(layout, after, permissions);
    expect(again.changes).toEqual([]);
    expect(isEmptyPlan(again)).toBe(true);
  });
});

describe("a sheet whose users inserted and reordered columns of their own", () => {
  const old = filled(made(oldLayout));
  const basic = sheetOf(old, "基本信息");
  // 我的备注 typed between 姓名 and 曾用名, 性别 dragged before 姓名, another column at the end.
  const reorder = <T>(list: readonly T[], blank: T, mine: T, last: T): T[] => {
    const [name, former, sex, ...rest] = list;
    return [
      sex,
      name,
      mine,
      former,
      ...rest,
      ...Array(Math.max(0, basic.headers.length - list.length)).fill(blank),
      last,
    ] as T[];
  };
  const users: SheetSnapshot = {
    ...basic,
    headers: reorder(basic.headers, "", "我的备注", "家访记录"),
    notes: reorder(basic.notes, "", "", ""),
    validations: reorder(basic.validations, undefined, undefined, undefined),
    numberFormats: reorder(basic.numberFormats, undefined, undefined, undefined),
    rows: basic.rows.map((row, i) =>
      reorder(row, "", i === 0 ? "我的备注" : "值:我的备注", i === 0 ? "家访记录" : "值:家访记录"),
    ),
  };
  const before = { ...old, sheets: old.sheets.map((s) => (s === basic ? users : s)) };
  const plan = planSpreadsheet(layout, before, permissions);
  const after = applyPlan(before, plan);
  const moves = plan.requests.flatMap((r) => ("moveDimension" in r ? [r.moveDimension] : []));

  it("moves the pinned columns only, to the first places, past the users' columns", () => {
    const sheetId = users.sheetId;
    const here = moves.filter((m) => m.source.sheetId === sheetId);
    const header = (i: number) => users.headers[i];
    // 姓名 (from B), then 身份证件号, 审核状态, 校验结果; 性别 and 我的备注 are never a source.
    expect(here.map((m) => m.destinationIndex)).toEqual([0, 1, 2, 3]);
    expect(header(here[0]?.source.startIndex ?? -1)).toBe("姓名");
    expect(sheetOf(after, "基本信息").headers.slice(0, 8)).toEqual([
      "姓名",
      "身份证件号",
      "审核状态",
      "校验结果",
      "性别",
      "我的备注",
      "曾用名",
      "国籍/地区",
    ]);
    expect(sheetOf(after, "基本信息").headers.at(-1)).toBe("家访记录");
  });

  it("keeps the users' values under their headers and plans nothing more", () => {
    expect(byHeader(sheetOf(after, "基本信息"))).toEqual(byHeader(users));
    expect(byHeader(sheetOf(after, "基本信息")).values.我的备注).toBe("值:我的备注");
    expect(isEmptyPlan(planSpreadsheet(layout, after, permissions))).toBe(true);
  });
});

describe("later stages of the same batch", () => {
  it("refer to the columns where the moves leave them", () => {
    const old = filled(made(oldLayout));
    // A note a user overwrote on 记录编号 and on 校验结果, and 本校确认's checkbox lost: the
    // repairs must land on the columns as moved, not where they were read.
    const damage = (sheet: SheetSnapshot): SheetSnapshot => {
      const at = (h: string) => sheet.headers.indexOf(h);
      const notes = [...sheet.notes];
      const validations = [...sheet.validations];
      if (at("记录编号") >= 0) notes[at("记录编号")] = "改过";
      notes[at("校验结果")] = "改过";
      if (at("本校确认") >= 0) validations[at("本校确认")] = undefined;
      return { ...sheet, notes, validations };
    };
    const before = {
      ...old,
      sheets: old.sheets.map((s) => (s.headers.includes("校验结果") ? damage(s) : s)),
    };
    const plan: Plan = planSpreadsheet(layout, before, permissions);
    const after = applyPlan(before, plan);
    for (const title of ["基本信息", "调动申请"]) {
      const now = byHeader(sheetOf(after, title));
      expect(now.notes.校验结果).not.toBe("改过");
      expect(now.notes.校验结果).toContain("系统填写");
    }
    expect(byHeader(sheetOf(after, "基本信息")).notes.记录编号).toContain("系统填写");
    expect(byHeader(sheetOf(after, "调动申请")).validations.本校确认).toEqual({ kind: "checkbox" });
    // Per tab, the moves come before any other request.
    const sheetIdOf = (r: object) => Number(/"sheetId":(\d+)/.exec(JSON.stringify(r))?.[1] ?? -1);
    const seen = new Set<number>();
    for (const request of plan.requests) {
      if ("moveDimension" in request) expect(seen.has(sheetIdOf(request))).toBe(false);
      else seen.add(sheetIdOf(request));
    }
    expect(isEmptyPlan(planSpreadsheet(layout, after, permissions))).toBe(true);
  });

  it("write a renamed header where its column is once moved", () => {
    // The earlier request layout called 申请编号 记录编号 (trailing.json formerHeaders).
    const renamedBack: SpreadsheetLayout = {
      ...oldLayout,
      tabs: oldLayout.tabs.map((tab) =>
        tab.kind === "grid" && tab.title === "调动申请"
          ? {
              ...tab,
              columns: tab.columns.map((c) =>
                c.header === "申请编号" ? { ...c, header: "记录编号", formerHeaders: [] } : c,
              ),
            }
          : tab,
      ),
    };
    const before = filled(made(renamedBack));
    expect(sheetOf(before, "调动申请").headers).toContain("记录编号");
    const plan = planSpreadsheet(layout, before, permissions);
    const after = applyPlan(before, plan);
    const now = byHeader(sheetOf(after, "调动申请"));
    expect(sheetOf(after, "调动申请").headers).not.toContain("记录编号");
    expect(now.values.申请编号).toBe("值:记录编号");
    expect(now.values.办理状态).toBe("值:办理状态");
    expect(now.values.本校确认).toBe("值:本校确认");
    expect(isEmptyPlan(planSpreadsheet(layout, after, permissions))).toBe(true);
  });
});
