/**
 * Which schools' syncs the poll forces for teachers' portal submissions.
 *
 * Guarantees: a school is named while it holds a submission sent after its last completed sync
 * (a sync that failed midway completed nothing, so it is named again); one that its last sync
 * could not place (its tab unwritable, its row copied) waits for the next change of the sheet
 * instead of costing a read every cycle.
 */
import type { SchoolCategory } from "../../core/templates";

export interface SubmissionSync {
  spreadsheetId: string;
  /** The Drive version last synced: our write then makes the next one, not taken for an edit. */
  version: number;
  school: { code: string; name: string; category: SchoolCategory };
}

export async function schoolsOwedSubmissions(db: D1Database): Promise<SubmissionSync[]> {
  const { results } = await db
    .prepare(
      `SELECT sc.code, sc.name, sc.category, sc.spreadsheet_id,
         COALESCE(sp.synced_version, 0) AS version
       FROM schools AS sc LEFT JOIN spreadsheets AS sp ON sp.spreadsheet_id = sc.spreadsheet_id
       WHERE sc.spreadsheet_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM teacher_submissions AS t
         WHERE t.school_code = sc.code AND t.written_at IS NULL
           AND (sp.synced_at IS NULL OR t.created_at > sp.synced_at))
       ORDER BY sc.code`,
    )
    .all<{
      code: string;
      name: string;
      category: SchoolCategory;
      spreadsheet_id: string;
      version: number;
    }>();
  return results.map((row) => ({
    spreadsheetId: row.spreadsheet_id,
    version: row.version,
    school: { code: row.code, name: row.name, category: row.category },
  }));
}
