/**
 * The 校验结果 text of each record as the school sync last wrote it into the sheet, kept so the
 * teacher portal can show a 待完善 row with the very messages the school sees.
 *
 * Guarantees:
 * - one text per record, the latest; saving the same text again changes nothing (no write);
 * - only for records the registry holds: a row the sync wrote a status on without a record
 *   (a request row, a row of a person who left) is skipped, never an error;
 * - a record's text is read only through its id, which the portal takes from the teacher's own
 *   records, never from a URL.
 */
import { jsonChunks, runBatch } from "./registry-sql";

export interface RecordResult {
  readonly recordId: string;
  /** The 校验结果 cell as written (core/review/wording.ts `resultText`). */
  readonly result: string;
}

/** Called by the school sync with the texts it wrote; one statement per chunk. */
export async function saveRecordResults(
  db: D1Database,
  results: readonly RecordResult[],
  now: string,
): Promise<void> {
  await runBatch(
    db,
    jsonChunks(results).map((json) =>
      db
        .prepare(
          `INSERT INTO record_results (record_id, result, updated_at)
           SELECT j.value->>'recordId', j.value->>'result', ?2 FROM json_each(?1) AS j
           WHERE EXISTS (SELECT 1 FROM records AS r WHERE r.record_id = j.value->>'recordId')
           ON CONFLICT (record_id) DO UPDATE SET result = excluded.result,
             updated_at = excluded.updated_at
           WHERE record_results.result <> excluded.result`,
        )
        .bind(json, now),
    ),
  );
}

export async function recordResultsOf(
  db: D1Database,
  recordIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const json of jsonChunks(recordIds)) {
    const { results } = await db
      .prepare(
        `SELECT record_id, result FROM record_results
         WHERE record_id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(json)
      .all<{ record_id: string; result: string }>();
    for (const row of results) found.set(row.record_id, row.result);
  }
  return found;
}
