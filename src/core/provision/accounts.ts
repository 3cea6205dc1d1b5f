/**
 * The account spreadsheet of one school (「<学校名称> 教师账号」): the 账号 tab with each new
 * teacher's number and initial password. A separate spreadsheet because sheet protection limits
 * edits, not reads: in the school spreadsheet the viewer, the info admins and the principal
 * could all read every password. This one is shared with the school's system admins and the
 * service account as writers (provisioning's administrator owns it) and with nobody else; the
 * tab's protection lets only the worker write the account columns, and only the system admins
 * (and the worker, to untick) tick 重置密码.
 */

import { PORTAL_ADDRESS_LABEL, SLIP_LINK_LABEL } from "../accounts/slips";
import {
  ACCOUNT_HEADERS,
  ACCOUNTS_TITLE,
  PASSWORD_SHOWN_DAYS,
  RESET_HEADER,
} from "../accounts/tab";
import type { School } from "../templates/index";
import { headerProtection, headerWidth, protectedColumn } from "./columns";
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
    tabs: [accountsTab(school, serviceAccount), accountsGuide(input)],
    grants: accountsGrants(school, serviceAccount),
  };
}

/**
 * The system admins only, as writers so they can tick 重置密码 (the protections keep every other
 * cell to the worker). No other role of the school gets any access to this file.
 */
function accountsGrants(school: School, serviceAccount: string): Grant[] {
  return [
    ...school.systemAdmins.map((email) => ({ email, role: "writer" as const })),
    { email: serviceAccount, role: "writer" },
  ];
}

function accountsTab(school: School, serviceAccount: string): GridTab {
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
    columns: [
      ...(Object.keys(ACCOUNT_HEADERS) as (keyof typeof ACCOUNT_HEADERS)[]).map((field) => ({
        header: ACCOUNT_HEADERS[field],
        tone: "system" as const,
        note: notes[field],
        width: field === "status" ? 300 : Math.max(120, headerWidth(ACCOUNT_HEADERS[field])),
      })),
      protectedColumn(
        RESET_HEADER,
        "教师忘记密码时由学校系统管理员勾选：下一轮同步发放新的初始密码并显示在本行（原密码随即失效，教师登录后须修改），勾选自动取消。",
        {
          tone: "approval",
          checkbox: true,
          protection: {
            label: `「${RESET_HEADER}」列：仅学校系统管理员可勾选`,
            editors: [...school.systemAdmins, serviceAccount],
          },
        },
      ),
    ],
    headerProtection: headerProtection(serviceAccount),
    // Rows are where the registry put them: nobody but the worker may move or change them; the
    // 重置密码 boxes are left to that column's own protection.
    protection: {
      key: "tab",
      label: "账号：仅系统填写",
      editors: [serviceAccount],
      openColumns: [RESET_HEADER],
    },
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
        `初始密码在教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除；除「${RESET_HEADER}」列外本表仅系统可修改。`,
      ],
      [
        RESET_HEADER,
        `教师忘记密码时，勾选其所在行的「${RESET_HEADER}」：下一轮同步（几分钟内）在本行显示新的初始密码，原密码随即失效，教师用新密码登录后须立即修改。`,
      ],
      [
        SLIP_LINK_LABEL,
        `「${ACCOUNTS_TITLE}」标签页右侧（H、I 列）的「${SLIP_LINK_LABEL}」链接打开本校新教师的账号条（A4，每页8张，含初始密码和「${PORTAL_ADDRESS_LABEL}」二维码），打印后剪开逐一交给本人；链接与密码同样保密，不要转发。系统在发放初始密码时写入链接；怀疑外泄时请县里重新生成，旧链接随即失效。`,
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
