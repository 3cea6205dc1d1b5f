/**
 * The training-credit ledger for the admin: `GET /credits` (the rule, every teacher's line and
 * the credit log, as JSON) and `GET /credits.csv` (the county-wide 学分台账, formula-safe like
 * /summary.csv). Teachers are named by 教师编号 and 姓名: no ID number, phone or address.
 */
import { Hono } from "hono";
import { creditLog } from "../adapters/store/credits";
import { CREDIT_STATUS_LABELS } from "../core/credits/ledger";
import { shippedCountyConfig } from "../core/templates/bundle";
import type { Env } from "../env";
import { creditsData } from "../jobs/credits";
import { chinaDate } from "../jobs/summary";
import { toCsv } from "./summary";

export const credits = new Hono<{ Bindings: Env }>()
  .get("/credits", async (c) => {
    const day = chinaDate(new Date());
    const [data, log] = await Promise.all([creditsData(c.env.DB, day), creditLog(c.env.DB)]);
    return c.json({
      day,
      year: data.year,
      rule: shippedCountyConfig.credits,
      teachers: data.lines.map((line) => ({
        ...line,
        statusLabel: CREDIT_STATUS_LABELS[line.status],
      })),
      log,
    });
  })
  .get("/credits.csv", async (c) => {
    const day = chinaDate(new Date());
    const data = await creditsData(c.env.DB, day);
    const name = `${shippedCountyConfig.county.name}教师培训学分台账-${day}.csv`;
    return c.body(toCsv(data.ledger), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="credits-${day}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });
