import type { PersonKey } from "../../core/sync/model";

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
