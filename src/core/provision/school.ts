/** The layout of one school's spreadsheet, from its category's template and its accounts. */
import { ACCOUNT_HEADERS, ACCOUNTS_TITLE, PASSWORD_SHOWN_DAYS } from "../accounts/tab";
import type { CodeTables, CountyConfig, ResolvedSection, School } from "../templates/index";
import { dataColumn, headerProtection, headerWidth, trailingColumn } from "./columns";
import { creditLedgerTab } from "./credits-tab";
import type { Grant, GridTab, GuideTab, SpreadsheetLayout } from "./layout";

export interface SchoolLayoutInput {
  readonly school: School;
  /** The category's title, e.g. 中小学. */
  readonly categoryTitle: string;
  /** `templateFor(templates, school.category)`: sections and request tabs, in tab order. */
  readonly sections: readonly ResolvedSection[];
  readonly codeTables: CodeTables;
  readonly county: CountyConfig;
  /** The worker's identity: it writes status columns and clears approvals. */
  readonly serviceAccount: string;
}

export const GUIDE_TITLE = "说明";

export function schoolSpreadsheetTitle(school: School): string {
  return `${school.name}（${school.code}）教师信息采集`;
}

export function schoolLayout(input: SchoolLayoutInput): SpreadsheetLayout {
  const { school, serviceAccount } = input;
  const tabs: GridTab[] = input.sections.map((section) => ({
    kind: "grid",
    title: section.title,
    columns: [
      ...section.columns.map((column) => dataColumn(column, input.codeTables)),
      ...section.trailingColumns.map((column) =>
        trailingColumn(column, school.principals, serviceAccount),
      ),
    ],
    headerProtection: headerProtection(serviceAccount),
  }));
  return {
    title: schoolSpreadsheetTitle(school),
    tabs: [
      schoolGuide(input),
      accountsTab(serviceAccount),
      ...tabs,
      creditLedgerTab(serviceAccount),
    ],
    grants: schoolGrants(school, serviceAccount),
  };
}

/**
 * 账号: each new teacher's number and initial password, for the school system admin. Only the
 * worker writes it (the whole tab is protected); it blanks each password after the teacher's
 * first sign-in or 30 days.
 */
function accountsTab(serviceAccount: string): GridTab {
  const notes: Record<keyof typeof ACCOUNT_HEADERS, string> = {
    number: "系统发放的教师编号（一人一号），教师登录时使用。",
    name: "发放编号时基本信息中的姓名。",
    password: `初始密码，请单独告知本人；教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除。`,
    issuedAt: "发放时间（北京时间）。",
    status: "有效期，或密码已清除的原因和时间。",
  };
  return {
    kind: "grid",
    title: ACCOUNTS_TITLE,
    columns: (Object.keys(ACCOUNT_HEADERS) as (keyof typeof ACCOUNT_HEADERS)[]).map((field) => ({
      header: ACCOUNT_HEADERS[field],
      tone: "system" as const,
      note: notes[field],
      width: field === "status" ? 300 : Math.max(120, headerWidth(ACCOUNT_HEADERS[field])),
    })),
    headerProtection: headerProtection(serviceAccount),
    protection: { key: "tab", label: "账号：仅系统填写", editors: [serviceAccount] },
  };
}

/** Viewers read; everyone else who works in the sheet writes, within what protections allow. */
export function schoolGrants(school: School, serviceAccount: string): Grant[] {
  const writers = [
    ...school.systemAdmins,
    ...school.infoAdmins,
    ...school.principals,
    serviceAccount,
  ];
  return [
    ...writers.map((email) => ({ email, role: "writer" as const })),
    ...school.viewers.map((email) => ({ email, role: "reader" as const })),
  ];
}

function schoolGuide(input: SchoolLayoutInput): GuideTab {
  const { school, county, sections } = input;
  const { deadlines } = county.campaign;
  const dataTabs = sections.filter((s) => s.kind === "section").map((s) => s.title);
  const requestTabs = sections.filter((s) => s.kind === "request").map((s) => s.title);
  const lines: [string, string][] = [
    ["学校", `${school.name}（学校代码 ${school.code}）`],
    ["学校类别", `${input.categoryTitle}（${school.schoolType}），${school.township}`],
    ["依据", `${county.notice}：${county.county.name}教师管理信息系统信息采集`],
    ["截止日期", ""],
    ["信息采集", `${deadlines.collection} 前，信息管理员填完各标签页`],
    ["学校审核", `${deadlines.schoolReview} 前，校长核对原件并勾选「校长审核」`],
    ["县级复核", `${deadlines.countyRecheck} 前，人事股、教师进修学校复核`],
    ["全部完成", `${deadlines.complete}`],
    ["怎么填", ""],
    ["标签页", `信息采集：${dataTabs.join("、")}`],
    ["", `业务申请：${requestTabs.join("、")}`],
    ["表头", "第1行是表头，请勿修改；从第2行起每行一条记录。把鼠标停在表头上可看到填写要求。"],
    ["身份", "除基本信息外，每行先填姓名和身份证件号，须与基本信息中的一致。"],
    ["下拉", "带下拉箭头的列请从列表中选择；日期写作 2017-03-10，年月写作 2017-03。"],
    ["新任教师", "新任教师只填基本信息和联系方式。"],
    ["不采集", "离退休人员不在采集范围内。"],
    [
      "账号",
      `「账号」标签页供学校系统管理员查看新教师的教师编号和初始密码，请逐一告知本人；初始密码在教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除。该页仅系统可修改。`,
    ],
    ["灰色列", "审核状态、校验结果、记录编号、同步时间、教师编号由系统填写，请勿修改或复制。"],
    ["黄色列", "校长核对原件无误后勾选「校长审核」；勾选后再修改该行，系统会自动取消勾选。"],
    ["审核状态", ""],
    ["待校验", "系统尚未校验本行，或本行有要修改的内容（见「校验结果」），改正后自动重新校验"],
    ["可审核", "本行校验通过，等待校长勾选「校长审核」"],
    ["已审核待复核", "校长已勾选，等待县级复核"],
    ["已生效", "县级复核通过，信息生效；再修改需经领导小组办公室审批"],
    ["退回", "县级复核退回，原因见「校验结果」，改正后请校长重新勾选"],
    ["分工", ""],
    ["信息管理员", school.infoAdmins.join("、")],
    ["校长", school.principals.join("、")],
    ["系统管理员", school.systemAdmins.join("、")],
    ["信息查询员", school.viewers.length > 0 ? `${school.viewers.join("、")}（只读）` : "（无）"],
  ];
  return {
    kind: "guide",
    title: GUIDE_TITLE,
    lines,
    protection: { key: "guide", label: "说明：仅系统可修改", editors: [input.serviceAccount] },
  };
}
