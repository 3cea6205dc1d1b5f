/**
 * What the 账号 tabs owe: initial passwords not yet shown, and shown passwords not yet blanked.
 *
 * Guarantees:
 * - an issued password is kept (encrypted) until a tab write shows it, so a failed write loses
 *   nothing; the cipher is erased once the tab shows the password or it no longer needs showing;
 * - a teacher holding a number but no password anyone could have seen (issued before this table
 *   existed, or lost between the allocation and `keepIssuedPasswords`) gets a new one, once:
 *   the new hash and its cipher are stored in one transaction, and only for a teacher still
 *   without a row here;
 * - a password cleared in `teachers` (sign-in, 30 days) stays owed to its tab until a write
 *   records it blanked, whatever crashed in between.
 */
import type { AccountTabEntry } from "../../core/accounts/tab";
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

/**
 * New initial passwords for the school's teachers whose password nobody can have seen (no row
 * here, not cleared). Returns how many were reissued.
 */
export async function reissueUnseenPasswords(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode: string,
  now: string,
): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT t.teacher_number FROM teachers AS t
       WHERE t.school_code = ?1 AND t.password_cleared_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM account_tab AS a WHERE a.teacher_number = t.teacher_number)`,
    )
    .bind(schoolCode)
    .all<{ teacher_number: string }>();
  const statements: D1PreparedStatement[] = [];
  for (const { teacher_number: number } of results) {
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
  return results.length;
}

export interface OwedRow {
  readonly schoolCode: string;
  readonly entry: AccountTabEntry;
}

/**
 * Rows owed to 账号 tabs (one school's, or every school's): passwords to show, passwords to
 * blank. The clear password is decrypted here, for the tab write only.
 */
export async function owedAccountRows(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode?: string,
): Promise<OwedRow[]> {
  const { results } = await db
    .prepare(
      `SELECT a.teacher_number, a.school_code, a.password_cipher, t.name, t.password_issued_at,
         t.password_cleared_at
       FROM account_tab AS a JOIN teachers AS t ON t.teacher_number = a.teacher_number
       WHERE (?1 IS NULL OR a.school_code = ?1)
         AND (a.shown = 'none' OR (a.shown = 'password' AND t.password_cleared_at IS NOT NULL))
       ORDER BY a.school_code, a.teacher_number`,
    )
    .bind(schoolCode ?? null)
    .all<{
      teacher_number: string;
      school_code: string;
      password_cipher: string | null;
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
  }
  return owed;
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

/** Spreadsheets of the schools owed 账号 rows, for the daily catch-up. */
export async function schoolsOwedAccountRows(
  db: D1Database,
): Promise<Array<{ schoolCode: string; spreadsheetId: string }>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT s.code, s.spreadsheet_id FROM account_tab AS a
       JOIN teachers AS t ON t.teacher_number = a.teacher_number
       JOIN schools AS s ON s.code = a.school_code
       WHERE s.spreadsheet_id IS NOT NULL
         AND (a.shown = 'none' OR (a.shown = 'password' AND t.password_cleared_at IS NOT NULL))
       ORDER BY s.code`,
    )
    .all<{ code: string; spreadsheet_id: string }>();
  return results.map((row) => ({ schoolCode: row.code, spreadsheetId: row.spreadsheet_id }));
}
