/**
 * The ledger as sheets show it: each school's read-only 学分台账 tab (its own teachers), the
 * summary's 学分 tab (one row per school, with a chart) and the summary's county-wide 学分台账
 * for 教师进修学校. Teachers are named by 教师编号 and 姓名 only: no ID number, phone or address.
 */
import { CREDIT_STATUS_LABELS, type TeacherCredits } from "./ledger";

export const SCHOOL_LEDGER_TITLE = "学分台账";
export const CREDITS_TITLE = "学分";
export const COUNTY_LEDGER_TITLE = "学分台账";

export type CreditCell = string | number;

/** The per-teacher columns, in order, with what each means (the tab's header notes, README). */
export const LEDGER_COLUMNS: readonly { readonly header: string; readonly note: string }[] = [
  { header: "教师编号", note: "系统发放的全县唯一教师编号" },
  { header: "姓名", note: "基本信息中的姓名" },
  { header: "本年度学分", note: "本培训年度已确认的学分" },
  {
    header: "本年度应修",
    note: "按本年度在岗月数折算的应修学分；新任教师见习期（参加工作起12个月）落在本年度的月份另加岗前培训学分",
  },
  { header: "本周期学分", note: "本周期（五年）开始至今已确认的学分" },
  { header: "本周期应修（至今）", note: "按周期学分要求折算到本年度末应修的学分" },
  { header: "尚欠学分", note: "本年度与本周期两项中差得较多的一项" },
  { header: "待确认学分", note: "本年度已填报、尚未经教师进修学校确认的学分，不计入上面各项" },
  { header: "已退回学分", note: "本年度教师进修学校退回的学分（学校表格该行写有理由），不计入" },
  {
    header: "状态",
    note: "达标 / 未达标 / 新任教师（见习期尚未修满）/ 已离开（离开后不再要求）/ 未参加工作",
  },
];

function teacherCells(line: TeacherCredits): CreditCell[] {
  return [
    line.teacherNumber,
    line.name,
    line.yearCredits,
    line.yearRequired,
    line.cycleCredits,
    line.cycleRequired,
    line.owed,
    line.pending,
    line.returned,
    CREDIT_STATUS_LABELS[line.status],
  ];
}

/** One school's 学分台账: header, then its teachers by number. */
export function schoolLedgerTable(lines: readonly TeacherCredits[]): CreditCell[][] {
  return [LEDGER_COLUMNS.map((c) => c.header), ...lines.map(teacherCells)];
}

export interface SchoolName {
  readonly code: string;
  readonly name: string;
}

/** The county-wide 学分台账: every teacher with their school, by school then number. */
export function countyLedgerTable(
  lines: readonly TeacherCredits[],
  schools: readonly SchoolName[],
): CreditCell[][] {
  const names = new Map(schools.map((s) => [s.code, s.name]));
  const sorted = [...lines].sort(
    (a, b) =>
      a.schoolCode.localeCompare(b.schoolCode) || a.teacherNumber.localeCompare(b.teacherNumber),
  );
  return [
    ["学校代码", "学校名称", ...LEDGER_COLUMNS.map((c) => c.header)],
    ...sorted.map((line) => [
      line.schoolCode,
      names.get(line.schoolCode) ?? "",
      ...teacherCells(line),
    ]),
  ];
}

export const CREDITS_HEADERS: readonly string[] = [
  "学校代码",
  "学校名称",
  "教师数",
  "本年度达标人数",
  "本周期达标人数",
  "新任教师数",
  "未达标人数",
  "尚欠学分合计",
  "待确认学分",
];

/**
 * The summary's 学分 tab: header, the county total, then one row per school by code (every
 * school, so a chart over it keeps its order). Leavers and teachers not yet at work owe nothing
 * and are not counted.
 */
export function creditsTable(
  lines: readonly TeacherCredits[],
  schools: readonly SchoolName[],
  year: number,
): CreditCell[][] {
  const sorted = [...schools].sort((a, b) => a.code.localeCompare(b.code));
  const rowOf = (code: string, name: string, mine: readonly TeacherCredits[]) => {
    const present = mine.filter((line) => line.status !== "left" && line.status !== "notStarted");
    const count = (test: (line: TeacherCredits) => boolean) => present.filter(test).length;
    const total = (of: (line: TeacherCredits) => number) =>
      Math.round(present.reduce((n, line) => n + of(line), 0) * 10) / 10;
    return [
      code,
      name,
      present.length,
      count((l) => l.yearCredits >= l.yearRequired),
      count((l) => l.cycleCredits >= l.cycleRequired),
      count((l) => l.status === "induction"),
      count((l) => l.status === "short"),
      total((l) => l.owed),
      total((l) => l.pending),
    ];
  };
  return [
    [...CREDITS_HEADERS],
    rowOf(`全县合计（${year}年度）`, `${schools.length} 所学校`, lines),
    ...sorted.map((s) =>
      rowOf(
        s.code,
        s.name,
        lines.filter((l) => l.schoolCode === s.code),
      ),
    ),
  ];
}

/** The chart's id is fixed, so a later build sees it is there and does not add it again. */
export const CREDITS_CHART_ID = 7_201;
const CHART_ROWS = 20;
const CHART_COLUMNS = 8;

/**
 * The spreadsheets.batchUpdate requests for the 学分 tab: the grid sized to the table, the county
 * total in bold, and, when `addChart`, a column chart per school of 教师数 against 本年度达标人数
 * and 本周期达标人数 (like the 进度 tab's 各校生效率).
 */
export function creditsFormatRequests(sheetId: number, rows: number, addChart: boolean): unknown[] {
  const columns = CREDITS_HEADERS.length;
  const firstSchoolRow = 2;
  const column = (index: number) => ({
    sourceRange: {
      sources: [
        {
          sheetId,
          startRowIndex: firstSchoolRow,
          endRowIndex: Math.max(rows, firstSchoolRow + 1),
          startColumnIndex: index,
          endColumnIndex: index + 1,
        },
      ],
    },
  });
  const chart = {
    addChart: {
      chart: {
        chartId: CREDITS_CHART_ID,
        spec: {
          title: "各校学分达标人数",
          basicChart: {
            chartType: "COLUMN",
            legendPosition: "BOTTOM_LEGEND",
            domains: [{ domain: column(1) }],
            series: [2, 3, 4].map((index) => ({ series: column(index), targetAxis: "LEFT_AXIS" })),
          },
        },
        position: {
          overlayPosition: { anchorCell: { sheetId, rowIndex: 0, columnIndex: columns + 1 } },
        },
      },
    },
  };
  return [
    {
      updateSheetProperties: {
        properties: {
          sheetId,
          gridProperties: {
            rowCount: Math.max(rows, CHART_ROWS),
            columnCount: columns + 1 + CHART_COLUMNS,
          },
        },
        fields: "gridProperties(rowCount,columnCount)",
      },
    },
    {
      repeatCell: {
        range: {
          sheetId,
          startRowIndex: 1,
          endRowIndex: 2,
          startColumnIndex: 0,
          endColumnIndex: columns,
        },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: "userEnteredFormat.textFormat.bold",
      },
    },
    ...(addChart ? [chart] : []),
  ];
}
