/**
 * Teacher accounts (一人一号): county-unique numbers, initial passwords, and the reporting reads
 * of the admin API.
 *
 * Guarantees:
 * - a person gets one number, ever: allocating again returns the number they hold;
 * - numbers are unique under concurrent allocations: the counter is incremented and the teachers
 *   inserted in one D1 batch (one transaction);
 * - an initial password exists in clear only in the return value of the allocation that issued
 *   it (to be kept encrypted until the school's account spreadsheet shows it); the registry keeps its PBKDF2 hash;
 * - nothing here returns a clear ID number: reports carry the masked one.
 */

import { normaliseIdNumber } from "../../core/normalise/id-number";
import { REVIEW_STATES, type ReviewState } from "../../core/review/states";
import type { PersonKey } from "../../core/sync/model";
import { generateInitialPassword, hashPassword, type IdCrypto, idReference } from "../crypto/index";
import { insertPersons } from "./registry";
import { bulk, jsonChunks, runBatch } from "./registry-sql";

/** How long an initial password stays shown in the 账号 tab if the teacher never signs in. */
const PASSWORD_SHOWN_DAYS = 30;

export interface PersonToNumber {
  readonly personKey: PersonKey;
  readonly name: string;
  readonly schoolCode: string;
  readonly idNumber: string;
}

export interface IssuedAccount {
  readonly teacherNumber: string;
  /** Set only by the allocation that issued the number; null for a number issued before. */
  readonly initialPassword: string | null;
}

/**
 * The teacher number of each person, issuing numbers (and initial passwords) to those who have
 * none. Atomic and idempotent; a person listed twice is allocated once.
 */
export async function allocateTeacherNumbers(
  db: D1Database,
  persons: readonly PersonToNumber[],
  crypto: IdCrypto,
  now: string,
): Promise<Map<PersonKey, IssuedAccount>> {
  const unique = [...new Map(persons.map((person) => [person.personKey, person])).values()];
  const keys = unique.map((person) => person.personKey);
  const held = new Set((await teacherNumbersOf(db, keys)).keys());
  const issuing = await Promise.all(
    unique
      .filter((person) => !held.has(person.personKey))
      .map(async (person) => {
        const id = normaliseIdNumber(person.idNumber);
        if ((await crypto.personKey(id)) !== person.personKey)
          throw new Error("分配教师编号时人员标识与证件号不一致");
        const password = generateInitialPassword();
        return {
          personKey: person.personKey,
          name: person.name,
          schoolCode: person.schoolCode,
          idCipher: await crypto.encrypt(id),
          idMasked: idReference(person.personKey),
          password,
          passwordHash: await hashPassword(password),
        };
      }),
  );
  const rows = issuing.map(({ password: _, ...row }) => row);

  await runBatch(db, [
    ...insertPersons(db, rows, now),
    // Per chunk: the counter moves by the number of people in it still without a number, then
    // those people take the numbers just reserved, in list order. Someone given a number by a
    // concurrent allocation in between is skipped by both statements alike.
    ...jsonChunks(rows).flatMap((json) => [
      db
        .prepare(
          `UPDATE counters SET value = value + (
             SELECT count(*) FROM json_each(?1) AS j
             WHERE NOT EXISTS (SELECT 1 FROM teachers WHERE person_key = j.value->>'personKey'))
           WHERE name = 'teacher_number'`,
        )
        .bind(json),
      db
        .prepare(
          `INSERT INTO teachers (teacher_number, person_key, name, school_code, password_hash,
             password_issued_at, created_at)
           SELECT printf('430623%06d', c.value - count(*) OVER () + row_number() OVER (ORDER BY j.key)),
                  j.value->>'personKey', j.value->>'name', j.value->>'schoolCode',
                  j.value->>'passwordHash', ?2, ?2
           FROM json_each(?1) AS j JOIN counters AS c ON c.name = 'teacher_number'
           WHERE NOT EXISTS (SELECT 1 FROM teachers WHERE person_key = j.value->>'personKey')`,
        )
        .bind(json, now),
    ]),
    // A numbered person is held by their school (one ID, one school), unless already claimed.
    ...bulk(
      db,
      `INSERT OR IGNORE INTO person_schools (person_key, school_code, record_id, claimed_at)
       SELECT t.person_key, t.school_code, NULL, ?2 FROM teachers AS t
       WHERE t.person_key IN (SELECT j.value->>'personKey' FROM json_each(?1) AS j)`,
      rows,
      now,
    ),
  ]);

  const passwordOf = new Map(issuing.map((row) => [row.passwordHash, row.password]));
  const issued = new Map<PersonKey, IssuedAccount>();
  for (const [personKey, row] of await teacherNumbersOf(db, keys))
    issued.set(personKey, {
      teacherNumber: row.teacher_number,
      // The password is ours to show only if our hash is the one stored (not a concurrent one).
      initialPassword: passwordOf.get(row.password_hash) ?? null,
    });
  return issued;
}

async function teacherNumbersOf(db: D1Database, keys: readonly PersonKey[]) {
  const found = new Map<PersonKey, { teacher_number: string; password_hash: string }>();
  for (const json of jsonChunks(keys)) {
    const { results } = await db
      .prepare(
        `SELECT person_key, teacher_number, password_hash FROM teachers
         WHERE person_key IN (SELECT value FROM json_each(?1))`,
      )
      .bind(json)
      .all<{ person_key: string; teacher_number: string; password_hash: string }>();
    for (const row of results) found.set(row.person_key, row);
  }
  return found;
}

function passwordCutoff(now: string): string {
  return new Date(Date.parse(now) - PASSWORD_SHOWN_DAYS * 86_400_000).toISOString();
}

export interface AccountToShow {
  readonly teacherNumber: string;
  readonly name: string;
  readonly passwordIssuedAt: string;
}

/**
 * Accounts of the school whose initial password may still be shown: issued in the last 30 days
 * and not cleared. Any other password cell of the 账号 tab is to be blanked.
 */
export async function accountsToShow(
  db: D1Database,
  schoolCode: string,
  now: string,
): Promise<AccountToShow[]> {
  const { results } = await db
    .prepare(
      `SELECT teacher_number, name, password_issued_at FROM teachers
       WHERE school_code = ?1 AND password_cleared_at IS NULL AND password_issued_at > ?2
       ORDER BY teacher_number`,
    )
    .bind(schoolCode, passwordCutoff(now))
    .all<{ teacher_number: string; name: string; password_issued_at: string }>();
  return results.map((row) => ({
    teacherNumber: row.teacher_number,
    name: row.name,
    passwordIssuedAt: row.password_issued_at,
  }));
}

/** Stops showing passwords issued 30 days ago or more; returns whose, to blank their cells. */
export async function clearExpiredPasswords(
  db: D1Database,
  now: string,
): Promise<Array<{ teacherNumber: string; schoolCode: string }>> {
  const { results } = await db
    .prepare(
      `UPDATE teachers SET password_cleared_at = ?1
       WHERE password_cleared_at IS NULL AND password_issued_at <= ?2
       RETURNING teacher_number, school_code`,
    )
    .bind(now, passwordCutoff(now))
    .all<{ teacher_number: string; school_code: string }>();
  return results.map((row) => ({ teacherNumber: row.teacher_number, schoolCode: row.school_code }));
}

/** The teacher has signed in: their initial password is no longer shown. False if unknown. */
export async function markSignedIn(
  db: D1Database,
  teacherNumber: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE teachers SET password_cleared_at = COALESCE(password_cleared_at, ?2)
       WHERE teacher_number = ?1`,
    )
    .bind(teacherNumber, now)
    .run();
  return result.meta.changes > 0;
}

// ── Reporting reads for the admin API ──────────────────────────────────────────────────────────

export interface SchoolProgress {
  readonly schoolCode: string;
  readonly schoolName: string;
  /** Sections with at least one record; a school that has entered nothing has none. */
  readonly sections: ReadonlyArray<{
    readonly section: string;
    readonly counts: Readonly<Record<ReviewState, number>>;
  }>;
}

const noCounts = (): Record<ReviewState, number> =>
  Object.fromEntries(REVIEW_STATES.map((state) => [state, 0])) as Record<ReviewState, number>;

/** Records per school, section and review state: every school, or one. */
export async function schoolProgress(
  db: D1Database,
  schoolCode?: string,
): Promise<SchoolProgress[]> {
  const { results } = await db
    .prepare(
      `SELECT s.code, s.name, r.section, r.state, count(r.record_id) AS n
       FROM schools AS s
       -- A row removed from its sheet is not progress, nor is one of a person who has left (a
       -- completed 离职, 退休 or 死亡), as the summary's 总览 counts them too.
       LEFT JOIN records AS r ON r.school_code = s.code AND r.removed_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM person_status AS ps
                         WHERE ps.person_key = r.person_key AND ps.has_left = 1)
       WHERE ?1 IS NULL OR s.code = ?1
       GROUP BY s.code, s.name, r.section, r.state
       ORDER BY s.code, r.section`,
    )
    .bind(schoolCode ?? null)
    .all<{
      code: string;
      name: string;
      section: string | null;
      state: ReviewState | null;
      n: number;
    }>();
  const schools = new Map<
    string,
    { name: string; sections: Map<string, Record<ReviewState, number>> }
  >();
  for (const row of results) {
    const school = schools.get(row.code) ?? { name: row.name, sections: new Map() };
    schools.set(row.code, school);
    if (row.section === null || row.state === null) continue;
    const counts = school.sections.get(row.section) ?? noCounts();
    school.sections.set(row.section, counts);
    counts[row.state] = row.n;
  }
  return [...schools].map(([code, school]) => ({
    schoolCode: code,
    schoolName: school.name,
    sections: [...school.sections].map(([section, counts]) => ({ section, counts })),
  }));
}

export interface TeacherReport {
  readonly teacherNumber: string;
  readonly name: string;
  /** e.g. 参考码3F9A7C21 (`idReference`): the registry never reports the ID or any digit of it. */
  readonly idMasked: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly effective: boolean;
  readonly records: ReadonlyArray<{
    readonly recordId: string;
    readonly schoolCode: string;
    readonly section: string;
    readonly state: ReviewState;
  }>;
}

export async function teacherByNumber(
  db: D1Database,
  teacherNumber: string,
): Promise<TeacherReport | undefined> {
  const teacher = await db
    .prepare(
      `SELECT t.teacher_number, t.name, t.person_key, t.effective, p.id_masked, s.code, s.name AS school_name
       FROM teachers AS t
       JOIN persons AS p ON p.person_key = t.person_key
       JOIN schools AS s ON s.code = t.school_code
       WHERE t.teacher_number = ?`,
    )
    .bind(teacherNumber)
    .first<{
      teacher_number: string;
      name: string;
      person_key: string;
      effective: number;
      id_masked: string;
      code: string;
      school_name: string;
    }>();
  if (teacher === null) return undefined;
  const { results } = await db
    .prepare(
      `SELECT record_id, school_code, section, state FROM records WHERE person_key = ?
       ORDER BY section, record_id`,
    )
    .bind(teacher.person_key)
    .all<{ record_id: string; school_code: string; section: string; state: ReviewState }>();
  return {
    teacherNumber: teacher.teacher_number,
    name: teacher.name,
    idMasked: teacher.id_masked,
    schoolCode: teacher.code,
    schoolName: teacher.school_name,
    effective: teacher.effective === 1,
    records: results.map((row) => ({
      recordId: row.record_id,
      schoolCode: row.school_code,
      section: row.section,
      state: row.state,
    })),
  };
}
