/**
 * The summary spreadsheet's 总览 tab: one row per school, county totals on top, the schools most
 * behind first. Built from counts alone (no names, ID numbers, phones or addresses ever reach
 * it), so nothing personal can leak into a sheet the county offices all read. The one exception
 * is 共享异常: the address of whoever holds a school's spreadsheet (or the county's, on the
 * totals row) without being expected to, which is exactly what the county must see to act on it.
 * 表格异常 names the tabs a sync or build could not trust (renamed, perhaps for a look-alike, or
 * deleted): they are neither read nor written until provisioning repairs them, so the county
 * must know to run it.
 */
import { REVIEW_STATE_LABELS, REVIEW_STATES, type ReviewState } from "../review/states";
import { spreadsheetName } from "../sharing/audit";
import { syncTimeText } from "../sync/plan";
import { type TabProblem, tabProblemShort } from "../sync/tab-manifest";
import {
  CAMPAIGN_STEP_LABELS,
  type CampaignStatus,
  campaignStatus,
  type Deadlines,
  type SchoolStanding,
} from "./campaign";

export interface SchoolSummary extends SchoolStanding {
  readonly code: string;
  readonly name: string;
  readonly township: string;
  /** The category's title, e.g. 中小学. */
  readonly category: string;
  /** Records with an error finding (待完善). */
  readonly errors: number;
  /** ISO time of the school's latest record change; null when it has entered nothing. */
  readonly lastChange: string | null;
  /** Grants on its spreadsheet the daily audit did not expect, described; absent when none. */
  readonly sharing?: string;
  /** Its spreadsheet's tabs the last sync could not trust (renamed, deleted), described. */
  readonly tabProblems?: string;
}

/** What the totals row says of the county's own spreadsheets, each part described. */
export interface CountyFindings {
  readonly sharing?: string;
  readonly tabProblems?: string;
}

export const OVERVIEW_TITLE = "总览";

export const OVERVIEW_HEADERS: readonly string[] = [
  "学校代码",
  "学校名称",
  "乡镇",
  "学校类别",
  "教职工数",
  ...REVIEW_STATES.map((state) => REVIEW_STATE_LABELS[state]),
  "信息完整人数",
  "错误条数",
  "最近更新",
  "已达阶段",
  "逾期",
  "共享异常",
  "表格异常",
];

export type OverviewCell = string | number;

export interface Overview {
  /** Header row first, then the county totals, then one row per school. */
  readonly table: readonly (readonly OverviewCell[])[];
  /** 0-based indexes into `table` of the overdue schools' rows, to highlight. */
  readonly overdueRows: readonly number[];
}

interface Placed {
  readonly school: SchoolSummary;
  readonly status: CampaignStatus;
}

/** @param county the audit's findings and the tab problems of the county's own spreadsheets. */
export function buildOverview(
  schools: readonly SchoolSummary[],
  deadlines: Deadlines,
  today: string,
  county: CountyFindings = {},
): Overview {
  const placed = schools
    .map((school) => ({ school, status: campaignStatus(school, deadlines, today) }))
    .sort(mostBehindFirst);
  const header = 1;
  const totals = 1;
  return {
    table: [
      OVERVIEW_HEADERS,
      totalsRow(placed, county),
      ...placed.map((p) => schoolRow(p, deadlines)),
    ],
    overdueRows: placed.flatMap((p, i) => (p.status.overdue ? [header + totals + i] : [])),
  };
}

/**
 * Fewest steps done first; within a step, the least complete collection, then the most records
 * still short of 已生效; the school code last, so equal schools keep a stable order.
 */
function mostBehindFirst(a: Placed, b: Placed): number {
  return (
    a.status.stepsDone - b.status.stepsDone ||
    completeness(a.school) - completeness(b.school) ||
    pending(b.school) - pending(a.school) ||
    (a.school.code < b.school.code ? -1 : a.school.code > b.school.code ? 1 : 0)
  );
}

function completeness(school: SchoolStanding): number {
  return school.people === 0 ? 0 : school.completePeople / school.people;
}

function pending(school: SchoolStanding): number {
  return REVIEW_STATES.reduce(
    (sum, state) => (state === "effective" ? sum : sum + school.counts[state]),
    0,
  );
}

function schoolRow({ school, status }: Placed, deadlines: Deadlines): OverviewCell[] {
  const late =
    status.overdue && status.current !== undefined
      ? `逾期：${CAMPAIGN_STEP_LABELS[status.current]}（截止 ${deadlines[status.current]}）`
      : "";
  return [
    school.code,
    school.name,
    school.township,
    school.category,
    school.people,
    ...REVIEW_STATES.map((state) => school.counts[state]),
    `${school.completePeople}/${school.people}`,
    school.errors,
    school.lastChange === null ? "" : syncTimeText(school.lastChange),
    reachedText(school, status),
    late,
    school.sharing ?? "",
    school.tabProblems ?? "",
  ];
}

/** 已达阶段; a school through every step but without an expected headcount says so. */
function reachedText(school: SchoolSummary, status: CampaignStatus): string {
  if (status.reached === undefined) return "未完成采集";
  const label = CAMPAIGN_STEP_LABELS[status.reached];
  return status.current === "complete" &&
    school.expectedStaff === null &&
    school.counts.change_pending === 0
    ? `${label}（未填应采集人数）`
    : label;
}

function totalsRow(placed: readonly Placed[], county: CountyFindings): OverviewCell[] {
  const sum = (of: (school: SchoolSummary) => number) =>
    placed.reduce((total, p) => total + of(p.school), 0);
  const count = (state: ReviewState) => sum((school) => school.counts[state]);
  const latest = placed.reduce<string | null>(
    (max, { school }) =>
      school.lastChange !== null && (max === null || school.lastChange > max)
        ? school.lastChange
        : max,
    null,
  );
  const complete = placed.filter((p) => p.status.current === undefined).length;
  const overdue = placed.filter((p) => p.status.overdue).length;
  const shared = placed.filter((p) => (p.school.sharing ?? "") !== "").length;
  const swapped = placed.filter((p) => (p.school.tabProblems ?? "") !== "").length;
  return [
    "全县合计",
    `${placed.length} 所学校`,
    "",
    "",
    sum((school) => school.people),
    ...REVIEW_STATES.map(count),
    `${sum((school) => school.completePeople)}/${sum((school) => school.people)}`,
    sum((school) => school.errors),
    latest === null ? "" : syncTimeText(latest),
    `完成 ${complete}/${placed.length} 所`,
    overdue === 0 ? "" : `${overdue} 所逾期`,
    parts(shared === 0 ? "" : `${shared} 所有未预期的共享`, county.sharing),
    parts(swapped === 0 ? "" : `${swapped} 所学校的表格有异常`, county.tabProblems),
  ];
}

function parts(...texts: readonly (string | undefined)[]): string {
  return texts.filter((text) => (text ?? "") !== "").join("；");
}

/** A school row's 表格异常: 「联系方式」已改名为「联系方式1」；「学习经历」已删除. */
export function describeTabProblems(problems: readonly TabProblem[]): string {
  return problems.map(tabProblemShort).join("；");
}

/**
 * The totals row's 表格异常 of the county's own spreadsheets, each named as the 共享异常 names it
 * (县级复核表：「调动审批」已改名为「调动审批旧」、…；汇总表：…); "、" within one, so "；" still
 * separates the spreadsheets.
 */
export function describeCountyTabProblems(
  spreadsheets: readonly { kind: "recheck" | "summary"; problems: readonly TabProblem[] }[],
): string {
  return spreadsheets
    .filter((sheet) => sheet.problems.length > 0)
    .map(
      (sheet) =>
        `${spreadsheetName(sheet.kind, "")}：${sheet.problems.map(tabProblemShort).join("、")}`,
    )
    .join("；");
}

/** Light red, as Sheets' own conditional-format presets use for "bad". */
const OVERDUE_FILL = { red: 0.957, green: 0.8, blue: 0.8 };
const PLAIN_FILL = { red: 1, green: 1, blue: 1 };

/**
 * The spreadsheets.batchUpdate requests that go with the values: the grid cut to the table (a
 * school fewer leaves no stale row behind), the totals in bold, and the overdue schools' rows
 * highlighted, every other row's highlight cleared (a school that caught up loses it).
 */
export function overviewFormatRequests(sheetId: number, overview: Overview): unknown[] {
  const rows = overview.table.length;
  const columns = OVERVIEW_HEADERS.length;
  const band = (start: number, end: number) => ({
    sheetId,
    startRowIndex: start,
    endRowIndex: end,
    startColumnIndex: 0,
    endColumnIndex: columns,
  });
  const fill = (start: number, end: number, backgroundColor: typeof PLAIN_FILL, bold: boolean) => ({
    repeatCell: {
      range: band(start, end),
      cell: { userEnteredFormat: { backgroundColor, textFormat: { bold } } },
      fields: "userEnteredFormat(backgroundColor,textFormat.bold)",
    },
  });
  return [
    {
      updateSheetProperties: {
        properties: { sheetId, gridProperties: { rowCount: rows, columnCount: columns } },
        fields: "gridProperties(rowCount,columnCount)",
      },
    },
    fill(1, 2, PLAIN_FILL, true),
    ...(rows > 2 ? [fill(2, rows, PLAIN_FILL, false)] : []),
    ...overview.overdueRows.map((row) => fill(row, row + 1, OVERDUE_FILL, false)),
  ];
}
