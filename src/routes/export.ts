/**
 * The national system's import package, admin token only (the one place ID numbers leave in
 * clear; every download recorded in D1 first, `jobs/export.ts`):
 * - `GET /api/export?school=CODE`: that school's workbook (.xlsx); without `school`, the county's;
 * - `GET /api/export/package`: every school's workbook and the county's, as JSON tabs, for
 *   `npm run export`, which writes the files;
 * - `GET /api/exports`: the audit, newest first (who, when, what, how many; no personal data).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { idCryptoFromEnv } from "../adapters/crypto/index";
import { listExports } from "../adapters/store/export";
import { writeXlsx, XLSX_CONTENT_TYPE } from "../adapters/xlsx/index";
import type { ExportWorkbook } from "../core/export/package";
import type { Env } from "../env";
import { countyExport, type ExportRequest, packageExport, schoolExport } from "../jobs/export";
import { ADMIN_TOKEN_LABEL } from "../middleware/admin-auth";

const SchoolCode = z.string().regex(/^\d{10}$/);

async function request(env: Env): Promise<ExportRequest> {
  return {
    db: env.DB,
    crypto: await idCryptoFromEnv(env),
    who: ADMIN_TOKEN_LABEL,
    now: new Date(),
  };
}

/** `attachment` with an ASCII fallback and the Chinese name (RFC 6266 / RFC 5987). */
function attachment(workbook: ExportWorkbook): string {
  const ascii = `export-${workbook.schoolCode ?? "county"}.xlsx`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(workbook.file)}`;
}

function xlsxOf(workbook: ExportWorkbook) {
  return writeXlsx(workbook.tabs.map((tab) => ({ name: tab.title, rows: tab.rows })));
}

/** Mounted at /api. */
export const exportRoutes = new Hono<{ Bindings: Env }>()
  .get("/export", async (c) => {
    const school = c.req.query("school");
    let workbook: ExportWorkbook | null;
    if (school === undefined) workbook = await countyExport(await request(c.env));
    else {
      const code = SchoolCode.safeParse(school);
      if (!code.success) throw new HTTPException(400, { message: "学校代码应为10位数字" });
      workbook = await schoolExport(await request(c.env), code.data);
      if (workbook === null)
        throw new HTTPException(404, { message: `没有代码为 ${code.data} 的学校` });
    }
    return c.body(xlsxOf(workbook), 200, {
      "content-type": XLSX_CONTENT_TYPE,
      "content-disposition": attachment(workbook),
    });
  })
  .get("/export/package", async (c) => {
    const workbooks = await packageExport(await request(c.env));
    return c.json({ workbooks });
  })
  .get("/exports", async (c) => c.json({ exports: await listExports(c.env.DB) }));
