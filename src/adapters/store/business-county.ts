/**
 * D1 access for the county approval tabs: which county steps of business requests the tabs show,
 * and with which 办理状态 (see migrations/0014). The requests themselves are biz-core's
 * (store/business.ts); this only remembers what the county spreadsheet was last told.
 */
import type { CountyStep } from "../../core/recheck/approvals";

export interface ShownApprovalRow {
  readonly requestId: string;
  readonly step: CountyStep;
  readonly status: string;
}

/** Rows shown and not settled: their status may still change. */
export async function openApprovalRows(db: D1Database): Promise<ShownApprovalRow[]> {
  const { results } = await db
    .prepare(
      "SELECT request_id, step, shown_status FROM business_county_rows WHERE settled = 0 ORDER BY request_id, step",
    )
    .all<{ request_id: string; step: CountyStep; shown_status: string }>();
  return results.map((row) => ({
    requestId: row.request_id,
    step: row.step,
    status: row.shown_status,
  }));
}

/** Which of these requests have which steps shown at all (settled or not). */
export async function shownSteps(
  db: D1Database,
  requestIds: readonly string[],
): Promise<Set<string>> {
  const shown = new Set<string>();
  if (requestIds.length === 0) return shown;
  const { results } = await db
    .prepare(
      `SELECT request_id, step FROM business_county_rows
       WHERE request_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify([...new Set(requestIds)]))
    .all<{ request_id: string; step: string }>();
  for (const row of results) shown.add(stepKey(row.request_id, row.step));
  return shown;
}

export function stepKey(requestId: string, step: string): string {
  return `${requestId}\u0000${step}`;
}

/** The rows are on the sheet showing `status`; `settled` once it can never change again. */
export async function markApprovalRowsShown(
  db: D1Database,
  rows: readonly (ShownApprovalRow & { settled: boolean })[],
  at: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db.batch(
    rows.map((row) =>
      db
        .prepare(
          `INSERT INTO business_county_rows (request_id, step, shown_status, settled, shown_at)
           VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT (request_id, step) DO UPDATE SET
             shown_status = excluded.shown_status, settled = excluded.settled,
             shown_at = excluded.shown_at`,
        )
        .bind(row.requestId, row.step, row.status, row.settled ? 1 : 0, at),
    ),
  );
}
