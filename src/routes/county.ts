import { Hono } from "hono";
import { recheckSpreadsheet } from "../adapters/store/recheck";
import { getCursor, tabProblemsOf } from "../adapters/store/sync-state";
import { countyTabProblemMessage } from "../core/sync/tab-manifest";
import type { Env } from "../env";
import { SUMMARY_SPREADSHEET_CURSOR } from "../jobs/poll";

/**
 * `GET /api/county/tabs`: tabs of the county's two spreadsheets not read or written because their
 * id no longer bears their title (renamed, maybe for a look-alike) or is gone; the next
 * `npm run provision` repairs them. A spreadsheet the worker has not found yet is left out.
 */
export const county = new Hono<{ Bindings: Env }>().get("/tabs", async (c) => {
  const db = c.env.DB;
  const found = [
    { kind: "recheck", spreadsheetId: await recheckSpreadsheet(db) },
    { kind: "summary", spreadsheetId: await getCursor(db, SUMMARY_SPREADSHEET_CURSOR) },
  ];
  const spreadsheets = [];
  for (const { kind, spreadsheetId } of found) {
    if (spreadsheetId === undefined) continue;
    const problems = await tabProblemsOf(db, spreadsheetId);
    spreadsheets.push({
      kind,
      spreadsheetId,
      tabProblems: problems.map((p) => ({ tab: p.title, message: countyTabProblemMessage(p) })),
    });
  }
  return c.json({ spreadsheets });
});
