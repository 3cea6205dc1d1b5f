import { describe, expect, it } from "vitest";
import {
  type GridTab,
  isEmptyPlan,
  planGrants,
  planSpreadsheet,
  type SpreadsheetLayout,
  schoolLayout,
} from "../../src/core/provision/index";
import { describeProtection, protectionKey } from "../../src/core/provision/snapshot";
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
  viewers: ["s2-view@hrjy.example.cn"],
};

function layoutFor(s: School = school): SpreadsheetLayout {
  return schoolLayout({
    school: s,
    categoryTitle: shippedTemplates.categories[s.category].title,
    sections: templateFor(shippedTemplates, s.category),
    codeTables: shippedTemplates.codeTables,
    county: shippedCountyConfig,
    serviceAccount: SA,
  });
}

const OWNER = [{ emailAddress: "admin@hrjy.example.cn", role: "owner" }];

function provisioned(layout = layoutFor()) {
  const snapshot = applyPlan(
    freshSpreadsheet(),
    planSpreadsheet(layout, freshSpreadsheet(), OWNER),
  );
  const permissions = [
    ...OWNER,
    ...planGrants(layout.grants, OWNER).map((g) => ({ emailAddress: g.email, role: g.role })),
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

  it("writes headers in template order with the trailing columns last, frozen", () => {
    const basic = after.sheets.find((s) => s.title === "基本信息");
    expect(basic?.headers.slice(0, 3)).toEqual(["姓名", "曾用名", "性别"]);
    expect(basic?.headers.slice(-6)).toEqual([
      "校长审核",
      "审核状态",
      "校验结果",
      "记录编号",
      "同步时间",
      "教师编号",
    ]);
    expect(basic?.frozenRowCount).toBe(1);
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

  it("protects the header row, the worker's columns and the approval column", () => {
    const education = after.sheets.find((s) => s.title === "学习经历");
    const byKey = new Map(education?.protections.map((p) => [p.key, p.editors]));
    expect(byKey.get("header")).toEqual([SA]);
    expect(byKey.get("column:审核状态")).toEqual([SA]);
    expect(byKey.get("column:记录编号")).toEqual([SA]);
    expect(byKey.get("column:校长审核")).toEqual(["s2-head@hrjy.example.cn", SA]);
    expect(byKey.has("column:获得学历")).toBe(false);
  });

  it("puts a 账号 tab after 说明, protected whole so that only the worker writes it", () => {
    expect(after.sheets[1]?.title).toBe("账号");
    const accounts = after.sheets[1];
    expect(accounts?.headers).toEqual(["教师编号", "姓名", "初始密码", "发放时间", "状态"]);
    expect(accounts?.frozenRowCount).toBe(1);
    expect(accounts?.protections.map((p) => [p.key, p.editors])).toEqual([
      ["header", [SA]],
      ["tab", [SA]],
    ]);
    const whole = plan.requests.find(
      (r) =>
        "addProtectedRange" in r &&
        r.addProtectedRange.protectedRange.description.endsWith("[tmis:tab]"),
    );
    expect(whole).toEqual({
      addProtectedRange: {
        protectedRange: {
          range: { sheetId: accounts?.sheetId },
          description: "账号：仅系统填写 [tmis:tab]",
          warningOnly: false,
          editors: { users: [SA] },
        },
      },
    });
    const guide = after.sheets[0]?.rows.map((row) => row.join("：")).join("\n") ?? "";
    expect(guide).toContain("学校系统管理员");
    expect(guide).toContain("首次登录后或发放满30天后自动清除");
  });

  it("shares by role: viewers read, everyone else writes", () => {
    expect(plan.grants).toEqual([
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
        const order = (values: readonly unknown[]) => [values[1], values[0], ...values.slice(2)];
        return {
          ...sheet,
          headers: [...(order(sheet.headers) as string[]), "我的备注"],
          notes: [...(order(sheet.notes) as string[]), ""],
          validations: order(sheet.validations) as typeof sheet.validations,
        };
      }),
    };
    expect(isEmptyPlan(planSpreadsheet(layoutFor(), moved, permissions))).toBe(true);
  });
});

describe("planning a spreadsheet provisioned before the 账号 tab existed", () => {
  const full = layoutFor();
  const older: SpreadsheetLayout = {
    ...full,
    tabs: full.tabs
      .filter((tab) => tab.title !== "账号")
      .map((tab) =>
        tab.kind === "guide"
          ? { ...tab, lines: tab.lines.filter(([label]) => label !== "账号") }
          : tab,
      ),
  };
  const { snapshot, permissions } = provisioned(older);
  const plan = planSpreadsheet(full, snapshot, permissions);

  it("adds the tab with its headers and protection, and the guide's line about it", () => {
    expect(plan.changes).toEqual([
      { kind: "writeGuide", target: "说明" },
      { kind: "addTab", target: "账号" },
      ...["教师编号", "姓名", "初始密码", "发放时间", "状态"].map((detail) => ({
        kind: "addColumn",
        target: "账号",
        detail,
      })),
      { kind: "protect", target: "账号", detail: "表头行：请勿修改" },
      { kind: "protect", target: "账号", detail: "账号：仅系统填写" },
    ]);
    expect(plan.grants).toEqual([]);
    const kinds = new Set(plan.requests.flatMap((r) => Object.keys(r)));
    for (const kind of kinds) expect(kind).not.toMatch(/^(delete|clear|insert|move|sort)/);
  });

  it("is done after one application, leaving the other tabs where they were", () => {
    expect(plan.requests).toContainEqual({
      addSheet: { properties: expect.objectContaining({ title: "账号", index: 1 }) },
    });
    const after = applyPlan(snapshot, plan);
    for (const sheet of snapshot.sheets)
      expect(after.sheets.find((s) => s.title === sheet.title)?.sheetId).toBe(sheet.sheetId);
    expect(isEmptyPlan(planSpreadsheet(full, after, permissions))).toBe(true);
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
    expect(plan.grants).toEqual([]);
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
    // Every grid tab has a 校长审核 column except those only the worker writes (账号, 学分台账).
    expect(updates.length).toBe(
      changed.tabs.filter((t) => t.kind === "grid" && t.protection === undefined).length,
    );
    expect(updates[0]).toMatchObject({
      updateProtectedRange: {
        protectedRange: {
          editors: { users: ["s2-head@hrjy.example.cn", SA, "s2-head2@hrjy.example.cn"] },
        },
      },
    });
    expect(plan.grants).toEqual([{ email: "s2-head2@hrjy.example.cn", role: "writer" }]);
    expect(plan.changes.some((c) => c.kind === "writeGuide")).toBe(true);
  });
});

describe("planGrants", () => {
  it("merges a person's roles to the highest and never lowers a present role", () => {
    const grants = planGrants(
      [
        { email: "a@x.cn", role: "reader" },
        { email: "A@x.cn", role: "writer" },
        { email: "b@x.cn", role: "reader" },
        { email: "c@x.cn", role: "reader" },
      ],
      [
        { emailAddress: "b@x.cn", role: "writer" },
        { emailAddress: "c@x.cn", role: "reader" },
      ],
    );
    expect(grants).toEqual([{ email: "A@x.cn", role: "writer" }]);
  });

  it("upgrades a reader who should write", () => {
    expect(
      planGrants(
        [{ email: "a@x.cn", role: "writer" }],
        [{ emailAddress: "a@x.cn", role: "reader" }],
      ),
    ).toEqual([{ email: "a@x.cn", role: "writer" }]);
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
