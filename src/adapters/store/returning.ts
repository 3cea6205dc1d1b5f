/**
 * A teacher who left the county (在职情况变动 调出县外, 904) and comes back: entered again on a
 * county school's 基本信息, the new entry revives the same person (docs/business-modules.md,
 * "Into the county"). One person, one number: the same 教师编号 and account, held by the school
 * that entered them, no ID conflict with the school they left.
 *
 * What the revival does, in one D1 batch, each statement guarded by the person still being left by
 * 调出县外 (a redelivered sync revives nobody twice):
 * - the teacher (and the claim) moves to the entering school, not effective: the new entry is a new
 *   file and goes through the usual review (principal, county recheck);
 * - the earlier records stay in D1 with every version, at the school they were kept at, marked
 *   as no longer on that school's sheet (`removed_at`: the sheet cleared them when the teacher
 *   left) with a `row_removed` event, so they are neither shown nor a claim on the person;
 * - the 账号 row moves to the entering school's account spreadsheet (as for a transfer), the
 *   password kept;
 * - `person_status` is cleared: the teacher is on the roster again (the 调出县外 request and its
 *   steps stay in the log).
 * Other leaving codes (离职, 退休, 死亡) are not revived: those rows stay 不采集.
 */
import { OUT_OF_COUNTY } from "../../core/business/model";
import type { PersonKey } from "../../core/sync/model";
import { moveAccountRowStatements } from "./accounts-tab";

const LEFT_OUT = `EXISTS (SELECT 1 FROM person_status AS s
  WHERE s.person_key = ?3 AND s.code = '${OUT_OF_COUNTY}' AND s.has_left = 1)`;

/** Revives the persons among `personKeys` who left by 调出县外; returns the ones it revived. */
export async function reviveReturning(
  db: D1Database,
  schoolCode: string,
  personKeys: readonly PersonKey[],
  at: string,
  spreadsheetId: string,
): Promise<PersonKey[]> {
  if (personKeys.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT t.person_key, t.school_code FROM teachers AS t
       JOIN person_status AS s ON s.person_key = t.person_key
       WHERE s.code = ?2 AND s.has_left = 1 AND t.person_key IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify([...new Set(personKeys)]), OUT_OF_COUNTY)
    .all<{ person_key: string; school_code: string }>();
  if (results.length === 0) return [];
  // ?1 = ?2 keeps the account statements' guard binding layout (the step's id and state there).
  const guard = `?1 = ?2 AND ${LEFT_OUT}`;
  const statements = results.flatMap((row) => {
    const binds = ["revive", "revive", row.person_key, row.school_code, schoolCode, at] as const;
    return [
      ...(row.school_code === schoolCode
        ? []
        : moveAccountRowStatements(db, guard, ["revive", "revive"], {
            personKey: row.person_key,
            fromSchool: row.school_code,
            toSchool: schoolCode,
            at,
          })),
      db
        .prepare(
          `INSERT INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
           SELECT r.record_id, 'row_removed', 'worker', ?6, ?7, '调出县外后重新录入'
           FROM records AS r WHERE r.person_key = ?3 AND r.removed_at IS NULL AND ${guard}`,
        )
        .bind(...binds, spreadsheetId),
      db
        .prepare(
          `UPDATE records SET removed_at = ?6, updated_at = ?6
           WHERE person_key = ?3 AND removed_at IS NULL AND ${guard}`,
        )
        .bind(...binds),
      db
        .prepare(
          `UPDATE teachers SET school_code = ?5, effective = 0 WHERE person_key = ?3 AND ${guard}`,
        )
        .bind(...binds.slice(0, 5)),
      db
        .prepare(
          `INSERT INTO person_schools (person_key, school_code, record_id, claimed_at)
           SELECT ?3, ?5, NULL, ?6 WHERE ${guard}
           ON CONFLICT (person_key) DO UPDATE SET school_code = excluded.school_code,
             record_id = NULL`,
        )
        .bind(...binds),
      // Last: every statement above is guarded by this row.
      db
        .prepare(`DELETE FROM person_status WHERE person_key = ?3 AND ${guard}`)
        .bind(...binds.slice(0, 3)),
    ];
  });
  await db.batch(statements);
  return results.map((row) => row.person_key);
}
