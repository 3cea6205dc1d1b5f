/** @jsxImportSource hono/jsx */
/**
 * The county's copy of the 电子档案, admin token only (mounted under /api): the ID number in clear,
 * so every download is recorded in the `exports` audit first, like the import package.
 * - `GET /api/archive/teachers/:number`: one teacher's (a stable URL: the 业务台账 links it for
 *   the receiving school of a completed transfer);
 * - `GET /api/archive/schools/:code`: every teacher the school has now, one after another.
 * Print them from the browser (A4); nothing here is logged.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { idCryptoFromEnv } from "../../adapters/crypto/index";
import { exportSchools, recordExport } from "../../adapters/store/export";
import type { ArchiveView } from "../../core/archive/view";
import type { Env } from "../../env";
import { archiveRecordCount, schoolTeacherNumbers, teacherArchive } from "../../jobs/archive";
import { ADMIN_TOKEN_LABEL } from "../../middleware/admin-auth";
import { ArchivePage } from "./page";

const TeacherNumber = z.string().regex(/^430623\d{6}$/);
const SchoolCode = z.string().regex(/^\d{10}$/);

const NOTE = "打印：浏览器菜单「打印」，纸张 A4，纵向。本档案含完整身份证件号，请妥善保管。";

export const archive = new Hono<{ Bindings: Env }>()
  .get("/teachers/:number", async (c) => {
    const number = TeacherNumber.safeParse(c.req.param("number"));
    if (!number.success) throw new HTTPException(400, { message: "教师编号应为 430623 加6位数字" });
    const now = new Date();
    const crypto = await idCryptoFromEnv(c.env);
    const view = await teacherArchive(c.env.DB, number.data, { copy: "county", crypto }, now);
    if (view === undefined)
      throw new HTTPException(404, { message: `没有编号为 ${number.data} 的教师` });
    await audit(c.env.DB, "archive_teacher", number.data, [view], now);
    return c.html(
      <ArchivePage
        title={`教师电子档案 ${view.name} ${view.teacherNumber}`}
        views={[view]}
        note={NOTE}
      />,
    );
  })
  .get("/schools/:code", async (c) => {
    const code = SchoolCode.safeParse(c.req.param("code"));
    if (!code.success) throw new HTTPException(400, { message: "学校代码应为10位数字" });
    const [school] = await exportSchools(c.env.DB, code.data);
    if (school === undefined)
      throw new HTTPException(404, { message: `没有代码为 ${code.data} 的学校` });
    const now = new Date();
    const crypto = await idCryptoFromEnv(c.env);
    const views: ArchiveView[] = [];
    for (const number of await schoolTeacherNumbers(c.env.DB, code.data)) {
      const view = await teacherArchive(c.env.DB, number, { copy: "county", crypto }, now);
      if (view !== undefined) views.push(view);
    }
    await audit(c.env.DB, "archive_school", code.data, views, now);
    return c.html(
      <ArchivePage
        title={`教师电子档案 ${school.name}（${views.length} 人）`}
        views={views}
        note={NOTE}
      />,
    );
  });

async function audit(
  db: D1Database,
  kind: "archive_teacher" | "archive_school",
  scope: string,
  views: readonly ArchiveView[],
  now: Date,
) {
  await recordExport(db, {
    at: now.toISOString(),
    who: ADMIN_TOKEN_LABEL,
    kind,
    scope,
    persons: views.length,
    records: views.reduce((n, view) => n + archiveRecordCount(view), 0),
  });
}
