/**
 * What the 账号 tabs of the account spreadsheets owe: initial passwords not yet shown, and shown
 * passwords not yet blanked; and where each account spreadsheet is.
 *
 * Guarantees:
 * - each teacher's row in the tab is assigned here once (`assignSheetRows`), below every row of
 *   the school assigned before, and never reused: rows are unique per school (an index says so),
 *   so the worker writes at known positions without reading the tab;
 * - an issued password is kept (encrypted) until a tab write shows it, so a failed write loses
 *   nothing; the cipher is erased once the tab shows the password or it no longer needs showing;
 * - a teacher holding a number but no password only they and the system admin could have seen
 *   (issued before this table existed, shown in the old school-spreadsheet tab that every role
 *   could read — migration 0007 — or lost between the allocation and `keepIssuedPasswords`)
 *   gets a new one, once: the new hash and its cipher are stored in one transaction, and only
 *   for a teacher still without a row here; at most `limit` per call, as each costs a hash;
 * - a password cleared in `teachers` (sign-in, 30 days) stays owed to its tab until a write
 *   records it blanked, whatever crashed in between;
 * - a completed transfer moves the teacher's row to the receiving school (`moveAccountRow`, in
 *   the step's batch): owed to its tab as it stands (a password still unshown, the sign-in's
 *   blanking, or the note that the initial password was issued at the sending school), with the
 *   password untouched. The sending school's row is kept as left (`account_rows_left`): never
 *   given to another teacher, blanked with a note by its next write, and its ticks reach nobody.
 */
import type { AccountTabEntry, LeftRow } from "../../core/accounts/tab";
import { generateInitialPassword, hashPassword, type IdCrypto } from "../crypto/index";
import { bulk, runBatch } from "./registry-sql";

export interface IssuedPassword {
  readonly teacherNumber: string;
  readonly password: string;
}

/** Keeps passwords just issued to a school's teachers until its 账号 tab shows them. */
export async function keepIssuedPasswords(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode: string,
  issued: readonly IssuedPassword[],
  now: string,
): Promise<void> {
  const rows = await Promise.all(
    issued.map(async ({ teacherNumber, password }) => ({
      teacherNumber,
      cipher: await crypto.encrypt(password),
    })),
  );
  await runBatch(
    db,
    bulk(
      db,
      `INSERT OR IGNORE INTO account_tab (teacher_number, school_code, password_cipher, shown,
         updated_at)
       SELECT j.value->>'teacherNumber', ?2, j.value->>'cipher', 'none', ?3 FROM json_each(?1) AS j`,
      rows,
      schoolCode,
      now,
    ),
  );
}

export interface Reissued {
  readonly reissued: number;
  /** More teachers of the school are owed a new password than `limit` allowed. */
  readonly more: boolean;
}

/**
 * New initial passwords for the school's teachers whose password nobody can have seen (no row
 * here, not cleared), at most `limit` of them, in teacher-number order.
 */
export async function reissueUnseenPasswords(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode: string,
  now: string,
  limit: number,
): Promise<Reissued> {
  const { results } = await db
    .prepare(
      `SELECT t.teacher_number FROM teachers AS t
       WHERE t.school_code = ?1 AND t.password_cleared_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM account_tab AS a WHERE a.teacher_number = t.teacher_number)
       ORDER BY t.teacher_number LIMIT ?2`,
    )
    .bind(schoolCode, limit + 1)
    .all<{ teacher_number: string }>();
  const due = results.slice(0, limit);
  const statements: D1PreparedStatement[] = [];
  for (const { teacher_number: number } of due) {
    const password = generateInitialPassword();
    const hash = await hashPassword(password);
    statements.push(
      db
        .prepare(
          `UPDATE teachers SET password_hash = ?2, password_issued_at = ?3
           WHERE teacher_number = ?1 AND password_cleared_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM account_tab WHERE teacher_number = ?1)`,
        )
        .bind(number, hash, now),
      // Only if the update above took: the stored hash is then ours (salts make it unique).
      db
        .prepare(
          `INSERT OR IGNORE INTO account_tab (teacher_number, school_code, password_cipher, shown,
             updated_at)
           SELECT teacher_number, school_code, ?3, 'none', ?4 FROM teachers
           WHERE teacher_number = ?1 AND password_hash = ?2`,
        )
        .bind(number, hash, await crypto.encrypt(password), now),
    );
  }
  await runBatch(db, statements);
  return { reissued: due.length, more: results.length > limit };
}

/**
 * Gives each of the school's owed rows without a row number the next rows of the tab (below every
 * row assigned before, rows left by transferred teachers included), in
 * teacher-number order, in one statement (one transaction): concurrent calls cannot both take a
 * row, and the unique index would refuse it if they did.
 */
export async function assignSheetRows(db: D1Database, schoolCode: string): Promise<void> {
  await db
    .prepare(
      `WITH top AS MATERIALIZED (
         SELECT MAX(
           COALESCE((SELECT MAX(sheet_row) FROM account_tab WHERE school_code = ?1), 1),
           COALESCE((SELECT MAX(sheet_row) FROM account_rows_left WHERE school_code = ?1), 1))
           AS last),
       fresh AS MATERIALIZED (
         SELECT teacher_number, row_number() OVER (ORDER BY teacher_number) AS n
         FROM account_tab WHERE school_code = ?1 AND sheet_row IS NULL AND shown = 'none')
       UPDATE account_tab SET sheet_row = top.last + fresh.n
       FROM top, fresh WHERE account_tab.teacher_number = fresh.teacher_number`,
    )
    .bind(schoolCode)
    .run();
}

/** The last row of the school's 账号 tab the registry assigned (a teacher's or a left row); 1: none. */
export async function lastAccountRow(db: D1Database, schoolCode: string): Promise<number> {
  const row = await db
    .prepare(
      `SELECT MAX(
         COALESCE((SELECT MAX(sheet_row) FROM account_tab WHERE school_code = ?1), 1),
         COALESCE((SELECT MAX(sheet_row) FROM account_rows_left WHERE school_code = ?1), 1))
         AS last`,
    )
    .bind(schoolCode)
    .first<{ last: number }>();
  return row?.last ?? 1;
}

export interface OwedRow {
  readonly schoolCode: string;
  readonly entry: AccountTabEntry;
}

/**
 * Rows owed to 账号 tabs (one school's, or every school's) that have a row number: passwords to
 * show, passwords to blank. The clear password is decrypted here, for the tab write only.
 */
export async function owedAccountRows(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode?: string,
): Promise<OwedRow[]> {
  const { results } = await db
    .prepare(
      `SELECT a.teacher_number, a.school_code, a.password_cipher, a.sheet_row, a.shown, t.name,
         t.password_issued_at, t.password_cleared_at
       FROM account_tab AS a JOIN teachers AS t ON t.teacher_number = a.teacher_number
       WHERE (?1 IS NULL OR a.school_code = ?1) AND a.sheet_row IS NOT NULL
         AND (a.shown = 'none' OR (a.shown = 'password' AND t.password_cleared_at IS NOT NULL))
       ORDER BY a.school_code, a.sheet_row`,
    )
    .bind(schoolCode ?? null)
    .all<{
      teacher_number: string;
      school_code: string;
      password_cipher: string | null;
      sheet_row: number;
      shown: string;
      name: string;
      password_issued_at: string;
      password_cleared_at: string | null;
    }>();
  const owed: OwedRow[] = [];
  for (const row of results) {
    const base = {
      teacherNumber: row.teacher_number,
      name: row.name,
      issuedAt: row.password_issued_at,
      sheetRow: row.sheet_row,
    };
    if (row.password_cleared_at !== null)
      owed.push({
        schoolCode: row.school_code,
        entry: { ...base, password: null, clearedAt: row.password_cleared_at },
      });
    else if (row.password_cipher !== null)
      owed.push({
        schoolCode: row.school_code,
        entry: { ...base, password: await crypto.decrypt(row.password_cipher), clearedAt: null },
      });
    // Moved here by a transfer after the sending school's tab showed the password.
    else if (row.shown === "none")
      owed.push({
        schoolCode: row.school_code,
        entry: { ...base, password: null, clearedAt: null },
      });
  }
  return owed;
}

/**
 * Whether the school has a password to show, a shown one to blank, or a row left by a
 * transferred teacher to blank (row number or not).
 */
export async function hasOwedAccountRows(db: D1Database, schoolCode: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS owed FROM account_tab AS a JOIN teachers AS t USING (teacher_number)
       WHERE a.school_code = ?1
         AND (a.shown = 'none' OR (a.shown = 'password' AND t.password_cleared_at IS NOT NULL))
       UNION ALL
       SELECT 1 FROM account_rows_left WHERE school_code = ?1 AND written_at IS NULL
       LIMIT 1`,
    )
    .bind(schoolCode)
    .first();
  return row !== null;
}

/** Records what the tab now shows; the password cipher is erased either way. */
export async function recordAccountRowsShown(
  db: D1Database,
  shown: ReadonlyArray<{ teacherNumber: string; shown: "password" | "cleared" }>,
  now: string,
): Promise<void> {
  await runBatch(
    db,
    bulk(
      db,
      `UPDATE account_tab SET shown = j.value->>'shown', password_cipher = NULL, updated_at = ?2
       FROM json_each(?1) AS j WHERE account_tab.teacher_number = j.value->>'teacherNumber'`,
      shown,
      now,
    ),
  );
}

/**
 * Account spreadsheets of the schools owed 账号 rows (rows left by transferred teachers
 * included), or owed a new password (the reissue path's teachers): every such school for the
 * daily catch-up, or those among `codes`.
 */
export async function schoolsOwedAccountRows(
  db: D1Database,
  codes?: readonly string[],
): Promise<Array<{ schoolCode: string } & AccountSpreadsheet>> {
  const { results } = await db
    .prepare(
      `SELECT s.school_code, s.spreadsheet_id, s.tab_sheet_id FROM account_spreadsheets AS s
       WHERE (?1 IS NULL OR s.school_code IN (SELECT value FROM json_each(?1)))
         AND (EXISTS (
           SELECT 1 FROM account_tab AS a JOIN teachers AS t USING (teacher_number)
           WHERE a.school_code = s.school_code
             AND (a.shown = 'none' OR (a.shown = 'password' AND t.password_cleared_at IS NOT NULL)))
         OR EXISTS (
           SELECT 1 FROM account_rows_left AS l
           WHERE l.school_code = s.school_code AND l.written_at IS NULL)
         OR EXISTS (
           SELECT 1 FROM teachers AS t
           WHERE t.school_code = s.school_code AND t.password_cleared_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM account_tab AS a WHERE a.teacher_number = t.teacher_number)))
       ORDER BY s.school_code`,
    )
    .bind(codes === undefined ? null : JSON.stringify(codes))
    .all<{ school_code: string; spreadsheet_id: string; tab_sheet_id: number | null }>();
  return results.map((row) => ({ schoolCode: row.school_code, ...accountSpreadsheet(row) }));
}

/** A school's account spreadsheet and the sheetId its 账号 tab is bound to. */
export interface AccountSpreadsheet {
  readonly spreadsheetId: string;
  /** From the file's tab manifest; null for a file provisioned before the binding. */
  readonly tabSheetId: number | null;
}

function accountSpreadsheet(row: {
  spreadsheet_id: string;
  tab_sheet_id: number | null;
}): AccountSpreadsheet {
  return { spreadsheetId: row.spreadsheet_id, tabSheetId: row.tab_sheet_id };
}

/** The school's account spreadsheet, once a poll's listing has named it. */
export async function accountSpreadsheetOf(
  db: D1Database,
  schoolCode: string,
): Promise<AccountSpreadsheet | undefined> {
  const row = await db
    .prepare("SELECT spreadsheet_id, tab_sheet_id FROM account_spreadsheets WHERE school_code = ?1")
    .bind(schoolCode)
    .first<{ spreadsheet_id: string; tab_sheet_id: number | null }>();
  return row === null ? undefined : accountSpreadsheet(row);
}

export interface ListedAccountSpreadsheet {
  readonly schoolCode: string;
  readonly spreadsheetId: string;
  /** Drive's version of the file as listed. */
  readonly version: number;
}

/** As the listing names it, with the 账号 tab's sheetId from its tab manifest (null: none). */
export type ListedAccountFile = ListedAccountSpreadsheet & { readonly tabSheetId: number | null };

export interface AccountSpreadsheetsSeen {
  /** Schools whose account spreadsheet is new or different. */
  readonly fresh: string[];
  /** Known account spreadsheets listed at a version neither read nor made by our own write. */
  readonly changed: ListedAccountSpreadsheet[];
}

/**
 * Remembers the account spreadsheets a listing named and the version listed. A new (or
 * replaced) one counts as read at that version: a file just made holds no tick. Written only
 * when something moved, so the listing that re-names a spreadsheet costs nothing.
 */
export async function recordAccountSpreadsheets(
  db: D1Database,
  found: readonly ListedAccountFile[],
  now: string,
): Promise<AccountSpreadsheetsSeen> {
  if (found.length === 0) return { fresh: [], changed: [] };
  const inserted = bulk(
    db,
    `INSERT INTO account_spreadsheets (school_code, spreadsheet_id, seen_at, listed_version,
       synced_version, tab_sheet_id)
     SELECT j.value->>'schoolCode', j.value->>'spreadsheetId', ?2, j.value->>'version',
       j.value->>'version', j.value->>'tabSheetId' FROM json_each(?1) AS j
     WHERE true
     ON CONFLICT (school_code) DO UPDATE SET spreadsheet_id = excluded.spreadsheet_id,
       seen_at = excluded.seen_at, listed_version = excluded.listed_version,
       synced_version = excluded.synced_version, own_write_version = NULL,
       tab_sheet_id = excluded.tab_sheet_id
     WHERE account_spreadsheets.spreadsheet_id <> excluded.spreadsheet_id
     RETURNING school_code`,
    found,
    now,
  );
  // A manifest that appeared (provisioning run again on an older file) or changed binds the tab
  // from now on; the file is the same, so nothing else about it is news.
  const bound = bulk(
    db,
    `UPDATE account_spreadsheets SET tab_sheet_id = j.value->>'tabSheetId'
     FROM json_each(?1) AS j
     WHERE account_spreadsheets.spreadsheet_id = j.value->>'spreadsheetId'
       AND account_spreadsheets.school_code = j.value->>'schoolCode'
       AND account_spreadsheets.tab_sheet_id IS NOT j.value->>'tabSheetId'`,
    found,
  );
  const listed = bulk(
    db,
    `UPDATE account_spreadsheets SET listed_version = j.value->>'version'
     FROM json_each(?1) AS j
     WHERE account_spreadsheets.spreadsheet_id = j.value->>'spreadsheetId'
       AND account_spreadsheets.school_code = j.value->>'schoolCode'
       AND account_spreadsheets.listed_version < j.value->>'version'
       AND j.value->>'version' > MAX(account_spreadsheets.synced_version,
         COALESCE(account_spreadsheets.own_write_version, 0))
     RETURNING school_code, spreadsheet_id, listed_version`,
    found,
  );
  const results = await db.batch<{
    school_code: string;
    spreadsheet_id?: string;
    listed_version?: number;
  }>([...inserted, ...listed, ...bound]);
  const rows = (from: number, to: number) =>
    results.slice(from, to).flatMap((result) => result.results);
  return {
    fresh: rows(0, inserted.length).map((row) => row.school_code),
    changed: rows(inserted.length, inserted.length + listed.length).map((row) => ({
      schoolCode: row.school_code,
      spreadsheetId: row.spreadsheet_id ?? "",
      version: row.listed_version ?? 0,
    })),
  };
}

/**
 * Whether the account spreadsheet is the school's (as the last listing named it), whether
 * its ticks are unread at `version`, and the sheetId its 账号 tab is bound to.
 */
export async function accountSheetState(
  db: D1Database,
  schoolCode: string,
  spreadsheetId: string,
  version: number,
): Promise<{ known: boolean; unread: boolean; tabSheetId: number | null }> {
  const row = await db
    .prepare(
      `SELECT synced_version, tab_sheet_id FROM account_spreadsheets
       WHERE school_code = ?1 AND spreadsheet_id = ?2`,
    )
    .bind(schoolCode, spreadsheetId)
    .first<{ synced_version: number; tab_sheet_id: number | null }>();
  return {
    known: row !== null,
    unread: row !== null && row.synced_version < version,
    tabSheetId: row?.tab_sheet_id ?? null,
  };
}

/**
 * Account spreadsheets whose 账号 tab still shows a password cleared (a sign-in) since `since`:
 * each at the version last read, so the message writes the blanking without reading the tab.
 */
export async function accountSheetsOwedBlanking(
  db: D1Database,
  since: string,
): Promise<ListedAccountSpreadsheet[]> {
  const { results } = await db
    .prepare(
      `SELECT s.school_code, s.spreadsheet_id, s.synced_version FROM account_spreadsheets AS s
       WHERE EXISTS (
         SELECT 1 FROM account_tab AS a JOIN teachers AS t USING (teacher_number)
         WHERE a.school_code = s.school_code AND a.shown = 'password'
           AND t.password_cleared_at >= ?1)
       ORDER BY s.school_code`,
    )
    .bind(since)
    .all<{ school_code: string; spreadsheet_id: string; synced_version: number }>();
  return results.map((row) => ({
    schoolCode: row.school_code,
    spreadsheetId: row.spreadsheet_id,
    version: row.synced_version,
  }));
}

/** The 账号 tab was read for ticks at `version`. */
export async function recordAccountSheetRead(
  db: D1Database,
  spreadsheetId: string,
  version: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE account_spreadsheets SET synced_version = MAX(synced_version, ?2)
       WHERE spreadsheet_id = ?1`,
    )
    .bind(spreadsheetId, version)
    .run();
}

/**
 * Our write made one more revision of the school's account spreadsheet: the version after the
 * last one we know of. Should someone else have changed the file in between, Drive's version is
 * higher than this and the poll reads the tab; an extra revision of ours costs one read at most.
 */
export async function recordAccountSheetWritten(db: D1Database, schoolCode: string): Promise<void> {
  await db
    .prepare(
      `UPDATE account_spreadsheets
       SET own_write_version = MAX(COALESCE(own_write_version, 0), listed_version, synced_version) + 1
       WHERE school_code = ?1`,
    )
    .bind(schoolCode)
    .run();
}

export interface ResetOutcome {
  /** Teachers whose new initial password is owed to their row (issued now or by a lost run). */
  readonly reset: readonly string[];
  /** Passwords hashed: the hash budget spent. */
  readonly issued: number;
  /** Ticked rows left for a later message: the hash budget ran out. */
  readonly deferred: readonly number[];
}

/**
 * A new initial password for the school's teacher at each ticked row of the 账号 tab (the
 * registry says whose row it is; a row with nobody, or left by a transferred teacher, is only
 * unticked): the old password stops
 * verifying at once, the new one is owed to the same row, and the teacher is back to "initial
 * password", so the next sign-in must set a new one. One hash per row, at most `limit`; a row
 * whose reset is still owed to the tab (a run that died before its write) gets no second one.
 */
export async function resetPasswords(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode: string,
  rows: readonly number[],
  now: string,
  limit: number,
): Promise<ResetOutcome> {
  if (rows.length === 0) return { reset: [], issued: 0, deferred: [] };
  const { results } = await db
    .prepare(
      `SELECT teacher_number, sheet_row,
         (shown = 'none' AND password_cipher IS NOT NULL) AS owed
       FROM account_tab
       WHERE school_code = ?1 AND sheet_row IN (SELECT value FROM json_each(?2))
       ORDER BY sheet_row`,
    )
    .bind(schoolCode, JSON.stringify(rows))
    .all<{ teacher_number: string; sheet_row: number; owed: number }>();
  const owed = results.filter((row) => row.owed === 1);
  const fresh = results.filter((row) => row.owed !== 1);
  const due = fresh.slice(0, limit);
  const statements: D1PreparedStatement[] = [];
  for (const { teacher_number: number } of due) {
    const password = generateInitialPassword();
    statements.push(
      db
        .prepare(
          `UPDATE teachers SET password_hash = ?2, password_issued_at = ?3,
             password_cleared_at = NULL
           WHERE teacher_number = ?1 AND school_code = ?4`,
        )
        .bind(number, await hashPassword(password), now, schoolCode),
      db
        .prepare(
          `UPDATE account_tab SET password_cipher = ?2, shown = 'none', updated_at = ?3
           WHERE teacher_number = ?1 AND school_code = ?4`,
        )
        .bind(number, await crypto.encrypt(password), now, schoolCode),
      // Whoever is signed in as that teacher is signed out: the password was forgotten, or known
      // to someone it should not be. Only while the teacher is still the school's: a transfer
      // completed since the read hands that power to the receiving school.
      db
        .prepare(
          `DELETE FROM portal_sessions WHERE teacher_number = ?1
             AND EXISTS (SELECT 1 FROM teachers WHERE teacher_number = ?1 AND school_code = ?2)`,
        )
        .bind(number, schoolCode),
    );
  }
  await runBatch(db, statements);
  return {
    reset: [...owed, ...due].map((row) => row.teacher_number),
    issued: due.length,
    deferred: fresh.slice(limit).map((row) => row.sheet_row),
  };
}

/**
 * The statements that move a teacher's 账号 row with a completed transfer, for the step's batch:
 * each holds only under `guard` (the step's, binding ?1 and ?2). The sending school's row, if it
 * had one, is kept as left; the teacher's row goes to the receiving school without a row number,
 * owed to its tab. The password (hash, issue and clearing times) is not touched: it keeps working.
 */
export function moveAccountRowStatements(
  db: D1Database,
  guard: string,
  guardBinds: readonly [string, string],
  move: { personKey: string; fromSchool: string; toSchool: string; at: string },
): D1PreparedStatement[] {
  const binds = [...guardBinds, move.personKey, move.fromSchool, move.toSchool, move.at];
  return [
    db
      .prepare(
        `INSERT INTO account_rows_left (school_code, sheet_row, teacher_number, to_school, left_at)
         SELECT a.school_code, a.sheet_row, a.teacher_number, ?5, ?6
         FROM account_tab AS a JOIN teachers AS t USING (teacher_number)
         WHERE t.person_key = ?3 AND a.school_code = ?4 AND a.sheet_row IS NOT NULL AND ${guard}
         ON CONFLICT DO NOTHING`,
      )
      .bind(...binds),
    db
      .prepare(
        `UPDATE account_tab SET school_code = ?5, sheet_row = NULL, shown = 'none', updated_at = ?6
         WHERE school_code = ?4
           AND teacher_number IN (SELECT teacher_number FROM teachers WHERE person_key = ?3)
           AND ${guard}`,
      )
      .bind(...binds),
  ];
}

/**
 * Rows of the school's 账号 tab left by transferred teachers that a write owes: not yet blanked,
 * or among `ticked` (a tick there is unticked and the note written again).
 */
export async function leftAccountRows(
  db: D1Database,
  schoolCode: string,
  ticked: readonly number[] = [],
): Promise<LeftRow[]> {
  const { results } = await db
    .prepare(
      `SELECT l.sheet_row, s.name, l.left_at FROM account_rows_left AS l
       JOIN schools AS s ON s.code = l.to_school
       WHERE l.school_code = ?1
         AND (l.written_at IS NULL OR l.sheet_row IN (SELECT value FROM json_each(?2)))
       ORDER BY l.sheet_row`,
    )
    .bind(schoolCode, JSON.stringify(ticked))
    .all<{ sheet_row: number; name: string; left_at: string }>();
  return results.map((row) => ({
    sheetRow: row.sheet_row,
    toSchoolName: row.name,
    leftAt: row.left_at,
  }));
}

/** The school's tab shows these left rows blanked, with their note. */
export async function recordLeftRowsWritten(
  db: D1Database,
  schoolCode: string,
  rows: readonly number[],
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .prepare(
      `UPDATE account_rows_left SET written_at = ?3
       WHERE school_code = ?1 AND sheet_row IN (SELECT value FROM json_each(?2))`,
    )
    .bind(schoolCode, JSON.stringify(rows), now)
    .run();
}
