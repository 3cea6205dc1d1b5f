/** The chapters about people: the overview, each role's work and access, the teacher portal. */
import { PORTAL_ADDRESS_LABEL, SLIP_LINK_LABEL } from "../../src/core/accounts/slips";
import { ACCOUNTS_TITLE, PASSWORD_SHOWN_DAYS, RESET_HEADER } from "../../src/core/accounts/tab";
import { PASSWORD_RULES } from "../../src/core/portal/password";
import { PAIR_POLICY } from "../../src/core/portal/throttle";
import type { SpreadsheetLayout } from "../../src/core/provision/index";
import {
  type CountyConfig,
  currentCampaign,
  type OfficeDuty,
  recheckOffice,
  type Templates,
} from "../../src/core/templates/index";
import { type Block, type Chapter, heading, list, p } from "./document";
import { accessOf, SCHOOL_ROLES } from "./roles";
import type { Screenshots } from "./screenshots";

/** What each school role is for (mission.md, People and what they do). */
const SCHOOL_DUTIES: Readonly<Record<(typeof SCHOOL_ROLES)[number]["name"], string>> = {
  学校系统管理员: `在本校「教师账号」表格中查看新教师的教师编号和初始密码，用表中「${SLIP_LINK_LABEL}」链接打印账号条，逐一单独交给本人（初始密码在教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除）；教师忘记密码时勾选该教师所在行的「${RESET_HEADER}」。见「教师自助」一章。`,
  信息管理员:
    "在本校信息采集表的各标签页录入和改正教职工信息，按「校验结果」改正错误；填写调动申请、在职情况变动、交流轮岗申请。见「录入」「校验结果」「调动」各章。",
  校长: "核对原件无误后勾选「校长审核」；在业务申请中勾选「本校确认」，或在系统写入的调出行填写「不同意原因」。见「校长审核」「调动」两章。",
  信息查询员: "只读查看本校信息采集表，不能修改任何内容。",
};

const DUTY_WORDS: Readonly<Record<OfficeDuty, string>> = {
  recheck: "在县级复核表复核学校校长审核后的记录",
  transfer: "审批教师调动（下达调动、确认调出），裁定两校录入同一身份证件号的冲突",
  status_change: "审批在职情况变动",
  rotation: "审批交流轮岗",
  credits:
    "确认培训学分（首次采集时复核「国内培训」即确认；之后新增、修改的学分在「学分确认」确认或退回）",
  change_approval: "审批已生效信息的变更（变更审批标签页）",
};

const CHAPTER_OF_DUTY: Readonly<Record<OfficeDuty, string>> = {
  recheck: "县级复核",
  transfer: "调动",
  status_change: "调动",
  rotation: "调动",
  credits: "县级复核",
  change_approval: "变更",
};

function accessLines(layouts: readonly SpreadsheetLayout[], account: string): string[] {
  return accessOf(layouts, account).map(
    (a) =>
      `「${a.spreadsheet}」：${a.role}` +
      (a.role === "可编辑" ? `；能修改：${a.editable.join("、") || "无"}` : ""),
  );
}

function roleBlocks(name: string, duty: string, access: readonly string[]): Block[] {
  return [heading(name, `角色-${name}`), p(duty), list(access)];
}

function officeDuty(county: CountyConfig, templates: Templates, key: string): string {
  const office = county.offices.find((o) => o.key === key);
  if (office === undefined) return "";
  const sections = templates.categories.primary_secondary.sections
    .filter((s) => s.kind === "section" && recheckOffice(county, s.key)?.key === key)
    .map((s) => s.title);
  const duties = office.duties.map((d) =>
    d === "recheck" ? `${DUTY_WORDS.recheck}（${sections.join("、")}）` : DUTY_WORDS[d],
  );
  const chapters = [
    ...new Set(office.duties.map((d) => CHAPTER_OF_DUTY[d]).filter((c) => c !== undefined)),
  ];
  return `${duties.join("；")}。见${chapters.map((c) => `「${c}」`).join("")}${chapters.length > 1 ? "各章" : "一章"}。`;
}

export function rolesChapter(
  templates: Templates,
  county: CountyConfig,
  layouts: readonly SpreadsheetLayout[],
): Chapter {
  const summary = layouts.at(-1);
  const summaryTabs = summary?.tabs.map((t) => t.title).join("、") ?? "";
  return {
    id: "角色",
    title: "角色与分工",
    blocks: [
      p(
        "每个角色能打开哪些表格、能修改哪些列，由建表时设置的共享和保护范围决定（下面各条由建表程序生成，与实际表格一致）。表头行和灰色的系统列只有系统能写；改不了的格子，表格会拒绝并提示。",
      ),
      ...SCHOOL_ROLES.flatMap((role) =>
        roleBlocks(role.name, SCHOOL_DUTIES[role.name], accessLines(layouts, role.account)),
      ),
      ...roleBlocks(
        "教师",
        "用教师编号和密码登录教师自助，查看本人信息、学分和业务申请，提交新增或更正（由校长审核）。不使用表格。见「教师自助」一章。",
        ["教师自助网址（由学校系统管理员告知）"],
      ),
      ...county.offices.flatMap((office) => {
        const [account] = office.emails;
        return roleBlocks(
          office.name,
          officeDuty(county, templates, office.key),
          account === undefined ? [] : accessLines(layouts, account),
        );
      }),
      ...roleBlocks(
        "县里看汇总的人",
        `县教育局各科室（${county.offices.map((o) => o.name).join("、")}）可只读打开汇总表，查看全县进度、统计、学分和业务台账；汇总表由系统定时更新。`,
        [`「${summary?.title ?? ""}」：只读；标签页：${summaryTabs}`],
      ),
    ],
  };
}

export function overviewChapter(
  county: CountyConfig,
  layouts: readonly SpreadsheetLayout[],
): Chapter {
  const d = currentCampaign(county).deadlines;
  return {
    id: "概述",
    title: "概述",
    blocks: [
      p(
        `根据${county.notice}，${county.county.name}每位教职工的信息分14类，经“学校录入 → 校长审核 → 县级复核 → 生效”的流程报送。每所学校在自己的表格中完成录入和审核，系统定时读取表格、逐行校验，并把审核状态和校验结果写回表格。`,
      ),
      heading("流程"),
      list(
        [
          "信息管理员在本校信息采集表中录入（「录入」）；",
          "系统在每行写入「审核状态」和「校验结果」，有错误的按提示改正（「校验结果」）；",
          "校长核对原件后勾选「校长审核」（「校长审核」）；",
          "县人事股、教师进修学校在县级复核表中复核，通过即生效，退回的回到学校（「县级复核」）；",
          "已生效的信息再修改，须经领导小组办公室审批（「变更」）；调动、在职情况变动、交流轮岗另有申请流程（「调动」）。",
        ],
        true,
      ),
      heading("截止日期"),
      list([
        `信息采集：${d.collection} 前`,
        `学校审核：${d.schoolReview} 前`,
        `县级复核：${d.countyRecheck} 前`,
        `全部完成：${d.complete}`,
      ]),
      p(
        `截止日期当天仍算按时，第二天起算逾期。汇总表「进度」按每个截止日期列出已完成和逾期的学校、每校还差几人（按学校名单中的「应采集人数」计算）、逾期几天，以及落后最多的学校和全县每日进度图；没有填应采集人数的学校不会显示「完成」。每年的截止日期由县教育局在系统配置中设定。`,
      ),
      heading("用到的表格"),
      p("〔学校名称〕〔学校代码〕处是各校自己的名称和代码。"),
      list(layouts.map((layout) => layout.title)),
      p("教师本人使用教师自助网站（见「教师自助」），不使用表格。"),
    ],
  };
}

export function portalChapter(shots: Screenshots): Chapter {
  const lockMinutes = PAIR_POLICY.windowMs / 60_000;
  return {
    id: "教师自助",
    title: "教师自助",
    blocks: [
      p("教师用手机或电脑打开教师自助网址（学校系统管理员告知），查看和更正本人信息。"),
      heading("登录和修改密码", "登录"),
      list(
        [
          `学校系统管理员在「教师账号」表格中找到教师的教师编号和初始密码，单独告知本人，或打印账号条交给本人（见下「${SLIP_LINK_LABEL}」）；`,
          "教师输入教师编号和初始密码登录，首次登录须先设置自己的新密码，设置后初始密码作废；",
          `忘记密码：请学校系统管理员在「教师账号」表格中勾选该教师所在行的「${RESET_HEADER}」，下一轮同步后该行显示新的初始密码，原密码随即失效；`,
          `同一设备对同一教师编号连续输错${PAIR_POLICY.maxFailures}次密码，暂停登录${lockMinutes}分钟。`,
        ],
        true,
      ),
      p("新密码要求（与网站上显示的相同）："),
      list(PASSWORD_RULES),
      heading(SLIP_LINK_LABEL, "账号条"),
      ...shots.image("slips.png", "账号条打印页（A4，每页8张）"),
      list([
        `「教师账号」表格的「${ACCOUNTS_TITLE}」标签页右侧写有「${SLIP_LINK_LABEL}」链接和「${PORTAL_ADDRESS_LABEL}」（系统在发放初始密码时写入）；`,
        "用电脑打开「打印账号条」链接，显示本校所有仍显示初始密码的教师的账号条：学校、姓名、教师编号、初始密码（每4位一组，便于读出和输入）、登录地址及其二维码、首次登录的步骤；",
        "用浏览器的“打印”打印到A4纸，每页8张，沿虚线剪开，逐一交给本人；只打印一位教师：在链接后加 ?teacher=教师编号；",
        `已登录或已过期的教师不出账号条，列在页末；需要重新发放时勾选该教师的「${RESET_HEADER}」，下一轮同步后再打开链接；`,
        "链接只在「教师账号」表格中，谁能打开链接谁就能看到初始密码：不要转发或截图外传。怀疑链接外泄时，请县里的技术人员重新生成，旧链接随即失效。",
      ]),
      heading("我的信息"),
      ...shots.image("portal-record.png", "教师自助「我的信息」页面（手机）"),
      list([
        "姓名、教师编号、学校；身份证件号只显示参考码，不显示号码；",
        "培训学分：本年度、本周期已确认的学分和应修学分，待教师进修学校确认的学分和已退回的学分；",
        "我的业务申请：调动、在职情况变动、交流轮岗的办理状态和每一步（只能查看）；",
        "各类信息的每一条记录及其审核状态（待完善的附学校的校验结果，已退回的附退回原因）。",
      ]),
      heading("新增和更正"),
      p(
        "在某类信息下选择“新增”或某条记录的“申请修改”，按表单填写并提交。提交前按与学校表格相同的规则校验，有错误不会提交。提交的内容在学校下一轮同步时写入学校表格，显示「待审核」，由校长审核；已生效信息的更正是变更，须领导小组办公室审批（见「变更」）。",
      ),
    ],
  };
}
