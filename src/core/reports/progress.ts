/**
 * The summary spreadsheet's 进度 tab: how far each school has got, section by section, and the
 * county's progress day by day. Counts only: nothing personal reaches it.
 *
 * The matrix has one row per school (by code, so a chart over it keeps its order), the county
 * total on top. Its section cells are the share (0 to 1, shown as a percentage) of the school's
 * people who have an effective record in that section. Sections only experienced teachers must
 * fill may stay below 100% in a school with new teachers; 生效率 (effective records over all
 * live records) is the one figure that reaches 100% exactly when everything entered is in force.
 *
 * Above the matrix, at fixed heights so the matrix and its chart never move: the county's
 * standing at each deadline and the schools furthest behind (deadlines.ts). The matrix's step
 * columns say, per school, 完成 or how many people are missing and how many days late.
 *
 * The history sits to the right: one row per county day (the D1 snapshot, the day's last
 * build), people entered / approved / effective against the expected total, deadlines marked.
 */
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS, type Deadlines } from "./campaign";
import { DEADLINE_BLOCK_ROWS, LAGGARD_BLOCK_ROWS } from "./deadlines";

export interface SchoolProgress {
  readonly code: string;
  readonly name: string;
  /** 应采集人数; null when the schools list gave none. */
  readonly expected: number | null;
  /** People on the school's 基本信息 tab. */
  readonly people: number;
  /** Live records (not removed from the sheet). */
  readonly records: number;
  /** Of those, records with values in force: effective once, even if an edit now awaits review. */
  readonly effectiveRecords: number;
  /** Section key → people with an effective record in that section. */
  readonly sections: Readonly<Record<string, number>>;
  /** Whether the school has finished the campaign (campaign.ts: step 完成 done). */
  readonly complete: boolean;
  /** Per campaign step, in order: 完成, or what is missing and how late (deadlines.ts). */
  readonly steps: readonly string[];
}

export interface ProgressSection {
  readonly key: string;
  readonly title: string;
}

export const PROGRESS_TITLE = "进度";
export const PROGRESS_LEAD_HEADERS: readonly string[] = [
  "学校代码",
  "学校名称",
  "应采集人数",
  "教职工数",
  "记录数",
  "已生效记录数",
  ...CAMPAIGN_STEPS.map((step) => CAMPAIGN_STEP_LABELS[step]),
  "生效率",
];
export const HISTORY_HEADERS: readonly string[] = [
  "日期",
  "应采集人数",
  "已录入",
  "已审核",
  "已生效",
  "完成学校数",
  "截止日",
  "截止节点",
];

/** 0-based row of the matrix's header: below the deadline and laggard blocks. */
export const MATRIX_ROW = DEADLINE_BLOCK_ROWS + LAGGARD_BLOCK_ROWS;

export type ProgressCell = string | number;

/** One day of the county's history: the D1 snapshot (progress_snapshots). */
export interface HistoryRow {
  /** County (Beijing) date, YYYY-MM-DD. */
  readonly date: string;
  /** Sum of the expected headcounts the schools gave. */
  readonly expected: number;
  /** People entered (on 基本信息), approved by their principal, with every record 已生效. */
  readonly entered: number;
  readonly approved: number;
  readonly effective: number;
  readonly effectiveRecords: number;
  readonly schoolsComplete: number;
}

/** People at each stage, for a day's snapshot. */
export interface PeopleCounts {
  readonly entered: number;
  readonly approved: number;
  readonly effective: number;
}

export function progressHeaders(sections: readonly ProgressSection[]): string[] {
  return [...PROGRESS_LEAD_HEADERS, ...sections.map((section) => section.title)];
}

/** Header, the county total, then one row per school by code. */
export function buildProgressMatrix(
  schools: readonly SchoolProgress[],
  sections: readonly ProgressSection[],
): ProgressCell[][] {
  const sorted = [...schools].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const sum = (of: (school: SchoolProgress) => number) =>
    schools.reduce((total, school) => total + of(school), 0);
  const total: SchoolProgress = {
    code: "全县合计",
    name: `${schools.length} 所学校`,
    expected: sum((s) => s.expected ?? 0),
    people: sum((s) => s.people),
    records: sum((s) => s.records),
    effectiveRecords: sum((s) => s.effectiveRecords),
    sections: Object.fromEntries(
      sections.map(({ key }) => [key, sum((s) => s.sections[key] ?? 0)]),
    ),
    complete: schools.every((s) => s.complete),
    steps: CAMPAIGN_STEPS.map(
      (_, i) => `${schools.filter((s) => s.steps[i] === "完成").length}/${schools.length} 所完成`,
    ),
  };
  return [progressHeaders(sections), ...[total, ...sorted].map((s) => matrixRow(s, sections))];
}

function matrixRow(school: SchoolProgress, sections: readonly ProgressSection[]): ProgressCell[] {
  return [
    school.code,
    school.name,
    school.expected ?? "未填",
    school.people,
    school.records,
    school.effectiveRecords,
    ...school.steps,
    share(school.effectiveRecords, school.records),
    ...sections.map(({ key }) => share(school.sections[key] ?? 0, school.people)),
  ];
}

/** Empty, not 0%, where there is nothing to count: "no one yet" is not "none done". */
function share(part: number, whole: number): ProgressCell {
  return whole === 0 ? "" : part / whole;
}

/** Today's row of the history, from the same figures as the matrix. */
export function historyRow(
  date: string,
  schools: readonly SchoolProgress[],
  people: PeopleCounts,
): HistoryRow {
  return {
    date,
    expected: schools.reduce((n, s) => n + (s.expected ?? 0), 0),
    ...people,
    effectiveRecords: schools.reduce((n, s) => n + s.effectiveRecords, 0),
    schoolsComplete: schools.filter((s) => s.complete).length,
  };
}

/**
 * The history with today's row in it: appended on a county day's first build, replaced by later
 * builds that day, so each day keeps one row with the day's last figures. Kept in date order.
 */
export function withHistoryRow(history: readonly HistoryRow[], row: HistoryRow): HistoryRow[] {
  return [...history.filter((day) => day.date !== row.date), row].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
}

/**
 * The history as the tab shows it. A deadline day's 截止日 holds the day's highest figure, so
 * the chart draws it as a bar up to the lines: the deadlines marked on the time axis.
 */
export function historyTable(
  history: readonly HistoryRow[],
  deadlines: Deadlines,
): ProgressCell[][] {
  return [
    [...HISTORY_HEADERS],
    ...history.map((day) => {
      const due = CAMPAIGN_STEPS.filter((step) => deadlines[step] === day.date);
      const top = Math.max(day.expected, day.entered);
      return [
        day.date,
        day.expected,
        day.entered,
        day.approved,
        day.effective,
        day.schoolsComplete,
        due.length === 0 ? "" : top,
        due.map((step) => `${CAMPAIGN_STEP_LABELS[step]}截止`).join("、"),
      ];
    }),
  ];
}

/** Chart ids are ours to choose: fixed ones let a later build see the charts are there. */
export const PROGRESS_CHART_IDS = { schools: 7_001, history: 7_002 } as const;

/** Where the tab's parts sit: the history one blank column right of the matrix, then the charts. */
export function progressLayout(sections: readonly ProgressSection[]) {
  const matrixColumns = PROGRESS_LEAD_HEADERS.length + sections.length;
  const historyColumn = matrixColumns + 1;
  const chartColumn = historyColumn + HISTORY_HEADERS.length + 1;
  return { matrixColumns, historyColumn, chartColumn };
}

/** Rows a chart needs below its anchor, and columns beside it, to be seen whole. */
const CHART_ROWS = 20;
const CHART_COLUMNS = 8;

/**
 * The spreadsheets.batchUpdate requests for the 进度 tab: the grid sized to the matrix, the
 * history and the charts; the shares as percentages, the total in bold; and, when `addCharts`,
 * the two charts. Their ranges are open-ended (no end row), so the schools and days added later
 * appear in them without the charts being touched again.
 */
export function progressFormatRequests(
  sheetId: number,
  sections: readonly ProgressSection[],
  rows: number,
  addCharts: boolean,
): unknown[] {
  const { matrixColumns, historyColumn, chartColumn } = progressLayout(sections);
  const band = (startRowIndex: number, endRowIndex: number) => ({
    sheetId,
    startRowIndex,
    endRowIndex,
  });
  const column = (index: number, startRowIndex: number) => ({
    sourceRange: {
      sources: [{ sheetId, startRowIndex, startColumnIndex: index, endColumnIndex: index + 1 }],
    },
  });
  const anchor = (rowIndex: number) => ({
    overlayPosition: { anchorCell: { sheetId, rowIndex, columnIndex: chartColumn } },
  });
  const shareColumn = PROGRESS_LEAD_HEADERS.indexOf("生效率");
  const firstSchoolRow = MATRIX_ROW + 2;
  const charts = [
    {
      addChart: {
        chart: {
          chartId: PROGRESS_CHART_IDS.schools,
          spec: {
            title: "各校生效率",
            basicChart: {
              chartType: "COLUMN",
              legendPosition: "NO_LEGEND",
              domains: [{ domain: column(1, firstSchoolRow) }],
              series: [{ series: column(shareColumn, firstSchoolRow), targetAxis: "LEFT_AXIS" }],
            },
          },
          position: anchor(0),
        },
      },
    },
    {
      addChart: {
        chart: {
          chartId: PROGRESS_CHART_IDS.history,
          spec: {
            title: "全县每日进度（人数；柱为截止日）",
            basicChart: {
              // Lines for the people at each stage against the expected total; the deadline
              // days as bars (a line chart has no vertical markers).
              chartType: "COMBO",
              legendPosition: "BOTTOM_LEGEND",
              headerCount: 1,
              domains: [{ domain: column(historyColumn, 0) }],
              series: [
                ...[1, 2, 3, 4].map((offset) => ({
                  series: column(historyColumn + offset, 0),
                  targetAxis: "LEFT_AXIS",
                  type: "LINE",
                })),
                {
                  series: column(historyColumn + HISTORY_HEADERS.indexOf("截止日"), 0),
                  targetAxis: "LEFT_AXIS",
                  type: "COLUMN",
                },
              ],
            },
          },
          position: anchor(CHART_ROWS),
        },
      },
    },
  ];
  return [
    {
      updateSheetProperties: {
        properties: {
          sheetId,
          gridProperties: {
            rowCount: Math.max(rows, 2 * CHART_ROWS),
            columnCount: chartColumn + CHART_COLUMNS,
          },
        },
        fields: "gridProperties(rowCount,columnCount)",
      },
    },
    {
      repeatCell: {
        range: {
          sheetId,
          startRowIndex: MATRIX_ROW + 1,
          startColumnIndex: shareColumn,
          endColumnIndex: matrixColumns,
        },
        cell: { userEnteredFormat: { numberFormat: { type: "PERCENT", pattern: "0%" } } },
        fields: "userEnteredFormat.numberFormat",
      },
    },
    // The blocks above the matrix plain (a tab laid out before them kept percentages there),
    // then their titles and headers, the matrix's header and its total row in bold.
    {
      repeatCell: {
        range: { ...band(0, MATRIX_ROW), startColumnIndex: 0, endColumnIndex: matrixColumns },
        cell: {},
        fields: "userEnteredFormat",
      },
    },
    ...[0, DEADLINE_BLOCK_ROWS, MATRIX_ROW].map((row) => ({
      repeatCell: {
        range: { ...band(row, row + 2), startColumnIndex: 0, endColumnIndex: matrixColumns },
        cell: { userEnteredFormat: { textFormat: { bold: true } } },
        fields: "userEnteredFormat.textFormat.bold",
      },
    })),
    ...(addCharts ? charts : []),
  ];
}
