/**
 * Since when each changed spreadsheet has waited for a sync (table sync_waiting): set by the
 * first poll that finds it changed (to the change that poll saw), kept by later ones, cleared by
 * its sync. The poll queues in this order, so the oldest unsynced edit
 * goes first and no school is overtaken by later ones.
 */

/** Records each `since` for the ids not yet waiting; returns every id's waiting-since (ISO). */
export async function markWaiting(
  db: D1Database,
  waiting: readonly { readonly spreadsheetId: string; readonly since: string }[],
): Promise<Map<string, string>> {
  const since = new Map<string, string>();
  if (waiting.length === 0) return since;
  const insert = db.prepare(
    "INSERT OR IGNORE INTO sync_waiting (spreadsheet_id, since) VALUES (?1, ?2)",
  );
  await db.batch(waiting.map((w) => insert.bind(w.spreadsheetId, w.since)));
  const ids = waiting.map((w) => w.spreadsheetId);
  // D1 caps bound parameters per statement at 100.
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const { results } = await db
      .prepare(
        `SELECT spreadsheet_id, since FROM sync_waiting
         WHERE spreadsheet_id IN (${chunk.map(() => "?").join(",")})`,
      )
      .bind(...chunk)
      .all<{ spreadsheet_id: string; since: string }>();
    for (const row of results) since.set(row.spreadsheet_id, row.since);
  }
  return since;
}

/** The spreadsheet was synced: it waits no more, and no deferral of it stands. */
export async function clearWaiting(db: D1Database, spreadsheetId: string): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM sync_waiting WHERE spreadsheet_id = ?1").bind(spreadsheetId),
    db.prepare("DELETE FROM sync_deferrals WHERE spreadsheet_id = ?1").bind(spreadsheetId),
  ]);
}

/** Its sync was refused for quota and is sent again at `retryAt` (ISO). */
export async function recordDeferral(
  db: D1Database,
  spreadsheetId: string,
  retryAt: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO sync_deferrals (spreadsheet_id, retry_at) VALUES (?1, ?2)
       ON CONFLICT (spreadsheet_id) DO UPDATE SET retry_at = excluded.retry_at`,
    )
    .bind(spreadsheetId, retryAt)
    .run();
}
