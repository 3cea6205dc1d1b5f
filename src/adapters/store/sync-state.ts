import type { TabProblem } from "../../core/sync/tab-manifest";

/** D1 access for the polling state: spreadsheets seen, the Drive cursor, and the cycle log. */

export interface SpreadsheetState {
  spreadsheetId: string;
  title: string;
  syncedVersion: number;
  ownWriteVersion: number | null;
  tabCount: number;
  rowCount: number;
  syncedAt: string | null;
  /** Tab title → sheetId, as last read. */
  sheetIds: Record<string, number> | null;
  /** Template tabs the last sync could not trust (renamed or deleted), as reported to the school. */
  tabProblems: TabProblem[];
}

interface SpreadsheetRow {
  spreadsheet_id: string;
  title: string;
  synced_version: number;
  own_write_version: number | null;
  tab_count: number;
  row_count: number;
  synced_at: string | null;
  sheet_ids: string | null;
  tab_problems: string | null;
}

function fromRow(row: SpreadsheetRow): SpreadsheetState {
  return {
    spreadsheetId: row.spreadsheet_id,
    title: row.title,
    syncedVersion: row.synced_version,
    ownWriteVersion: row.own_write_version,
    tabCount: row.tab_count,
    rowCount: row.row_count,
    syncedAt: row.synced_at,
    sheetIds: row.sheet_ids === null ? null : (JSON.parse(row.sheet_ids) as Record<string, number>),
    tabProblems: row.tab_problems === null ? [] : (JSON.parse(row.tab_problems) as TabProblem[]),
  };
}

export async function getCursor(db: D1Database, name: string): Promise<string | undefined> {
  const row = await db
    .prepare("SELECT value FROM sync_cursor WHERE name = ?")
    .bind(name)
    .first<{ value: string }>();
  return row?.value;
}

export async function setCursor(db: D1Database, name: string, value: string, now: string) {
  await db
    .prepare(
      `INSERT INTO sync_cursor (name, value, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT(name) DO UPDATE SET value = ?2, updated_at = ?3`,
    )
    .bind(name, value, now)
    .run();
}

export async function getSpreadsheetStates(
  db: D1Database,
  ids: readonly string[],
): Promise<Map<string, SpreadsheetState>> {
  const states = new Map<string, SpreadsheetState>();
  // D1 caps bound parameters per statement at 100.
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const placeholders = chunk.map(() => "?").join(",");
    const { results } = await db
      .prepare(`SELECT * FROM spreadsheets WHERE spreadsheet_id IN (${placeholders})`)
      .bind(...chunk)
      .all<SpreadsheetRow>();
    for (const row of results) states.set(row.spreadsheet_id, fromRow(row));
  }
  return states;
}

export async function getSpreadsheetState(db: D1Database, id: string) {
  return (await getSpreadsheetStates(db, [id])).get(id);
}

export async function recordSpreadsheetSynced(db: D1Database, state: SpreadsheetState) {
  await db
    .prepare(
      `INSERT INTO spreadsheets (spreadsheet_id, title, synced_version, own_write_version,
         tab_count, row_count, synced_at, sheet_ids, tab_problems)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT(spreadsheet_id) DO UPDATE SET
         title = ?2, synced_version = MAX(synced_version, ?3),
         own_write_version = COALESCE(?4, own_write_version), tab_count = ?5, row_count = ?6,
         synced_at = ?7, sheet_ids = COALESCE(?8, sheet_ids), tab_problems = ?9`,
    )
    .bind(
      state.spreadsheetId,
      state.title,
      state.syncedVersion,
      state.ownWriteVersion,
      state.tabCount,
      state.rowCount,
      state.syncedAt,
      state.sheetIds === null ? null : JSON.stringify(state.sheetIds),
      JSON.stringify(state.tabProblems),
    )
    .run();
}

export async function recordPollCycle(
  db: D1Database,
  cycle: { startedAt: string; trigger: "cron" | "api"; changed: number; enqueued: number },
) {
  await db
    .prepare("INSERT INTO poll_cycles (started_at, trigger, changed, enqueued) VALUES (?, ?, ?, ?)")
    .bind(cycle.startedAt, cycle.trigger, cycle.changed, cycle.enqueued)
    .run();
}

/** When the last recorded poll cycle started (ISO), if any. */
export async function lastPollStartedAt(db: D1Database): Promise<string | undefined> {
  const row = await db
    .prepare("SELECT MAX(started_at) AS at FROM poll_cycles")
    .first<{ at: string | null }>();
  return row?.at ?? undefined;
}

/** The template tabs a school's last sync could not trust, by school code (for the county). */
export async function tabProblemsOfSchool(
  db: D1Database,
  schoolCode: string,
): Promise<TabProblem[]> {
  const row = await db
    .prepare(
      `SELECT p.tab_problems FROM schools AS s JOIN spreadsheets AS p
         ON p.spreadsheet_id = s.spreadsheet_id WHERE s.code = ?1`,
    )
    .bind(schoolCode)
    .first<{ tab_problems: string | null }>();
  return row?.tab_problems ? (JSON.parse(row.tab_problems) as TabProblem[]) : [];
}

/**
 * Every spreadsheet with tabs its last read (or build) could not trust, with the school whose
 * spreadsheet it is (null for the county's own), for the 总览. One query.
 */
export async function allTabProblems(
  db: D1Database,
): Promise<{ spreadsheetId: string; schoolCode: string | null; problems: TabProblem[] }[]> {
  const { results } = await db
    .prepare(
      `SELECT p.spreadsheet_id, s.code, p.tab_problems FROM spreadsheets AS p
         LEFT JOIN schools AS s ON s.spreadsheet_id = p.spreadsheet_id
       WHERE p.tab_problems IS NOT NULL AND p.tab_problems <> '[]'`,
    )
    .all<{ spreadsheet_id: string; code: string | null; tab_problems: string }>();
  return results.map((row) => ({
    spreadsheetId: row.spreadsheet_id,
    schoolCode: row.code,
    problems: JSON.parse(row.tab_problems) as TabProblem[],
  }));
}

/** The tabs of a spreadsheet its last read (or build) could not trust, by spreadsheet id. */
export async function tabProblemsOf(db: D1Database, spreadsheetId: string): Promise<TabProblem[]> {
  return (await getSpreadsheetState(db, spreadsheetId))?.tabProblems ?? [];
}

/** Records what a write-only spreadsheet's build found of its tabs (the summary: never synced). */
export async function recordTabProblems(
  db: D1Database,
  spreadsheetId: string,
  title: string,
  problems: readonly TabProblem[],
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO spreadsheets (spreadsheet_id, title, tab_problems) VALUES (?1, ?2, ?3)
       ON CONFLICT (spreadsheet_id) DO UPDATE SET tab_problems = ?3`,
    )
    .bind(spreadsheetId, title, JSON.stringify(problems))
    .run();
}
