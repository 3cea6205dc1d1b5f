import { z } from "zod";
import type { Google } from "../adapters/google/index";
import { batchUpdate, batchUpdateValues, wholeTab } from "../adapters/google/sheets";
import { sharingFindings } from "../adapters/store/sharing";
import {
  effectiveValues,
  type RequiredSection,
  registryMarker,
  type SchoolCounts,
  type SectionCounts,
  sectionCounts,
  summaryCounts,
} from "../adapters/store/summary";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import {
  COUNTY_LEDGER_TITLE,
  CREDITS_CHART_ID,
  CREDITS_TITLE,
  creditsFormatRequests,
} from "../core/credits/tables";
import { BUSINESS_LOG_TITLE, type LogCell } from "../core/reports/business-log";
import { campaignStatus } from "../core/reports/campaign";
import {
  buildOverview,
  OVERVIEW_TITLE,
  type Overview,
  overviewFormatRequests,
} from "../core/reports/overview";
import {
  buildProgressMatrix,
  type HistoryRow,
  historyRow,
  historyTable,
  PROGRESS_CHART_IDS,
  PROGRESS_TITLE,
  type ProgressCell,
  type ProgressSection,
  progressFormatRequests,
  progressLayout,
  type SchoolProgress,
  withHistoryRow,
} from "../core/reports/progress";
import {
  buildStatistics,
  STATISTICS_CHART_IDS,
  STATISTICS_COLUMNS,
  STATISTICS_TITLE,
  type Statistics,
  statisticsFormatRequests,
} from "../core/reports/statistics";
import { describeFindings } from "../core/sharing/audit";
import { columnLetters } from "../core/sheets/a1";
import { shippedCountyConfig, shippedTemplates } from "../core/templates/bundle";
import { SchoolCategory, type Templates } from "../core/templates/index";
import { businessLogData } from "./business-log";
import { type CreditsData, creditsData } from "./credits";
import { SUMMARY_SPREADSHEET_CURSOR } from "./poll";

/** What the last build wrote, and where: JSON of `Built`. */
const BUILT_CURSOR = "summary.built";

const Built = z.object({
  spreadsheetId: z.string(),
  /** The tabs' sheetIds, asked once per spreadsheet (format requests address tabs by id). */
  sheetIds: z.object({
    overview: z.int(),
    progress: z.int(),
    statistics: z.int(),
    // The credit tabs came later: a summary spreadsheet provisioned before them is built without.
    credits: z.int().optional(),
    ledger: z.int().optional(),
    // So did the 业务台账.
    business: z.int().optional(),
  }),
  /** `registryMarker` when the build read the registry. */
  marker: z.string(),
  /** The county date the build judged lateness on: a new day can make a school overdue. */
  day: z.string(),
  /** The 进度 tab's history, one row per county day; the sheet is written from it, never read. */
  history: z.array(
    z.object({
      date: z.string(),
      people: z.int(),
      effectiveRecords: z.int(),
      schoolsComplete: z.int(),
    }),
  ),
});
type Built = z.infer<typeof Built>;

export interface SummaryOutcome {
  status: "no_sheet" | "no_tab" | "unchanged" | "built";
  schools: number;
  overdue: number;
}

/** The charts the build adds once; their ids are fixed, so the spreadsheet shows if they are there. */
const CHART_IDS: readonly number[] = [
  ...Object.values(PROGRESS_CHART_IDS),
  ...STATISTICS_CHART_IDS,
];

/**
 * Rebuilds the summary's 总览, 进度 and 统计 tabs (and 学分, the county-wide 学分台账 and the
 * 业务台账 where the spreadsheet has them) when the registry has changed since the last
 * build, or the county date has (lateness is judged on today's date, ages on today's date, and
 * the history gains a row a day): at most one unforced rebuild a day.
 *
 * Guarantees:
 * - nothing changed: no Google request at all (three D1 reads); a sharing audit counts as a
 *   change (its day is part of the registry marker), so the 总览 shows the latest findings;
 * - changed: one values.batchUpdate for the three tabs (RAW: text never runs as a formula) and
 *   one spreadsheets.batchUpdate (grid sizes, highlights, number formats, and the charts the
 *   spreadsheet lacks); plus, once per summary spreadsheet, a spreadsheets.get for the tabs'
 *   sheetIds and the charts already there, so charts are never added twice (on every build
 *   while the spreadsheet lacks the 学分 tabs: rerunning provisioning adds them);
 * - the marker is stored only after both writes, so a failed build is redone by the next cron;
 * - no ID number, phone or address: the tabs hold counts, and the statistics read only the
 *   columns they tally (adapters/store/summary.ts);
 * - `no_sheet` until a poll has listed the summary spreadsheet (appProperty tmisKind=summary).
 */
export async function buildSummary(
  db: D1Database,
  google: Google,
  now: Date,
): Promise<SummaryOutcome> {
  const idle = { schools: 0, overdue: 0 };
  const spreadsheetId = await getCursor(db, SUMMARY_SPREADSHEET_CURSOR);
  if (spreadsheetId === undefined) return { ...idle, status: "no_sheet" };
  const marker = await registryMarker(db);
  const built = parseBuilt(await getCursor(db, BUILT_CURSOR));
  const same = built?.spreadsheetId === spreadsheetId ? built : undefined;
  const day = chinaDate(now);
  if (same?.marker === marker && same.day === day) return { ...idle, status: "unchanged" };
  // A build that knows no credit or business tabs asks again: provisioning may have added them.
  const lacksTabs =
    same?.sheetIds.credits === undefined ||
    same.sheetIds.ledger === undefined ||
    same.sheetIds.business === undefined;
  const found = lacksTabs ? await summaryTabs(google, spreadsheetId) : undefined;
  const sheetIds = found?.sheetIds ?? same?.sheetIds;
  if (sheetIds === undefined) return { ...idle, status: "no_tab" };
  // After the first build of a spreadsheet its charts are there; before it, add those missing.
  const addCharts = same === undefined && found?.charts === false;
  const addCreditsChart = found?.creditsChart === false;

  const { schools, overview, sections, matrix, history, statistics, credits, business } =
    await summaryData(db, day, same?.history ?? []);
  const historyAt = columnLetters(progressLayout(sections).historyColumn);

  // Values first: the write grows the grids to fit, and the format requests then cut them to size.
  await batchUpdateValues(google.client, google.sheetsBaseUrl, spreadsheetId, [
    { range: `${wholeTab(OVERVIEW_TITLE)}!A1`, values: overview.table },
    { range: `${wholeTab(PROGRESS_TITLE)}!A1`, values: matrix },
    { range: `${wholeTab(PROGRESS_TITLE)}!${historyAt}1`, values: historyTable(history) },
    { range: `${wholeTab(STATISTICS_TITLE)}!A1`, values: statistics.table },
    ...creditValues(sheetIds, credits),
    ...(sheetIds.business === undefined
      ? []
      : [{ range: `${wholeTab(BUSINESS_LOG_TITLE)}!A1`, values: business }]),
  ]);
  await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, {
    requests: [
      ...overviewFormatRequests(sheetIds.overview, overview),
      ...progressFormatRequests(
        sheetIds.progress,
        sections,
        Math.max(matrix.length, history.length + 1),
        addCharts,
      ),
      ...statisticsFormatRequests(sheetIds.statistics, statistics, addCharts),
      ...creditFormats(sheetIds, credits, addCreditsChart),
      ...rowCount(sheetIds.business, business.length),
    ],
  });
  const next: Built = { spreadsheetId, sheetIds, marker, day, history };
  await setCursor(db, BUILT_CURSOR, JSON.stringify(next), now.toISOString());
  return { status: "built", schools, overdue: overview.overdueRows.length };
}

/** The three tabs' tables as data, and what goes with them (sections, the day's history). */
export interface SummaryData {
  /** The county date the tables judge lateness and ages on. */
  readonly day: string;
  readonly schools: number;
  readonly overview: Overview;
  readonly sections: readonly ProgressSection[];
  readonly matrix: ProgressCell[][];
  /** The history with today's row put in. */
  readonly history: HistoryRow[];
  readonly statistics: Statistics;
  /** The 学分 tab and the county-wide 学分台账. */
  readonly credits: CreditsData;
  /** The 业务台账: header, then one row per business request. */
  readonly business: LogCell[][];
}

/**
 * The 总览, 进度 and 统计 tables from the registry, with `history` (the days kept so far)
 * gaining today's row: what the build writes and the admin exports serve, so the two agree.
 * Three D1 queries; no Google request.
 */
export async function summaryData(
  db: D1Database,
  day: string,
  history: readonly HistoryRow[],
): Promise<SummaryData> {
  const required = requiredSections(shippedTemplates);
  const [counts, perSection, values, findings, credits, business] = await Promise.all([
    summaryCounts(db, required),
    sectionCounts(db),
    effectiveValues(db, STATISTICS_COLUMNS),
    sharingFindings(db),
    creditsData(db, Number(day.slice(0, 4))),
    businessLogData(db),
  ]);
  const { deadlines } = shippedCountyConfig.campaign;
  const overview = buildOverview(
    counts.map((school) => ({
      ...school,
      category: shippedTemplates.categories[school.category].title,
      sharing: describeFindings(findings.filter((f) => f.schoolCode === school.code)),
    })),
    deadlines,
    day,
    describeFindings(findings.filter((f) => f.schoolCode === "")),
  );
  const sections = dataSections(shippedTemplates);
  const progress = counts.map((school) => schoolProgress(school, perSection, deadlines, day));
  return {
    day,
    schools: counts.length,
    overview,
    sections,
    matrix: buildProgressMatrix(progress, sections),
    history: withHistoryRow(history, historyRow(day, progress)),
    statistics: buildStatistics(values, shippedTemplates, day),
    credits,
    business,
  };
}

type SheetIds = Built["sheetIds"];

/** The credit tabs' values, for the tabs the spreadsheet has. */
function creditValues(sheetIds: SheetIds, credits: CreditsData) {
  return [
    ...(sheetIds.credits === undefined
      ? []
      : [{ range: `${wholeTab(CREDITS_TITLE)}!A1`, values: credits.table }]),
    ...(sheetIds.ledger === undefined
      ? []
      : [{ range: `${wholeTab(COUNTY_LEDGER_TITLE)}!A1`, values: credits.ledger }]),
  ];
}

/** 学分's grid, bold total and chart; 学分台账's grid cut to the table (no stale teacher left). */
function creditFormats(sheetIds: SheetIds, credits: CreditsData, addChart: boolean): unknown[] {
  return [
    ...(sheetIds.credits === undefined
      ? []
      : creditsFormatRequests(sheetIds.credits, credits.table.length, addChart)),
    ...rowCount(sheetIds.ledger, credits.ledger.length),
  ];
}

/** A log tab's grid cut to its table, so no row of an earlier, longer table is left. */
function rowCount(sheetId: number | undefined, rows: number): unknown[] {
  return sheetId === undefined
    ? []
    : [
        {
          updateSheetProperties: {
            properties: { sheetId, gridProperties: { rowCount: Math.max(rows, 2) } },
            fields: "gridProperties.rowCount",
          },
        },
      ];
}

/** The days the last build kept, for tables served between builds. */
export async function keptHistory(db: D1Database): Promise<HistoryRow[]> {
  return parseBuilt(await getCursor(db, BUILT_CURSOR))?.history ?? [];
}

function schoolProgress(
  school: SchoolCounts,
  perSection: readonly SectionCounts[],
  deadlines: typeof shippedCountyConfig.campaign.deadlines,
  day: string,
): SchoolProgress {
  const mine = perSection.filter((row) => row.school === school.code);
  return {
    code: school.code,
    name: school.name,
    people: school.people,
    records: mine.reduce((n, row) => n + row.records, 0),
    effectiveRecords: mine.reduce((n, row) => n + row.effective, 0),
    sections: Object.fromEntries(mine.map((row) => [row.section, row.effectivePeople])),
    complete: campaignStatus(school, deadlines, day).current === undefined,
  };
}

const SummaryTabs = z.object({
  sheets: z.array(
    z.object({
      properties: z.object({ sheetId: z.int(), title: z.string() }),
      charts: z.array(z.object({ chartId: z.int() })).optional(),
    }),
  ),
});

/**
 * The tabs' sheetIds and whether our charts are all there already (a build whose cursor was
 * lost must not add them again: a second chart with the same id fails the whole batchUpdate).
 * Some but not all of them would be a spreadsheet edited by hand; it gets none added.
 */
async function summaryTabs(google: Google, spreadsheetId: string) {
  const url = new URL(
    `v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`,
    google.sheetsBaseUrl.endsWith("/") ? google.sheetsBaseUrl : `${google.sheetsBaseUrl}/`,
  );
  url.searchParams.set("fields", "sheets(properties(sheetId,title),charts(chartId))");
  const { sheets } = await google.client.request({
    method: "GET",
    url: url.toString(),
    schema: SummaryTabs,
    label: "sheets.spreadsheets.get",
  });
  const idOf = (title: string) =>
    sheets.find((s) => s.properties.title === title)?.properties.sheetId;
  const [overview, progress, statistics] = [OVERVIEW_TITLE, PROGRESS_TITLE, STATISTICS_TITLE].map(
    idOf,
  );
  const present = new Set(sheets.flatMap((s) => (s.charts ?? []).map((c) => c.chartId)));
  return {
    sheetIds:
      overview === undefined || progress === undefined || statistics === undefined
        ? undefined
        : {
            overview,
            progress,
            statistics,
            credits: idOf(CREDITS_TITLE),
            ledger: idOf(COUNTY_LEDGER_TITLE),
            business: idOf(BUSINESS_LOG_TITLE),
          },
    charts: CHART_IDS.some((id) => present.has(id)),
    creditsChart: present.has(CREDITS_CHART_ID),
  };
}

/** A cursor that does not parse (written by an older build) only means: build again. */
function parseBuilt(value: string | undefined): Built | undefined {
  if (value === undefined) return undefined;
  try {
    return Built.parse(JSON.parse(value));
  } catch {
    return undefined;
  }
}

/** Sections every person must have, per category (requiredOf "all"). */
function requiredSections(templates: Templates): RequiredSection[] {
  return SchoolCategory.options.flatMap((category) =>
    templates.categories[category].sections
      .filter((section) => section.kind === "section" && section.requiredOf === "all")
      .map((section) => ({ category, section: section.key })),
  );
}

/** Data sections (not request tabs) of every category, first appearance first, each once. */
function dataSections(templates: Templates): ProgressSection[] {
  const seen = new Map<string, ProgressSection>();
  for (const category of SchoolCategory.options)
    for (const section of templates.categories[category].sections)
      if (section.kind === "section" && !seen.has(section.key))
        seen.set(section.key, { key: section.key, title: section.title });
  return [...seen.values()];
}

/** Deadlines are county dates: the campaign runs on Beijing time (UTC+8, no daylight saving). */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
