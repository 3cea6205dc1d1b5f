/** The layout of one school's spreadsheet, from its category's template and its accounts. */
import { ACCOUNTS_TITLE, PASSWORD_SHOWN_DAYS } from "../accounts/tab";
import { REVIEW_STATE_LABELS, REVIEW_STATE_MEANINGS, REVIEW_STATES } from "../review/states";
import { TEACHER_NUMBER_PENDING } from "../sync/sync-school";
import {
  type CodeTables,
  type CountyConfig,
  currentCampaign,
  type ResolvedSection,
  type School,
} from "../templates/index";
import { dataColumn, headerProtection, trailingColumn } from "./columns";
import { creditLedgerTab } from "./credits-tab";
import { HEADER_MARK_LINE, headerMark, markColumn } from "./header-marks";
import type { ColumnLayout, Grant, GridTab, GuideTab, SpreadsheetLayout } from "./layout";
import { requestStateColours, reviewStateColours, stateColourLines } from "./status-colours";

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

/**
 * The columns every section and request tab shows first, frozen with the header row: whose row
 * it is (姓名, 身份证件号) and what the system says about it (审核状态 or 办理状态, 校验结果).
 * The info admin types across some 35 columns of 基本信息; frozen, the row's person, status and
 * message stay in sight at every column, where "next to the name" would scroll away with it.
 * The templates keep the national field order (imports and exports follow it); this display
 * order is the sheet's layout only, and the worker finds every column by its header anyway.
 */
const PINNED_KEYS = ["name", "idNumber", "reviewStatus", "requestStatus", "checkResult"] as const;

export function schoolSpreadsheetTitle(school: School): string {
  return `${school.name}（${school.code}）教师信息采集`;
}

/** The school's account spreadsheet (accounts.ts), named here so that the guide can point to it. */
export function accountsSpreadsheetTitle(school: Pick<School, "name">): string {
  return `${school.name} 教师账号`;
}

export function schoolLayout(input: SchoolLayoutInput): SpreadsheetLayout {
  const { school, serviceAccount } = input;
  const tabs: GridTab[] = input.sections.map((section) => {
    const columns = [
      ...section.columns.map((column) => ({
        key: column.key,
        layout: markColumn(
          dataColumn(column, input.codeTables),
          headerMark(section, column, input.codeTables),
        ),
      })),
      ...section.trailingColumns.map((column) => ({
        key: column.key,
        layout: withStateColours(
          trailingColumn(column, school.principals, serviceAccount),
          column.key,
        ),
      })),
    ];
    const pinned = PINNED_KEYS.flatMap((key) => columns.filter((column) => column.key === key));
    const rest = columns.filter((column) => !pinned.includes(column));
    return {
      kind: "grid",
      title: section.title,
      columns: [
        ...pinned.map((column) => ({ ...column.layout, pinned: true })),
        ...rest.map((column) => column.layout),
      ],
      frozenColumnCount: pinned.length,
      headerProtection: headerProtection(serviceAccount),
    };
  });
  return {
    title: schoolSpreadsheetTitle(school),
    tabs: [schoolGuide(input), ...tabs, creditLedgerTab(serviceAccount)],
    grants: schoolGrants(school, serviceAccount),
    // Initial passwords used to be shown here, where every role could read them; they now go
    // to the school's account spreadsheet (accounts.ts), and an old spreadsheet loses the tab.
    retiredTabs: [ACCOUNTS_TITLE],
  };
}

/** The status columns the worker writes, coloured by state (status-colours.ts). */
function withStateColours(layout: ColumnLayout, key: string): ColumnLayout {
  if (key === "reviewStatus") return { ...layout, stateColours: reviewStateColours() };
  if (key === "requestStatus") return { ...layout, stateColours: requestStateColours() };
  return layout;
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
  const { deadlines } = currentCampaign(county);
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
    [...HEADER_MARK_LINE],
    ["身份", "除基本信息外，每行先填姓名和身份证件号，须与基本信息中的一致。"],
    [
      "前四列",
      "姓名、身份证件号、审核状态（业务申请中为办理状态）、校验结果固定在最左边，向右填写时不会滚走，随时能看到本行是谁、办到哪一步、要改什么。",
    ],
    ["下拉", "带下拉箭头的列请从列表中选择；日期写作 2017-03-10，年月写作 2017-03。"],
    ["新任教师", "新任教师只填基本信息和联系方式。"],
    ["不采集", "离退休人员不在采集范围内。"],
    [
      "账号",
      `新教师的教师编号和初始密码不在本表：系统管理员在单独的「${accountsSpreadsheetTitle(school)}」表格中查看（只有系统管理员能打开），请逐一告知本人；初始密码在教师首次登录后或发放满${PASSWORD_SHOWN_DAYS}天后自动清除。`,
    ],
    [
      "灰色列",
      "审核状态、校验结果、记录编号、同步时间、教师编号（业务申请中为申请编号、办理状态）由系统填写，请勿修改或复制。",
    ],
    [
      TEACHER_NUMBER_PENDING,
      `「教师编号」显示「${TEACHER_NUMBER_PENDING}」的行，教师编号将在下一轮同步中分配，无需处理。`,
    ],
    ["黄色列", "校长核对原件无误后勾选「校长审核」；勾选后再修改该行，系统会自动取消勾选。"],
    [
      "业务申请",
      "每行一项申请（调动申请由调入学校填写）；校长勾选「本校确认」即报人事股审核，人事股审核前校长取消勾选即撤回；校长确认后本行内容不能修改或删除（改动会按申请恢复），确认前清空或删除本行即撤回。",
    ],
    [
      "",
      "调出学校的调动申请由系统写入：校长勾选「本校确认」表示同意，或填写「不同意原因」表示不同意；本校还有该教师未生效的行时，须先审核生效或删除这些行，同意才会办理。「办理状态」显示办到哪一步，「校验结果」说明要改什么或轮到谁办理。",
    ],
    [
      "",
      "人事股确认调出后，调入学校接收档案，由校长在本校的调动申请行勾选「调档完成」，调动才完成（调档前教师仍属调出学校）。日期在今天以后的申请获批后显示「已批准待生效」，到那一天由系统办理，之前名册和登记库不变。",
    ],
    [
      "",
      "办结后由系统更新本表：调出的教师各行移出、调入的教师各行写入（已生效）；在职情况变动写入基本信息的「人员状态」，离职、退休、死亡、调出县外的教师各行移出本表（信息仍保存在县登记库）；交流轮岗写入「交流轮岗」。这些行请勿删除或重复录入。",
    ],
    ["审核状态", ""],
    ...REVIEW_STATES.map((state): [string, string] => [
      REVIEW_STATE_LABELS[state],
      REVIEW_STATE_MEANINGS[state],
    ]),
    ["状态颜色", ""],
    ...stateColourLines(),
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
