/**
 * D1 for 学分确认 (src/core/credits/confirm.ts): which 国内培训 record versions wait for
 * 教师进修学校, which are shown on the county sheet, and the decisions, kept in the audit log.
 *
 * A version's credits are confirmed when 教师进修学校 confirmed that version: in 学分确认
 * (`credit_confirmed`, detail `v<n>`) or by its recheck that made the version effective (a
 * `confirmed` event by a credit office at the time of the `effective` event naming `v<n>`).
 * A return is `credit_returned`, detail `v<n>:<reason>`. Anything else in force is pending.
 * No ID number is read: of record values only the 国内培训 columns are used.
 */
import {
  CONFIRM_TITLE,
  type CreditItem,
  type CreditItemState,
  type CreditRowShown,
  confirmDataColumns,
  creditStatusText as statusOf,
} from "../../core/credits/confirm";
import { render } from "../../core/sync/render";
import { shippedCountyConfig, shippedTemplates } from "../../core/templates/bundle";
import { recheckOffice, SchoolCategory, templateFor } from "../../core/templates/index";

/** Keys of the offices whose decisions confirm credits (county.json duty `credits`). */
export function creditOffices(): string[] {
  const { offices } = shippedCountyConfig;
  const keys = offices.filter((o) => o.duties.includes("credits")).map((o) => o.key);
  return keys.length > 0 ? keys : [recheckOffice(shippedCountyConfig, "training")?.key ?? ""];
}

/** The office that decides 学分确认, as the log names it. */
export function creditOffice(): { key: string; name: string } {
  const key = creditOffices()[0] ?? "";
  const office = shippedCountyConfig.offices.find((o) => o.key === key);
  return { key, name: office?.name ?? key };
}

/** SQL: the credit decision on (record_id, version) of alias `i`: 'kind|detail' or null. */
export const DECIDED_SQL = `(SELECT e.kind || '|' || e.detail FROM review_events AS e
   WHERE e.record_id = i.record_id AND (
     (e.kind = 'credit_confirmed' AND e.detail = 'v' || i.version)
     OR (e.kind = 'credit_returned' AND e.detail LIKE 'v' || i.version || ':%'))
   ORDER BY e.id LIMIT 1)`;

/** SQL: whether a credit office's recheck made (record_id, version) of alias `i` effective. */
export const RECHECKED_SQL = `EXISTS (SELECT 1 FROM review_events AS c
   JOIN review_events AS x ON x.record_id = c.record_id AND x.kind = 'effective'
     AND x.at = c.at AND x.detail = 'v' || i.version
   WHERE c.record_id = i.record_id AND c.kind = 'confirmed'
     AND c.actor IN (SELECT value FROM json_each(?1)))`;

const ITEMS = `
  WITH current AS (
    SELECT r.record_id, r.effective_version AS version FROM records AS r
    JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
    WHERE r.section = 'training' AND r.removed_at IS NULL
      AND (v.values_json ->> 'credits') IS NOT NULL),
  items AS (SELECT record_id, version FROM current
            UNION SELECT record_id, version FROM credit_rows)
  SELECT i.record_id, i.version, r.removed_at, r.effective_version AS current_version,
    r.school_code, s.name AS school_name, t.teacher_number, t.name, v.values_json,
    c.row, c.status AS shown_status,
    ${DECIDED_SQL} AS decided, ${RECHECKED_SQL} AS rechecked
  FROM items AS i
  JOIN records AS r ON r.record_id = i.record_id
  JOIN record_versions AS v ON v.record_id = i.record_id AND v.version = i.version
  LEFT JOIN teachers AS t ON t.person_key = r.person_key
  LEFT JOIN schools AS s ON s.code = r.school_code
  LEFT JOIN credit_rows AS c ON c.record_id = i.record_id AND c.version = i.version
  ORDER BY r.school_code, i.record_id, i.version`;

export interface StoredCreditItem extends CreditItem {
  readonly schoolCode: string;
  /** The row and 办理状态 last written on the county sheet; null when never shown. */
  readonly shown: { readonly row: number | null; readonly status: string } | null;
}

/** Every 国内培训 version in force with credits, and every version the tab shows. */
export async function creditItems(db: D1Database): Promise<StoredCreditItem[]> {
  const { results } = await db
    .prepare(ITEMS)
    .bind(JSON.stringify(creditOffices()))
    .all<Record<string, string | number | null>>();
  return results.map(toItem);
}

/** Items to append or whose status changed: empty on an idle cycle (one D1 read). */
export async function creditWork(db: D1Database): Promise<StoredCreditItem[]> {
  return (await creditItems(db)).filter(needsWrite);
}

/**
 * Whether 学分确认 has rows to append or statuses to show, on a county sheet that has the tab
 * (bound when the recheck sync last read it): a sheet provisioned before the tab waits for
 * `npm run provision` without waking the recheck consumer on every cycle.
 */
export async function hasCreditWork(db: D1Database): Promise<boolean> {
  const bound = await db
    .prepare(
      `SELECT 1 AS bound FROM county_spreadsheets AS c
       JOIN spreadsheets AS p ON p.spreadsheet_id = c.spreadsheet_id
       WHERE c.kind = 'recheck' AND json_type(p.sheet_ids, ?1) IS NOT NULL`,
    )
    .bind(`$."${CONFIRM_TITLE}"`)
    .first<{ bound: number }>();
  return bound !== null && (await creditWork(db)).length > 0;
}

export function needsWrite(item: StoredCreditItem): boolean {
  if (item.shown === null) return item.state.kind === "pending";
  return item.shown.status !== statusOf(item.state);
}

function toItem(row: Record<string, string | number | null>): StoredCreditItem {
  const values = JSON.parse(String(row.values_json ?? "{}")) as Record<string, string | number>;
  const version = Number(row.version);
  const state = stateOf(row, version);
  const schoolCode = String(row.school_code);
  return {
    recordId: String(row.record_id),
    version,
    schoolCode,
    school: `${row.school_name ?? schoolCode}（${schoolCode}）`,
    teacherNumber: String(row.teacher_number ?? ""),
    name: String(row.name ?? ""),
    cells: trainingCells(values),
    state,
    shown:
      row.shown_status === null || row.shown_status === undefined
        ? null
        : { row: row.row === null ? null : Number(row.row), status: String(row.shown_status) },
  };
}

function stateOf(row: Record<string, string | number | null>, version: number): CreditItemState {
  const decided = row.decided === null || row.decided === undefined ? null : String(row.decided);
  if (decided?.startsWith("credit_confirmed|")) return { kind: "confirmed" };
  if (decided?.startsWith("credit_returned|")) {
    const detail = decided.slice("credit_returned|".length);
    return { kind: "returned", reason: detail.slice(detail.indexOf(":") + 1) };
  }
  if (Number(row.rechecked) === 1) return { kind: "confirmed" };
  const inForce = row.removed_at === null && Number(row.current_version) === version;
  return inForce ? { kind: "pending" } : { kind: "superseded" };
}

function trainingColumns() {
  return confirmDataColumns(
    SchoolCategory.options.flatMap((category) => templateFor(shippedTemplates, category)),
  );
}

function trainingCells(values: Record<string, string | number>): Record<string, string | number> {
  const cells: Record<string, string | number> = {};
  for (const column of trainingColumns()) {
    const value = values[column.key];
    if (typeof value === "string" || typeof value === "number")
      cells[column.header] = render(column, value, shippedTemplates.codeTables) as string | number;
  }
  return cells;
}

/** Records what the tab now shows (after the write). */
export async function markCreditRowsShown(
  db: D1Database,
  shown: readonly (CreditRowShown & { row?: number | null })[],
  at: string,
): Promise<void> {
  if (shown.length === 0) return;
  await db.batch(
    shown.map((item) =>
      db
        .prepare(
          `INSERT INTO credit_rows (record_id, version, row, status, shown_at)
           VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT (record_id, version) DO UPDATE SET status = ?4, shown_at = ?5,
             row = coalesce(?3, row)`,
        )
        .bind(item.recordId, item.version, item.row ?? null, item.status, at),
    ),
  );
}

/**
 * Records 教师进修学校's decision on one version, once: the audit log is append-only and a
 * decision already logged for the version is not logged again. Returns whether it was new.
 */
export async function recordCreditDecision(
  db: D1Database,
  decision: {
    recordId: string;
    version: number;
    action: "confirm" | "return";
    reason: string;
    actor: string;
    at: string;
    spreadsheetId: string;
  },
): Promise<boolean> {
  const kind = decision.action === "confirm" ? "credit_confirmed" : "credit_returned";
  const detail =
    decision.action === "confirm"
      ? `v${decision.version}`
      : `v${decision.version}:${decision.reason}`;
  const result = await db
    .prepare(
      `INSERT INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6
       WHERE NOT EXISTS (SELECT 1 FROM review_events AS e WHERE e.record_id = ?1
         AND e.kind IN ('credit_confirmed', 'credit_returned')
         AND (e.detail = 'v' || ?7 OR e.detail LIKE 'v' || ?7 || ':%'))`,
    )
    .bind(
      decision.recordId,
      kind,
      decision.actor,
      decision.at,
      decision.spreadsheetId,
      detail,
      decision.version,
    )
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/**
 * The school's records whose credits in force 教师进修学校 returned, with the reason: their
 * rows show it in 校验结果 until the school changes the row (a new version) or removes it.
 */
export async function returnedCredits(
  db: D1Database,
  schoolCode: string,
): Promise<Map<string, string>> {
  const { results } = await db
    .prepare(
      `SELECT i.record_id, ${DECIDED_SQL} AS decided
       FROM (SELECT record_id, effective_version AS version FROM records
             WHERE school_code = ?1 AND section = 'training' AND removed_at IS NULL
               AND effective_version IS NOT NULL) AS i`,
    )
    .bind(schoolCode)
    .all<{ record_id: string; decided: string | null }>();
  const notes = new Map<string, string>();
  for (const row of results) {
    if (!row.decided?.startsWith("credit_returned|")) continue;
    const detail = row.decided.slice("credit_returned|".length);
    notes.set(row.record_id, detail.slice(detail.indexOf(":") + 1));
  }
  return notes;
}
