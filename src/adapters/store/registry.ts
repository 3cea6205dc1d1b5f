/**
 * D1 access to the registry: schools, records with their effective versions, the audit log, the
 * recheck queue and change requests. Pure SQL: what to change is decided by the sync core
 * (`RegistryChange`s); this module only loads and applies.
 *
 * Guarantees:
 * - `applyRegistryChanges` is one D1 batch, so all of a sync's changes land or none do (the school
 *   sync puts `registryChangeStatements` into its one commit, `sync-commit.ts`);
 * - applying the same changes twice leaves the same rows (queue messages arrive at least once):
 *   versions, events and recheck items have natural keys and are inserted only once;
 * - changes of one kind keep their given order, and the recheck and change-request changes,
 *   whose order matters to each other, run one by one in the order given;
 * - no clear ID number is written: values pass through `protectValues`, and loading restores
 *   them from the encrypted `persons` rows.
 */

import type { ReviewState } from "../../core/review/states";
import type {
  ChangeRequest,
  PersonKey,
  RecheckItem,
  RecordValues,
  RegistryChange,
  RegistryRecord,
  RegistryTeacher,
  ReviewEvent,
  SchoolRegistry,
} from "../../core/sync/model";
import type { SchoolCategory } from "../../core/templates/index";
import type { IdCrypto } from "../crypto/index";
import { bulk, jsonChunks, runBatch } from "./registry-sql";
import { type PersonRow, protectValues, referencedPersons, restoreValues } from "./registry-values";

/** The section whose record claims a person for a school (one ID, one school). */
const BASIC_SECTION = "basic";

// ── Schools ────────────────────────────────────────────────────────────────────────────────────

export interface RegistrySchool {
  readonly code: string;
  readonly name: string;
  readonly category: SchoolCategory;
  readonly township: string;
  /** 主管学校 (schools CSV): confirms the school's 在职情况变动 before 人事股; absent: unknown here. */
  readonly supervisor?: string | undefined;
  /** Null until provisioning has made the school's spreadsheet. */
  readonly spreadsheetId: string | null;
  /** 应采集人数: undefined keeps the stored one, null clears it (the list gives none). */
  readonly expectedStaff?: number | null;
}

interface SchoolRow {
  code: string;
  name: string;
  category: SchoolCategory;
  township: string;
  spreadsheet_id: string | null;
}

const fromSchoolRow = (row: SchoolRow): RegistrySchool => ({
  code: row.code,
  name: row.name,
  category: row.category,
  township: row.township,
  spreadsheetId: row.spreadsheet_id,
});

/**
 * Adds or updates schools from the county's list. A school listed without a spreadsheet keeps
 * the one provisioning recorded earlier.
 */
export async function upsertSchools(db: D1Database, schools: readonly RegistrySchool[]) {
  await runBatch(db, [
    ...bulk(
      db,
      `INSERT INTO schools (code, name, category, township, spreadsheet_id, supervisor,
                            expected_staff)
       SELECT j.value->>'code', j.value->>'name', j.value->>'category', j.value->>'township',
              j.value->>'spreadsheetId', NULLIF(j.value->>'supervisor', ''),
              j.value->>'expectedStaff'
       FROM json_each(?1) AS j WHERE true
       ON CONFLICT (code) DO UPDATE SET
         name = excluded.name, category = excluded.category,
         -- A sync woken from the registry knows no township: keep the one the school list gave.
         township = COALESCE(NULLIF(excluded.township, ''), schools.township),
         supervisor = COALESCE(excluded.supervisor, schools.supervisor),
         spreadsheet_id = COALESCE(excluded.spreadsheet_id, schools.spreadsheet_id)`,
      schools,
    ),
    // Only a school that carries the key speaks for its count (see syncTargetOf): a sync woken
    // from the registry, or a spreadsheet provisioned before the count, keeps the stored one.
    ...bulk(
      db,
      `UPDATE schools SET expected_staff = (
         SELECT j.value->>'expectedStaff' FROM json_each(?1) AS j
         WHERE j.value->>'code' = schools.code)
       WHERE code IN (SELECT j.value->>'code' FROM json_each(?1) AS j
                      WHERE json_type(j.value, '$.expectedStaff') IS NOT NULL)`,
      schools.filter((school) => school.expectedStaff !== undefined),
    ),
  ]);
}

export async function schoolBySpreadsheet(
  db: D1Database,
  spreadsheetId: string,
): Promise<RegistrySchool | undefined> {
  const row = await db
    .prepare("SELECT * FROM schools WHERE spreadsheet_id = ?")
    .bind(spreadsheetId)
    .first<SchoolRow>();
  return row === null ? undefined : fromSchoolRow(row);
}

// ── Loading what the core needs ────────────────────────────────────────────────────────────────

interface RecordRow {
  record_id: string;
  school_code: string;
  section: string;
  person_key: string | null;
  state: ReviewState;
  seen_hash: string;
  approved_hash: string | null;
  effective_version: number | null;
  change_request_id: string | null;
  reason: string | null;
  removed_at: string | null;
  version_hash: string | null;
  values_json: string | null;
}

interface TeacherRow {
  person_key: string;
  teacher_number: string;
  school_code: string;
  effective: number;
}

/** Each chunk of `keys` bound as `?1` (a JSON array), rows of all chunks together. */
async function allByKeys<Row>(
  db: D1Database,
  sql: string,
  keys: readonly string[],
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const json of jsonChunks(keys)) {
    const { results } = await db.prepare(sql).bind(json).all<Row>();
    rows.push(...results);
  }
  return rows;
}

/** Decrypted ID numbers of the persons referenced by stored values. */
export async function idsOf(
  db: D1Database,
  jsons: readonly string[],
  crypto: IdCrypto,
): Promise<Map<PersonKey, string>> {
  const keys = [...new Set(jsons.flatMap(referencedPersons))];
  const rows = await allByKeys<{ person_key: string; id_cipher: string }>(
    db,
    "SELECT person_key, id_cipher FROM persons WHERE person_key IN (SELECT value FROM json_each(?1))",
    keys,
  );
  const ids = new Map<PersonKey, string>();
  for (const row of rows) ids.set(row.person_key, await crypto.decrypt(row.id_cipher));
  return ids;
}

/**
 * The school's records (with their effective values, ID numbers restored) and teachers, plus
 * the teachers of `personKeys` wherever in the county they are. Undefined for an unknown school.
 */
export async function loadSchoolRegistry(
  db: D1Database,
  schoolCode: string,
  personKeys: readonly PersonKey[],
  crypto: IdCrypto,
): Promise<SchoolRegistry | undefined> {
  const school = await db
    .prepare("SELECT * FROM schools WHERE code = ?")
    .bind(schoolCode)
    .first<SchoolRow>();
  if (school === null) return undefined;
  const { results: recordRows } = await db
    .prepare(
      `SELECT r.*, v.hash AS version_hash, v.values_json
       FROM records AS r
       LEFT JOIN record_versions AS v
         ON v.record_id = r.record_id AND v.version = r.effective_version
       WHERE r.school_code = ?`,
    )
    .bind(schoolCode)
    .all<RecordRow>();
  const ids = await idsOf(
    db,
    recordRows.flatMap((row) => (row.values_json === null ? [] : [row.values_json])),
    crypto,
  );
  const records = new Map<string, RegistryRecord>();
  for (const row of recordRows) records.set(row.record_id, await toRecord(row, ids, crypto));

  const teacherRows = new Map<string, TeacherRow>();
  const { results: own } = await db
    .prepare(
      "SELECT person_key, teacher_number, school_code, effective FROM teachers WHERE school_code = ?",
    )
    .bind(schoolCode)
    .all<TeacherRow>();
  const elsewhere = await allByKeys<TeacherRow>(
    db,
    `SELECT person_key, teacher_number, school_code, effective FROM teachers
     WHERE person_key IN (SELECT value FROM json_each(?1))`,
    [...new Set(personKeys)],
  );
  for (const row of [...own, ...elsewhere]) teacherRows.set(row.person_key, row);
  const teachers = new Map<PersonKey, RegistryTeacher>();
  for (const row of teacherRows.values())
    teachers.set(row.person_key, {
      personKey: row.person_key,
      teacherNumber: row.teacher_number,
      schoolCode: row.school_code,
      effective: row.effective === 1,
    });

  return { schoolCode, schoolName: school.name, category: school.category, records, teachers };
}

async function toRecord(
  row: RecordRow,
  ids: ReadonlyMap<PersonKey, string>,
  crypto: IdCrypto,
): Promise<RegistryRecord> {
  if (row.effective_version !== null && row.values_json === null)
    throw new Error(`登记库中记录 ${row.record_id} 的生效版本 ${row.effective_version} 缺失`);
  return {
    recordId: row.record_id,
    schoolCode: row.school_code,
    section: row.section,
    personKey: row.person_key,
    state: row.state,
    seenHash: row.seen_hash,
    approvedHash: row.approved_hash,
    effective:
      row.effective_version === null || row.values_json === null || row.version_hash === null
        ? null
        : {
            version: row.effective_version,
            hash: row.version_hash,
            values: await restoreValues(row.values_json, ids, crypto),
          },
    changeRequestId: row.change_request_id,
    reason: row.reason,
    removedAt: row.removed_at,
  };
}

// ── Applying the core's changes ────────────────────────────────────────────────────────────────

type Change<K extends RegistryChange["kind"]> = Extract<RegistryChange, { kind: K }>;

/** Applies a sync's changes atomically (one D1 batch) and idempotently. */
export async function applyRegistryChanges(
  db: D1Database,
  changes: readonly RegistryChange[],
  crypto: IdCrypto,
  now: string,
) {
  await runBatch(db, await registryChangeStatements(db, changes, crypto, now));
}

/** The statements applying `changes`, for one batch (the school sync's registry commit). */
export async function registryChangeStatements(
  db: D1Database,
  changes: readonly RegistryChange[],
  crypto: IdCrypto,
  now: string,
): Promise<D1PreparedStatement[]> {
  const puts = new Map<string, Change<"putRecord">>();
  const versions: Array<{ recordId: string; version: number; hash: string; json: string }> = [];
  const persons: PersonRow[] = [];
  const events: ReviewEvent[] = [];
  const ordered: D1PreparedStatement[] = [];
  const effectivePersons: PersonKey[] = [];

  for (const change of changes) {
    switch (change.kind) {
      case "putRecord": {
        // A later put of the same record replaces an earlier one, as it would applied in turn.
        puts.delete(change.record.recordId);
        puts.set(change.record.recordId, change);
        if (change.newVersion !== undefined) {
          const stored = await protectValues(change.newVersion.values, crypto);
          persons.push(...stored.persons);
          versions.push({
            recordId: change.record.recordId,
            version: change.newVersion.version,
            hash: change.newVersion.hash,
            json: stored.json,
          });
        }
        break;
      }
      case "event":
        events.push(change.event);
        break;
      case "sendToRecheck":
        ordered.push(sendToRecheck(db, change.item, now));
        break;
      case "withdrawRecheck":
        ordered.push(
          db
            .prepare(
              `UPDATE recheck_items SET state = 'withdrawn', decided_at = ?2
               WHERE record_id = ?1 AND state IN ('queued', 'appended')`,
            )
            .bind(change.recordId, now),
        );
        break;
      case "openChangeRequest": {
        const stored = await protectValues(change.request.proposed, crypto);
        persons.push(...stored.persons);
        ordered.push(openChangeRequest(db, change.request, stored.json, now));
        break;
      }
      case "closeChangeRequest":
        ordered.push(
          db
            .prepare(
              `UPDATE change_requests SET state = ?2, reason = ?3, closed_at = ?4
               WHERE id = ?1 AND state = 'open'`,
            )
            .bind(change.changeRequestId, change.outcome, change.reason ?? null, now),
        );
        break;
      case "teacherEffective":
        effectivePersons.push(change.personKey);
        break;
    }
  }

  const records = [...puts.values()].map(({ record }) => ({
    recordId: record.recordId,
    schoolCode: record.schoolCode,
    section: record.section,
    personKey: record.personKey,
    state: record.state,
    seenHash: record.seenHash,
    approvedHash: record.approvedHash,
    effectiveVersion: record.effective?.version ?? null,
    changeRequestId: record.changeRequestId,
    reason: record.reason,
    removedAt: record.removedAt ?? null,
  }));
  const claims = records.filter((record) => record.section === BASIC_SECTION);

  return [
    ...insertPersons(db, persons, now),
    ...bulk(
      db,
      `INSERT INTO records (record_id, school_code, section, person_key, state, seen_hash,
         approved_hash, effective_version, change_request_id, reason, removed_at, updated_at)
       SELECT j.value->>'recordId', j.value->>'schoolCode', j.value->>'section',
              j.value->>'personKey', j.value->>'state', j.value->>'seenHash',
              j.value->>'approvedHash', j.value->>'effectiveVersion',
              j.value->>'changeRequestId', j.value->>'reason', j.value->>'removedAt', ?2
       FROM json_each(?1) AS j WHERE true
       ON CONFLICT (record_id) DO UPDATE SET
         school_code = excluded.school_code, section = excluded.section,
         person_key = excluded.person_key, state = excluded.state,
         seen_hash = excluded.seen_hash, approved_hash = excluded.approved_hash,
         effective_version = excluded.effective_version,
         change_request_id = excluded.change_request_id, reason = excluded.reason,
         removed_at = excluded.removed_at, updated_at = excluded.updated_at`,
      records,
      now,
    ),
    ...bulk(
      db,
      `INSERT INTO record_versions (record_id, version, hash, values_json, created_at)
       SELECT j.value->>'recordId', j.value->>'version', j.value->>'hash', j.value->>'json', ?2
       FROM json_each(?1) AS j
       WHERE NOT EXISTS (
         SELECT 1 FROM record_versions AS v
         WHERE v.record_id = j.value->>'recordId' AND v.version = j.value->>'version'
           AND v.hash = j.value->>'hash')
       ORDER BY j.key`,
      unique(versions, (v) => [v.recordId, v.version]),
      now,
    ),
    // A 基本信息 record whose ID changed gives up its claim on the old person …
    ...bulk(
      db,
      `DELETE FROM person_schools WHERE EXISTS (
         SELECT 1 FROM json_each(?1) AS j
         WHERE j.value->>'recordId' = person_schools.record_id
           AND (j.value->>'personKey') IS NOT person_schools.person_key)`,
      claims,
    ),
    // … and claims the new one unless another school holds it (the first school keeps it; a
    // claim made by a teacher number in the same school adopts the record).
    ...bulk(
      db,
      `INSERT INTO person_schools (person_key, school_code, record_id, claimed_at)
       SELECT j.value->>'personKey', j.value->>'schoolCode', j.value->>'recordId', ?2
       FROM json_each(?1) AS j WHERE j.value->>'personKey' IS NOT NULL ORDER BY j.key
       ON CONFLICT (person_key) DO UPDATE SET record_id = excluded.record_id
       WHERE person_schools.record_id IS NULL
         AND person_schools.school_code = excluded.school_code`,
      claims,
      now,
    ),
    ...bulk(
      db,
      `INSERT INTO review_events (record_id, kind, actor, at, spreadsheet_id, detail)
       SELECT j.value->>'recordId', j.value->>'kind', j.value->>'actor', j.value->>'at',
              j.value->>'spreadsheetId', j.value->>'detail'
       FROM json_each(?1) AS j
       WHERE NOT EXISTS (
         SELECT 1 FROM review_events AS e
         WHERE e.record_id = j.value->>'recordId' AND e.kind = j.value->>'kind'
           AND e.at = j.value->>'at' AND e.actor = j.value->>'actor'
           AND e.spreadsheet_id = j.value->>'spreadsheetId' AND e.detail = j.value->>'detail')
       ORDER BY j.key`,
      unique(events, (e) => [e.recordId, e.kind, e.at, e.actor, e.spreadsheetId, e.detail]),
    ),
    ...ordered,
    ...bulk(
      db,
      `UPDATE teachers SET effective = 1
       WHERE person_key IN (SELECT value FROM json_each(?1))`,
      effectivePersons,
    ),
  ];
}

/**
 * One item per key, the last one given. Rows inserted by one statement do not see each other, so
 * a duplicate would reach the append-only triggers instead of being skipped.
 */
function unique<T>(items: readonly T[], key: (item: T) => unknown[]): T[] {
  return [...new Map(items.map((item) => [JSON.stringify(key(item)), item])).values()];
}

/** The encrypted IDs that stored values refer to; a person already known keeps their row. */
export function insertPersons(
  db: D1Database,
  persons: readonly PersonRow[],
  now: string,
): D1PreparedStatement[] {
  return bulk(
    db,
    `INSERT OR IGNORE INTO persons (person_key, id_cipher, id_masked, created_at)
     SELECT j.value->>'personKey', j.value->>'idCipher', j.value->>'idMasked', ?2
     FROM json_each(?1) AS j`,
    persons,
    now,
  );
}

/**
 * Queues an approved version for the county. Sending the same version again is a no-op while it
 * is queued, in the recheck sheet or confirmed; after a withdrawal or a return the school may
 * send that same version again, and it is queued afresh.
 */
function sendToRecheck(db: D1Database, item: RecheckItem, now: string) {
  return db
    .prepare(
      `INSERT INTO recheck_items (record_id, hash, school_code, section, state, queued_at)
       VALUES (?1, ?2, ?3, ?4, 'queued', ?5)
       ON CONFLICT (record_id, hash) DO UPDATE SET
         state = 'queued', office = NULL, sheet_row = NULL, queued_at = ?5, decided_at = NULL,
         reason = NULL
       WHERE recheck_items.state IN ('withdrawn', 'returned')`,
    )
    .bind(item.recordId, item.hash, item.schoolCode, item.section, now);
}

function openChangeRequest(db: D1Database, request: ChangeRequest, json: string, now: string) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO change_requests (id, record_id, school_code, section, base_version,
         proposed_hash, proposed_json, state, opened_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8)`,
    )
    .bind(
      request.changeRequestId,
      request.recordId,
      request.schoolCode,
      request.section,
      request.baseVersion,
      request.proposedHash,
      json,
      now,
    );
}

// ── The recheck queue ──────────────────────────────────────────────────────────────────────────

export type RecheckState = "queued" | "appended" | "confirmed" | "returned" | "withdrawn";

export interface StoredRecheckItem extends RecheckItem {
  readonly state: RecheckState;
  /** The county office whose tab holds the row, once appended. */
  readonly office: string | null;
  readonly sheetRow: number | null;
  readonly queuedAt: string;
  readonly decidedAt: string | null;
  readonly reason: string | null;
}

interface RecheckRow {
  record_id: string;
  hash: string;
  school_code: string;
  section: string;
  state: RecheckState;
  office: string | null;
  sheet_row: number | null;
  queued_at: string;
  decided_at: string | null;
  reason: string | null;
}

const fromRecheckRow = (row: RecheckRow): StoredRecheckItem => ({
  recordId: row.record_id,
  hash: row.hash,
  schoolCode: row.school_code,
  section: row.section,
  state: row.state,
  office: row.office,
  sheetRow: row.sheet_row,
  queuedAt: row.queued_at,
  decidedAt: row.decided_at,
  reason: row.reason,
});

/** Items not yet appended to the county recheck spreadsheet, oldest first. */
export async function pendingRecheckItems(
  db: D1Database,
  limit: number,
): Promise<StoredRecheckItem[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM recheck_items WHERE state = 'queued' ORDER BY queued_at, record_id LIMIT ?",
    )
    .bind(limit)
    .all<RecheckRow>();
  return results.map(fromRecheckRow);
}

/** Records where the item now sits. False when it is no longer queued (withdrawn, or done). */
export async function markRecheckAppended(
  db: D1Database,
  recordId: string,
  hash: string,
  office: string,
  sheetRow: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE recheck_items SET state = 'appended', office = ?3, sheet_row = ?4
       WHERE record_id = ?1 AND hash = ?2 AND state = 'queued'`,
    )
    .bind(recordId, hash, office, sheetRow)
    .run();
  return result.meta.changes > 0;
}

/**
 * Records the county's decision on the version it saw. False when that version is no longer
 * waiting (withdrawn meanwhile, or already decided): a decision counts once.
 */
export async function decideRecheckItem(
  db: D1Database,
  recordId: string,
  hash: string,
  decision: { outcome: "confirmed" } | { outcome: "returned"; reason: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE recheck_items SET state = ?3, reason = ?4, decided_at = ?5
       WHERE record_id = ?1 AND hash = ?2 AND state IN ('queued', 'appended')`,
    )
    .bind(
      recordId,
      hash,
      decision.outcome,
      decision.outcome === "returned" ? decision.reason : null,
      now,
    )
    .run();
  return result.meta.changes > 0;
}

/**
 * The record's current recheck item: the one waiting for the county if any (there is at most
 * one, as the core withdraws before sending a new version), else the most recently settled.
 */
export async function recheckItem(
  db: D1Database,
  recordId: string,
): Promise<StoredRecheckItem | undefined> {
  const row = await db
    .prepare(
      `SELECT * FROM recheck_items WHERE record_id = ?
       ORDER BY state IN ('queued', 'appended') DESC, COALESCE(decided_at, queued_at) DESC,
                queued_at DESC
       LIMIT 1`,
    )
    .bind(recordId)
    .first<RecheckRow>();
  return row === null ? undefined : fromRecheckRow(row);
}

// ── Change requests ────────────────────────────────────────────────────────────────────────────

export interface OpenChangeRequest extends ChangeRequest {
  readonly openedAt: string;
}

interface ChangeRequestRow {
  id: string;
  record_id: string;
  school_code: string;
  section: string;
  base_version: number;
  proposed_hash: string;
  proposed_json: string;
  opened_at: string;
}

/** Open change requests (of one school, or the county), oldest first, ID numbers restored. */
export async function openChangeRequests(
  db: D1Database,
  crypto: IdCrypto,
  schoolCode?: string,
): Promise<OpenChangeRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM change_requests WHERE state = 'open' AND (?1 IS NULL OR school_code = ?1)
       ORDER BY opened_at, id`,
    )
    .bind(schoolCode ?? null)
    .all<ChangeRequestRow>();
  const ids = await idsOf(
    db,
    results.map((row) => row.proposed_json),
    crypto,
  );
  const requests: OpenChangeRequest[] = [];
  for (const row of results) {
    const proposed: RecordValues = await restoreValues(row.proposed_json, ids, crypto);
    requests.push({
      changeRequestId: row.id,
      recordId: row.record_id,
      schoolCode: row.school_code,
      section: row.section,
      baseVersion: row.base_version,
      proposedHash: row.proposed_hash,
      proposed,
      openedAt: row.opened_at,
    });
  }
  return requests;
}
