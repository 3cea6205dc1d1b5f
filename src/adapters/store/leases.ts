/**
 * One sync per spreadsheet at a time. Two runs of one school (two `POST /api/sync`, an API call
 * and a queue delivery, a redelivery) would both read the sheet and both write everything back;
 * the second skips instead.
 *
 * Guarantees:
 * - taking a lease is one statement (insert, or take over an expired one), so of two runs that
 *   race for it exactly one gets it;
 * - a lease expires after LEASE_SECONDS, so a run that crashed without releasing it blocks the
 *   spreadsheet for that long at most; a school sync takes seconds, far below it;
 * - a run releases only its own lease, never one another run took over after expiry.
 */

export const LEASE_SECONDS = 300;

export async function takeLease(
  db: D1Database,
  spreadsheetId: string,
  holder: string,
  now: Date,
): Promise<boolean> {
  const expires = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  const row = await db
    .prepare(
      `INSERT INTO sync_leases (spreadsheet_id, holder, taken_at, expires_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (spreadsheet_id) DO UPDATE SET holder = ?2, taken_at = ?3, expires_at = ?4
       WHERE sync_leases.expires_at <= ?3
       RETURNING holder`,
    )
    .bind(spreadsheetId, holder, now.toISOString(), expires)
    .first<{ holder: string }>();
  return row?.holder === holder;
}

export async function releaseLease(
  db: D1Database,
  spreadsheetId: string,
  holder: string,
): Promise<void> {
  await db
    .prepare("DELETE FROM sync_leases WHERE spreadsheet_id = ?1 AND holder = ?2")
    .bind(spreadsheetId, holder)
    .run();
}
