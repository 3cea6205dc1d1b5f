/**
 * The demo's campaign and its 进度 tab. The shipped county.json holds the notice's 2017 dates,
 * under which every school is 逾期 today; the demo runs a campaign around the day it runs
 * instead (collection closed yesterday, the rest to come), given to the worker as its CAMPAIGN
 * var and to provisioning as county.json's active campaign, so both tell the same dates.
 */
import { CAMPAIGN_STEP_LABELS, CAMPAIGN_STEPS } from "../../src/core/reports/campaign";
import { DEADLINE_HEADERS, LAGGARD_HEADERS } from "../../src/core/reports/deadlines";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import { type Campaign, type CountyConfig, demoCampaign } from "../../src/core/templates/county";
import type { GoogleClients } from "../lib/emulator-clients";
import { readTab } from "../lib/school-sheet";
import { alignedTable } from "../report/report";

export interface DemoCampaign {
  readonly campaign: Campaign;
  /** county.json with the demo's campaign as the active one, for provisioning. */
  readonly county: CountyConfig;
  /** The worker's vars that make it judge by the same campaign. */
  readonly workerVars: Record<string, string>;
}

export function demoCampaignSetup(now: Date = new Date()): DemoCampaign {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const campaign = demoCampaign(today);
  return {
    campaign,
    county: {
      ...shippedCountyConfig,
      campaign: {
        active: campaign.year,
        campaigns: [
          ...shippedCountyConfig.campaign.campaigns.filter((c) => c.year !== campaign.year),
          campaign,
        ],
      },
    },
    workerVars: { CAMPAIGN: JSON.stringify(campaign) },
  };
}

export function describeCampaign({ year, deadlines }: Campaign): string {
  return `${year} 年采集（演示）：${CAMPAIGN_STEPS.map((s) => `${CAMPAIGN_STEP_LABELS[s]} ${deadlines[s]}`).join("，")}`;
}

/**
 * Prints the 进度 tab's deadline block and the schools furthest behind, as the county reads
 * them, and fails the demo unless a late school is named against its expected headcount and
 * the progress chart is there.
 */
export async function showProgress(office: GoogleClients, summaryId: string): Promise<void> {
  const rows = await readTab(office, summaryId, "进度");
  const deadlines = rows.slice(1, 6).map((row) => row.slice(0, DEADLINE_HEADERS.length));
  const start = rows.findIndex((row) => row[0] === LAGGARD_HEADERS[0] && row[1] === "学校名称");
  const laggards = rows
    .slice(start, start + 11)
    .filter((row) => (row[0] ?? "") !== "")
    .map((row) => row.slice(0, LAGGARD_HEADERS.length));
  console.log(`  汇总表「进度」：${rows[0]?.[0] ?? ""}`);
  console.log(alignedTable(deadlines).replace(/^/gm, "    "));
  console.log("  落后最多的学校：");
  console.log(alignedTable(laggards).replace(/^/gm, "    "));
  const named = deadlines.some((row) => /（差\d+人，逾期\d+天）/.test(row.at(-1) ?? ""));
  if (!named) throw new Error("汇总表「进度」没有列出逾期的学校");
  const tabs = await office.sheets.spreadsheets.get({
    spreadsheetId: summaryId,
    fields: "sheets(properties(title),charts(spec(title,basicChart(chartType))))",
  });
  const charts = (tabs.data.sheets ?? []).find((s) => s.properties?.title === "进度")?.charts;
  const daily = (charts ?? []).find((c) => c.spec?.basicChart?.chartType === "COMBO");
  if (daily === undefined) throw new Error("汇总表「进度」没有每日进度图表");
  console.log(`  「进度」的图表：${(charts ?? []).map((c) => c.spec?.title).join("、")}`);
}
