import type { SyncMessage } from "../../jobs/messages";

/**
 * The poll cycles `POST /api/sync` queues, and their progress: a queued spreadsheet counts as
 * done once a sync recorded it after the cycle started, or (unforced) at or past the version the
 * poll saw — a redelivery that found it already synced.
 */
export interface QueuedCycle {
  readonly id: number;
  readonly startedAt: string;
}

export async function recordQueuedCycle(
  db: D1Database,
  startedAt: string,
  queued: readonly SyncMessage[],
): Promise<QueuedCycle> {
  const row = await db
    .prepare(
      `INSERT INTO poll_cycles (started_at, trigger, changed, enqueued)
       VALUES (?1, 'api', ?2, ?2) RETURNING id`,
    )
    .bind(startedAt, queued.length)
    .first<{ id: number }>();
  if (row === null) throw new Error("poll_cycles insert returned no id");
  const insert = db.prepare(
    `INSERT OR IGNORE INTO poll_cycle_items
       (cycle_id, spreadsheet_id, kind, school_code, version, forced)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
  );
  // Schools and the county recheck sheet: the syncs whose progress `spreadsheets` records (an
  // account spreadsheet's 重置密码 read is a side errand of its school).
  const items = queued.flatMap((m) =>
    m.kind === "accounts"
      ? []
      : [
          insert.bind(
            row.id,
            m.spreadsheetId,
            m.kind,
            m.kind === "school" ? m.school.code : null,
            m.version,
            m.force === true ? 1 : 0,
          ),
        ],
  );
  // One batch: a single round trip for a whole county's worth of rows.
  if (items.length > 0) await db.batch(items);
  return { id: row.id, startedAt };
}

export interface CycleItem {
  readonly spreadsheetId: string;
  readonly kind: string;
  readonly schoolCode: string | null;
  readonly done: boolean;
  /** Not done, and refused for quota: when its sync is sent again (ISO). */
  readonly retryAt: string | null;
}

export interface CycleProgress {
  readonly id: number;
  readonly startedAt: string;
  readonly items: readonly CycleItem[];
}

export async function cycleProgress(db: D1Database, id: number): Promise<CycleProgress | null> {
  const cycle = await db
    .prepare("SELECT id, started_at FROM poll_cycles WHERE id = ?1")
    .bind(id)
    .first<{ id: number; started_at: string }>();
  if (cycle === null) return null;
  const { results } = await db
    .prepare(
      `SELECT i.spreadsheet_id, i.kind, i.school_code, d.retry_at,
         CASE WHEN s.synced_at >= ?2 OR (i.forced = 0 AND s.synced_version >= i.version)
           THEN 1 ELSE 0 END AS done
       FROM poll_cycle_items AS i LEFT JOIN spreadsheets AS s ON s.spreadsheet_id = i.spreadsheet_id
         LEFT JOIN sync_deferrals AS d ON d.spreadsheet_id = i.spreadsheet_id
       WHERE i.cycle_id = ?1 ORDER BY i.rowid`,
    )
    .bind(id, cycle.started_at)
    .all<{
      spreadsheet_id: string;
      kind: string;
      school_code: string | null;
      retry_at: string | null;
      done: number;
    }>();
  return {
    id: cycle.id,
    startedAt: cycle.started_at,
    items: results.map((r) => ({
      spreadsheetId: r.spreadsheet_id,
      kind: r.kind,
      schoolCode: r.school_code,
      done: r.done === 1,
      retryAt: r.done === 1 ? null : r.retry_at,
    })),
  };
}
