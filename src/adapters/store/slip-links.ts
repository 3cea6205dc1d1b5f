/**
 * The 「打印账号条」 links (migration 0025): per school, the SHA-256 of the one token that opens
 * the print page, and where and with what base address it was written.
 *
 * Guarantees:
 * - the token itself is never stored: it exists only in the account spreadsheet's cell;
 * - a school has at most one token: recording a new one replaces the old, which opens nothing
 *   from then on;
 * - a token opens its school's page only while the link was written into the school's current
 *   account spreadsheet (one made anew gets a new link; the old file's link is dead);
 * - page views are counted per school in a window, in one statement, before Google is read.
 */
import { randomToken, sha256Hex } from "./portal";

export { sha256Hex };

/** 16 random bytes (128 bits), base64url: the capability in the link. */
export function newSlipToken(): string {
  return randomToken().slice(0, 22);
}

export interface SlipLinkRecord {
  readonly spreadsheetId: string;
  readonly baseUrl: string;
}

/** What the school's current link was written into, if it has one. */
export async function slipLinkOf(
  db: D1Database,
  schoolCode: string,
): Promise<SlipLinkRecord | undefined> {
  const row = await db
    .prepare("SELECT spreadsheet_id, base_url FROM slip_links WHERE school_code = ?1")
    .bind(schoolCode)
    .first<{ spreadsheet_id: string; base_url: string }>();
  return row === null ? undefined : { spreadsheetId: row.spreadsheet_id, baseUrl: row.base_url };
}

/** Records the token just written (its hash), replacing the school's previous one. */
export async function recordSlipLink(
  db: D1Database,
  schoolCode: string,
  token: string,
  written: SlipLinkRecord,
  now: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO slip_links (school_code, token_hash, spreadsheet_id, base_url, issued_at)
       VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (school_code) DO UPDATE SET token_hash = excluded.token_hash,
         spreadsheet_id = excluded.spreadsheet_id, base_url = excluded.base_url,
         issued_at = excluded.issued_at`,
    )
    .bind(schoolCode, await sha256Hex(token), written.spreadsheetId, written.baseUrl, now)
    .run();
}

/** Whether the school's 账号 tab shows at least one initial password (as last written). */
export async function showsPasswords(db: D1Database, schoolCode: string): Promise<boolean> {
  const row = await db
    .prepare(
      "SELECT 1 AS yes FROM account_tab WHERE school_code = ?1 AND shown = 'password' LIMIT 1",
    )
    .bind(schoolCode)
    .first<{ yes: number }>();
  return row !== null;
}

export interface SlipSchool {
  readonly schoolCode: string;
  readonly schoolName: string;
  /** The account spreadsheet to read. */
  readonly spreadsheetId: string;
  /** Its 账号 tab's sheetId (the tab manifest's); null for a file from before the binding. */
  readonly tabSheetId: number | null;
}

/**
 * The school a token opens, counting the view: undefined for an unknown token or one written
 * into an account spreadsheet the school no longer has; `limited` once the window's views are
 * spent (nothing is read then).
 */
export async function openSlipToken(
  db: D1Database,
  token: string,
  now: string,
  limits: { readonly windowMs: number; readonly views: number },
): Promise<(SlipSchool & { readonly limited: boolean }) | undefined> {
  const since = new Date(Date.parse(now) - limits.windowMs).toISOString();
  const row = await db
    .prepare(
      `UPDATE slip_links SET
         views = CASE WHEN window_start IS NULL OR window_start <= ?3 THEN 1 ELSE views + 1 END,
         window_start = CASE WHEN window_start IS NULL OR window_start <= ?3 THEN ?2
                        ELSE window_start END
       WHERE token_hash = ?1
         AND spreadsheet_id = (SELECT a.spreadsheet_id FROM account_spreadsheets AS a
                               WHERE a.school_code = slip_links.school_code)
       RETURNING school_code, spreadsheet_id, views,
         (SELECT name FROM schools WHERE code = slip_links.school_code) AS school_name,
         (SELECT a.tab_sheet_id FROM account_spreadsheets AS a
          WHERE a.school_code = slip_links.school_code) AS tab_sheet_id`,
    )
    .bind(await sha256Hex(token), now, since)
    .first<{
      school_code: string;
      spreadsheet_id: string;
      views: number;
      school_name: string | null;
      tab_sheet_id: number | null;
    }>();
  if (row === null) return undefined;
  return {
    schoolCode: row.school_code,
    schoolName: row.school_name ?? "",
    spreadsheetId: row.spreadsheet_id,
    tabSheetId: row.tab_sheet_id,
    limited: row.views > limits.views,
  };
}
