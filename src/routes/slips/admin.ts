import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { googleFromEnv } from "../../adapters/google/index";
import type { Env } from "../../env";
import { writeAccountTab } from "../../jobs/accounts";
import { portalBaseOf, rotateSlipLink } from "../../jobs/slip-links";

/**
 * `POST /api/schools/:code/slips-link` (admin token): a new 「打印账号条」 link for the school,
 * written into its account spreadsheet now (one write, by the 账号 tab's sheetId); the old link opens nothing
 * from then on. For a link that went where it should not. The reply never carries the link: it
 * is for the school's system admins, who read it in the account spreadsheet.
 */
export const slipLinks = new Hono<{ Bindings: Env }>().post("/:code/slips-link", async (c) => {
  const code = c.req.param("code");
  if (!/^\d{10}$/.test(code)) throw new HTTPException(400, { message: "学校代码应为10位数字" });
  const base = portalBaseOf(c.env) ?? new URL(c.req.url).origin;
  const done = await rotateSlipLink(
    { db: c.env.DB, google: googleFromEnv(c.env), now: new Date() },
    code,
    base,
    writeAccountTab,
  );
  if (done.status === "no-spreadsheet")
    throw new HTTPException(404, {
      message: `找不到学校代码为 ${code} 的「教师账号」表格：请先运行建表（provision）并同步一次`,
    });
  return c.json({ schoolCode: code, rotated: true, base });
});
