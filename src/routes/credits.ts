/**
 * The training-credit ledger for the admin: `GET /credits` (the rule, every teacher's line, the
 * credit log and each 国内培训 version's confirmation state, as JSON) and `GET /credits.csv` (the county-wide 学分台账, formula-safe like
 * /summary.csv), judged for this year or for `?year=YYYY`; `POST /credits/build` runs the cron's
 * 学分台账 job on demand (`wrangler dev` fires no cron). Teachers are named by 教师编号 and 姓名:
 * no ID number, phone or address.
 */
import { Hono } from "hono";
import { googleFromEnv } from "../adapters/google/index";
import { creditItems } from "../adapters/store/credit-confirm";
import { creditLog } from "../adapters/store/credits";
import { CREDIT_STATUS_LABELS } from "../core/credits/ledger";
import { shippedCountyConfig } from "../core/templates/bundle";
import type { Env } from "../env";
import { creditsData, writeCreditTabs } from "../jobs/credits";
import { chinaDate } from "../jobs/summary";
import { toCsv } from "./summary";

/** `?year=YYYY`, or the county date's year; anything else is a 400 saying what was expected. */
function yearOf(query: string | undefined): number | string {
  if (query === undefined) return Number(chinaDate(new Date()).slice(0, 4));
  return /^(19|20)\d{2}$/.test(query)
    ? Number(query)
    : `year 应为四位年份，如 2017，收到「${query}」`;
}

export const credits = new Hono<{ Bindings: Env }>()
  .get("/credits", async (c) => {
    const year = yearOf(c.req.query("year"));
    if (typeof year === "string") return c.json({ error: year }, 400);
    const [data, log, items] = await Promise.all([
      creditsData(c.env.DB, year),
      creditLog(c.env.DB),
      creditItems(c.env.DB),
    ]);
    return c.json({
      year,
      rule: shippedCountyConfig.credits,
      teachers: data.lines.map((line) => ({
        ...line,
        statusLabel: CREDIT_STATUS_LABELS[line.status],
      })),
      log,
      // Each 国内培训 version in force with credits, and each 学分确认 shows: where it stands.
      confirmations: items.map(({ shown: _, cells, ...item }) => ({
        ...item,
        year: cells.培训年度 ?? null,
        credits: cells.培训获得学分 ?? null,
      })),
    });
  })
  .get("/credits.csv", async (c) => {
    const year = yearOf(c.req.query("year"));
    if (typeof year === "string") return c.json({ error: year }, 400);
    const data = await creditsData(c.env.DB, year);
    const name = `${shippedCountyConfig.county.name}教师培训学分台账-${year}.csv`;
    return c.body(toCsv(data.ledger), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="credits-${year}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  })
  .post("/credits/build", async (c) => {
    const now = new Date();
    return c.json(await writeCreditTabs(c.env.DB, googleFromEnv(c.env), chinaDate(now), now));
  });
