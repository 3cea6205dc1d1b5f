/**
 * What teachers send from the portal, kept until their school's sync writes it into the school
 * spreadsheet (one write for all of a school's submissions, not one request per click).
 *
 * Guarantees:
 * - values are stored as the registry stores them (registry-values.ts): the ID number only as a
 *   reference to its `persons` row, anything else that looks like an ID encrypted where it stands;
 * - a teacher's newer submission for the same record replaces the pending older one (outcome
 *   `superseded`), so the sync never writes two versions of one row;
 * - marking written is idempotent: a submission already marked keeps its first time and outcome;
 * - a teacher withdraws only their own pending submission, and never while the school's sync
 *   holds its lease: the sync reads pending submissions under that lease, so a withdrawal either
 *   lands before the sync reads (the sync never sees it) or is refused (the sync may be writing
 *   it); either way the portal says what happened;
 * - `queueWithin` bounds what one teacher sends a day (the portal's limits), atomically.
 */
import type { PersonKey, RecordValues } from "../../core/sync/model";
import type { IdCrypto } from "../crypto/index";
import { idsOf, insertPersons } from "./registry";
import { jsonChunks, runBatch } from "./registry-sql";
import { protectValues, restoreValues, type ShownValue, shownValues } from "./registry-values";

export type SubmissionOutcome = "written" | "superseded" | "dropped" | "withdrawn";

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

/** A teacher's own submission as the portal lists it: nothing decrypted, IDs hidden. */
export interface SubmissionSummary {
  readonly id: string;
  readonly section: string;
  readonly recordId: string | null;
  readonly createdAt: string;
  readonly writtenAt: string | null;
  readonly outcome: SubmissionOutcome | null;
  /** The values as sent, ID references and ciphers hidden. */
  readonly values: Readonly<Record<string, ShownValue>>;
}

/** Stores a validated submission; returns its id (`TS-` + a random UUID). */
export async function queueSubmission(
  db: D1Database,
  idCrypto: IdCrypto,
  submission: NewSubmission,
  now: string,
): Promise<string> {
  const outcome = await queueWithin(db, idCrypto, submission, now, NO_LIMITS);
  if (!("queued" in outcome)) throw new Error("提交未能保存");
  return outcome.queued;
}

/** What one teacher may send (a teacher's portal sends, not the sync). */
export interface SubmissionLimits {
  /**
   * Submissions of the teacher created since `since`, this one included, at most: whether the
   * sync has written them or not, so a sync never makes room for another burst.
   */
  readonly maxSince: number;
  /** The start of the counted period (the portal: the Beijing day's). */
  readonly since: string;
  /** A new row is refused while the teacher has a new row of the same section waiting. */
  readonly oneNewRow: boolean;
}

const NO_LIMITS: SubmissionLimits = {
  maxSince: Number.MAX_SAFE_INTEGER,
  since: "",
  oneNewRow: false,
};

export type QueueOutcome =
  | { readonly queued: string }
  /** too_many: `maxSince` were sent since `since`; new_row_waiting: see `oneNewRow`. */
  | { readonly refused: "too_many" | "new_row_waiting" };

/**
 * Stores a validated submission unless the limits refuse it. Checked and stored in one D1
 * statement (in the batch's transaction), so forms sent at once cannot get past the limits. A
 * newer version of a pending change replaces it first, so the sync never writes two versions.
 */
export async function queueWithin(
  db: D1Database,
  idCrypto: IdCrypto,
  submission: NewSubmission,
  now: string,
  limits: SubmissionLimits,
): Promise<QueueOutcome> {
  const id = `TS-${crypto.randomUUID()}`;
  const { json, persons } = await protectValues(submission.values, idCrypto);
  const oneNewRow = limits.oneNewRow && submission.recordId === null;
  const results = await db.batch([
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
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE (SELECT count(*) FROM teacher_submissions
                WHERE teacher_number = ?2 AND created_at >= ?10) < ?8
           AND NOT (?9 AND EXISTS (SELECT 1 FROM teacher_submissions
                WHERE teacher_number = ?2 AND section = ?4 AND record_id IS NULL
                  AND written_at IS NULL))`,
      )
      .bind(
        id,
        submission.teacherNumber,
        submission.schoolCode,
        submission.section,
        submission.recordId,
        json,
        now,
        limits.maxSince,
        oneNewRow ? 1 : 0,
        limits.since,
      ),
  ]);
  if ((results.at(-1)?.meta.changes ?? 0) > 0) return { queued: id };
  if (!oneNewRow) return { refused: "too_many" };
  const waiting = await db
    .prepare(
      `SELECT 1 AS found FROM teacher_submissions
       WHERE teacher_number = ?1 AND section = ?2 AND record_id IS NULL AND written_at IS NULL`,
    )
    .bind(submission.teacherNumber, submission.section)
    .first();
  return { refused: waiting === null ? "too_many" : "new_row_waiting" };
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
  outcome: Extract<SubmissionOutcome, "written" | "dropped"> = "written",
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
      `SELECT id, section, record_id, created_at, written_at, outcome, values_json
       FROM teacher_submissions
       WHERE teacher_number = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2`,
    )
    .bind(teacherNumber, limit)
    .all<Omit<SubmissionRow, "teacher_number" | "school_code">>();
  return results.map((row) => ({
    id: row.id,
    section: row.section,
    recordId: row.record_id,
    createdAt: row.created_at,
    writtenAt: row.written_at,
    outcome: row.outcome,
    values: shownValues(row.values_json),
  }));
}

/** withdrawn: done now; closed: it had an outcome already (written, withdrawn before …). */
export type WithdrawOutcome =
  | { readonly kind: "withdrawn" | "not_found" | "sync_running" }
  | { readonly kind: "closed"; readonly outcome: SubmissionOutcome };

/**
 * The teacher takes a pending submission back. One statement decides, so a sync that takes the
 * school's lease a moment later finds the submission gone, and one that holds it refuses this.
 */
export async function withdrawSubmission(
  db: D1Database,
  teacherNumber: string,
  id: string,
  now: string,
): Promise<WithdrawOutcome> {
  const changed = await db
    .prepare(
      `UPDATE teacher_submissions SET written_at = ?3, outcome = 'withdrawn'
       WHERE id = ?1 AND teacher_number = ?2 AND written_at IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM sync_leases AS l JOIN schools AS s ON s.spreadsheet_id = l.spreadsheet_id
           WHERE s.code = teacher_submissions.school_code AND l.expires_at > ?3)`,
    )
    .bind(id, teacherNumber, now)
    .run();
  if (changed.meta.changes > 0) return { kind: "withdrawn" };
  const row = await db
    .prepare("SELECT outcome FROM teacher_submissions WHERE id = ?1 AND teacher_number = ?2")
    .bind(id, teacherNumber)
    .first<{ outcome: SubmissionOutcome | null }>();
  if (row === null) return { kind: "not_found" };
  return row.outcome === null ? { kind: "sync_running" } : { kind: "closed", outcome: row.outcome };
}
