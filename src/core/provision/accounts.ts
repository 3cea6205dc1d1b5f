/**
 * The account spreadsheet of one school (「<学校名称> 教师账号」): the 账号 tab with each new
 * teacher's number and initial password. A separate spreadsheet because sheet protection limits
 * edits, not reads: in the school spreadsheet the viewer, the info admins and the principal
 * could all read every password. This one is shared with the school's system admins as readers
 * and with the service account as writer (provisioning's administrator owns it), and only the
 * worker writes it.
 */
import { ACCOUNT_HEADERS, ACCOUNTS_TITLE, PASSWORD_SHOWN_DAYS } from "../accounts/tab";
import type { School } from "../templates/index";
import { headerProtection, headerWidth } from "./columns";
import type { Grant, GridTab, GuideTab, SpreadsheetLayout } from "./layout";
import { accountsSpreadsheetTitle, GUIDE_TITLE } from "./school";

export interface AccountsLayoutInput {
  readonly school: School;
  /** The worker's identity: the only one who writes the 账号 tab. */
  readonly serviceAccount: string;
}

export function accountsLayout(input: AccountsLayoutInput): SpreadsheetLayout {
  const { school, serviceAccount } = input;
  return {
    title: accountsSpreadsheetTitle(school),
    tabs: [accountsTab(serviceAccount), accountsGuide(input)],
    grants: accountsGrants(school, serviceAccount),
  };
}

/** Readers: the system admins only. No other role of the school gets any access to this file. */
function accountsGrants(school: School, serviceAccount: string): Grant[] {
  return [
    ...school.systemAdmins.map((email) => ({ email, role: "reader" as const })),
    { email: serviceAccount, role: "writer" },
  ];
}

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
    // Rows are where the registry put them: nobody but the worker may move or change them.
    protection: { key: "tab", label: "账号：仅系统填写", editors: [serviceAccount] },
  };
}

function accountsGuide(input: AccountsLayoutInput): GuideTab {
  const { school } = input;
  return {
    kind: "guide",
    title: GUIDE_TITLE,
    lines: [
      ["学校", `${school.name}（学校代码 ${school.code}）`],
      [
        "内容",
        `「${ACCOUNTS_TITLE}」标签页列出新教师的教师编号和初始密码，请逐一单独告知本人，不要转发或截图外传。`,
      ],
      [
        "清除",
        `初始密码在教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除；本表仅系统可修改。`,
      ],
      ["可查看", `仅学校系统管理员：${school.systemAdmins.join("、")}`],
      [
        "编号待分配",
        "新教师较多时，教师编号和初始密码分几轮同步陆续发放，几分钟内全部出现在本表。",
      ],
    ],
    protection: {
      key: "guide",
      label: "说明：仅系统可修改",
      editors: [input.serviceAccount],
    },
  };
}
