/**
 * One sync per spreadsheet at a time. Two runs of one school (two `POST /api/sync`, an API call
 * and a queue delivery, a redelivery) would both read the sheet and both write everything back;
 * the second skips instead.
 *
 * Guarantees:
 * - taking a lease is one statement (insert, or take over an expired one), so of two runs that
 *   race for it exactly one gets it;
 * - a run killed without releasing its lease (an evicted isolate, a CPU limit: no `finally`
 *   runs) blocks the spreadsheet LEASE_SECONDS at most, below the cron interval (2 minutes), so
 *   it delays the next run by one tick at most;
 * - a live run keeps its lease however long it waits (a school sync takes seconds, but one
 *   Google request may back off for minutes under quota): `whileHolding` renews it every
 *   RENEW_SECONDS, and releases it however the run ends, a thrown error included;
 * - a run renews and releases only its own lease, never one another run took over after expiry.
 */

/** 90 s: under the 2-minute cron interval with room for clock skew between invocations. */
export const LEASE_SECONDS = 90;
/** A third of the lease: one slow or failed renewal still leaves the lease alive. */
const RENEW_SECONDS = 30;

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

/** Pushes a held lease's expiry LEASE_SECONDS past `now`; false when the lease is not ours. */
export async function renewLease(
  db: D1Database,
  spreadsheetId: string,
  holder: string,
  now: Date,
): Promise<boolean> {
  const expires = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  const row = await db
    .prepare(
      `UPDATE sync_leases SET expires_at = ?3 WHERE spreadsheet_id = ?1 AND holder = ?2
       RETURNING holder`,
    )
    .bind(spreadsheetId, holder, expires)
    .first<{ holder: string }>();
  return row !== null;
}

/** Runs `work` under a lease already taken: renewed while it runs, released however it ends. */
export async function whileHolding<T>(
  db: D1Database,
  spreadsheetId: string,
  holder: string,
  work: () => Promise<T>,
): Promise<T> {
  const renewal = setInterval(() => {
    // A renewal that fails lets the lease lapse at worst: the run goes on, as after a crash.
    renewLease(db, spreadsheetId, holder, new Date()).catch(() => undefined);
  }, RENEW_SECONDS * 1000);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await releaseLease(db, spreadsheetId, holder);
  }
}
