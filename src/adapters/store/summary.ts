/**
 * D1 reads for the county summary spreadsheet: per-school counts for the 总览 tab, per school
 * and section for the 进度 tab, the values in force of a few columns for the 统计 tab, and a
 * marker that moves whenever the registry does, so an unchanged registry costs no rebuild.
 *
 * Guarantees:
 * - no ID number, clear or encrypted: `persons` is never read, and `effectiveValues` keeps only
 *   the named columns' plain values;
 * - removed rows (gone from the sheet, kept for the audit trail) are not counted;
 * - nor are the records of people who have left (a completed status change to 离职, 退休 or 死亡,
 *   `person_status.has_left`): they drop out of the counts and statistics, nothing is deleted;
 * - records count at the school that holds them now (`records.school_code`, which a completed
 *   transfer moves), so the counts follow a transfer.
 */
import { REVIEW_STATES, type ReviewState } from "../../core/review/states";
import type { SchoolCategory } from "../../core/templates/index";
import { BASIC } from "../../core/validate/cross-section";

export interface SchoolCounts {
  readonly code: string;
  readonly name: string;
  readonly township: string;
  readonly category: SchoolCategory;
  /** People on the school's 基本信息 tab (distinct ID numbers). */
  readonly people: number;
  /** Of those, people with every required section (see `summaryCounts`). */
  readonly completePeople: number;
  readonly counts: Readonly<Record<ReviewState, number>>;
  /** Records with an error finding: those 待完善. */
  readonly errors: number;
  /** ISO time of the latest change to any of the school's records; null when it has none. */
  readonly lastChange: string | null;
}

/** The record (alias `records` or `r`) is not of a person who has left. */
const active = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM person_status AS ps
     WHERE ps.person_key = ${alias}.person_key AND ps.has_left = 1)`;

const noCounts = () =>
  Object.fromEntries(REVIEW_STATES.map((state) => [state, 0])) as Record<ReviewState, number>;

/** A section every person must have, for schools of one category. */
export interface RequiredSection {
  readonly category: SchoolCategory;
  readonly section: string;
}

/**
 * Every school's counts. A person counts as complete when their 基本信息 record is not 待完善 and
 * they have a record in every section required of everyone in their school's category. Sections
 * required of experienced teachers only are covered by the first condition: the sync reports one
 * missing as an error on the person's 基本信息 row (whether someone is a new teacher is in their
 * values, which this count does not read).
 */
export async function summaryCounts(
  db: D1Database,
  required: readonly RequiredSection[],
): Promise<SchoolCounts[]> {
  const [schools, states, people] = await db.batch<Record<string, string | number | null>>([
    db.prepare(
      `SELECT s.code, s.name, s.township, s.category, max(r.updated_at) AS last_change
       FROM schools AS s LEFT JOIN records AS r ON r.school_code = s.code
       GROUP BY s.code ORDER BY s.code`,
    ),
    db.prepare(
      `SELECT school_code, state, count(*) AS n FROM records
       WHERE removed_at IS NULL AND ${active("records")}
       GROUP BY school_code, state`,
    ),
    db
      .prepare(
        `WITH required AS (
           SELECT j.value->>'category' AS category, j.value->>'section' AS section
           FROM json_each(?1) AS j),
         people AS (
           SELECT school_code, person_key, max(state <> 'incomplete') AS basic_ok
           FROM records
           WHERE section = ?2 AND removed_at IS NULL AND person_key IS NOT NULL
             AND ${active("records")}
           GROUP BY school_code, person_key)
         SELECT p.school_code, count(*) AS people,
           sum(p.basic_ok AND NOT EXISTS (
             SELECT 1 FROM required AS q JOIN schools AS s ON s.category = q.category
             WHERE s.code = p.school_code AND NOT EXISTS (
               SELECT 1 FROM records AS o
               WHERE o.person_key = p.person_key AND o.school_code = p.school_code
                 AND o.section = q.section AND o.removed_at IS NULL))) AS complete
         FROM people AS p GROUP BY p.school_code`,
      )
      .bind(JSON.stringify(required), BASIC),
  ]);
  const counts = new Map<string, Record<ReviewState, number>>();
  for (const row of states?.results ?? []) {
    const code = String(row.school_code);
    const school = counts.get(code) ?? noCounts();
    counts.set(code, school);
    school[row.state as ReviewState] = Number(row.n);
  }
  const persons = new Map(
    (people?.results ?? []).map((row) => [
      String(row.school_code),
      { people: Number(row.people), complete: Number(row.complete) },
    ]),
  );
  return (schools?.results ?? []).map((row) => {
    const code = String(row.code);
    const school = counts.get(code) ?? noCounts();
    return {
      code,
      name: String(row.name),
      township: String(row.township),
      category: row.category as SchoolCategory,
      people: persons.get(code)?.people ?? 0,
      completePeople: persons.get(code)?.complete ?? 0,
      counts: school,
      errors: school.incomplete,
      lastChange: row.last_change === null ? null : String(row.last_change),
    };
  });
}

/**
 * Moves whenever the summary's inputs may have: every record change is logged as a review event
 * (review/states.ts), every business step as a business event (a transfer moves records, a status
 * change takes a person out, a rotation adds a record: none of them is a review event), schools
 * are only ever added (their expected headcounts change: a weighted sum, so one school's new
 * count moves it), and the tab problems every sync records are in the 总览. Every read but
 * the last is an index lookup; the last reads the spreadsheets table (one row per spreadsheet,
 * a few hundred) and holds only what it found, usually nothing.
 */
export async function registryMarker(db: D1Database): Promise<string> {
  const row = await db
    .prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM review_events) AS events,
              (SELECT coalesce(max(id), 0) FROM business_events) AS business,
              (SELECT count(*) || '/' ||
                 coalesce(sum(coalesce(expected_staff, -1) * (rowid % 9973 + 1)), 0)
               FROM schools) AS schools,
              (SELECT coalesce(max(updated_at), '') FROM sync_cursor
               WHERE name = 'sharing.auditedDay') AS audited,
              (SELECT coalesce(group_concat(spreadsheet_id || tab_problems, ';'), '') FROM
                 (SELECT spreadsheet_id, tab_problems FROM spreadsheets
                  WHERE tab_problems IS NOT NULL AND tab_problems <> '[]'
                  ORDER BY spreadsheet_id)) AS tabs`,
    )
    .first<{ events: number; business: number; schools: string; audited: string; tabs: string }>();
  return `${row?.events ?? 0}:${row?.business ?? 0}:${row?.schools ?? 0}:${row?.audited ?? ""}:${row?.tabs ?? ""}`;
}

/** One school's live records in one section, for the 进度 tab. */
export interface SectionCounts {
  readonly school: string;
  readonly section: string;
  readonly records: number;
  /** Records with values in force (an effective version), even while an edit awaits review. */
  readonly effective: number;
  /** People with at least one such record. */
  readonly effectivePeople: number;
}

export async function sectionCounts(db: D1Database): Promise<SectionCounts[]> {
  const { results } = await db
    .prepare(
      `SELECT school_code, section, count(*) AS records,
         count(effective_version) AS effective,
         count(DISTINCT CASE WHEN effective_version IS NOT NULL THEN person_key END) AS people
       FROM records WHERE removed_at IS NULL AND ${active("records")}
       GROUP BY school_code, section`,
    )
    .all<Record<string, string | number>>();
  return results.map((row) => ({
    school: String(row.school_code),
    section: String(row.section),
    records: Number(row.records),
    effective: Number(row.effective),
    effectivePeople: Number(row.people),
  }));
}

/** The values in force of one live record, cut to the columns asked for. */
export interface EffectiveValues {
  readonly personKey: string;
  readonly category: SchoolCategory;
  readonly section: string;
  readonly values: Readonly<Record<string, string | number>>;
}

/**
 * The values in force of every live record of the given sections, only the given columns, only
 * plain text and numbers: the person reference and any sealed text (record_versions keeps ID
 * numbers only as those) are dropped in SQL, and `persons` is never read, so no ID number, even
 * encrypted, leaves the database here.
 */
export async function effectiveValues(
  db: D1Database,
  columns: Readonly<Record<string, readonly string[]>>,
): Promise<EffectiveValues[]> {
  const { results } = await db
    .prepare(
      `WITH wanted AS (
         SELECT s.key AS section, c.value AS column_key
         FROM json_each(?1) AS s, json_each(s.value) AS c)
       SELECT r.person_key, sc.category, r.section,
         (SELECT json_group_object(j.key, j.value) FROM json_each(v.values_json) AS j
          WHERE j.type IN ('text', 'integer', 'real')
            AND j.key IN (SELECT column_key FROM wanted AS w WHERE w.section = r.section))
           AS values_json
       FROM records AS r
       JOIN schools AS sc ON sc.code = r.school_code
       JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
       WHERE r.removed_at IS NULL AND r.person_key IS NOT NULL AND ${active("r")}
         AND r.section IN (SELECT section FROM wanted)`,
    )
    .bind(JSON.stringify(columns))
    .all<{ person_key: string; category: string; section: string; values_json: string }>();
  return results.map((row) => ({
    personKey: row.person_key,
    category: row.category as SchoolCategory,
    section: row.section,
    values: JSON.parse(row.values_json) as Record<string, string | number>,
  }));
}
