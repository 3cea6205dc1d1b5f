/** D1 access for the sharing audit's findings (migrations 0006, 0015). */
import { SPREADSHEET_KINDS, type UnexpectedGrant } from "../../core/sharing/audit";

export interface StoredFinding extends UnexpectedGrant {
  /** "" for the county's spreadsheets, and for a school the registry does not know yet. */
  readonly schoolName: string;
  readonly foundAt: string;
}

/** The audit's findings replace the last audit's, in one transaction. */
export async function replaceSharingFindings(
  db: D1Database,
  findings: readonly UnexpectedGrant[],
  now: string,
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM sharing_findings"),
    db
      .prepare(
        `INSERT OR REPLACE INTO sharing_findings
           (spreadsheet_id, kind, school_code, grantee, role, found_at)
         SELECT j.value->>'spreadsheetId', j.value->>'kind', j.value->>'schoolCode',
                j.value->>'grantee', j.value->>'role', ?2
         FROM json_each(?1) AS j`,
      )
      .bind(JSON.stringify(findings), now),
  ]);
}

export async function sharingFindings(db: D1Database): Promise<StoredFinding[]> {
  const { results } = await db
    .prepare(
      `SELECT f.spreadsheet_id, f.kind, f.school_code, coalesce(s.name, '') AS school_name,
              f.grantee, f.role, f.found_at
       FROM sharing_findings AS f LEFT JOIN schools AS s ON s.code = f.school_code
       ORDER BY f.school_code, f.kind, f.grantee`,
    )
    .all<{
      spreadsheet_id: string;
      kind: string;
      school_code: string;
      school_name: string;
      grantee: string;
      role: string;
      found_at: string;
    }>();
  return results.map((row) => ({
    spreadsheetId: row.spreadsheet_id,
    kind: SPREADSHEET_KINDS.find((k) => k === row.kind) ?? "school",
    schoolCode: row.school_code,
    schoolName: row.school_name,
    grantee: row.grantee,
    role: row.role,
    foundAt: row.found_at,
  }));
}
