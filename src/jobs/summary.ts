import { z } from "zod";
import type { Google } from "../adapters/google/index";
import {
  batchUpdate,
  batchUpdateValues,
  getSpreadsheetTabs,
  wholeTab,
} from "../adapters/google/sheets";
import { type RequiredSection, registryMarker, summaryCounts } from "../adapters/store/summary";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import { buildOverview, OVERVIEW_TITLE, overviewFormatRequests } from "../core/reports/overview";
import { shippedCountyConfig, shippedTemplates } from "../core/templates/bundle";
import { SchoolCategory, type Templates } from "../core/templates/index";
import { SUMMARY_SPREADSHEET_CURSOR } from "./poll";

/** What the last build wrote, and where: JSON of `Built`. */
const BUILT_CURSOR = "summary.built";

const Built = z.object({
  spreadsheetId: z.string(),
  /** The 总览 tab's sheetId, asked once per spreadsheet (format requests address tabs by id). */
  sheetId: z.int(),
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

/**
 * Rebuilds the summary's 总览 tab when the registry has changed since the last build, or the
 * county date has (lateness is judged on today's date): at most one unforced rebuild a day.
 *
 * Guarantees:
 * - nothing changed: no Google request at all (three D1 reads);
 * - changed: one values.batchUpdate (RAW: text never runs as a formula) and one
 *   spreadsheets.batchUpdate (grid size, overdue highlight); plus, once per summary spreadsheet,
 *   a spreadsheets.get for the tab's sheetId;
 * - the marker is stored only after both writes, so a failed build is redone by the next cron;
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
  const sheetId = same?.sheetId ?? (await overviewSheetId(google, spreadsheetId));
  if (sheetId === undefined) return { ...idle, status: "no_tab" };

  const counts = await summaryCounts(db, requiredSections(shippedTemplates));
  const overview = buildOverview(
    counts.map((school) => ({
      ...school,
      category: shippedTemplates.categories[school.category].title,
    })),
    shippedCountyConfig.campaign.deadlines,
    day,
  );
  // Values first: the write grows the grid to fit, and the format requests then cut it to size.
  await batchUpdateValues(google.client, google.sheetsBaseUrl, spreadsheetId, [
    { range: `${wholeTab(OVERVIEW_TITLE)}!A1`, values: overview.table },
  ]);
  await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, {
    requests: overviewFormatRequests(sheetId, overview),
  });
  const next: Built = { spreadsheetId, sheetId, marker, day };
  await setCursor(db, BUILT_CURSOR, JSON.stringify(next), now.toISOString());
  return { status: "built", schools: counts.length, overdue: overview.overdueRows.length };
}

async function overviewSheetId(google: Google, spreadsheetId: string) {
  const tabs = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, spreadsheetId);
  return tabs.sheets.find((sheet) => sheet.properties.title === OVERVIEW_TITLE)?.properties.sheetId;
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

/** Deadlines are county dates: the campaign runs on Beijing time (UTC+8, no daylight saving). */
function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
