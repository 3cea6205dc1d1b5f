/**
 * D1 reads for the training-credit ledger (src/core/credits): the teachers, their 国内培训
 * entries (effective values = confirmed; rows awaiting the county recheck = 待确认), and the
 * credit log (every confirmation or return of a 国内培训 row).
 *
 * Guarantees:
 * - no ID number, clear or encrypted: `persons` is never read, and of record values only the
 *   named columns (培训年度, 学分, 学时, 是否新任教师, 参加工作年月) are extracted in SQL;
 * - credits follow the person: entries are joined to teachers by person key, not by school;
 * - removed rows (gone from the sheet) do not count, as in the summary.
 */
import type { CreditEntry, LedgerTeacher } from "../../core/credits/ledger";
import type { CreditEvent } from "../../core/credits/log";
import { creditOffices, DECIDED_SQL, RECHECKED_SQL } from "./credit-confirm";

export interface CreditInputs {
  readonly teachers: LedgerTeacher[];
  readonly entries: CreditEntry[];
  readonly schools: { code: string; name: string }[];
}

/**
 * Teachers whose 基本信息 is effective, with its 是否新任教师 and 参加工作年月 (owed from that
 * month; a new teacher's probation year starts there), and their 人员状态 as a completed status
 * change left it (code and since: the leaving date of 离职, 退休, 死亡, 调出县外, `has_left`, or
 * the start of a long absence).
 */
const TEACHERS = `
  SELECT t.teacher_number, t.name, t.school_code,
    (SELECT json_object('newTeacher', v.values_json ->> 'newTeacher',
                        'workStart', v.values_json ->> 'workStart')
     FROM records AS r JOIN record_versions AS v
       ON v.record_id = r.record_id AND v.version = r.effective_version
     WHERE r.person_key = t.person_key AND r.section = 'basic'
     ORDER BY r.removed_at IS NULL DESC, r.updated_at DESC LIMIT 1) AS basic,
    s.code AS status_code, s.since AS status_since, s.has_left
  FROM teachers AS t LEFT JOIN person_status AS s ON s.person_key = t.person_key
  WHERE t.effective = 1 AND (?1 IS NULL OR t.teacher_number = ?1)`;

/**
 * 国内培训 rows with values in force: confirmed when 教师进修学校 confirmed that version (in
 * 学分确认 or by its recheck), returned when it returned them, pending otherwise; and rows the
 * principal approved that wait for the county recheck (pending: their values are the copy queued
 * for the recheck sheet, county_rows).
 */
const ENTRIES = `
  SELECT i.teacher_number, i.year, i.credits,
    CASE WHEN i.decided LIKE 'credit_confirmed|%' OR (i.decided IS NULL AND i.rechecked)
      THEN 'confirmed'
      WHEN i.decided LIKE 'credit_returned|%' THEN 'returned' ELSE 'pending' END AS state
  FROM (
    SELECT t.teacher_number, v.values_json ->> 'year' AS year,
      v.values_json ->> 'credits' AS credits, ${DECIDED_SQL} AS decided,
      ${RECHECKED_SQL} AS rechecked
    FROM (SELECT record_id, effective_version AS version, person_key FROM records
          WHERE section = 'training' AND removed_at IS NULL
            AND effective_version IS NOT NULL) AS i
    JOIN teachers AS t ON t.person_key = i.person_key
    JOIN record_versions AS v ON v.record_id = i.record_id AND v.version = i.version
    WHERE ?2 IS NULL OR t.teacher_number = ?2) AS i
  UNION ALL
  SELECT t.teacher_number,
    c.rows_json -> '$[0]' ->> '培训年度', c.rows_json -> '$[0]' ->> '培训获得学分', 'pending'
  FROM records AS r
  JOIN teachers AS t ON t.person_key = r.person_key
  JOIN county_rows AS c
    ON c.kind = 'recheck' AND c.record_id = r.record_id AND c.version_key = r.approved_hash
  WHERE r.section = 'training' AND r.removed_at IS NULL AND r.state = 'awaiting_recheck'
    AND (?2 IS NULL OR t.teacher_number = ?2)`;

/** Every teacher's inputs, or one teacher's (the portal's 培训学分). */
export async function creditInputs(db: D1Database, teacherNumber?: string): Promise<CreditInputs> {
  const [teachers, entries, schools] = await db.batch<Record<string, string | number | null>>([
    db.prepare(TEACHERS).bind(teacherNumber ?? null),
    db.prepare(ENTRIES).bind(JSON.stringify(creditOffices()), teacherNumber ?? null),
    db.prepare("SELECT code, name FROM schools ORDER BY code"),
  ]);
  return {
    teachers: (teachers?.results ?? []).map(toTeacher),
    entries: (entries?.results ?? []).flatMap(toEntry),
    schools: (schools?.results ?? []).map((row) => ({
      code: String(row.code),
      name: String(row.name),
    })),
  };
}

function toTeacher(row: Record<string, string | number | null>): LedgerTeacher {
  const basic = JSON.parse(String(row.basic ?? "{}")) as Record<string, string | null>;
  const since = row.status_since === null ? null : String(row.status_since ?? "");
  return {
    teacherNumber: String(row.teacher_number),
    name: String(row.name),
    schoolCode: String(row.school_code),
    // yes_no values are stored as codes: 1 是, 0 否.
    newTeacher: basic.newTeacher === "1",
    started: typeof basic.workStart === "string" ? basic.workStart : null,
    leaves: Number(row.has_left) === 1 ? since : null,
    status:
      row.status_code === null || row.status_code === undefined || since === null
        ? null
        : { code: String(row.status_code), since },
  };
}

/** A row without a readable year or credits (学分 is optional) adds nothing. */
function toEntry(row: Record<string, string | number | null>): CreditEntry[] {
  const year = Number.parseInt(String(row.year ?? ""), 10);
  const credits = Number(row.credits ?? Number.NaN);
  if (!Number.isFinite(year) || !Number.isFinite(credits)) return [];
  const teacherNumber = String(row.teacher_number);
  if (row.state === "returned")
    return [{ teacherNumber, year, credits, confirmed: false, returned: true }];
  return [{ teacherNumber, year, credits, confirmed: row.state === "confirmed" }];
}

/**
 * The credit log, oldest first, from the audit log alone (review_events + record_versions):
 * - `confirmed`: 教师进修学校 confirmed a version, in 学分确认 (`credit_confirmed`, detail
 *   `v<n>`) or by its recheck that made the version effective (`confirmed` by a credit office,
 *   logged with the `effective` event naming the version, same record, same time);
 * - `returned`: its recheck returned a row (nothing was in force) or it returned a version's
 *   credits in 学分确认 (`credit_returned`, detail `v<n>:<reason>`): nothing counts after it;
 * - `reopened`: 领导小组办公室 approved a change, whose new version waits for 教师进修学校.
 * `after` is what counts once the event is applied, so the last event of each record says what
 * the record adds to the ledger (`confirmedEntries`).
 */
const LOG = `
  WITH decided AS (
    SELECT e.id, e.record_id, e.kind, e.actor, e.at, e.detail,
      CASE
        WHEN e.kind IN ('credit_confirmed', 'credit_returned')
          THEN CAST(substr(e.detail, 2, instr(e.detail || ':', ':') - 2) AS INTEGER)
        ELSE (SELECT CAST(substr(x.detail, 2) AS INTEGER) FROM review_events AS x
              WHERE x.record_id = e.record_id AND x.kind = 'effective' AND x.at = e.at)
      END AS made,
      (SELECT max(CAST(substr(x.detail, 2) AS INTEGER)) FROM review_events AS x
       WHERE x.record_id = e.record_id AND x.kind = 'effective' AND x.at < e.at) AS prior
    FROM review_events AS e JOIN records AS r ON r.record_id = e.record_id
    WHERE r.section = 'training' AND (
      (e.kind IN ('confirmed', 'returned') AND e.actor IN (SELECT value FROM json_each(?1)))
      OR e.kind IN ('change_approved', 'credit_confirmed', 'credit_returned')))
  SELECT d.at, d.actor, d.kind, d.record_id, d.made AS version, t.teacher_number, t.name,
    CASE WHEN d.kind = 'credit_returned'
      THEN substr(d.detail, instr(d.detail, ':') + 1) ELSE NULL END AS reason,
    (SELECT v.values_json ->> 'year' FROM record_versions AS v
     WHERE v.record_id = d.record_id AND v.version = coalesce(d.made, d.prior)) AS year,
    (SELECT v.values_json ->> 'credits' FROM record_versions AS v
     WHERE v.record_id = d.record_id AND v.version = d.prior) AS before,
    CASE WHEN d.kind IN ('confirmed', 'credit_confirmed')
      THEN (SELECT v.values_json ->> 'credits' FROM record_versions AS v
            WHERE v.record_id = d.record_id AND v.version = d.made) END AS after
  FROM decided AS d
  JOIN records AS r ON r.record_id = d.record_id
  JOIN teachers AS t ON t.person_key = r.person_key
  ORDER BY d.id`;

const LOG_KINDS: Readonly<Record<string, CreditEvent["kind"]>> = {
  confirmed: "confirmed",
  credit_confirmed: "confirmed",
  returned: "returned",
  credit_returned: "returned",
  change_approved: "reopened",
};

export async function creditLog(db: D1Database): Promise<CreditEvent[]> {
  const { results } = await db
    .prepare(LOG)
    .bind(JSON.stringify(creditOffices()))
    .all<Record<string, string | number | null>>();
  const numberOrNull = (value: string | number | null | undefined) =>
    value === null || value === undefined || value === "" ? null : Number(value);
  return results.map((row) => ({
    at: String(row.at),
    actor: String(row.actor),
    kind: LOG_KINDS[String(row.kind)] ?? "returned",
    recordId: String(row.record_id),
    version: numberOrNull(row.version),
    teacherNumber: String(row.teacher_number),
    name: String(row.name),
    year: numberOrNull(row.year),
    before: numberOrNull(row.before),
    after: numberOrNull(row.after),
    reason: row.reason === null || row.reason === undefined ? null : String(row.reason),
  }));
}

/** A school with a spreadsheet, and what its 学分台账 tab shows (null: never written). */
export interface CreditTabState {
  readonly schoolCode: string;
  readonly spreadsheetId: string;
  /** Whether the spreadsheet has the tab, from the tab ids the last sync cached (no request). */
  readonly hasTab: boolean;
  readonly written: { readonly hash: string; readonly rowCount: number } | null;
}

export async function creditTabStates(db: D1Database, title: string): Promise<CreditTabState[]> {
  const { results } = await db
    .prepare(
      `SELECT s.code, s.spreadsheet_id, c.hash, c.row_count,
         json_type(p.sheet_ids, ?1) IS NOT NULL AS has_tab
       FROM schools AS s
       LEFT JOIN spreadsheets AS p ON p.spreadsheet_id = s.spreadsheet_id
       LEFT JOIN credit_tabs AS c
         ON c.school_code = s.code AND c.spreadsheet_id = s.spreadsheet_id
       WHERE s.spreadsheet_id IS NOT NULL ORDER BY s.code`,
    )
    .bind(`$."${title}"`)
    .all<Record<string, string | number | null>>();
  return results.map((row) => ({
    schoolCode: String(row.code),
    spreadsheetId: String(row.spreadsheet_id),
    hasTab: Number(row.has_tab) === 1,
    written: row.hash === null ? null : { hash: String(row.hash), rowCount: Number(row.row_count) },
  }));
}

/**
 * Records a tab write, and that it made one more Drive revision of the spreadsheet: the next
 * poll must not take our own write for a school's edit (design.md, cost model). A school's edit
 * in between makes the version jump further, and the poll still sees it.
 */
export async function recordCreditTab(
  db: D1Database,
  tab: { schoolCode: string; spreadsheetId: string; hash: string; rowCount: number },
  now: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO credit_tabs (school_code, spreadsheet_id, hash, row_count, written_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (school_code) DO UPDATE SET spreadsheet_id = ?2, hash = ?3,
           row_count = ?4, written_at = ?5`,
      )
      .bind(tab.schoolCode, tab.spreadsheetId, tab.hash, tab.rowCount, now),
    db
      .prepare(
        `UPDATE spreadsheets
         SET own_write_version = max(synced_version, coalesce(own_write_version, 0)) + 1
         WHERE spreadsheet_id = ?1`,
      )
      .bind(tab.spreadsheetId),
  ]);
}
