import { z } from "zod";
import type { Google } from "../adapters/google/index";
import { batchUpdate, batchUpdateValues, wholeTab } from "../adapters/google/sheets";
import { snapshotStatement } from "../adapters/store/progress";
import { recheckSpreadsheet } from "../adapters/store/recheck";
import { sharingFindings } from "../adapters/store/sharing";
import {
  effectiveValues,
  type RequiredSection,
  registryMarker,
  sectionCounts,
  summaryCounts,
} from "../adapters/store/summary";
import {
  allTabProblems,
  getCursor,
  recordTabProblems,
  setCursor,
} from "../adapters/store/sync-state";
import {
  COUNTY_LEDGER_TITLE,
  CREDITS_CHART_ID,
  CREDITS_TITLE,
  creditsFormatRequests,
} from "../core/credits/tables";
import { BUSINESS_LOG_TITLE, type LogCell } from "../core/reports/business-log";
import {
  buildOverview,
  describeCountyTabProblems,
  describeTabProblems,
  OVERVIEW_TITLE,
  type Overview,
  overviewFormatRequests,
} from "../core/reports/overview";
import {
  type HistoryRow,
  historyTable,
  PROGRESS_CHART_IDS,
  PROGRESS_TITLE,
  type ProgressCell,
  type ProgressSection,
  progressFormatRequests,
  progressLayout,
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
import { SUMMARY_TABS } from "../core/sync/county-tabs";
import { checkBoundTabs } from "../core/sync/tab-manifest";
import { shippedTemplates } from "../core/templates/bundle";
import type { Campaign } from "../core/templates/county";
import { SchoolCategory, type Templates } from "../core/templates/index";
import { businessLogData } from "./business-log";
import { type CreditsData, creditsData } from "./credits";
import { SUMMARY_SPREADSHEET_CURSOR, SUMMARY_TABS_CURSOR, type SummaryBinding } from "./poll";
import { campaignOf, progressReads, progressTables } from "./progress";

/** What the last build wrote, and where: JSON of `Built`. */
const BUILT_CURSOR = "summary.built";

const Built = z.object({
  spreadsheetId: z.string(),
  /**
   * The sheetIds of the tabs the build wrote, by SUMMARY_TABS key (format requests address tabs
   * by id). Each is optional: a spreadsheet provisioned before the credit or business tabs lacks
   * them, and a bound tab found renamed or deleted is not written.
   */
  sheetIds: z.object({
    overview: z.int().optional(),
    progress: z.int().optional(),
    statistics: z.int().optional(),
    credits: z.int().optional(),
    ledger: z.int().optional(),
    business: z.int().optional(),
  }),
  /** `registryMarker` when the build read the registry. */
  marker: z.string(),
  /** The county date the build judged lateness on: a new day can make a school overdue. */
  day: z.string(),
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
 * - changed: a spreadsheets.get for the tabs' titles and the charts already there (charts are
 *   never added twice), one values.batchUpdate for the tabs (RAW: text never runs as a formula)
 *   and one spreadsheets.batchUpdate (grid sizes, highlights, number formats, and the charts the
 *   spreadsheet lacks);
 * - written by tab id: each tab only while the sheetId provisioning recorded for it still bears
 *   its title; the others are skipped and reported as tab problems (`writableTabs`; a summary
 *   provisioned before tab manifests is written by title, its spreadsheets.get asked once);
 * - the marker is stored only after both writes, so a failed build is redone by the next cron;
 * - no ID number, phone or address: the tabs hold counts, and the statistics read only the
 *   columns they tally (adapters/store/summary.ts);
 * - `no_sheet` until a poll has listed the summary spreadsheet (appProperty tmisKind=summary);
 *   `no_tab` when not one of its tabs may be written.
 */
export async function buildSummary(
  db: D1Database,
  google: Google,
  now: Date,
  campaignVar?: string,
): Promise<SummaryOutcome> {
  const idle = { schools: 0, overdue: 0 };
  const spreadsheetId = await getCursor(db, SUMMARY_SPREADSHEET_CURSOR);
  if (spreadsheetId === undefined) return { ...idle, status: "no_sheet" };
  const built = parseBuilt(await getCursor(db, BUILT_CURSOR));
  const same = built?.spreadsheetId === spreadsheetId ? built : undefined;
  const day = chinaDate(now);
  if (same?.marker === (await registryMarker(db)) && same.day === day)
    return { ...idle, status: "unchanged" };
  const { sheetIds, addCharts, addCreditsChart } = await writableTabs(
    db,
    google,
    spreadsheetId,
    same,
  );
  if (Object.keys(sheetIds).length === 0) return { ...idle, status: "no_tab" };
  // Read after `writableTabs` recorded the summary's own tab problems, which the marker covers:
  // a marker read before would make the next cron rebuild for this build's own record.
  const marker = await registryMarker(db);

  const data = await summaryData(db, day, campaignOf(day, campaignVar));
  const { schools, overview, sections, matrix, history, statistics, credits, business } = data;
  const historyAt = columnLetters(progressLayout(sections).historyColumn);

  // Values first: the write grows the grids to fit, and the format requests then cut them to size.
  // Values are addressed by title, and only for tabs whose bound id bore that title just now:
  // titles are unique within a spreadsheet, so the write reaches the genuine tab, not a look-alike.
  await batchUpdateValues(google.client, google.sheetsBaseUrl, spreadsheetId, [
    ...forTab(sheetIds.overview, () => [
      { range: `${wholeTab(OVERVIEW_TITLE)}!A1`, values: overview.table },
    ]),
    ...forTab(sheetIds.progress, () => [
      { range: `${wholeTab(PROGRESS_TITLE)}!A1`, values: matrix },
      {
        range: `${wholeTab(PROGRESS_TITLE)}!${historyAt}1`,
        values: historyTable(history, data.campaign.deadlines),
      },
    ]),
    ...forTab(sheetIds.statistics, () => [
      { range: `${wholeTab(STATISTICS_TITLE)}!A1`, values: statistics.table },
    ]),
    ...forTab(sheetIds.credits, () => [
      { range: `${wholeTab(CREDITS_TITLE)}!A1`, values: credits.table },
    ]),
    ...forTab(sheetIds.ledger, () => [
      { range: `${wholeTab(COUNTY_LEDGER_TITLE)}!A1`, values: credits.ledger },
    ]),
    ...forTab(sheetIds.business, () => [
      { range: `${wholeTab(BUSINESS_LOG_TITLE)}!A1`, values: business },
    ]),
  ]);
  await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, {
    requests: [
      ...forTab(sheetIds.overview, (id) => overviewFormatRequests(id, overview)),
      ...forTab(sheetIds.progress, (id) =>
        progressFormatRequests(
          id,
          sections,
          Math.max(matrix.length, history.length + 1),
          addCharts,
        ),
      ),
      ...forTab(sheetIds.statistics, (id) => statisticsFormatRequests(id, statistics, addCharts)),
      ...forTab(sheetIds.credits, (id) =>
        creditsFormatRequests(id, credits.table.length, addCreditsChart),
      ),
      // The log tabs' grids cut to their tables, so no row of an earlier, longer table is left.
      ...forTab(sheetIds.ledger, (id) => [rowCount(id, credits.ledger.length)]),
      ...forTab(sheetIds.business, (id) => [rowCount(id, business.length)]),
    ],
  });
  const next: Built = { spreadsheetId, sheetIds, marker, day };
  // The day's snapshot first: a build that fails after it is redone, and replaces it.
  await snapshotStatement(db, data.today, now.toISOString()).run();
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
  /** The 进度 tab's left part: the deadline and laggard blocks, then the matrix. */
  readonly matrix: ProgressCell[][];
  /** The history (D1 snapshots) with today's row put in. */
  readonly history: HistoryRow[];
  /** Today's row of it, the snapshot a build stores. */
  readonly today: HistoryRow;
  /** The campaign lateness is judged against. */
  readonly campaign: Campaign;
  readonly statistics: Statistics;
  /** The 学分 tab and the county-wide 学分台账. */
  readonly credits: CreditsData;
  /** The 业务台账: header, then one row per business request. */
  readonly business: LogCell[][];
}

/**
 * The 总览, 进度 and 统计 tables from the registry, judged against `campaign`, with the days
 * kept so far (D1 snapshots) gaining today's row: what the build writes and the admin exports
 * serve, so the two agree. D1 queries only, run together; no Google request.
 */
export async function summaryData(
  db: D1Database,
  day: string,
  campaign: Campaign,
): Promise<SummaryData> {
  const required = requiredSections(shippedTemplates);
  const [
    counts,
    perSection,
    values,
    findings,
    credits,
    business,
    tabs,
    recheckId,
    summaryId,
    reads,
  ] = await Promise.all([
    summaryCounts(db, required),
    sectionCounts(db),
    effectiveValues(db, STATISTICS_COLUMNS),
    sharingFindings(db),
    creditsData(db, Number(day.slice(0, 4))),
    businessLogData(db),
    allTabProblems(db),
    recheckSpreadsheet(db),
    getCursor(db, SUMMARY_SPREADSHEET_CURSOR),
    progressReads(db, required),
  ]);
  const problemsOf = (spreadsheetId: string | undefined) =>
    tabs.find((sheet) => sheet.spreadsheetId === spreadsheetId)?.problems ?? [];
  const { deadlines } = campaign;
  const expectedOf = new Map(reads.people.map((p) => [p.code, p.expected]));
  const overview = buildOverview(
    counts.map((school) => ({
      ...school,
      expectedStaff: expectedOf.get(school.code) ?? null,
      category: shippedTemplates.categories[school.category].title,
      sharing: describeFindings(findings.filter((f) => f.schoolCode === school.code)),
      tabProblems: describeTabProblems(
        tabs.find((sheet) => sheet.schoolCode === school.code)?.problems ?? [],
      ),
    })),
    deadlines,
    day,
    {
      sharing: describeFindings(findings.filter((f) => f.schoolCode === "")),
      tabProblems: describeCountyTabProblems([
        { kind: "recheck", problems: problemsOf(recheckId) },
        { kind: "summary", problems: problemsOf(summaryId) },
      ]),
    },
  );
  const sections = dataSections(shippedTemplates);
  const progress = progressTables(counts, perSection, sections, reads, campaign, day);
  return {
    day,
    schools: counts.length,
    overview,
    sections,
    matrix: progress.table,
    history: progress.history,
    today: progress.today,
    campaign,
    statistics: buildStatistics(values, shippedTemplates, day),
    credits,
    business,
  };
}

type SheetIds = Built["sheetIds"];

/** `make(sheetId)` for a tab the build may write; nothing for one it may not. */
function forTab<T>(sheetId: number | undefined, make: (sheetId: number) => T[]): T[] {
  return sheetId === undefined ? [] : make(sheetId);
}

function rowCount(sheetId: number, rows: number): unknown {
  return {
    updateSheetProperties: {
      properties: { sheetId, gridProperties: { rowCount: Math.max(rows, 2) } },
      fields: "gridProperties.rowCount",
    },
  };
}

const SummaryTabs = z.object({
  properties: z.object({ title: z.string() }),
  sheets: z.array(
    z.object({
      properties: z.object({ sheetId: z.int(), title: z.string() }),
      charts: z.array(z.object({ chartId: z.int() })).optional(),
    }),
  ),
});

interface Writable {
  readonly sheetIds: SheetIds;
  readonly addCharts: boolean;
  readonly addCreditsChart: boolean;
}

/**
 * The tabs this build may write, and which of our charts to add.
 *
 * With the tab manifest provisioning records on the file (the poll leaves it in
 * SUMMARY_TABS_CURSOR): one spreadsheets.get every build, and a tab is written only while its
 * bound sheetId still bears its title. A tab renamed (perhaps for a look-alike under its name)
 * or deleted is skipped and recorded as a tab problem, which GET /api/county/tabs and the 总览's
 * totals row show; provisioning's repair gives it its title back, and the next build writes it.
 *
 * Without a manifest (a summary provisioned before them) the tabs are found by title, asked once
 * per spreadsheet as before, and nothing tells a look-alike from the genuine tab: re-running
 * provisioning writes the manifest, and the build binds by id from the next poll on.
 */
async function writableTabs(
  db: D1Database,
  google: Google,
  spreadsheetId: string,
  same: Built | undefined,
): Promise<Writable> {
  const manifest = await summaryManifest(db, spreadsheetId);
  // A build that does not know every tab asks again: provisioning may have added them.
  const ask =
    manifest !== null || SUMMARY_TABS.some((tab) => same?.sheetIds[tab.key] === undefined);
  const found = ask ? await summaryTabs(google, spreadsheetId) : undefined;
  const charts = {
    // After the first build of a spreadsheet its charts are there; before it, add those missing.
    addCharts: same === undefined && found?.charts === false,
    addCreditsChart: found?.creditsChart === false,
  };
  if (found === undefined) return { sheetIds: same?.sheetIds ?? {}, ...charts };
  if (manifest === null) {
    const idOf = new Map(found.tabs.map((tab) => [tab.title, tab.sheetId]));
    return {
      sheetIds: sheetIdsOf(SUMMARY_TABS.map((t) => ({ ...t, sheetId: idOf.get(t.title) }))),
      ...charts,
    };
  }
  const bound = SUMMARY_TABS.flatMap((tab) => {
    const sheetId = manifest[tab.key];
    return sheetId === undefined ? [] : [{ ...tab, sheetId }];
  });
  const { trusted, problems } = checkBoundTabs(bound, found.tabs);
  await recordTabProblems(db, spreadsheetId, found.title, problems);
  return { sheetIds: sheetIdsOf(trusted), ...charts };
}

function sheetIdsOf(tabs: readonly { key: string; sheetId: number | undefined }[]): SheetIds {
  return Object.fromEntries(
    tabs.flatMap((tab) => (tab.sheetId === undefined ? [] : [[tab.key, tab.sheetId]])),
  );
}

const Binding = z.object({
  spreadsheetId: z.string(),
  tabs: z.record(z.string(), z.int()).nullable(),
});

/** The manifest the poll found on the summary file; null when it has none. */
async function summaryManifest(
  db: D1Database,
  spreadsheetId: string,
): Promise<Record<string, number> | null> {
  const stored = await getCursor(db, SUMMARY_TABS_CURSOR);
  if (stored === undefined) return null;
  const binding: SummaryBinding = Binding.parse(JSON.parse(stored));
  return binding.spreadsheetId === spreadsheetId ? binding.tabs : null;
}

/**
 * The spreadsheet's title, its tabs and whether our charts are all there already (a build whose
 * cursor was lost must not add them again: a second chart with the same id fails the whole
 * batchUpdate). Some but not all of them would be a spreadsheet edited by hand; it gets none added.
 */
async function summaryTabs(google: Google, spreadsheetId: string) {
  const url = new URL(
    `v4/spreadsheets/${encodeURIComponent(spreadsheetId)}`,
    google.sheetsBaseUrl.endsWith("/") ? google.sheetsBaseUrl : `${google.sheetsBaseUrl}/`,
  );
  url.searchParams.set(
    "fields",
    "properties.title,sheets(properties(sheetId,title),charts(chartId))",
  );
  const { properties, sheets } = await google.client.request({
    method: "GET",
    url: url.toString(),
    schema: SummaryTabs,
    label: "sheets.spreadsheets.get",
  });
  const present = new Set(sheets.flatMap((s) => (s.charts ?? []).map((c) => c.chartId)));
  return {
    title: properties.title,
    tabs: sheets.map((s) => s.properties),
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
