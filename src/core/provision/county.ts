/**
 * The county's two spreadsheets. Recheck: one tab per data section, shared with the offices;
 * the worker copies school-approved rows in, and only the office a section is routed to (see
 * county.json) ticks 复核通过 or 退回. Summary: read-only for county staff, filled by the worker.
 */

import { BUSINESS_KINDS, type BusinessKind } from "../business/index";
import {
  CONFIRM_HEADERS,
  CONFIRM_TITLE,
  CREDIT_DECISION_VALUES,
  confirmDataColumns,
} from "../credits/confirm";
import {
  COUNTY_LEDGER_TITLE,
  CREDITS_HEADERS,
  CREDITS_TITLE,
  LEDGER_COLUMNS,
} from "../credits/tables";
import {
  APPROVAL_HEADERS,
  APPROVAL_TITLES,
  DECISION_VALUES,
  detailColumns,
  requestSectionOf,
  STEP_LABELS,
} from "../recheck/approvals";
import { CONFLICT_HEADERS, CONFLICT_TITLE } from "../recheck/conflicts";
import { BUSINESS_LOG_COLUMNS, BUSINESS_LOG_TITLE } from "../reports/business-log";
import { OVERVIEW_HEADERS } from "../reports/overview";
import { PROGRESS_LEAD_HEADERS } from "../reports/progress";
import { STATISTICS_HEADERS } from "../reports/statistics";
import {
  type CountyConfig,
  currentCampaign,
  type Office,
  type ResolvedSection,
  recheckOffice,
} from "../templates/index";
import { columnWidth, headerProtection, protectedColumn } from "./columns";
import type { ColumnLayout, GridTab, GuideTab, SpreadsheetLayout } from "./layout";
import { GUIDE_TITLE } from "./school";

export interface CountyLayoutInput {
  /** Every category's sections; a recheck tab holds the union of their columns. */
  readonly categories: readonly (readonly ResolvedSection[])[];
  readonly county: CountyConfig;
  readonly serviceAccount: string;
}

export const CHANGE_APPROVAL_TITLE = "变更审批";

export function recheckLayout(input: CountyLayoutInput): SpreadsheetLayout {
  const { county, serviceAccount } = input;
  const sections = unionSections(input.categories);
  const system = systemColumn(serviceAccount);
  const decisions = (office: Office, names: readonly [string, string, string]) => {
    const editors = [...office.emails, serviceAccount];
    const [approve, reject, reason] = names;
    const label = (header: string) => `「${header}」列：仅${office.name}填写`;
    return [
      protectedColumn(approve, `${office.name}核对无误后勾选`, {
        tone: "approval",
        checkbox: true,
        protection: { label: label(approve), editors },
      }),
      protectedColumn(reject, `${office.name}退回时勾选，并填写原因`, {
        tone: "approval",
        checkbox: true,
        protection: { label: label(reject), editors },
      }),
      protectedColumn(reason, "退回或驳回时必填，学校会看到这段文字", {
        tone: "approval",
        checkbox: false,
        width: 220,
        protection: { label: label(reason), editors },
      }),
    ];
  };
  const context = [
    system("学校代码", "提交本行的学校"),
    system("学校名称", ""),
    system("记录编号", "学校表格中的记录编号"),
  ];
  const trailer = [
    system("复核状态", "系统填写：待复核/已通过/已退回"),
    system("同步时间", "系统最近一次处理本行的时间"),
  ];
  const sectionTabs: GridTab[] = sections.map((section) => {
    const office = recheckOffice(county, section.key) ?? firstOffice(county);
    return {
      kind: "grid",
      title: section.title,
      columns: [
        ...context,
        // The data is a copy the worker writes; offices decide on it but do not edit it.
        ...section.columns.map((column) => system(column.header, column.note, columnWidth(column))),
        ...decisions(office, ["复核通过", "退回", "退回原因"]),
        ...trailer,
      ],
      headerProtection: headerProtection(serviceAccount),
    };
  });
  const leadership =
    county.offices.find((o) => o.duties.includes("change_approval")) ?? firstOffice(county);
  const changeTab: GridTab = {
    kind: "grid",
    title: CHANGE_APPROVAL_TITLE,
    columns: [
      ...context,
      system("标签页", "被修改的信息所在的标签页"),
      system("姓名", ""),
      system("修改项", "被修改的列"),
      system("原值", "已生效的值", 180),
      system("新值", "学校提交的新值", 180),
      system("提交时间", ""),
      ...decisions(leadership, ["批准", "驳回", "驳回原因"]),
      ...trailer,
    ],
    headerProtection: headerProtection(serviceAccount),
  };
  const offices = county.offices.flatMap((o) => o.emails);
  return {
    title: `${county.county.name}教师信息县级复核`,
    tabs: [
      recheckGuide(input, sections),
      ...sectionTabs,
      changeTab,
      conflictTab(input),
      ...BUSINESS_KINDS.map((kind) => approvalTab(input, kind)),
      creditConfirmTab(input),
    ],
    grants: [
      ...offices.map((email) => ({ email, role: "writer" as const })),
      { email: serviceAccount, role: "writer" },
    ],
  };
}

/** A column only the worker writes (the offices read it). */
function systemColumn(serviceAccount: string) {
  return (header: string, note: string, width?: number) =>
    protectedColumn(header, note, {
      tone: "system",
      checkbox: false,
      width,
      protection: { label: `「${header}」列：仅系统填写`, editors: [serviceAccount] },
    });
}

/**
 * 冲突处理: one row per ID number entered by two schools; 人事股 names the school the person
 * belongs to (its code) with a reason. Schools and teacher numbers only: no ID, no name.
 */
function conflictTab({ county, serviceAccount }: CountyLayoutInput): GridTab {
  const personnel =
    county.offices.find((o) => o.duties.includes("transfer")) ?? firstOffice(county);
  const h = CONFLICT_HEADERS;
  const system = systemColumn(serviceAccount);
  const office = (header: string, note: string, width?: number) =>
    protectedColumn(header, note, {
      tone: "approval",
      checkbox: false,
      width,
      protection: {
        label: `「${header}」列：仅${personnel.name}填写`,
        editors: [...personnel.emails, serviceAccount],
      },
    });
  return {
    kind: "grid",
    title: CONFLICT_TITLE,
    columns: [
      system(h.id, "学校表格里该行的提示中也写有此编号，便于核对"),
      system(h.schools, "都录入了这个身份证件号的学校", 260),
      system(h.teacherNumber, "已发放的教师编号（一人一号）；裁定后随人归属学校"),
      system(h.openedAt, ""),
      office(h.decision, `${personnel.name}核实后填写此人所属学校的学校代码（须为涉及学校之一）`),
      office(h.reason, "必填，学校会看到裁定结果", 220),
      system(h.status, "系统填写：待人事股裁定 / 已裁定", 260),
      system(h.syncTime, "系统最近一次处理本行的时间"),
    ],
    headerProtection: headerProtection(serviceAccount),
  };
}

/**
 * 调动审批 · 在职情况变动审批 · 交流轮岗审批: one row per county step of a business request,
 * appended by the worker; only the office with the kind's duty (人事股) picks 确认 or 不同意
 * and writes the 理由. Who, which schools and the request's details are the worker's copy.
 */
function approvalTab(input: CountyLayoutInput, kind: BusinessKind): GridTab {
  const { county, serviceAccount } = input;
  const office = county.offices.find((o) => o.duties.includes(kind)) ?? firstOffice(county);
  const h = APPROVAL_HEADERS;
  const system = systemColumn(serviceAccount);
  const protection = (header: string) => ({
    label: `「${header}」列：仅${office.name}填写`,
    editors: [...office.emails, serviceAccount],
  });
  const section = requestSectionOf(input.categories.flat(), kind);
  const details = section === undefined ? [] : detailColumns(section);
  const steps =
    kind === "transfer"
      ? `${STEP_LABELS.issue}（调入学校申请后）或${STEP_LABELS.release}（调出学校同意后）`
      : STEP_LABELS.approve;
  const [school, other] =
    kind === "transfer"
      ? ["调入学校（发起申请）", "调出学校"]
      : kind === "rotation"
        ? ["派出学校（发起申请）", "交流学校"]
        : ["教师所在学校", ""];
  return {
    kind: "grid",
    title: APPROVAL_TITLES[kind],
    columns: [
      system(h.id, "系统发放的申请编号，学校表格中同一申请显示同一编号", 130),
      system(h.step, steps),
      system(h.school, school, 220),
      system(h.other, other, 220),
      system(h.teacherNumber, ""),
      system(h.name, ""),
      system(h.reference, "身份证件号的参考码（不显示证件号）", 160),
      ...details.map((column) => system(column.header, column.note, columnWidth(column))),
      ...(kind === "transfer"
        ? [
            system(
              h.gaps,
              "跨学校类别调动时，调入学校类别必填而该教师已生效信息中没有的项目（只列项目名）；调入后由调入学校补填",
              260,
            ),
          ]
        : []),
      {
        ...protectedColumn(
          h.decision,
          `${office.name}选择：${DECISION_VALUES.confirm}或${DECISION_VALUES.refuse}`,
          {
            tone: "approval",
            checkbox: false,
            protection: protection(h.decision),
          },
        ),
        validation: {
          kind: "list",
          values: [DECISION_VALUES.confirm, DECISION_VALUES.refuse],
        },
      },
      protectedColumn(h.reason, `选择「${DECISION_VALUES.refuse}」时必填，学校会看到这段文字`, {
        tone: "approval",
        checkbox: false,
        width: 220,
        protection: protection(h.reason),
      }),
      system(h.status, "系统填写：待人事股决定 / 已确认 / 不同意 / 未办理", 260),
      system(h.syncTime, "系统最近一次处理本行的时间"),
    ],
    headerProtection: headerProtection(serviceAccount),
  };
}

/** The office with the training-credit duty (county.json `credits`: 教师进修学校). */
export function creditOfficeOf(county: CountyConfig): Office {
  return (
    county.offices.find((o) => o.duties.includes("credits")) ??
    recheckOffice(county, "training") ??
    firstOffice(county)
  );
}

/**
 * 学分确认: one row per 国内培训 record version that took effect without 教师进修学校's recheck
 * (src/core/credits/confirm.ts); only the office with the `credits` duty picks 确认 or 退回 and
 * writes the 理由 (grants follow the configuration, like the approval tabs).
 */
function creditConfirmTab(input: CountyLayoutInput): GridTab {
  const { county, serviceAccount } = input;
  const office = creditOfficeOf(county);
  const h = CONFIRM_HEADERS;
  const system = systemColumn(serviceAccount);
  const protection = (header: string) => ({
    label: `「${header}」列：仅${office.name}填写`,
    editors: [...office.emails, serviceAccount],
  });
  const { confirm, return: back } = CREDIT_DECISION_VALUES;
  return {
    kind: "grid",
    title: CONFIRM_TITLE,
    columns: [
      system(h.school, "录入本行的学校", 220),
      system(h.recordId, "学校表格中的记录编号"),
      system(h.version, "该记录第几次生效的值；修改后的值另起一行"),
      system(h.teacherNumber, ""),
      system(h.name, ""),
      ...confirmDataColumns(input.categories.flat()).map((column) =>
        system(column.header, column.note, columnWidth(column)),
      ),
      {
        ...protectedColumn(h.decision, `${office.name}选择：${confirm}或${back}`, {
          tone: "approval",
          checkbox: false,
          protection: protection(h.decision),
        }),
        validation: { kind: "list", values: [confirm, back] },
      },
      protectedColumn(h.reason, `选择「${back}」时必填，学校会在该行看到这段文字`, {
        tone: "approval",
        checkbox: false,
        width: 220,
        protection: protection(h.reason),
      }),
      system(h.status, "系统填写：待确认 / 已确认 / 已退回 / 已失效", 260),
      system(h.syncTime, "系统最近一次处理本行的时间"),
    ],
    headerProtection: headerProtection(serviceAccount),
  };
}

export function summaryLayout(
  input: Pick<CountyLayoutInput, "county" | "serviceAccount">,
): SpreadsheetLayout {
  const { county, serviceAccount } = input;
  const plain = (header: string, note = ""): ColumnLayout => ({
    header,
    tone: "system",
    note,
    width: Math.max(100, [...header].length * 15 + 16),
  });
  const grid = (title: string, columns: ColumnLayout[]): GridTab => ({
    kind: "grid",
    title,
    columns,
    headerProtection: headerProtection(serviceAccount),
  });
  const { deadlines } = currentCampaign(county);
  return {
    title: `${county.county.name}教师信息采集汇总`,
    tabs: [
      {
        kind: "guide",
        title: GUIDE_TITLE,
        lines: [
          ["内容", `${county.notice} 信息采集的全县汇总，由系统定时更新，只读`],
          ["总览", "每所学校的人数、各审核状态条数和已达阶段，逾期的学校标出"],
          [
            "进度",
            `各校各标签页已生效人数的占比和全县每日进度，附图表（截止日期：采集 ${deadlines.collection}，学校审核 ${deadlines.schoolReview}，县级复核 ${deadlines.countyRecheck}，完成 ${deadlines.complete}）`,
          ],
          [
            "统计",
            "按学校类别、年龄、学历、职称等分类的全县人数，仅统计已生效的信息；不含身份证件号、电话和住址",
          ],
          [
            CREDITS_TITLE,
            `各校培训学分达标情况（${county.credits.basis}：每 ${county.credits.cycleYears} 年周期 ${county.credits.perCycle} 学分，即每年 ${county.credits.perYear} 学分，按在岗月数折算；新任教师自参加工作起12个月内另加 ${county.credits.newTeacherInduction} 学分），仅计教师进修学校已确认的学分，附图表`,
          ],
          [
            COUNTY_LEDGER_TITLE,
            "全县每位教师的学分台账（教师编号、姓名），供教师进修学校使用；仅计教师进修学校已确认的学分",
          ],
          [
            BUSINESS_LOG_TITLE,
            "全县每项调动、在职情况变动和交流轮岗申请的办理过程（每一步的办理人、时间、决定和理由）；不含身份证件号，以参考码代替",
          ],
        ],
        protection: { key: "guide", label: "说明：仅系统可修改", editors: [serviceAccount] },
      },
      // The worker writes this table (src/core/reports/overview.ts); provisioning lays out its headers.
      grid(
        "总览",
        OVERVIEW_HEADERS.map((header) => plain(header)),
      ),
      // The worker writes these tables too (src/core/reports/progress.ts, statistics.ts); the
      // 进度 matrix continues with one column per section and the daily history to its right.
      grid(
        "进度",
        PROGRESS_LEAD_HEADERS.map((header) => plain(header)),
      ),
      grid(
        "统计",
        STATISTICS_HEADERS.map((header) => plain(header)),
      ),
      // src/core/credits/tables.ts writes these two.
      grid(
        CREDITS_TITLE,
        CREDITS_HEADERS.map((header) => plain(header)),
      ),
      grid(COUNTY_LEDGER_TITLE, [
        plain("学校代码"),
        plain("学校名称"),
        ...LEDGER_COLUMNS.map((column) => plain(column.header, column.note)),
      ]),
      // src/core/reports/business-log.ts writes this one.
      grid(
        BUSINESS_LOG_TITLE,
        BUSINESS_LOG_COLUMNS.map((column) => plain(column.header, column.note)),
      ),
    ],
    grants: [
      ...county.offices
        .flatMap((o) => o.emails)
        .map((email) => ({ email, role: "reader" as const })),
      { email: serviceAccount, role: "writer" },
    ],
  };
}

function recheckGuide(input: CountyLayoutInput, sections: readonly ResolvedSection[]): GuideTab {
  const { county } = input;
  const routed = county.offices.map((office): [string, string] => {
    const titles = sections
      .filter((s) => recheckOffice(county, s.key)?.key === office.key)
      .map((s) => s.title);
    const credits = creditOfficeOf(county).key === office.key ? [CONFIRM_TITLE] : [];
    const duty = office.duties.includes("change_approval")
      ? `${CHANGE_APPROVAL_TITLE}（已生效信息的修改）`
      : [...titles, ...credits].join("、");
    return [office.name, duty];
  });
  return {
    kind: "guide",
    title: GUIDE_TITLE,
    lines: [
      ["内容", `${county.notice}：学校校长审核后的记录在此复核`],
      ["截止日期", `县级复核 ${currentCampaign(county).deadlines.countyRecheck} 前完成`],
      ["怎么做", "核对无误勾选「复核通过」；有问题勾选「退回」并填写「退回原因」，记录会退回学校"],
      [
        CONFLICT_TITLE,
        "同一身份证件号被两所学校录入时列在此处，两校的新录入暂停；人事股填写「归属学校代码」和「裁定理由」后，系统通知两校",
      ],
      [
        BUSINESS_KINDS.map((kind) => APPROVAL_TITLES[kind]).join("、"),
        "学校的调动、在职情况变动、交流轮岗申请经校长确认后列在此处，每个县级步骤一行；人事股在「决定」选择确认或不同意（不同意须填写理由），系统据此办理并通知学校",
      ],
      [
        CONFIRM_TITLE,
        `已生效、未经${creditOfficeOf(county).name}复核的国内培训学分（已生效教师新增的行、批准的修改）列在此处；${creditOfficeOf(county).name}在「决定」选择确认或退回（退回须填写理由），确认后才计入学分台账，退回的学分回到学校该行`,
      ],
      ["灰色列", "由系统填写，请勿修改"],
      ["分工", ""],
      ...routed,
    ],
    protection: { key: "guide", label: "说明：仅系统可修改", editors: [input.serviceAccount] },
  };
}

/** Data sections (not request tabs) with every category's columns, first appearance first. */
function unionSections(categories: readonly (readonly ResolvedSection[])[]): ResolvedSection[] {
  const merged = new Map<string, ResolvedSection>();
  for (const sections of categories) {
    for (const section of sections) {
      if (section.kind !== "section") continue;
      const seen = merged.get(section.key);
      if (seen === undefined) {
        merged.set(section.key, section);
        continue;
      }
      const headers = new Set(seen.columns.map((c) => c.header));
      const extra = section.columns.filter((c) => !headers.has(c.header));
      merged.set(section.key, { ...seen, columns: [...seen.columns, ...extra] });
    }
  }
  return [...merged.values()];
}

/** county.json's schema requires at least one office, so this fallback always exists. */
function firstOffice(county: CountyConfig): Office {
  const [first] = county.offices;
  if (first === undefined) throw new Error("county.json：没有任何科室");
  return first;
}
