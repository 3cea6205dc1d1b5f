/**
 * The county summary for the admin: the tabs (总览, 进度, 统计, 学分, 学分台账, 业务台账) as JSON
 * (`npm run report` writes them to a workbook), 总览 as CSV and as .xlsx, and the build on
 * demand (`wrangler dev` fires no cron). The tables hold counts, school names and codes, and
 * (学分台账, 业务台账) teachers by 教师编号, 姓名 and 参考码 only: no ID number, phone or address.
 */
import { Hono } from "hono";
import { googleFromEnv } from "../adapters/google/index";
import { writeXlsx, XLSX_CONTENT_TYPE, type XlsxCell } from "../adapters/xlsx/index";
import { COUNTY_LEDGER_TITLE, CREDITS_TITLE } from "../core/credits/tables";
import { BUSINESS_LOG_TITLE } from "../core/reports/business-log";
import { OVERVIEW_TITLE } from "../core/reports/overview";
import { historyTable, PROGRESS_TITLE, progressLayout } from "../core/reports/progress";
import { STATISTICS_TITLE } from "../core/reports/statistics";
import { shippedCountyConfig } from "../core/templates/bundle";
import type { Env } from "../env";
import { campaignOf } from "../jobs/progress";
import { buildSummary, chinaDate, type SummaryData, summaryData } from "../jobs/summary";

/** One tab as the summary spreadsheet shows it; `highlight`: 0-based rows marked overdue. */
export interface SummaryTab {
  readonly title: string;
  readonly rows: readonly (readonly XlsxCell[])[];
  readonly highlight: readonly number[];
}

export interface SummaryBody {
  /** The county date the tables were computed for. */
  readonly day: string;
  readonly tabs: readonly SummaryTab[];
}

/** The tabs laid out as the build writes them: 进度's history one blank column right of it. */
export function summaryTabs(data: SummaryData): SummaryTab[] {
  const { historyColumn } = progressLayout(data.sections);
  const history = historyTable(data.history, data.campaign.deadlines);
  const progress = Array.from({ length: Math.max(data.matrix.length, history.length) }, (_, i) => {
    const left = data.matrix[i] ?? [];
    const right = history[i];
    if (right === undefined) return left;
    return [...left, ...Array<XlsxCell>(historyColumn - left.length).fill(""), ...right];
  });
  return [
    { title: OVERVIEW_TITLE, rows: data.overview.table, highlight: data.overview.overdueRows },
    { title: PROGRESS_TITLE, rows: progress, highlight: [] },
    { title: STATISTICS_TITLE, rows: data.statistics.table, highlight: [] },
    { title: CREDITS_TITLE, rows: data.credits.table, highlight: [] },
    { title: COUNTY_LEDGER_TITLE, rows: data.credits.ledger, highlight: [] },
    { title: BUSINESS_LOG_TITLE, rows: data.business, highlight: [] },
  ];
}

async function current(env: Env): Promise<SummaryData> {
  const day = chinaDate(new Date());
  return summaryData(env.DB, day, campaignOf(day, env.CAMPAIGN));
}

/**
 * Cells Excel and WPS would run as a formula when they open a CSV (`=`, `+`, `-`, `@`, and tab
 * or carriage return, which they skip before looking) get a leading `'`: a school name typed as
 * `=HYPERLINK(…)` must stay text, not become a link that sends data away (CSV injection).
 * Numbers are written as numbers; only text is touched.
 */
function csvCell(value: XlsxCell): string {
  const text =
    typeof value === "number" ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  // RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM (Excel and WPS otherwise read Chinese as the local code page), CRLF lines. */
export function toCsv(rows: readonly (readonly XlsxCell[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("")}`;
}

/** `attachment` with an ASCII fallback and the Chinese name (RFC 6266 / RFC 5987). */
function attachment(day: string, extension: string): string {
  const name = `${shippedCountyConfig.county.name}教师信息汇总-${OVERVIEW_TITLE}-${day}.${extension}`;
  return `attachment; filename="summary-${day}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Mounted at /api: `/summary`, `/summary.csv`, `/summary.xlsx`, `POST /summary/build`. */
export const summary = new Hono<{ Bindings: Env }>()
  .get("/summary", async (c) => {
    const data = await current(c.env);
    const body: SummaryBody = { day: data.day, tabs: summaryTabs(data) };
    return c.json(body);
  })
  .get("/summary.csv", async (c) => {
    const data = await current(c.env);
    return c.body(toCsv(data.overview.table), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(data.day, "csv"),
    });
  })
  .get("/summary.xlsx", async (c) => {
    const data = await current(c.env);
    const bytes = writeXlsx([
      { name: OVERVIEW_TITLE, rows: data.overview.table, highlight: data.overview.overdueRows },
    ]);
    return c.body(bytes, 200, {
      "content-type": XLSX_CONTENT_TYPE,
      "content-disposition": attachment(data.day, "xlsx"),
    });
  })
  .post("/summary/build", async (c) => {
    const outcome = await buildSummary(c.env.DB, googleFromEnv(c.env), new Date(), c.env.CAMPAIGN);
    return c.json(outcome);
  });
