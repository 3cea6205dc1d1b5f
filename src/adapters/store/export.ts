/**
 * D1 reads of the import package and the 电子档案, and the audit of every download that shows ID
 * numbers in clear (`exports`, migration 0022).
 *
 * Effective means: the version in force of a record still on its school's sheet (`removed_at` is
 * null) and not revoked; a record waiting for the principal or the county (待审核, 已审核待复核)
 * has no version in force and is not exported, and a record with a change pending exports the
 * version still in force. Each record counts once, with its latest effective version.
 */
import type { ExportRecord, ExportSchool } from "../../core/export/package";
import type { IdCrypto } from "../crypto/index";
import { idsOf } from "./registry";
import { restoreValues } from "./registry-values";

interface EffectiveRow {
  record_id: string;
  school_code: string;
  section: string;
  person_key: string | null;
  teacher_number: string | null;
  values_json: string;
}

const EFFECTIVE = `SELECT r.record_id, r.school_code, r.section, r.person_key, t.teacher_number,
    v.values_json
  FROM records AS r
  JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
  LEFT JOIN teachers AS t ON t.person_key = r.person_key
  WHERE r.removed_at IS NULL AND r.state != 'revoked'`;

export interface EffectiveRecord extends ExportRecord {
  readonly personKey: string | null;
}

/** Effective records with ID numbers restored: of one school, one person, or the county. */
export async function effectiveRecords(
  db: D1Database,
  crypto: IdCrypto,
  scope: { readonly schoolCode?: string; readonly personKey?: string } = {},
): Promise<EffectiveRecord[]> {
  const { results } = await db
    .prepare(
      `${EFFECTIVE} AND (?1 IS NULL OR r.school_code = ?1) AND (?2 IS NULL OR r.person_key = ?2)
       ORDER BY r.school_code, t.teacher_number, r.record_id`,
    )
    .bind(scope.schoolCode ?? null, scope.personKey ?? null)
    .all<EffectiveRow>();
  const ids = await idsOf(
    db,
    results.map((row) => row.values_json),
    crypto,
  );
  const records: EffectiveRecord[] = [];
  for (const row of results)
    records.push({
      recordId: row.record_id,
      schoolCode: row.school_code,
      section: row.section,
      personKey: row.person_key,
      teacherNumber: row.teacher_number ?? "",
      values: await restoreValues(row.values_json, ids, crypto),
    });
  return records;
}

export async function exportSchools(db: D1Database, code?: string): Promise<ExportSchool[]> {
  const { results } = await db
    .prepare("SELECT code, name, category FROM schools WHERE ?1 IS NULL OR code = ?1 ORDER BY code")
    .bind(code ?? null)
    .all<ExportSchool>();
  return results;
}

export type ExportKind = "package" | "school" | "county" | "archive_teacher" | "archive_school";

export interface ExportAudit {
  readonly at: string;
  /** The admin token's label ("admin" for the one ADMIN_TOKEN). */
  readonly who: string;
  readonly kind: ExportKind;
  /** School code, teacher number or "county". */
  readonly scope: string;
  readonly persons: number;
  readonly records: number;
}

export async function recordExport(db: D1Database, audit: ExportAudit): Promise<void> {
  await db
    .prepare(
      "INSERT INTO exports (at, who, kind, scope, persons, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(audit.at, audit.who, audit.kind, audit.scope, audit.persons, audit.records)
    .run();
}

/** Newest first; `limit` rows at most. */
export async function listExports(db: D1Database, limit = 500): Promise<ExportAudit[]> {
  const { results } = await db
    .prepare("SELECT at, who, kind, scope, persons, records FROM exports ORDER BY id DESC LIMIT ?1")
    .bind(limit)
    .all<ExportAudit>();
  return results;
}
