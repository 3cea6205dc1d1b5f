import { Hono } from "hono";
import { sharingFindings } from "../adapters/store/sharing";
import { getCursor } from "../adapters/store/sync-state";
import { describeGrants, spreadsheetName } from "../core/sharing/audit";
import type { Env } from "../env";
import { SHARING_AUDIT_CURSOR } from "../jobs/sharing";

/**
 * `GET /api/sharing`: what the last daily sharing audit found — grants on managed spreadsheets
 * (school, account, recheck, summary) that provisioning did not make, each with the spreadsheet
 * named (`spreadsheet`: 「华容县实验小学教师账号表」, 「县级复核表」). `auditedDay` is null before
 * the first audit.
 */
export const sharing = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const [auditedDay, findings] = await Promise.all([
    getCursor(c.env.DB, SHARING_AUDIT_CURSOR),
    sharingFindings(c.env.DB),
  ]);
  return c.json({
    auditedDay: auditedDay ?? null,
    unexpected: findings.map((finding) => ({
      ...finding,
      spreadsheet: spreadsheetName(finding.kind, finding.schoolName || finding.schoolCode),
      shown: describeGrants([finding]),
    })),
  });
});
