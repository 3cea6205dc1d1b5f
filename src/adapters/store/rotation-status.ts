/**
 * D1 side of the 205 rule (core/business/rotation-status.ts): reads the completed rotations not
 * yet over, and applies the steps due today in one batch.
 *
 * Guarantees:
 * - one D1 read, and one D1 batch only when something is due (an idle day is one query);
 * - idempotent: a start inserts the rotation_status row (ON CONFLICT DO NOTHING) and sets 205
 *   only in the run that inserted it; an end puts the previous status back only while the
 *   rotation's 205 is still the person's status, and marks the row ended once;
 * - a status recorded after the rotation began (another status change, a retirement) is never
 *   overwritten at its end: the newer status stands;
 * - a teacher no longer at the home school, or who left, gets no 205.
 */
import type { RotationDetails } from "../../core/business/model";
import {
  dueRotationStep,
  ON_POST_STATUS,
  ROTATION_STATUS,
  type RotationStatusStep,
} from "../../core/business/rotation-status";

interface RotationRow {
  id: string;
  person_key: string;
  initiator_school: string;
  details_json: string;
  started: string | null;
  ended_at: string | null;
}

export interface RotationStatusOutcome {
  readonly started: number;
  readonly ended: number;
  /** Home schools whose 基本信息 must show the change: their sheets are to be synced. */
  readonly schools: readonly string[];
}

/**
 * Applies the 205 steps due on `today` (ISO Beijing day), for one school or all (`school`
 * omitted). `at` stamps the rows (person_status.updated_at makes the school's sync write it).
 */
export async function applyRotationStatuses(
  db: D1Database,
  today: string,
  at: string,
  school?: string,
): Promise<RotationStatusOutcome> {
  const { results } = await db
    .prepare(
      `SELECT b.id, b.person_key, b.initiator_school, b.details_json,
              r.request_id AS started, r.ended_at
       FROM business_requests AS b LEFT JOIN rotation_status AS r ON r.request_id = b.id
       WHERE b.kind = 'rotation' AND b.state = 'completed' AND r.ended_at IS NULL
         AND (?1 IS NULL OR b.initiator_school = ?1)`,
    )
    .bind(school ?? null)
    .all<RotationRow>();
  const statements: D1PreparedStatement[] = [];
  const schools = new Set<string>();
  let started = 0;
  let ended = 0;
  for (const row of results) {
    const details = JSON.parse(row.details_json) as RotationDetails;
    const step = dueRotationStep(
      {
        requestId: row.id,
        start: details.start,
        end: details.end,
        started: row.started !== null,
        ended: row.ended_at !== null,
      },
      today,
    );
    if (step === null) continue;
    statements.push(...stepStatements(db, row, details, step, at));
    schools.add(row.initiator_school);
    if (step === "start") started++;
    else ended++;
  }
  if (statements.length > 0) await db.batch(statements);
  return { started, ended, schools: [...schools] };
}

function stepStatements(
  db: D1Database,
  row: RotationRow,
  details: RotationDetails,
  step: RotationStatusStep,
  at: string,
): D1PreparedStatement[] {
  const { id, person_key: person, initiator_school: home } = row;
  if (step === "start")
    return [
      // What was there before: person_status, or the 基本信息's own 人员状态 when none was set.
      db
        .prepare(
          `INSERT INTO rotation_status (request_id, person_key, previous_code, previous_since,
             previous_request_id, previous_has_left, previous_basic_code, started_at)
           SELECT ?1, ?2, s.code, s.since, s.request_id, s.has_left,
             (SELECT json_extract(v.values_json, '$.status') FROM records AS r
              JOIN record_versions AS v
                ON v.record_id = r.record_id AND v.version = r.effective_version
              WHERE r.person_key = ?2 AND r.section = 'basic' AND r.school_code = ?3
              ORDER BY r.updated_at DESC LIMIT 1),
             ?4
           FROM teachers AS t LEFT JOIN person_status AS s ON s.person_key = t.person_key
           WHERE t.person_key = ?2 AND t.school_code = ?3 AND COALESCE(s.has_left, 0) = 0
           ON CONFLICT (request_id) DO NOTHING`,
        )
        .bind(id, person, home, at),
      db
        .prepare(
          `INSERT INTO person_status (person_key, code, since, request_id, has_left, updated_at)
           SELECT ?2, ?5, ?6, ?1, 0, ?4 WHERE EXISTS (
             SELECT 1 FROM rotation_status
             WHERE request_id = ?1 AND started_at = ?4 AND ended_at IS NULL)
           ON CONFLICT (person_key) DO UPDATE SET code = excluded.code, since = excluded.since,
             request_id = excluded.request_id, has_left = 0, updated_at = excluded.updated_at`,
        )
        .bind(id, person, home, at, ROTATION_STATUS, `${details.start}-01`),
    ];
  const over = `${details.end ?? details.start}-01`;
  return [
    db
      .prepare(
        `UPDATE person_status SET
           code = COALESCE(
             (SELECT COALESCE(previous_code, previous_basic_code) FROM rotation_status
              WHERE request_id = ?1), ?3),
           since = COALESCE((SELECT previous_since FROM rotation_status WHERE request_id = ?1), ?4),
           request_id = COALESCE(
             (SELECT previous_request_id FROM rotation_status WHERE request_id = ?1), ?1),
           has_left = COALESCE(
             (SELECT previous_has_left FROM rotation_status WHERE request_id = ?1), 0),
           updated_at = ?5
         WHERE person_key = ?2 AND request_id = ?1 AND code = ?6 AND EXISTS (
           SELECT 1 FROM rotation_status WHERE request_id = ?1 AND ended_at IS NULL)`,
      )
      .bind(id, person, ON_POST_STATUS, over, at, ROTATION_STATUS),
    db
      .prepare(
        "UPDATE rotation_status SET ended_at = ?2 WHERE request_id = ?1 AND ended_at IS NULL",
      )
      .bind(id, at),
  ];
}
