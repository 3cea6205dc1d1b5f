/**
 * Required columns marked and status columns coloured, in the planner: what the layout says
 * (from the template data), what a fresh spreadsheet gets, and what a re-run does to a
 * spreadsheet made before, drifted by hand, or carrying a user's own conditional rule.
 */
import { describe, expect, it } from "vitest";
import { STATE_LABELS } from "../../src/core/business/states";
import { rgb } from "../../src/core/provision/colours";
import { MARK_COLOURS } from "../../src/core/provision/header-marks";
import {
  type GridTab,
  isEmptyPlan,
  planGrants,
  planSpreadsheet,
  type SheetSnapshot,
  type SpreadsheetLayout,
  type SpreadsheetSnapshot,
} from "../../src/core/provision/index";
import type { ConditionalRuleSnapshot } from "../../src/core/provision/snapshot";
import { TONE_COLOURS } from "../../src/core/provision/status-colours";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "../../src/core/review/states";
import { NOT_A_REQUEST } from "../../src/core/sync/business-rows";
import { applyPlan, freshSpreadsheet } from "./fake-sheet";
import { layoutFor, OWNER, sections } from "./school-fixture";
import { templateHeaders } from "./template-order";

const layout = layoutFor();

const permissions = [
  ...OWNER,
  ...planGrants(layout.grants, OWNER, new Map()).create.map((g) => ({
    id: g.email,
    type: "user",
    emailAddress: g.email,
    role: g.role,
  })),
];

function grid(title: string, l: SpreadsheetLayout = layout): GridTab {
  const tab = l.tabs.find((t) => t.title === title);
  if (tab?.kind !== "grid") throw new Error(`no grid tab ${title}`);
  return tab;
}

const provisioned = (l: SpreadsheetLayout = layout) =>
  applyPlan(freshSpreadsheet(), planSpreadsheet(l, freshSpreadsheet(), OWNER));

function sheetOf(snapshot: SpreadsheetSnapshot, title: string): SheetSnapshot {
  const sheet = snapshot.sheets.find((s) => s.title === title);
  if (!sheet) throw new Error(`no tab ${title}`);
  return sheet;
}

/** The snapshot with one tab changed as a person (or an older version) left it. */
function edited(
  snapshot: SpreadsheetSnapshot,
  title: string,
  change: (sheet: SheetSnapshot) => Partial<SheetSnapshot>,
): SpreadsheetSnapshot {
  return {
    ...snapshot,
    sheets: snapshot.sheets.map((s) => (s.title === title ? { ...s, ...change(s) } : s)),
  };
}

const column = (sheet: SheetSnapshot, header: string) => sheet.headers.indexOf(header);

describe("the layout marks required columns from the template data", () => {
  it("gives every required column a red header and 「必填。」 before its note, header text unchanged", () => {
    for (const section of sections) {
      const tab = grid(section.title);
      for (const templateColumn of section.columns.filter((c) => c.required)) {
        const laid = tab.columns.find((c) => c.header === templateColumn.header);
        expect(laid?.note).toBe(`必填。${templateColumn.note}`);
        expect(laid?.headerColour).toEqual(MARK_COLOURS.required);
      }
      expect(tab.columns.map((c) => c.header).sort()).toEqual(templateHeaders(section).sort());
    }
  });

  it("states the condition of a conditionally required column in the sheet's words, orange", () => {
    const basic = grid("基本信息");
    const ethnicity = basic.columns.find((c) => c.header === "民族");
    expect(ethnicity?.note).toBe(
      "条件必填：「国籍/地区」为“中国”时须填写。国籍为中国时必填，如汉族",
    );
    expect(ethnicity?.headerColour).toEqual(MARK_COLOURS.conditional);
    const destination = grid("在职情况变动").columns.find((c) => c.header === "去向县（市、区）");
    expect(destination?.note).toMatch(/^条件必填：「变动类型」为“[^”]*调出县外[^”]*”时须填写。/);
  });

  it("marks exactly the columns the templates require, and no trailing column", () => {
    for (const section of sections) {
      const conditional = new Set(
        section.rules.flatMap((r) => (r.rule === "required_when" ? [r.column] : [])),
      );
      const byHeader = new Map(grid(section.title).columns.map((c) => [c.header, c]));
      for (const templateColumn of section.columns) {
        const expected = templateColumn.required
          ? MARK_COLOURS.required
          : conditional.has(templateColumn.key)
            ? MARK_COLOURS.conditional
            : undefined;
        expect(byHeader.get(templateColumn.header)?.headerColour).toEqual(expected);
        if (expected === undefined)
          expect(byHeader.get(templateColumn.header)?.note).toBe(templateColumn.note);
      }
      for (const trailing of section.trailingColumns)
        expect(byHeader.get(trailing.header)?.headerColour).toBeUndefined();
    }
  });

  it("explains the header colours and every status colour in the guide", () => {
    const guide = layout.tabs[0];
    if (guide?.kind !== "guide") throw new Error("no guide");
    const text = guide.lines.map((line) => line.join("：")).join("\n");
    expect(text).toContain("红字表头的列必填");
    expect(text).toContain("橙字表头");
    const colourLines = guide.lines.filter(([label]) => label.endsWith("底"));
    expect(colourLines.map(([label]) => label)).toEqual([
      "浅红底",
      "浅黄底",
      "浅蓝底",
      "浅绿底",
      "浅灰底",
    ]);
    const listed = colourLines.map(([, line]) => line).join("；");
    for (const state of REVIEW_STATES) expect(listed).toContain(REVIEW_STATE_LABELS[state]);
    for (const label of Object.values(STATE_LABELS)) expect(listed).toContain(label);
    expect(colourLines[0]?.[1]).toBe("本校要修改：审核状态 待完善、已退回；办理状态 待完善");
  });
});

describe("a new spreadsheet", () => {
  const after = provisioned();

  it("gets red and orange header text, black elsewhere, within the one batch", () => {
    const basic = sheetOf(after, "基本信息");
    expect(basic.headerColours[column(basic, "姓名")]).toEqual({ red: 0.8 });
    expect(basic.headerColours[column(basic, "民族")]).toEqual(
      expect.objectContaining({ red: MARK_COLOURS.conditional.red }),
    );
    expect(basic.headerColours[column(basic, "曾用名")]).toBeUndefined();
    expect(basic.headerColours[column(basic, "审核状态")]).toBeUndefined();
  });

  it("colours 审核状态 from row 2 by state: one TEXT_EQ rule per label the worker writes", () => {
    const basic = sheetOf(after, "基本信息");
    const at = column(basic, "审核状态");
    const rules = basic.conditionalFormats;
    expect(rules.map((r) => r.values[0])).toEqual(REVIEW_STATES.map((s) => REVIEW_STATE_LABELS[s]));
    for (const rule of rules) {
      expect(rule.type).toBe("TEXT_EQ");
      expect(rule.ranges).toEqual([
        { startRowIndex: 1, startColumnIndex: at, endColumnIndex: at + 1 },
      ]);
    }
    const colourOf = (label: string) => rules.find((r) => r.values[0] === label)?.background;
    expect(colourOf("待完善")).toEqual(sparse(TONE_COLOURS.fix));
    expect(colourOf("已退回")).toEqual(sparse(TONE_COLOURS.fix));
    expect(colourOf("待审核")).toEqual(sparse(TONE_COLOURS.principal));
    expect(colourOf("已审核待复核")).toEqual(sparse(TONE_COLOURS.county));
    expect(colourOf("已生效")).toEqual(sparse(TONE_COLOURS.done));
  });

  it("colours 办理状态 of every request tab, 待完善 included", () => {
    for (const section of sections.filter((s) => s.kind === "request")) {
      const sheet = sheetOf(after, section.title);
      const at = column(sheet, "办理状态");
      expect(sheet.conditionalFormats.map((r) => r.values[0])).toEqual([
        NOT_A_REQUEST,
        ...Object.values(STATE_LABELS),
      ]);
      expect(sheet.conditionalFormats.every((r) => r.ranges[0]?.startColumnIndex === at)).toBe(
        true,
      );
    }
  });

  it("is left alone by a re-run", () => {
    expect(isEmptyPlan(planSpreadsheet(layout, after, permissions))).toBe(true);
  });
});

/** A layout as before this change: no marks, no state colours, plain template notes. */
function unmarked(l: SpreadsheetLayout): SpreadsheetLayout {
  const templateNotes = new Map(
    sections.flatMap((s) => s.columns.map((c) => [`${s.title}\u0000${c.header}`, c.note])),
  );
  return {
    ...l,
    tabs: l.tabs.map((tab) =>
      tab.kind !== "grid"
        ? tab
        : {
            ...tab,
            columns: tab.columns.map(({ headerColour: _, stateColours: __, ...c }) => ({
              ...c,
              note: templateNotes.get(`${tab.title}\u0000${c.header}`) ?? c.note,
            })),
          },
    ),
  };
}

describe("a spreadsheet provisioned before the marks", () => {
  const before = provisioned(unmarked(layout));
  const plan = planSpreadsheet(layout, before, permissions);

  it("gets the notes, header colours and status colours, adding no column and writing no value", () => {
    const kinds = new Set(plan.changes.map((c) => c.kind));
    expect(kinds).toEqual(new Set(["setNote", "markHeader", "colourStates"]));
    expect(plan.changes).toContainEqual({ kind: "markHeader", target: "基本信息", detail: "姓名" });
    expect(plan.changes).toContainEqual({
      kind: "colourStates",
      target: "调动申请",
      detail: "办理状态",
    });
    expect(plan.values).toEqual([]);
    // One header request per tab, whatever the number of marked columns.
    const headerRequests = plan.requests.filter(
      (r) => "updateCells" in r && r.updateCells.fields.includes("foregroundColor"),
    );
    expect(headerRequests).toHaveLength(sections.length);
  });

  it("is done after one application", () => {
    expect(isEmptyPlan(planSpreadsheet(layout, applyPlan(before, plan), permissions))).toBe(true);
  });
});

describe("a header colour changed by hand", () => {
  const after = provisioned();
  const basic = sheetOf(after, "基本信息");
  const name = column(basic, "姓名");
  const alias = column(basic, "曾用名");
  const drifted = edited(after, "基本信息", (s) => {
    const colours = [...s.headerColours];
    colours[name] = undefined;
    colours[alias] = { red: 0.8 };
    return { headerColours: colours };
  });
  const plan = planSpreadsheet(layout, drifted, permissions);

  it("is restored: red back on the required column, black on the optional one", () => {
    expect(plan.changes).toEqual([
      { kind: "markHeader", target: "基本信息", detail: "姓名" },
      { kind: "markHeader", target: "基本信息", detail: "曾用名" },
    ]);
    expect(plan.requests).toHaveLength(1);
    const restored = sheetOf(applyPlan(drifted, plan), "基本信息");
    expect(restored.headerColours[name]).toEqual({ red: 0.8 });
    expect(restored.headerColours[alias]).toBeUndefined();
    expect(restored.headerColours).toEqual(basic.headerColours);
  });

  it("reads black written out ({}, or zeros) as no colour: nothing to do", () => {
    const black = edited(after, "基本信息", (s) => {
      const colours = [...s.headerColours];
      colours[alias] = {};
      colours[column(s, "审核状态")] = { red: 0, green: 0, blue: 0 };
      return { headerColours: colours };
    });
    expect(isEmptyPlan(planSpreadsheet(layout, black, permissions))).toBe(true);
  });
});

/** A rule as a person adds it in Sheets' sidebar. */
const userRule = (r: Partial<ConditionalRuleSnapshot>): ConditionalRuleSnapshot => ({
  ranges: [],
  type: "TEXT_EQ",
  values: ["待完善"],
  background: { red: 1 },
  otherFormat: false,
  ...r,
});

describe("conditional rules", () => {
  const after = provisioned();
  const basic = sheetOf(after, "基本信息");
  const at = column(basic, "审核状态");
  const theirs = [
    // Same label, but over the whole row: the school's own highlight.
    userRule({ ranges: [{ startRowIndex: 1 }] }),
    // Same column, another condition.
    userRule({
      ranges: [{ startRowIndex: 1, startColumnIndex: at, endColumnIndex: at + 1 }],
      type: "TEXT_CONTAINS",
      values: ["退回"],
    }),
    // Same column and label, from row 3 only.
    userRule({ ranges: [{ startRowIndex: 2, startColumnIndex: at, endColumnIndex: at + 1 }] }),
  ];

  it("of a user are never touched: with them around, a matching tab plans nothing", () => {
    const withTheirs = edited(after, "基本信息", (s) => ({
      conditionalFormats: [theirs[0], ...s.conditionalFormats, ...theirs.slice(1)].filter(
        (r): r is ConditionalRuleSnapshot => r !== undefined,
      ),
    }));
    expect(isEmptyPlan(planSpreadsheet(layout, withTheirs, permissions))).toBe(true);
  });

  it("of the planner are replaced when one drifted, and only they: the user's stay in order", () => {
    const drifted = edited(after, "基本信息", (s) => ({
      conditionalFormats: [
        theirs[0],
        ...s.conditionalFormats.map((r) =>
          r.values[0] === "待完善" ? { ...r, background: sparse(rgb("#ff0000")) } : r,
        ),
        ...theirs.slice(1),
      ].filter((r): r is ConditionalRuleSnapshot => r !== undefined),
    }));
    const plan = planSpreadsheet(layout, drifted, permissions);
    expect(plan.changes).toEqual([
      { kind: "colourStates", target: "基本信息", detail: "审核状态" },
    ]);
    const deleted = plan.requests.flatMap((r) =>
      "deleteConditionalFormatRule" in r ? [r.deleteConditionalFormatRule.index] : [],
    );
    // The planner's seven rules sit at 1..7 behind the user's first; deleted from the last.
    expect(deleted).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const fixed = sheetOf(applyPlan(drifted, plan), "基本信息").conditionalFormats;
    expect(fixed.filter((r) => theirs.includes(r))).toEqual(theirs);
    expect(fixed.filter((r) => !theirs.includes(r))).toEqual(basic.conditionalFormats);
    expect(isEmptyPlan(planSpreadsheet(layout, applyPlan(drifted, plan), permissions))).toBe(true);
  });

  it("are completed when one was deleted, and deduplicated when one was copied", () => {
    for (const rules of [
      basic.conditionalFormats.slice(1),
      [...basic.conditionalFormats, basic.conditionalFormats[0] as ConditionalRuleSnapshot],
    ]) {
      const drifted = edited(after, "基本信息", () => ({ conditionalFormats: rules }));
      const plan = planSpreadsheet(layout, drifted, permissions);
      expect(plan.changes).toEqual([
        { kind: "colourStates", target: "基本信息", detail: "审核状态" },
      ]);
      const fixed = sheetOf(applyPlan(drifted, plan), "基本信息").conditionalFormats;
      expect(fixed).toEqual(basic.conditionalFormats);
    }
  });

  it("follow the grid when it grew past a rule Sheets stored with an end row", () => {
    const bounded = edited(after, "基本信息", (s) => ({
      conditionalFormats: s.conditionalFormats.map((r) => ({
        ...r,
        ranges: r.ranges.map((range) => ({ ...range, endRowIndex: 1000 })),
      })),
    }));
    expect(isEmptyPlan(planSpreadsheet(layout, bounded, permissions))).toBe(true);
    const grown = edited(bounded, "基本信息", () => ({ rowCount: 1500 }));
    const plan = planSpreadsheet(layout, grown, permissions);
    expect(plan.changes.map((c) => c.kind)).toContain("colourStates");
  });

  it("move with the status column when the planner pins it: nothing to replace", () => {
    // Provisioned in template order (before pinning), with the colours at the last columns.
    const templateOrder: SpreadsheetLayout = {
      ...layout,
      tabs: layout.tabs.map((tab) => {
        const section = sections.find((s) => s.title === tab.title);
        if (tab.kind !== "grid" || section === undefined) return tab;
        const { frozenColumnCount: _, ...rest } = tab;
        const byHeader = new Map(tab.columns.map((c) => [c.header, c]));
        return {
          ...rest,
          columns: templateHeaders(section).map((header) => {
            const laid = byHeader.get(header);
            if (laid === undefined) throw new Error(`no column ${header}`);
            const { pinned: __, ...column } = laid;
            return column;
          }),
        };
      }),
    };
    const before = provisioned(templateOrder);
    const old = sheetOf(before, "基本信息");
    expect(old.conditionalFormats[0]?.ranges[0]?.startColumnIndex).toBe(column(old, "审核状态"));
    const plan = planSpreadsheet(layout, before, permissions);
    expect(plan.changes.map((c) => c.kind)).toContain("moveColumn");
    expect(plan.changes.map((c) => c.kind)).not.toContain("colourStates");
    expect(plan.changes.map((c) => c.kind)).not.toContain("markHeader");
    const moved = applyPlan(before, plan);
    const basic = sheetOf(moved, "基本信息");
    expect(column(basic, "审核状态")).toBeLessThan(column(old, "审核状态"));
    for (const rule of basic.conditionalFormats)
      expect(rule.ranges[0]?.startColumnIndex).toBe(column(basic, "审核状态"));
    expect(basic.headerColours[column(basic, "姓名")]).toEqual({ red: 0.8 });
    expect(isEmptyPlan(planSpreadsheet(layout, moved, permissions))).toBe(true);
  });
});

function sparse(colour: { red: number; green: number; blue: number }) {
  return Object.fromEntries(Object.entries(colour).filter(([, value]) => value !== 0));
}
