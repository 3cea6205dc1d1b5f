import { describe, expect, it } from "vitest";
import {
  accountsLayout,
  type GridTab,
  isEmptyPlan,
  planGrants,
  planSpreadsheet,
  type SpreadsheetLayout,
} from "../../src/core/provision/index";
import { describeProtection, protectionKey } from "../../src/core/provision/snapshot";
import { REVIEW_STATE_LABELS, REVIEW_STATES } from "../../src/core/review/states";
import { applyPlan, freshSpreadsheet } from "./fake-sheet";
import { asPermission, layoutFor, OWNER, SA, school } from "./school-fixture";

function provisioned(layout = layoutFor()) {
  const snapshot = applyPlan(
    freshSpreadsheet(),
    planSpreadsheet(layout, freshSpreadsheet(), OWNER),
  );
  const permissions = [
    ...OWNER,
    ...planGrants(layout.grants, OWNER, new Map()).create.map(asPermission),
  ];
  return { snapshot, permissions };
}

function gridTab(layout: SpreadsheetLayout, title: string): GridTab {
  const tab = layout.tabs.find((t) => t.title === title);
  if (tab?.kind !== "grid") throw new Error(`no grid tab ${title}`);
  return tab;
}

describe("planning a new spreadsheet", () => {
  const layout = layoutFor();
  const plan = planSpreadsheet(layout, freshSpreadsheet(), OWNER);
  const after = applyPlan(freshSpreadsheet(), plan);

  it("names it and makes every tab, turning the default tab into 说明", () => {
    expect(after.title).toBe("华容县实验小学（4306230002）教师信息采集");
    expect(after.sheets.map((s) => s.title)).toEqual(layout.tabs.map((t) => t.title));
    expect(after.sheets[0]).toMatchObject({ sheetId: 0, title: "说明" });
    expect(after.sheets.map((s) => s.title)).toContain("基本信息");
    expect(after.sheets.map((s) => s.title)).toContain("调动申请");
  });

  it("writes the person and status columns first, frozen, then the template's order", () => {
    const basic = after.sheets.find((s) => s.title === "基本信息");
    expect(basic?.headers.slice(0, 6)).toEqual([
      "姓名",
      "身份证件号",
      "审核状态",
      "校验结果",
      "曾用名",
      "性别",
    ]);
    expect(basic?.headers.slice(-4)).toEqual(["校长审核", "记录编号", "同步时间", "教师编号"]);
    expect(basic?.frozenRowCount).toBe(1);
    expect(basic?.frozenColumnCount).toBe(4);
    expect(basic?.headers.length).toBeGreaterThan(26);
  });

  it("puts dropdowns on code columns, a checkbox on 校长审核 and notes on headers", () => {
    const basic = after.sheets.find((s) => s.title === "基本信息");
    const at = (header: string) => basic?.headers.indexOf(header) ?? -1;
    expect(basic?.validations[at("性别")]).toEqual({
      kind: "list",
      values: ["男", "女", "未知的性别", "未说明的性别"],
    });
    expect(basic?.validations[at("是否在编")]).toEqual({ kind: "list", values: ["是", "否"] });
    expect(basic?.validations[at("校长审核")]).toEqual({ kind: "checkbox" });
    expect(basic?.validations[at("姓名")]).toBeUndefined();
    expect(basic?.notes[at("校长审核")]).toContain("校长");
  });

  it("formats long-number columns as plain text from row 2, on every tab", () => {
    const formats = (title: string) => {
      const sheet = after.sheets.find((s) => s.title === title);
      return (header: string) => sheet?.numberFormats[sheet.headers.indexOf(header)];
    };
    expect(formats("基本信息")("身份证件号")).toBe("TEXT");
    expect(formats("基本信息")("姓名")).toBeUndefined();
    expect(formats("基本信息")("出生日期")).toBeUndefined();
    expect(formats("教师资格")("教师资格证号码")).toBe("TEXT");
    expect(formats("技能及证书")("证书编号")).toBe("TEXT");
    expect(formats("联系方式")("邮政编码")).toBe("TEXT");
    expect(formats("调动申请")("身份证件号")).toBe("TEXT");
    const textRequests = plan.requests.filter(
      (r) => "repeatCell" in r && r.repeatCell.fields === "userEnteredFormat.numberFormat",
    );
    for (const request of textRequests)
      expect(request).toMatchObject({
        repeatCell: {
          range: { startRowIndex: 1, endRowIndex: 1000 },
          cell: { userEnteredFormat: { numberFormat: { type: "TEXT", pattern: "@" } } },
        },
      });
  });

  it("protects the header row, the worker's columns and the approval column", () => {
    const education = after.sheets.find((s) => s.title === "学习经历");
    const byKey = new Map(education?.protections.map((p) => [p.key, p.editors]));
    expect(byKey.get("header")).toEqual([SA]);
    expect(byKey.get("column:审核状态")).toEqual([SA]);
    expect(byKey.get("column:记录编号")).toEqual([SA]);
    expect(byKey.get("column:校长审核")).toEqual(["s2-head@hrjy.example.cn", SA]);
    expect(byKey.has("column:获得学历")).toBe(false);
  });

  it("has no 账号 tab: the guide sends the system admin to the account spreadsheet", () => {
    expect(after.sheets.map((s) => s.title)).not.toContain("账号");
    const guide = after.sheets[0]?.rows.map((row) => row.join("：")).join("\n") ?? "";
    expect(guide).toContain("「华容县实验小学 教师账号」表格");
    expect(guide).toContain("只有系统管理员能打开");
    expect(guide).toContain("编号待分配");
  });

  it("shares by role: viewers read, everyone else writes", () => {
    expect(plan.grants.create).toEqual([
      { email: "s2-admin@hrjy.example.cn", role: "writer" },
      { email: "s2-info@hrjy.example.cn", role: "writer" },
      { email: "s2-head@hrjy.example.cn", role: "writer" },
      { email: SA, role: "writer" },
      { email: "s2-view@hrjy.example.cn", role: "reader" },
    ]);
  });

  it("writes the guide with the school and the deadlines", () => {
    const guide = after.sheets[0]?.rows.map((row) => row.join("：")).join("\n") ?? "";
    expect(guide).toContain("华容县实验小学（学校代码 4306230002）");
    expect(guide).toContain("2017-03-10");
    expect(guide).toContain("已审核待复核");
  });

  it("names in the guide and the 审核状态 notes exactly the states the worker writes", () => {
    const guideRows = after.sheets[0]?.rows ?? [];
    const heading = guideRows.findIndex((row) => row[0] === "审核状态");
    const next = guideRows.findIndex((row, i) => i > heading && row[1] === "");
    const named = guideRows.slice(heading + 1, next).map((row) => row[0]);
    const written = REVIEW_STATES.map((state) => REVIEW_STATE_LABELS[state]);
    expect(named).toEqual(written);
    const notes = layout.tabs.flatMap((tab) =>
      tab.kind === "grid" ? tab.columns.filter((c) => c.header === "审核状态") : [],
    );
    expect(notes.length).toBeGreaterThan(0);
    for (const column of notes) expect(column.note).toBe(`系统填写：${written.join("/")}`);
  });

  it("never deletes, clears, inserts or moves anything", () => {
    const kinds = new Set(plan.requests.flatMap((r) => Object.keys(r)));
    for (const kind of kinds) expect(kind).not.toMatch(/^(delete|clear|insert|move|sort)/);
  });
});

describe("planning an up-to-date spreadsheet", () => {
  it("plans nothing", () => {
    const { snapshot, permissions } = provisioned();
    const plan = planSpreadsheet(layoutFor(), snapshot, permissions);
    expect(plan.changes).toEqual([]);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it("plans nothing when users moved columns and added their own", () => {
    const { snapshot, permissions } = provisioned();
    const moved = {
      ...snapshot,
      sheets: snapshot.sheets.map((sheet) => {
        if (sheet.title !== "工作经历") return sheet;
        // Two data columns after the frozen four swapped (pinned ones would be moved back).
        const order = (values: readonly unknown[]) => [
          ...values.slice(0, 4),
          values[5],
          values[4],
          ...values.slice(6),
        ];
        return {
          ...sheet,
          headers: [...(order(sheet.headers) as string[]), "我的备注"],
          notes: [...(order(sheet.notes) as string[]), ""],
          validations: order(sheet.validations) as typeof sheet.validations,
          numberFormats: order(sheet.numberFormats) as typeof sheet.numberFormats,
        };
      }),
    };
    expect(isEmptyPlan(planSpreadsheet(layoutFor(), moved, permissions))).toBe(true);
  });
});

describe("the account spreadsheet", () => {
  const layout = accountsLayout({ school, serviceAccount: SA });
  const plan = planSpreadsheet(layout, freshSpreadsheet(), OWNER);
  const after = applyPlan(freshSpreadsheet(), plan);

  it("is named after the school and opens on 账号, protected whole but for the 重置密码 boxes", () => {
    expect(after.title).toBe("华容县实验小学 教师账号");
    expect(after.sheets.map((s) => s.title)).toEqual(["账号", "说明"]);
    const accounts = after.sheets[0];
    expect(accounts?.headers).toEqual([
      "教师编号",
      "姓名",
      "初始密码",
      "发放时间",
      "状态",
      "重置密码",
    ]);
    expect(accounts?.frozenRowCount).toBe(1);
    expect(accounts?.validations[5]).toEqual({ kind: "checkbox" });
    expect(accounts?.protections.map((p) => [p.key, p.editors, p.holes])).toEqual([
      ["header", [SA], []],
      // Column F below the header: left to its own protection (the system admins and the worker).
      ["tab", [SA], ["1:/5:6"]],
      ["column:重置密码", ["s2-admin@hrjy.example.cn", SA], []],
    ]);
  });

  it("opens the 重置密码 boxes of an account spreadsheet provisioned before them, and only once", () => {
    const old = accountsLayout({ school, serviceAccount: SA });
    const before = {
      ...old,
      tabs: old.tabs.map((tab) =>
        tab.kind === "grid"
          ? {
              ...tab,
              columns: tab.columns.slice(0, 5),
              protection: { key: "tab", label: "账号：仅系统填写", editors: [SA] },
            }
          : tab,
      ),
    };
    const made = applyPlan(freshSpreadsheet(), planSpreadsheet(before, freshSpreadsheet(), OWNER));
    const upgrade = planSpreadsheet(layout, made, OWNER);
    expect(upgrade.changes.map((c) => [c.kind, c.detail])).toEqual(
      expect.arrayContaining([
        ["addColumn", "重置密码"],
        ["openColumns", "账号：仅系统填写"],
        ["protect", "「重置密码」列：仅学校系统管理员可勾选"],
      ]),
    );
    const upgraded = applyPlan(made, upgrade);
    expect(upgraded.sheets[0]?.protections.find((p) => p.key === "tab")?.holes).toEqual(["1:/5:6"]);
    const shared = [...OWNER, ...upgrade.grants.create.map(asPermission)];
    expect(planSpreadsheet(layout, upgraded, shared).changes).toEqual([]);
  });

  it("is shared with the system admins (to tick 重置密码) and the service account, nobody else", () => {
    expect(plan.grants.create).toEqual([
      { email: "s2-admin@hrjy.example.cn", role: "writer" },
      { email: SA, role: "writer" },
    ]);
    for (const other of [...school.infoAdmins, ...school.principals, ...school.viewers])
      expect(plan.grants.create.map((g) => g.email)).not.toContain(other);
  });
});

describe("planning a spreadsheet provisioned with the old 账号 tab", () => {
  const full = layoutFor();
  const { snapshot, permissions } = provisioned(full);
  // The old layout's tab, with a password in it that every role of the school could read.
  const old = {
    ...(snapshot.sheets[1] as (typeof snapshot.sheets)[number]),
    sheetId: 999,
    title: "账号",
    headers: ["教师编号", "姓名", "初始密码", "发放时间", "状态"],
    rows: [
      ["教师编号", "姓名", "初始密码"],
      ["430623000001", "张伟", "Abc2345xyz"],
    ],
    protections: [],
  };
  const withOld = { ...snapshot, sheets: [snapshot.sheets[0], old, ...snapshot.sheets.slice(1)] };
  const plan = planSpreadsheet(full, withOld as typeof snapshot, permissions);

  it("deletes that tab and nothing else", () => {
    expect(plan.changes).toEqual([{ kind: "deleteTab", target: "账号" }]);
    expect(plan.requests).toEqual([{ deleteSheet: { sheetId: 999 } }]);
    expect(plan.values).toEqual([]);
  });

  it("is done after one application, leaving the other tabs where they were", () => {
    const after = applyPlan(withOld as typeof snapshot, plan);
    expect(after.sheets.map((s) => s.title)).toEqual(snapshot.sheets.map((s) => s.title));
    expect(isEmptyPlan(planSpreadsheet(full, after, permissions))).toBe(true);
  });
});

describe("planning a spreadsheet provisioned before long numbers were plain text", () => {
  const full = layoutFor();
  const older: SpreadsheetLayout = {
    ...full,
    tabs: full.tabs.map((tab) =>
      tab.kind === "grid"
        ? { ...tab, columns: tab.columns.map(({ plainText: _, ...column }) => column) }
        : tab,
    ),
  };
  const { snapshot, permissions } = provisioned(older);
  const plan = planSpreadsheet(full, snapshot, permissions);

  it("formats each such column as plain text and does nothing else", () => {
    expect(plan.changes).toContainEqual({
      kind: "setPlainText",
      target: "基本信息",
      detail: "身份证件号",
    });
    expect(plan.changes).toContainEqual({
      kind: "setPlainText",
      target: "教师资格",
      detail: "教师资格证号码",
    });
    expect(new Set(plan.changes.map((c) => c.kind))).toEqual(new Set(["setPlainText"]));
    expect(plan.values).toEqual([]);
    expect(plan.grants.create).toEqual([]);
    for (const request of plan.requests)
      expect(request).toMatchObject({
        repeatCell: {
          range: { startRowIndex: 1 },
          fields: "userEnteredFormat.numberFormat",
        },
      });
    expect(plan.requests).toHaveLength(plan.changes.length);
  });

  it("is done after one application", () => {
    expect(isEmptyPlan(planSpreadsheet(full, applyPlan(snapshot, plan), permissions))).toBe(true);
  });
});

describe("planning a template with one more column", () => {
  const base = layoutFor();
  const { snapshot, permissions } = provisioned(base);
  const added = {
    header: "学历证书编号",
    tone: "data" as const,
    note: "毕业证书上的编号",
    width: 160,
    validation: { kind: "list" as const, values: ["有", "无"] },
  };
  const education = gridTab(base, "学习经历");
  // The template puts it in the middle; the sheet gets it after the last existing header.
  const grown: SpreadsheetLayout = {
    ...base,
    tabs: base.tabs.map((tab) =>
      tab === education
        ? {
            ...education,
            columns: [...education.columns.slice(0, 3), added, ...education.columns.slice(3)],
          }
        : tab,
    ),
  };
  const sheet = snapshot.sheets.find((s) => s.title === "学习经历");
  const at = sheet?.headers.length ?? -1;
  const plan = planSpreadsheet(grown, snapshot, permissions);

  it("adds only that column's header, note, width, format and dropdown, after the others", () => {
    expect(plan.changes).toEqual([
      { kind: "addColumn", target: "学习经历", detail: "学历证书编号" },
    ]);
    expect(plan.values).toEqual([
      { range: expect.stringMatching(/^'学习经历'!([A-Z]+)1:\1 ?1$/), values: [["学历证书编号"]] },
    ]);
    const touched = plan.requests.map((r) => Object.values(r)[0]);
    for (const body of touched) {
      const range = "range" in body ? body.range : undefined;
      if (range && "startColumnIndex" in range) expect(range.startColumnIndex).toBe(at);
      if (range && "startIndex" in range) expect(range.startIndex).toBe(at);
    }
    expect(plan.requests.map((r) => Object.keys(r)[0])).toEqual([
      "updateCells",
      "updateDimensionProperties",
      "setDataValidation",
    ]);
    expect(plan.grants.create).toEqual([]);
  });

  it("leaves data rows alone: only row 1 is written, dropdowns start at row 2", () => {
    for (const request of plan.requests) {
      if ("setDataValidation" in request)
        expect(request.setDataValidation.range.startRowIndex).toBe(1);
      if ("updateCells" in request) expect(request.updateCells.range.endRowIndex).toBe(1);
      if ("repeatCell" in request) expect(request.repeatCell.range.endRowIndex).toBe(1);
    }
  });

  it("is done after one application", () => {
    const after = applyPlan(snapshot, plan);
    expect(isEmptyPlan(planSpreadsheet(grown, after, permissions))).toBe(true);
  });

  it("protects a new system column and widens the grid when it is full", () => {
    const full = {
      ...snapshot,
      sheets: snapshot.sheets.map((s) => (s.title === "学习经历" ? { ...s, columnCount: at } : s)),
    };
    const system = {
      ...added,
      validation: undefined,
      protection: { key: "column:复核批次", label: "复核批次", editors: [SA] },
    };
    const withSystem: SpreadsheetLayout = {
      ...base,
      tabs: base.tabs.map((tab) =>
        tab === education ? { ...education, columns: [...education.columns, system] } : tab,
      ),
    };
    const kinds = planSpreadsheet(withSystem, full, permissions).requests.map(
      (r) => Object.keys(r)[0],
    );
    expect(kinds[0]).toBe("appendDimension");
    expect(kinds).toContain("addProtectedRange");
  });
});

describe("planning after people change", () => {
  const { snapshot, permissions } = provisioned();

  it("adds a new principal to the approval protections and shares with them", () => {
    const changed = layoutFor({
      ...school,
      principals: [...school.principals, "s2-head2@hrjy.example.cn"],
    });
    const plan = planSpreadsheet(changed, snapshot, permissions);
    const updates = plan.requests.filter((r) => "updateProtectedRange" in r);
    // One per principal column: 校长审核 on the section tabs, 本校确认 and 不同意原因 on the
    // request tabs; none on the tabs only the worker writes (学分台账).
    expect(updates.length).toBe(
      changed.tabs.flatMap((t) =>
        t.kind === "grid" ? t.columns.filter((c) => c.tone === "approval") : [],
      ).length,
    );
    expect(updates[0]).toMatchObject({
      updateProtectedRange: {
        protectedRange: {
          editors: { users: ["s2-head@hrjy.example.cn", SA, "s2-head2@hrjy.example.cn"] },
        },
      },
    });
    expect(plan.grants.create).toEqual([{ email: "s2-head2@hrjy.example.cn", role: "writer" }]);
    expect(plan.changes.some((c) => c.kind === "writeGuide")).toBe(true);
  });
});

describe("protection descriptions", () => {
  it("carry keys that survive headers with full-width parentheses", () => {
    const description = describeProtection(
      "「合同期限（月）」列：仅系统填写",
      "column:合同期限（月）",
    );
    expect(protectionKey(description)).toBe("column:合同期限（月）");
    expect(protectionKey("我自己加的保护")).toBeUndefined();
  });
});
