/**
 * D1 for the 进度 tab: each school's expected headcount and how many of its people have reached
 * each campaign stage, and the county's daily snapshots. Counts only: `persons` is never read,
 * and a snapshot holds numbers, never who.
 *
 * A person's stage follows from their live records (people who have left are not counted, as in
 * summary.ts): 采集 once their 基本信息 is not 待完善, they have every section required of their
 * school's category and none of their records is 待完善; 学校审核 once, in addition, none waits
 * for the principal (待审核, 已修改需重新审核); 县级复核 once none is with the county or sent back
 * (已审核待复核, 已退回); 完成 once none has a change awaiting approval: every record 已生效.
 */
import type { CampaignStep } from "../../core/reports/campaign";
import type { HistoryRow } from "../../core/reports/progress";
import { BASIC } from "../../core/validate/cross-section";
import type { RequiredSection } from "./summary";

export interface SchoolPeople {
  readonly code: string;
  /** 应采集人数; null when the schools list gave none. */
  readonly expected: number | null;
  readonly entered: number;
  readonly reached: Readonly<Record<CampaignStep, number>>;
}

const active = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM person_status AS ps
     WHERE ps.person_key = ${alias}.person_key AND ps.has_left = 1)`;

export async function schoolPeople(
  db: D1Database,
  required: readonly RequiredSection[],
): Promise<SchoolPeople[]> {
  const { results } = await db
    .prepare(
      `WITH required AS (
         SELECT j.value->>'category' AS category, j.value->>'section' AS section
         FROM json_each(?1) AS j),
       people AS (
         SELECT school_code, person_key,
           max(section = ?2) AS has_basic,
           max(section = ?2 AND state <> 'incomplete') AS basic_ok,
           sum(state = 'incomplete') AS incomplete,
           sum(state IN ('ready', 'revoked')) AS at_school,
           sum(state IN ('awaiting_recheck', 'returned')) AS at_county,
           sum(state = 'change_pending') AS changes
         FROM records
         WHERE removed_at IS NULL AND person_key IS NOT NULL AND ${active("records")}
         GROUP BY school_code, person_key),
       staged AS (
         SELECT p.*, (p.basic_ok AND p.incomplete = 0 AND NOT EXISTS (
             SELECT 1 FROM required AS q JOIN schools AS s ON s.category = q.category
             WHERE s.code = p.school_code AND NOT EXISTS (
               SELECT 1 FROM records AS o
               WHERE o.person_key = p.person_key AND o.school_code = p.school_code
                 AND o.section = q.section AND o.removed_at IS NULL))) AS collected
         FROM people AS p WHERE p.has_basic)
       SELECT s.code, s.expected_staff, count(t.person_key) AS entered,
         coalesce(sum(t.collected), 0) AS collected,
         coalesce(sum(t.collected AND t.at_school = 0), 0) AS reviewed,
         coalesce(sum(t.collected AND t.at_school = 0 AND t.at_county = 0), 0) AS rechecked,
         coalesce(sum(t.collected AND t.at_school = 0 AND t.at_county = 0 AND t.changes = 0), 0)
           AS effective
       FROM schools AS s LEFT JOIN staged AS t ON t.school_code = s.code
       GROUP BY s.code ORDER BY s.code`,
    )
    .bind(JSON.stringify(required), BASIC)
    .all<Record<string, number | string | null>>();
  return results.map((row) => ({
    code: String(row.code),
    expected: row.expected_staff === null ? null : Number(row.expected_staff),
    entered: Number(row.entered),
    reached: {
      collection: Number(row.collected),
      schoolReview: Number(row.reviewed),
      countyRecheck: Number(row.rechecked),
      complete: Number(row.effective),
    },
  }));
}

/** Every day kept so far, oldest first. */
export async function progressSnapshots(db: D1Database): Promise<HistoryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT day, expected, entered, approved, effective, effective_records, schools_complete
       FROM progress_snapshots ORDER BY day`,
    )
    .all<Record<string, number | string>>();
  return results.map((row) => ({
    date: String(row.day),
    expected: Number(row.expected),
    entered: Number(row.entered),
    approved: Number(row.approved),
    effective: Number(row.effective),
    effectiveRecords: Number(row.effective_records),
    schoolsComplete: Number(row.schools_complete),
  }));
}

/**
 * The day's snapshot, replacing any earlier one of the same county day (one row per day, the
 * day's last figures): a statement, so the build commits it with its own cursor in one batch.
 */
export function snapshotStatement(
  db: D1Database,
  row: HistoryRow,
  at: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO progress_snapshots
         (day, expected, entered, approved, effective, effective_records, schools_complete,
          built_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (day) DO UPDATE SET
         expected = excluded.expected, entered = excluded.entered,
         approved = excluded.approved, effective = excluded.effective,
         effective_records = excluded.effective_records,
         schools_complete = excluded.schools_complete, built_at = excluded.built_at`,
    )
    .bind(
      row.date,
      row.expected,
      row.entered,
      row.approved,
      row.effective,
      row.effectiveRecords,
      row.schoolsComplete,
      at,
    );
}
