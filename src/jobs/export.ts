/**
 * The import package from D1: what `GET /api/export` (one workbook) and `GET /api/export/package`
 * (`npm run export`: every school's and the county's) answer. Each download is recorded in the
 * `exports` audit before any byte of it leaves; nothing of it is logged.
 */
import type { IdCrypto } from "../adapters/crypto/index";
import {
  type ExportKind,
  effectiveRecords,
  exportSchools,
  recordExport,
} from "../adapters/store/export";
import {
  countyWorkbook,
  type ExportWorkbook,
  exportCounts,
  importable,
  schoolWorkbook,
} from "../core/export/package";
import { shippedCountyConfig, shippedTemplates } from "../core/templates/bundle";

export interface ExportRequest {
  readonly db: D1Database;
  readonly crypto: IdCrypto;
  /** Who downloads (the admin token's label). */
  readonly who: string;
  readonly now: Date;
}

/** Null when the school is unknown (nothing recorded then: nothing left). */
export async function schoolExport(
  req: ExportRequest,
  schoolCode: string,
): Promise<ExportWorkbook | null> {
  const [school] = await exportSchools(req.db, schoolCode);
  if (school === undefined) return null;
  const records = await effectiveRecords(req.db, req.crypto, { schoolCode });
  await audit(req, "school", schoolCode, records);
  return schoolWorkbook(school, records, shippedTemplates);
}

export async function countyExport(req: ExportRequest): Promise<ExportWorkbook> {
  const [schools, records] = await Promise.all([
    exportSchools(req.db),
    effectiveRecords(req.db, req.crypto),
  ]);
  await audit(req, "county", "county", records);
  return countyWorkbook(shippedCountyConfig.county.name, schools, records, shippedTemplates);
}

/** Every school's workbook (schools with no effective record included: empty tabs) and the county's. */
export async function packageExport(req: ExportRequest): Promise<ExportWorkbook[]> {
  const [schools, records] = await Promise.all([
    exportSchools(req.db),
    effectiveRecords(req.db, req.crypto),
  ]);
  await audit(req, "package", "county", records);
  return [
    ...schools.map((school) => schoolWorkbook(school, records, shippedTemplates)),
    countyWorkbook(shippedCountyConfig.county.name, schools, records, shippedTemplates),
  ];
}

async function audit(
  req: ExportRequest,
  kind: ExportKind,
  scope: string,
  records: Parameters<typeof exportCounts>[0],
) {
  await recordExport(req.db, {
    at: req.now.toISOString(),
    who: req.who,
    kind,
    scope,
    ...exportCounts(importable(records)),
  });
}
