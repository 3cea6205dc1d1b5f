/**
 * What teachers send from the portal, kept until their school's sync writes it into the school
 * spreadsheet (one write for all of a school's submissions, not one request per click).
 *
 * Guarantees:
 * - values are stored as the registry stores them (registry-values.ts): the ID number only as a
 *   reference to its `persons` row, anything else that looks like an ID encrypted where it stands;
 * - a teacher's newer submission for the same record replaces the pending older one (outcome
 *   `superseded`), so the sync never writes two versions of one row;
 * - marking written is idempotent: a submission already marked keeps its first time and outcome.
 */
import type { PersonKey, RecordValues } from "../../core/sync/model";
import type { IdCrypto } from "../crypto/index";
import { idsOf, insertPersons } from "./registry";
import { jsonChunks, runBatch } from "./registry-sql";
import { protectValues, restoreValues } from "./registry-values";

export type SubmissionOutcome = "written" | "superseded" | "dropped";

export interface NewSubmission {
  readonly teacherNumber: string;
  readonly schoolCode: string;
  /** Section key from the templates. */
  readonly section: string;
  /** The effective record the change is proposed for; null for a new row. */
  readonly recordId: string | null;
  /** Normalised values by column key, as the validation engine returns them. */
  readonly values: RecordValues;
}

export interface PendingSubmission extends NewSubmission {
  readonly id: string;
  readonly createdAt: string;
}

/** A teacher's own submission as the portal lists it: no values, so nothing to decrypt. */
export interface SubmissionSummary {
  readonly id: string;
  readonly section: string;
  readonly recordId: string | null;
  readonly createdAt: string;
  readonly writtenAt: string | null;
  readonly outcome: SubmissionOutcome | null;
}

/** Stores a validated submission; returns its id (`TS-` + a random UUID). */
export async function queueSubmission(
  db: D1Database,
  idCrypto: IdCrypto,
  submission: NewSubmission,
  now: string,
): Promise<string> {
  const id = `TS-${crypto.randomUUID()}`;
  const { json, persons } = await protectValues(submission.values, idCrypto);
  await runBatch(db, [
    ...insertPersons(db, persons, now),
    ...(submission.recordId === null
      ? []
      : [
          db
            .prepare(
              `UPDATE teacher_submissions SET written_at = ?3, outcome = 'superseded'
               WHERE teacher_number = ?1 AND record_id = ?2 AND written_at IS NULL`,
            )
            .bind(submission.teacherNumber, submission.recordId, now),
        ]),
    db
      .prepare(
        `INSERT INTO teacher_submissions (id, teacher_number, school_code, section, record_id,
           values_json, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
      )
      .bind(
        id,
        submission.teacherNumber,
        submission.schoolCode,
        submission.section,
        submission.recordId,
        json,
        now,
      ),
  ]);
  return id;
}

interface SubmissionRow {
  id: string;
  teacher_number: string;
  school_code: string;
  section: string;
  record_id: string | null;
  values_json: string;
  created_at: string;
  written_at: string | null;
  outcome: SubmissionOutcome | null;
}

/** The school's submissions not yet written, oldest first, with their ID numbers restored. */
export async function pendingSubmissions(
  db: D1Database,
  schoolCode: string,
  idCrypto: IdCrypto,
): Promise<PendingSubmission[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM teacher_submissions WHERE school_code = ?1 AND written_at IS NULL
       ORDER BY created_at, id`,
    )
    .bind(schoolCode)
    .all<SubmissionRow>();
  const ids: Map<PersonKey, string> = await idsOf(
    db,
    results.map((row) => row.values_json),
    idCrypto,
  );
  return Promise.all(
    results.map(async (row) => ({
      id: row.id,
      teacherNumber: row.teacher_number,
      schoolCode: row.school_code,
      section: row.section,
      recordId: row.record_id,
      values: await restoreValues(row.values_json, ids, idCrypto),
      createdAt: row.created_at,
    })),
  );
}

/**
 * The sync has written these submissions (`written`) or set them aside (`dropped`). Ids already
 * marked, or unknown, are left as they are.
 */
export async function markSubmissionsWritten(
  db: D1Database,
  ids: readonly string[],
  at: string,
  outcome: Exclude<SubmissionOutcome, "superseded"> = "written",
): Promise<void> {
  await runBatch(
    db,
    jsonChunks(ids).map((json) =>
      db
        .prepare(
          `UPDATE teacher_submissions SET written_at = ?2, outcome = ?3
           WHERE written_at IS NULL AND id IN (SELECT value FROM json_each(?1))`,
        )
        .bind(json, at, outcome),
    ),
  );
}

/** The teacher's own submissions, newest first (the portal shows the latest `limit`). */
export async function submissionsOf(
  db: D1Database,
  teacherNumber: string,
  limit = 50,
): Promise<SubmissionSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT id, section, record_id, created_at, written_at, outcome FROM teacher_submissions
       WHERE teacher_number = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2`,
    )
    .bind(teacherNumber, limit)
    .all<Omit<SubmissionRow, "teacher_number" | "school_code" | "values_json">>();
  return results.map((row) => ({
    id: row.id,
    section: row.section,
    recordId: row.record_id,
    createdAt: row.created_at,
    writtenAt: row.written_at,
    outcome: row.outcome,
  }));
}
