/**
 * D1 access for the county recheck spreadsheet: its id, the rows the worker shows there for each
 * version sent to the county (`county_rows`, migration 0004), and the offices' decisions until
 * the school sync applies them.
 *
 * Guarantees:
 * - saving rows twice keeps the first (a redelivered school message renders the same rows);
 * - a change decision is recorded once: a second one for the same request is ignored;
 * - entry states are derived from the registry's own tables (recheck_items, records,
 *   change_requests) by `entryState`, so there is one source of truth for where a version stands.
 */

import type { CountyRow } from "../../core/recheck/rows";
import { type Entry, type EntryKind, entryState, PENDING_STATUS } from "../../core/recheck/sheet";
import type { SchoolCategory } from "../../core/templates/index";
import { bulk, jsonChunks, runBatch } from "./registry-sql";

// ── The county spreadsheet ─────────────────────────────────────────────────────────────────────

export async function rememberRecheckSpreadsheet(db: D1Database, id: string, now: string) {
  await db
    .prepare(
      `INSERT INTO county_spreadsheets (kind, spreadsheet_id, seen_at) VALUES ('recheck', ?1, ?2)
       ON CONFLICT (kind) DO UPDATE SET spreadsheet_id = ?1, seen_at = ?2`,
    )
    .bind(id, now)
    .run();
}

export async function recheckSpreadsheet(db: D1Database): Promise<string | undefined> {
  const row = await db
    .prepare("SELECT spreadsheet_id FROM county_spreadsheets WHERE kind = 'recheck'")
    .first<{ spreadsheet_id: string }>();
  return row?.spreadsheet_id;
}

/** The Drive version our own write produced, so the poll does not take it for an office's edit. */
export async function recordOwnWrite(db: D1Database, spreadsheetId: string, version: number) {
  await db
    .prepare(
      `UPDATE spreadsheets SET own_write_version = MAX(COALESCE(own_write_version, 0), ?2)
       WHERE spreadsheet_id = ?1`,
    )
    .bind(spreadsheetId, version)
    .run();
}

// ── Rows for the county ────────────────────────────────────────────────────────────────────────

export interface CountyRows {
  readonly kind: EntryKind;
  readonly recordId: string;
  readonly versionKey: string;
  readonly tab: string;
  readonly rows: readonly CountyRow[];
}

/** Keeps the rows a school sync renders for the county sheets; saving twice keeps the first. */
export function countyRowStatements(
  db: D1Database,
  rows: readonly CountyRows[],
  now: string,
): D1PreparedStatement[] {
  return bulk(
    db,
    `INSERT INTO county_rows (kind, record_id, version_key, tab, rows_json, created_at)
     SELECT j.value->>'kind', j.value->>'recordId', j.value->>'versionKey', j.value->>'tab',
            j.value->>'rowsJson', ?2
     FROM json_each(?1) AS j WHERE true
     ON CONFLICT (kind, record_id, version_key) DO NOTHING`,
    rows.map((r) => ({ ...r, rowsJson: JSON.stringify(r.rows) })),
    now,
  );
}

interface EntryRow {
  kind: EntryKind;
  record_id: string;
  version_key: string;
  tab: string;
  rows_json: string;
  appended_at: string | null;
  decision: string | null;
  section: string | null;
  item_state: string | null;
  record_state: string | null;
  approved_hash: string | null;
  request_state: string | null;
}

const ENTRIES = `
  SELECT c.kind, c.record_id, c.version_key, c.tab, c.rows_json, c.appended_at, c.decision,
         COALESCE(i.section, q.section) AS section, i.state AS item_state,
         r.state AS record_state, r.approved_hash, q.state AS request_state
  FROM county_rows AS c
  LEFT JOIN recheck_items AS i
    ON c.kind = 'recheck' AND i.record_id = c.record_id AND i.hash = c.version_key
  LEFT JOIN records AS r ON r.record_id = c.record_id
  LEFT JOIN change_requests AS q ON c.kind = 'change' AND q.id = c.version_key`;

/** Versions to append, or whose final status the sheet does not show yet. */
const WORK = `
  (c.kind = 'recheck' AND i.state = 'queued')
  OR (c.kind = 'change' AND q.state = 'open' AND c.appended_at IS NULL)
  OR (c.appended_at IS NOT NULL
      AND COALESCE(c.shown_status, '') IN ('', '${PENDING_STATUS.recheck}', '${PENDING_STATUS.change}')
      AND ((c.kind = 'recheck' AND COALESCE(i.state, 'withdrawn') IN ('withdrawn', 'confirmed', 'returned')
            AND NOT (r.state = 'awaiting_recheck' AND r.approved_hash = c.version_key))
        OR (c.kind = 'change' AND COALESCE(q.state, 'superseded') <> 'open')))`;

function toEntry(row: EntryRow): Entry {
  const state = entryState(row.kind, row.version_key, {
    itemState: row.item_state,
    recordState: row.record_state,
    recordApprovedHash: row.approved_hash,
    requestState: row.request_state,
    changeDecided: row.decision !== null,
  });
  const needsAppend =
    row.kind === "recheck" ? row.item_state === "queued" : row.appended_at === null;
  return {
    kind: row.kind,
    recordId: row.record_id,
    section: row.section ?? "",
    versionKey: row.version_key,
    tab: row.tab,
    rows: JSON.parse(row.rows_json) as CountyRow[],
    state,
    needsAppend: needsAppend && state.kind === "open",
  };
}

/** What the recheck consumer has to do, oldest first. */
export async function countyWork(db: D1Database, limit: number): Promise<Entry[]> {
  const { results } = await db
    .prepare(`${ENTRIES} WHERE ${WORK} ORDER BY c.created_at, c.record_id LIMIT ?`)
    .bind(limit)
    .all<EntryRow>();
  return results.map(toEntry);
}

export async function hasCountyWork(db: D1Database): Promise<boolean> {
  return (await countyWork(db, 1)).length > 0;
}

/** Every version sent to the county for the given records. */
export async function entriesOf(db: D1Database, recordIds: readonly string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const json of jsonChunks([...new Set(recordIds)])) {
    const { results } = await db
      .prepare(`${ENTRIES} WHERE c.record_id IN (SELECT value FROM json_each(?1))`)
      .bind(json)
      .all<EntryRow>();
    entries.push(...results.map(toEntry));
  }
  return entries;
}

/** The entries' rows are on the sheet, showing `status`. */
export async function markShown(
  db: D1Database,
  entries: readonly { entry: Entry; status: string; appended: boolean }[],
  now: string,
) {
  await runBatch(
    db,
    bulk(
      db,
      `UPDATE county_rows SET shown_status = j.value->>'status',
         appended_at = CASE WHEN j.value->>'appended' THEN ?2 ELSE appended_at END
       FROM json_each(?1) AS j
       WHERE county_rows.kind = j.value->>'kind' AND county_rows.record_id = j.value->>'recordId'
         AND county_rows.version_key = j.value->>'versionKey'`,
      entries.map(({ entry, status, appended }) => ({
        kind: entry.kind,
        recordId: entry.recordId,
        versionKey: entry.versionKey,
        status,
        appended,
      })),
      now,
    ),
  );
}

// ── Decisions ──────────────────────────────────────────────────────────────────────────────────

/** The leadership office's decision on an open request; false when one is already recorded. */
export async function decideChangeEntry(
  db: D1Database,
  changeRequestId: string,
  decision: { outcome: "approved" } | { outcome: "rejected"; reason: string },
  actor: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE county_rows SET decision = ?2, reason = ?3, decided_by = ?4, decided_at = ?5
       WHERE kind = 'change' AND version_key = ?1 AND decision IS NULL`,
    )
    .bind(
      changeRequestId,
      decision.outcome,
      decision.outcome === "rejected" ? decision.reason : null,
      actor,
      now,
    )
    .run();
  return result.meta.changes > 0;
}

export interface PendingRecheckDecision {
  readonly schoolCode: string;
  readonly recordId: string;
  readonly hash: string;
  readonly section: string;
  readonly outcome: "confirmed" | "returned";
  readonly reason: string | null;
  readonly decidedAt: string;
}

export interface PendingChangeDecision {
  readonly schoolCode: string;
  readonly changeRequestId: string;
  readonly section: string;
  readonly outcome: "approved" | "rejected";
  readonly reason: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/** Decisions recorded but not yet applied to the school's sheet. */
export async function pendingDecisions(db: D1Database): Promise<{
  recheck: PendingRecheckDecision[];
  change: PendingChangeDecision[];
}> {
  const [recheck, change] = await db.batch<Record<string, string | null>>([
    db.prepare(
      `SELECT i.school_code, i.record_id, i.hash, i.section, i.state, i.reason, i.decided_at
       FROM recheck_items AS i JOIN records AS r ON r.record_id = i.record_id
       WHERE i.state IN ('confirmed', 'returned') AND r.state = 'awaiting_recheck'
         AND r.approved_hash = i.hash`,
    ),
    db.prepare(
      `SELECT q.school_code, q.id, q.section, c.decision, c.reason, c.decided_by, c.decided_at
       FROM county_rows AS c JOIN change_requests AS q ON q.id = c.version_key
       WHERE c.kind = 'change' AND c.decision IS NOT NULL AND q.state = 'open'`,
    ),
  ]);
  const text = (value: string | null | undefined) => value ?? "";
  return {
    recheck: (recheck?.results ?? []).map((row) => ({
      schoolCode: text(row.school_code),
      recordId: text(row.record_id),
      hash: text(row.hash),
      section: text(row.section),
      outcome: row.state === "returned" ? "returned" : "confirmed",
      reason: row.reason ?? null,
      decidedAt: text(row.decided_at),
    })),
    change: (change?.results ?? []).map((row) => ({
      schoolCode: text(row.school_code),
      changeRequestId: text(row.id),
      section: text(row.section),
      outcome: row.decision === "rejected" ? "rejected" : "approved",
      reason: row.reason ?? null,
      decidedBy: text(row.decided_by),
      decidedAt: text(row.decided_at),
    })),
  };
}

/**
 * A recorded recheck decision the school's sheet could not take (the row was edited or removed
 * first) is withdrawn, unless the record still awaits that version (the sync will try again).
 */
export async function withdrawUnapplied(
  db: D1Database,
  items: readonly { recordId: string; hash: string }[],
  now: string,
) {
  await runBatch(
    db,
    bulk(
      db,
      `UPDATE recheck_items SET state = 'withdrawn', decided_at = ?2
       FROM json_each(?1) AS j
       WHERE recheck_items.record_id = j.value->>'recordId'
         AND recheck_items.hash = j.value->>'hash'
         AND recheck_items.state IN ('confirmed', 'returned')
         AND NOT EXISTS (SELECT 1 FROM records AS r
           WHERE r.record_id = recheck_items.record_id AND r.state = 'awaiting_recheck'
             AND r.approved_hash = recheck_items.hash)`,
      items,
      now,
    ),
  );
}

/** The schools whose sheets a decision must reach, with their spreadsheets. */
export async function schoolsByCode(
  db: D1Database,
  codes: readonly string[],
): Promise<Map<string, { name: string; category: SchoolCategory; spreadsheetId: string | null }>> {
  const found = new Map<
    string,
    { name: string; category: SchoolCategory; spreadsheetId: string | null }
  >();
  for (const json of jsonChunks([...new Set(codes)])) {
    const { results } = await db
      .prepare(
        `SELECT code, name, category, spreadsheet_id FROM schools
         WHERE code IN (SELECT value FROM json_each(?1))`,
      )
      .bind(json)
      .all<{
        code: string;
        name: string;
        category: SchoolCategory;
        spreadsheet_id: string | null;
      }>();
    for (const row of results)
      found.set(row.code, {
        name: row.name,
        category: row.category,
        spreadsheetId: row.spreadsheet_id,
      });
  }
  return found;
}
