/** @jsxImportSource hono/jsx */
/**
 * `GET /slips/<token>`: the school system admin's print page of account slips, opened by the
 * 「打印账号条」 link in the school's account spreadsheet (a capability: whoever can read the link
 * can read the passwords beside it anyway). `?teacher=<教师编号>` prints one teacher's slip.
 *
 * - An unknown, replaced or other school's token, or a malformed one, gets the worker's plain
 *   404, as any address that does not exist: no hint that a school or a link was there.
 * - A known token reads the school's 账号 tab once, by the sheetId provisioning recorded for it
 *   (`values.batchGetByDataFilter`, through the quota keeper like every Google request), so a
 *   look-alike tab named 账号 is never printed; at most VIEWS per WINDOW a school, counted
 *   before the read.
 * - Every reply: no-store (app.ts), no referrer, noindex, a CSP that allows the worker's own
 *   stylesheet and nothing else (no script at all), no framing.
 * - The token never reaches a log: the error handler logs paths through `redactPath`.
 */
import { type Context, Hono } from "hono";
import { isQuotaRefusal } from "../../adapters/google/client";
import { googleFromEnv } from "../../adapters/google/index";
import { openSlipToken } from "../../adapters/store/slip-links";
import { slipAddresses, slipsFromTab } from "../../core/accounts/slips";
import { ACCOUNTS_TITLE } from "../../core/accounts/tab";
import type { Env } from "../../env";
import { readAccountTab } from "../../jobs/accounts";
import { portalBaseOf } from "../../jobs/slip-links";
import { SlipsMessage, SlipsPage } from "./page";
import { SLIPS_CSS } from "./style";

type SlipsContext = Context<{ Bindings: Env }>;

/** Page views a school's link allows in a window: printing and a few reloads, not a crawl. */
export const SLIP_VIEW_LIMITS = { windowMs: 15 * 60_000, views: 20 } as const;

/** Columns A–C of the 账号 tab: 教师编号, 姓名, 初始密码. */
const SLIP_COLUMNS = 3;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const TEACHER_NUMBER = /^\d{12}$/;

export const slips = new Hono<{ Bindings: Env }>();

slips.use(async function slipHeaders(c, next) {
  await next();
  c.header(
    "content-security-policy",
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("referrer-policy", "no-referrer");
  c.header("x-robots-tag", "noindex, nofollow");
  c.header("x-frame-options", "DENY");
  c.header("x-content-type-options", "nosniff");
});

slips.get("/slips.css", (c) =>
  c.body(SLIPS_CSS, 200, { "content-type": "text/css; charset=utf-8" }),
);

slips.get("/:token", async (c) => {
  const token = c.req.param("token");
  const teacher = c.req.query("teacher");
  if (!TOKEN.test(token) || (teacher !== undefined && !TEACHER_NUMBER.test(teacher)))
    return notFound(c);
  const school = await openSlipToken(c.env.DB, token, new Date().toISOString(), SLIP_VIEW_LIMITS);
  if (school === undefined) return notFound(c);
  if (school.limited) {
    c.header("retry-after", String(SLIP_VIEW_LIMITS.windowMs / 1000));
    return c.html(
      <SlipsMessage title="打开次数过多" message="本页刚刚被打开多次，请 15 分钟后再打开。" />,
      429,
    );
  }
  const google = googleFromEnv(c.env);
  let values: unknown[][];
  try {
    values = await readAccountTab(google, school, SLIP_COLUMNS);
  } catch (error) {
    if (!isQuotaRefusal(error)) throw error;
    c.header("retry-after", "60");
    return c.html(
      <SlipsMessage
        title="请稍后再试"
        message="系统此刻正忙（Google 配额本分钟已用完），请一分钟后刷新本页。"
      />,
      503,
    );
  }
  const sheet = slipsFromTab(values, teacher);
  if (sheet === null)
    return c.html(
      <SlipsMessage
        title="账号表格式不对"
        message={`「${ACCOUNTS_TITLE}」标签页的表头不是系统写入的样子，无法生成账号条：请联系县里的技术人员重新运行建表。`}
      />,
      409,
    );
  const base = portalBaseOf(c.env) ?? new URL(c.req.url).origin;
  return c.html(
    <SlipsPage
      school={school.schoolName}
      portal={slipAddresses(base, "").portal}
      slips={sheet.slips}
      cleared={sheet.cleared}
    />,
  );
});

/** Exactly what any unknown address gets (app.ts's notFound). */
function notFound(c: SlipsContext) {
  return c.json({ error: "没有这个接口" }, 404);
}
