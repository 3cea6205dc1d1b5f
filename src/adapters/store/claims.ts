import type { SchoolCategory } from "../../core/templates";

/** The spreadsheets of these schools, for waking them; schools not provisioned yet are skipped. */
export async function schoolSpreadsheets(
  db: D1Database,
  codes: readonly string[],
): Promise<
  { spreadsheetId: string; school: { code: string; name: string; category: SchoolCategory } }[]
> {
  if (codes.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT code, name, category, spreadsheet_id FROM schools
       WHERE spreadsheet_id IS NOT NULL AND code IN (SELECT value FROM json_each(?1))
       ORDER BY code`,
    )
    .bind(JSON.stringify([...new Set(codes)]))
    .all<{ code: string; name: string; category: SchoolCategory; spreadsheet_id: string }>();
  return results.map((row) => ({
    spreadsheetId: row.spreadsheet_id,
    school: { code: row.code, name: row.name, category: row.category },
  }));
}
