/**
 * D1 access for ID conflicts: one ID number entered by two schools (one person, one number).
 * First come does not win: the conflict is opened when a school's sync meets a person another
 * school holds or entered, both sides' new rows wait, and 人事股 decides in the county 冲突处理 tab.
 * Only school codes and names cross between the sides; no side's data reaches the other.
 */

import type { Conflict } from "../../core/recheck/conflicts";
import type { PersonKey } from "../../core/sync/model";
import type { IdConflict, SchoolRef } from "../../core/validate";

/** A stable id per person: a redelivered sync opens nothing twice. The key is a keyed hash. */
export function conflictIdOf(personKey: PersonKey): string {
  return `K${personKey.slice(0, 11).toUpperCase()}`;
}

interface ClaimRow {
  person_key: string;
  code: string;
  name: string;
  /** 1 for a teacher whose 基本信息 is effective at that school. */
  effective: number;
}

/**
 * For the persons on a school's sheet: the other schools holding (teacher number) or entering
 * (a live 基本信息 record) them, 人事股's decision if there is one, and whether this school holds
 * their effective record. Persons nobody else claims are absent.
 */
export async function idConflictsFor(
  db: D1Database,
  personKeys: readonly PersonKey[],
  schoolCode: string,
): Promise<Map<PersonKey, IdConflict & { conflictId: string }>> {
  if (personKeys.length === 0) return new Map();
  const keys = JSON.stringify([...new Set(personKeys)]);
  const claims = await claimsOf(db, personKeys);
  const { results: decided } = await db
    .prepare(
      `SELECT c.person_key, s.code, s.name, 0 AS effective
       FROM id_conflicts AS c JOIN schools AS s ON s.code = c.decided_school
       WHERE c.state = 'decided' AND c.person_key IN (SELECT value FROM json_each(?1))`,
    )
    .bind(keys)
    .all<ClaimRow>();
  const decision = new Map(decided.map((row) => [row.person_key, schoolOf(row)]));
  const conflicts = new Map<PersonKey, IdConflict & { conflictId: string }>();
  for (const key of new Set(claims.map((row) => row.person_key))) {
    const mine = claims.filter((row) => row.person_key === key);
    const others = uniqueSchools(mine.filter((row) => row.code !== schoolCode));
    const decidedFor = decision.get(key);
    if (others.length === 0 && decidedFor === undefined) continue;
    conflicts.set(key, {
      conflictId: conflictIdOf(key),
      others,
      effectiveHere: mine.some((row) => row.code === schoolCode && row.effective === 1),
      ...(decidedFor === undefined ? {} : { decidedFor }),
    });
  }
  return conflicts;
}

/** A conflict to open for 人事股: the person, and the schools claiming them (for the event). */
export interface ConflictToOpen {
  readonly personKey: PersonKey;
  readonly schools: readonly string[];
}

/**
 * Statements opening a conflict for each person not already in one, for the sync's one registry
 * commit: a redelivered sync opens nothing twice, and the `opened` event is written once.
 * `opened` counts, from the batch's results of these statements, the conflicts it opened.
 */
export function openConflictStatements(
  db: D1Database,
  conflicts: readonly ConflictToOpen[],
  at: string,
): { statements: D1PreparedStatement[]; opened: (results: readonly D1Result[]) => number } {
  const statements = conflicts.flatMap(({ personKey, schools }) => {
    const conflictId = conflictIdOf(personKey);
    return [
      db
        .prepare(
          `INSERT INTO id_conflicts (conflict_id, person_key, opened_at) VALUES (?1, ?2, ?3)
           ON CONFLICT DO NOTHING`,
        )
        .bind(conflictId, personKey, at),
      db
        .prepare(
          `INSERT INTO id_conflict_events (conflict_id, kind, actor, at, detail)
           SELECT ?1, 'opened', 'worker', ?2, ?3 WHERE NOT EXISTS (
             SELECT 1 FROM id_conflict_events WHERE conflict_id = ?1 AND kind = 'opened')`,
        )
        .bind(conflictId, at, [...schools].sort().join(",")),
    ];
  });
  // Every other result is a conflict's insert: 1 change when this batch opened it.
  const opened = (results: readonly D1Result[]) =>
    results.filter((result, index) => index % 2 === 0 && result.meta.changes > 0).length;
  return { statements, opened };
}

/** A conflict as the registry holds it, with the 处理状态 the county tab last showed for it. */
export interface ConflictFacts extends Conflict {
  readonly shownStatus: string | null;
}

export async function countyConflicts(db: D1Database): Promise<ConflictFacts[]> {
  const { results } = await db
    .prepare(
      `SELECT c.conflict_id, c.person_key, c.opened_at, c.reason, c.shown_status,
              d.code AS decided_code, d.name AS decided_name, t.teacher_number
       FROM id_conflicts AS c
       LEFT JOIN schools AS d ON d.code = c.decided_school
       LEFT JOIN teachers AS t ON t.person_key = c.person_key
       ORDER BY c.opened_at, c.conflict_id`,
    )
    .all<{
      conflict_id: string;
      person_key: string;
      opened_at: string;
      reason: string | null;
      shown_status: string | null;
      decided_code: string | null;
      decided_name: string | null;
      teacher_number: string | null;
    }>();
  const involved = await involvedSchools(
    db,
    results.map((row) => row.person_key),
  );
  return results.map((row) => ({
    conflictId: row.conflict_id,
    schools: involved.get(row.person_key) ?? [],
    teacherNumber: row.teacher_number,
    openedAt: row.opened_at,
    decidedFor:
      row.decided_code === null
        ? null
        : { schoolCode: row.decided_code, schoolName: row.decided_name ?? "" },
    reason: row.reason,
    shownStatus: row.shown_status,
  }));
}

/**
 * Records 人事股's decision on an open conflict: the person belongs to `school`, whose teacher
 * number (if one was issued elsewhere) moves with them — one person, one number. Returns the
 * schools involved (to sync them), or null when the conflict is not open.
 */
export async function decideConflict(
  db: D1Database,
  decision: { conflictId: string; schoolCode: string; reason: string; actor: string; at: string },
): Promise<string[] | null> {
  const { conflictId, schoolCode, reason, actor, at } = decision;
  const conflict = await db
    .prepare("SELECT person_key FROM id_conflicts WHERE conflict_id = ?1 AND state = 'open'")
    .bind(conflictId)
    .first<{ person_key: string }>();
  if (conflict === null) return null;
  const schools = (await involvedSchools(db, [conflict.person_key])).get(conflict.person_key) ?? [];
  await db.batch([
    db
      .prepare(
        `UPDATE id_conflicts SET state = 'decided', decided_school = ?2, decided_by = ?3,
           decided_at = ?4, reason = ?5 WHERE conflict_id = ?1 AND state = 'open'`,
      )
      .bind(conflictId, schoolCode, actor, at, reason),
    db
      .prepare("UPDATE teachers SET school_code = ?2 WHERE person_key = ?1")
      .bind(conflict.person_key, schoolCode),
    db
      .prepare("UPDATE person_schools SET school_code = ?2 WHERE person_key = ?1")
      .bind(conflict.person_key, schoolCode),
  ]);
  await conflictEvent(db, conflictId, "decided", actor, at, schoolCode);
  return schools.map((school) => school.schoolCode);
}

export async function markConflictsShown(
  db: D1Database,
  shown: readonly { conflictId: string; status: string }[],
): Promise<void> {
  if (shown.length === 0) return;
  await db.batch(
    shown.map(({ conflictId, status }) =>
      db
        .prepare("UPDATE id_conflicts SET shown_status = ?2 WHERE conflict_id = ?1")
        .bind(conflictId, status),
    ),
  );
}

/** Schools holding or entering each person now (live 基本信息 records and teacher numbers). */
async function involvedSchools(
  db: D1Database,
  personKeys: readonly string[],
): Promise<Map<string, SchoolRef[]>> {
  const results = await claimsOf(db, personKeys);
  const out = new Map<string, SchoolRef[]>();
  for (const key of personKeys) {
    out.set(key, uniqueSchools(results.filter((row) => row.person_key === key)));
  }
  return out;
}

/** Who holds (teacher number, with whether it is effective) or entered (live 基本信息) each person. */
async function claimsOf(db: D1Database, personKeys: readonly string[]): Promise<ClaimRow[]> {
  if (personKeys.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT t.person_key, s.code, s.name, t.effective
       FROM teachers AS t JOIN schools AS s ON s.code = t.school_code
       WHERE t.person_key IN (SELECT value FROM json_each(?1))
       UNION
       SELECT r.person_key, s.code, s.name, 0
       FROM records AS r JOIN schools AS s ON s.code = r.school_code
       WHERE r.section = 'basic' AND r.removed_at IS NULL
         AND r.person_key IN (SELECT value FROM json_each(?1))
       ORDER BY 2`,
    )
    .bind(JSON.stringify([...new Set(personKeys)]))
    .all<ClaimRow>();
  return results;
}

function schoolOf(row: ClaimRow): SchoolRef {
  return { schoolCode: row.code, schoolName: row.name };
}

function uniqueSchools(rows: readonly ClaimRow[]): SchoolRef[] {
  const seen = new Map<string, SchoolRef>();
  for (const row of rows) if (!seen.has(row.code)) seen.set(row.code, schoolOf(row));
  return [...seen.values()];
}

async function conflictEvent(
  db: D1Database,
  conflictId: string,
  kind: "decided",
  actor: string,
  at: string,
  detail: string,
): Promise<void> {
  await db
    .prepare(
      "INSERT INTO id_conflict_events (conflict_id, kind, actor, at, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(conflictId, kind, actor, at, detail)
    .run();
}
