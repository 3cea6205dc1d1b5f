/**
 * D1 access for the county approval tabs: which county steps of business requests the tabs show,
 * and with which 办理状态 (see migrations/0013). The requests themselves are the business store's
 * (store/business.ts); this only remembers what the county spreadsheet was last told.
 */
import type { BusinessRequest } from "../../core/business/index";
import type { ApprovalRequest, CountyStep } from "../../core/recheck/approvals";
import { fromRequestRow, type RequestRow } from "./business";
import { jsonChunks } from "./registry-sql";

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

/** A business request with 人事股's recorded decisions, as the approval tabs need it. */
export interface CountyRequestFacts {
  readonly request: BusinessRequest;
  readonly county: ApprovalRequest["county"];
}

const REQUEST_COLUMNS = `id, kind, state, initiator_school, other_school, person_key,
  teacher_number, name, details_json, created_at, updated_at`;

/** Requests waiting for 人事股 (下达调动, 确认调出, 审批). */
export async function awaitingCounty(db: D1Database): Promise<CountyRequestFacts[]> {
  const { results } = await db
    .prepare(
      `SELECT ${REQUEST_COLUMNS} FROM business_requests
       WHERE state IN ('county_review', 'release_review') ORDER BY id`,
    )
    .all<RequestRow>();
  return withDecisions(db, results);
}

/** The requests with these ids (unknown ids are absent). */
export async function countyRequestsById(
  db: D1Database,
  ids: readonly string[],
): Promise<CountyRequestFacts[]> {
  const rows: RequestRow[] = [];
  for (const json of jsonChunks([...new Set(ids)])) {
    const { results } = await db
      .prepare(
        `SELECT ${REQUEST_COLUMNS} FROM business_requests
         WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id`,
      )
      .bind(json)
      .all<RequestRow>();
    rows.push(...results);
  }
  return withDecisions(db, rows);
}

/** Each request with the county's events on it, read in one query per chunk. */
async function withDecisions(
  db: D1Database,
  rows: readonly RequestRow[],
): Promise<CountyRequestFacts[]> {
  const county = new Map<string, Partial<Record<CountyStep, CountyDecision>>>();
  const kinds = new Map(rows.map((row) => [row.id, row.kind]));
  for (const json of jsonChunks(rows.map((row) => row.id))) {
    const { results } = await db
      .prepare(
        `SELECT request_id, action, from_state, reason FROM business_events
         WHERE party = 'county' AND request_id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(json)
      .all<{
        request_id: string;
        action: "open" | "confirm" | "refuse" | "withdraw";
        from_state: string | null;
        reason: string | null;
      }>();
    for (const event of results) {
      const kind = kinds.get(event.request_id);
      const step =
        event.from_state === "release_review"
          ? "release"
          : event.from_state === "county_review"
            ? kind === "transfer"
              ? "issue"
              : "approve"
            : undefined;
      if (step === undefined || (event.action !== "confirm" && event.action !== "refuse")) continue;
      const decided = county.get(event.request_id) ?? {};
      decided[step] = { action: event.action, reason: event.reason ?? "" };
      county.set(event.request_id, decided);
    }
  }
  return rows.map((row) => ({
    request: fromRequestRow(row),
    county: county.get(row.id) ?? {},
  }));
}

type CountyDecision = { readonly action: "confirm" | "refuse"; readonly reason: string };

/** Before applying a decision: its schools are to be synced (kept until they are). */
export async function owePendingSyncs(
  db: D1Database,
  requestId: string,
  schoolCodes: readonly string[],
  at: string,
): Promise<void> {
  if (schoolCodes.length === 0) return;
  await db.batch(
    schoolCodes.map((code) =>
      db
        .prepare(
          `INSERT INTO business_county_syncs (request_id, school_code, decided_at)
           VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING`,
        )
        .bind(requestId, code, at),
    ),
  );
}

/** Schools owed a sync for a decision, by any run so far. */
export async function schoolsOwedSync(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT school_code FROM business_county_syncs ORDER BY school_code")
    .all<{ school_code: string }>();
  return results.map((row) => row.school_code);
}

/** The school's sheet was synced after every decision owed to it so far. */
export async function settleOwedSync(db: D1Database, schoolCode: string, upTo: string) {
  await db
    .prepare("DELETE FROM business_county_syncs WHERE school_code = ?1 AND decided_at <= ?2")
    .bind(schoolCode, upTo)
    .run();
}
