import type { PersonKey } from "../../core/sync/model";
import type { SchoolCategory } from "../../core/templates";

/**
 * Other schools whose 基本信息 tab names one of these persons (a live record, not a removed
 * row): the holding school is shown who entered its teacher too. The holder is found by
 * `lookupPersons`; this is the other side of the same conflict.
 */
export async function otherClaimants(
  db: D1Database,
  personKeys: readonly PersonKey[],
  schoolCode: string,
): Promise<Map<PersonKey, { schoolCode: string; schoolName: string }>> {
  if (personKeys.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT r.person_key, s.code, s.name
       FROM records AS r JOIN schools AS s ON s.code = r.school_code
       WHERE r.section = 'basic' AND r.removed_at IS NULL AND r.school_code != ?2
         AND r.person_key IN (SELECT value FROM json_each(?1))
       ORDER BY s.code`,
    )
    .bind(JSON.stringify([...new Set(personKeys)]), schoolCode)
    .all<{ person_key: string; code: string; name: string }>();
  const claimants = new Map<PersonKey, { schoolCode: string; schoolName: string }>();
  for (const row of results) {
    if (!claimants.has(row.person_key)) {
      claimants.set(row.person_key, { schoolCode: row.code, schoolName: row.name });
    }
  }
  return claimants;
}

/** The spreadsheets of these schools, for waking them; schools not provisioned yet are skipped. */
export async function schoolSpreadsheets(
  db: D1Database,
  codes: readonly string[],
): Promise<
  { spreadsheetId: string; school: { code: string; name: string; category: SchoolCategory } }[]
> {
  if (codes.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT code, name, category, spreadsheet_id FROM schools
       WHERE spreadsheet_id IS NOT NULL AND code IN (SELECT value FROM json_each(?1))
       ORDER BY code`,
    )
    .bind(JSON.stringify([...new Set(codes)]))
    .all<{ code: string; name: string; category: SchoolCategory; spreadsheet_id: string }>();
  return results.map((row) => ({
    spreadsheetId: row.spreadsheet_id,
    school: { code: row.code, name: row.name, category: row.category },
  }));
}
