/**
 * Who can open which spreadsheet and edit which columns, read from the layouts provisioning
 * builds (src/core/provision): sharing grants and protected ranges are what Google enforces, so
 * the manual states them as provisioning sets them, for a school with one account per role.
 */
import {
  accountsLayout,
  recheckLayout,
  type SpreadsheetLayout,
  schoolLayout,
  summaryLayout,
} from "../../src/core/provision/index";
import {
  type CountyConfig,
  type School,
  SchoolCategory,
  type Templates,
} from "../../src/core/templates/index";

/** Stand-in accounts: the layouts only compare addresses, so any distinct strings do. */
const SCHOOL: School = {
  code: "〔学校代码〕",
  name: "〔学校名称〕",
  category: "primary_secondary",
  schoolType: "〔办学类型〕",
  township: "〔乡镇〕",
  systemAdmins: ["role:systemAdmin"],
  infoAdmins: ["role:infoAdmin"],
  principals: ["role:principal"],
  viewers: ["role:viewer"],
};
const SERVICE_ACCOUNT = "role:worker";

export const SCHOOL_ROLES = [
  { name: "学校系统管理员", account: "role:systemAdmin" },
  { name: "信息管理员", account: "role:infoAdmin" },
  { name: "校长", account: "role:principal" },
  { name: "信息查询员", account: "role:viewer" },
] as const;

export interface Access {
  /** The spreadsheet's title as provisioning names it. */
  readonly spreadsheet: string;
  readonly role: "可编辑" | "只读";
  /** What the account may change, in words: data columns, then protected columns by header. */
  readonly editable: readonly string[];
}

export function spreadsheets(templates: Templates, county: CountyConfig): SpreadsheetLayout[] {
  const categories = SchoolCategory.options.map((c) => templates.categories[c].sections);
  return [
    schoolLayout({
      school: SCHOOL,
      categoryTitle: templates.categories.primary_secondary.title,
      sections: templates.categories.primary_secondary.sections,
      codeTables: templates.codeTables,
      county,
      serviceAccount: SERVICE_ACCOUNT,
    }),
    accountsLayout({ school: SCHOOL, serviceAccount: SERVICE_ACCOUNT }),
    recheckLayout({ categories, county, serviceAccount: SERVICE_ACCOUNT }),
    summaryLayout({ county, serviceAccount: SERVICE_ACCOUNT }),
  ];
}

/** Every spreadsheet the account is granted, with what its protections leave it. */
export function accessOf(layouts: readonly SpreadsheetLayout[], account: string): Access[] {
  return layouts.flatMap((layout) => {
    const grant = layout.grants.find((g) => g.email === account);
    if (grant === undefined) return [];
    return [
      {
        spreadsheet: layout.title,
        role: grant.role === "writer" ? "可编辑" : "只读",
        editable: grant.role === "writer" ? editable(layout, account) : [],
      },
    ];
  });
}

function editable(layout: SpreadsheetLayout, account: string): string[] {
  const dataTabs: string[] = [];
  const byHeader = new Map<string, string[]>();
  for (const tab of layout.tabs) {
    if (tab.kind !== "grid") continue;
    const open = new Set(tab.protection?.openColumns ?? []);
    for (const column of tab.columns) {
      const mayEdit =
        column.protection === undefined
          ? tab.protection === undefined || open.has(column.header)
          : column.protection.editors.includes(account);
      if (!mayEdit) continue;
      if (column.protection === undefined) {
        if (!dataTabs.includes(tab.title)) dataTabs.push(tab.title);
        continue;
      }
      byHeader.set(column.header, [...(byHeader.get(column.header) ?? []), tab.title]);
    }
  }
  return [
    ...(dataTabs.length === 0 ? [] : [`数据列（${tabsWords(dataTabs)}）`]),
    ...[...byHeader].map(([header, tabs]) => `「${header}」（${tabsWords(tabs)}）`),
  ];
}

function tabsWords(tabs: readonly string[]): string {
  return tabs.length <= 3 ? tabs.join("、") : `${tabs.length}个标签页`;
}
