import { listManagedSharing } from "../adapters/google/drive";
import type { Google } from "../adapters/google/index";
import { parseServiceAccountKey } from "../adapters/google/service-account";
import { replaceSharingFindings } from "../adapters/store/sharing";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import { unexpectedGrants } from "../core/sharing/audit";
import { shippedCountyConfig } from "../core/templates/bundle";
import type { Env } from "../env";
import { chinaDate } from "./summary";

/** The county date of the last audit; the summary's marker reads it too. */
export const SHARING_AUDIT_CURSOR = "sharing.auditedDay";

export interface SharingAuditOutcome {
  status: "audited" | "unchanged";
  files: number;
  unexpected: number;
}

/**
 * Once a county day at most, every managed spreadsheet's grants (school, account, recheck,
 * summary) against the roster provisioning recorded on it (core/sharing/audit.ts); the findings
 * replace the last audit's in D1, for the 总览 and GET /api/sharing.
 *
 * Costs: on the day's first cron tick, one Drive files.list per 100 spreadsheets (5 for the
 * county's 200 schools: a school and an account spreadsheet each, and the county's two); on
 * every other tick, none. The worker reports grants, never removes them: provisioning takes back
 * its own, people the rest (README).
 */
export async function dailySharingAudit(
  env: Env,
  google: Google,
  now: Date,
): Promise<SharingAuditOutcome> {
  const day = chinaDate(now);
  if ((await getCursor(env.DB, SHARING_AUDIT_CURSOR)) === day)
    return { status: "unchanged", files: 0, unexpected: 0 };
  const trusted = {
    serviceAccount: parseServiceAccountKey(env.GOOGLE_SERVICE_ACCOUNT_KEY).client_email,
    county: shippedCountyConfig.offices.flatMap((office) => office.emails),
  };
  const files = await listManagedSharing(google.client, google.driveBaseUrl);
  const findings = files.flatMap((file) => unexpectedGrants(file, trusted));
  await replaceSharingFindings(env.DB, findings, now.toISOString());
  // Recorded last: an audit that failed midway is redone by the next cron tick.
  await setCursor(env.DB, SHARING_AUDIT_CURSOR, day, now.toISOString());
  return { status: "audited", files: files.length, unexpected: findings.length };
}
