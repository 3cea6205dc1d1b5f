/**
 * What a school's sync needs from D1 to make its sheet follow the registry after a business
 * request (`core/sync/follow.ts`) and to write request rows for other schools: reads only; the
 * requests themselves are read and moved by `business.ts`.
 *
 * Guarantees: read-only; no clear ID number leaves this module except `idNumbersOf`, which the
 * sync writes into the school's own sheet (the row of a request that concerns the school).
 */
import type { HeldElsewhere, PersonStatus } from "../../core/sync/follow";
import type { PersonKey } from "../../core/sync/model";
import type { IdCrypto } from "../crypto/index";
import { jsonChunks } from "./registry-sql";

/** Of the given record ids, those the registry holds for another school than `schoolCode`. */
export async function recordsHeldElsewhere(
  db: D1Database,
  schoolCode: string,
  recordIds: readonly string[],
): Promise<Map<string, HeldElsewhere>> {
  const out = new Map<string, HeldElsewhere>();
  for (const json of jsonChunks([...new Set(recordIds)])) {
    const { results } = await db
      .prepare(
        `SELECT record_id, school_code, person_key FROM records
         WHERE record_id IN (SELECT value FROM json_each(?1)) AND school_code <> ?2`,
      )
      .bind(json, schoolCode)
      .all<{ record_id: string; school_code: string; person_key: string | null }>();
    for (const row of results)
      out.set(row.record_id, { schoolCode: row.school_code, personKey: row.person_key });
  }
  return out;
}

/**
 * The 在职情况 completed status changes set for the teachers this school holds: who has left,
 * and the others' status with whether it is newer than their effective 基本信息 at this school.
 */
export async function statusesOfSchool(
  db: D1Database,
  schoolCode: string,
): Promise<{ left: Set<PersonKey>; statuses: Map<PersonKey, PersonStatus> }> {
  const { results } = await db
    .prepare(
      `SELECT s.person_key, s.code, s.request_id, s.has_left, s.updated_at,
              (SELECT MAX(v.created_at) FROM records AS r
               JOIN record_versions AS v
                 ON v.record_id = r.record_id AND v.version = r.effective_version
               WHERE r.person_key = s.person_key AND r.section = 'basic'
                 AND r.school_code = ?1) AS version_at
       FROM person_status AS s JOIN teachers AS t ON t.person_key = s.person_key
       WHERE t.school_code = ?1`,
    )
    .bind(schoolCode)
    .all<{
      person_key: string;
      code: string;
      request_id: string;
      has_left: number;
      updated_at: string;
      version_at: string | null;
    }>();
  const left = new Set<PersonKey>();
  const statuses = new Map<PersonKey, PersonStatus>();
  for (const row of results) {
    if (row.has_left === 1) left.add(row.person_key);
    else
      statuses.set(row.person_key, {
        code: row.code,
        requestId: row.request_id,
        newer: row.version_at === null || row.updated_at > row.version_at,
      });
  }
  return { left, statuses };
}

/**
 * Records of `schoolCode` that a completed transfer brought: the person's records that were
 * effective when the transfer completed (first version no later than `completedAt`); not the ones
 * the school entered for the person afterwards. A transfer completes only when each of the
 * person's records at the sending school is effective or removed (`applyTransition`), so no
 * record it brought is still waiting for anyone.
 */
export async function transferredRecords(
  db: D1Database,
  schoolCode: string,
  transfers: readonly { readonly personKey: PersonKey; readonly completedAt: string }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const transfer of transfers) {
    const { results } = await db
      .prepare(
        `SELECT r.record_id FROM records AS r
         JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = 1
         WHERE r.school_code = ?1 AND r.person_key = ?2 AND v.created_at <= ?3`,
      )
      .bind(schoolCode, transfer.personKey, transfer.completedAt)
      .all<{ record_id: string }>();
    for (const row of results) out.add(row.record_id);
  }
  return out;
}

/** The school's 主管学校 (schools CSV via provisioning); null for a county-direct school. */
export async function supervisorOf(db: D1Database, schoolCode: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT supervisor FROM schools WHERE code = ?1")
    .bind(schoolCode)
    .first<{ supervisor: string | null }>();
  return row?.supervisor ?? null;
}

/** Every county school: code → name (for request rows' 对方学校). */
export async function schoolNames(db: D1Database): Promise<Map<string, string>> {
  const { results } = await db
    .prepare("SELECT code, name FROM schools")
    .all<{ code: string; name: string }>();
  return new Map(results.map((row) => [row.code, row.name]));
}

/** Clear ID numbers of the given persons, for rows the worker writes into a school's sheet. */
export async function idNumbersOf(
  db: D1Database,
  personKeys: readonly PersonKey[],
  crypto: IdCrypto,
): Promise<Map<PersonKey, string>> {
  const out = new Map<PersonKey, string>();
  for (const json of jsonChunks([...new Set(personKeys)])) {
    const { results } = await db
      .prepare(
        "SELECT person_key, id_cipher FROM persons WHERE person_key IN (SELECT value FROM json_each(?1))",
      )
      .bind(json)
      .all<{ person_key: string; id_cipher: string }>();
    for (const row of results) out.set(row.person_key, await crypto.decrypt(row.id_cipher));
  }
  return out;
}
