/**
 * D1 access to business requests (业务管理): opening a request, reading requests and their steps
 * (for the county, a school, or one person), and applying a step with its registry effects. What
 * may happen is decided by the core (`src/core/business`); this module stores it.
 *
 * Guarantees:
 * - one open request per person (a partial unique index): opening again what is already open for
 *   the person, by the same school and of the same kind, returns that request (a redelivered
 *   message opens nothing new);
 * - a step is applied only from the state its caller saw (`from`), and only as the core's machine
 *   allows: the event, the state and the registry effects are one D1 batch, each statement
 *   guarded by `state = from`, so a redelivered or concurrent step lands once or not at all;
 * - effects delete nothing: a transfer moves the teacher, the claim and the person's records at
 *   the sending school (same 记录编号, same versions), and the teacher's 账号 row to the receiving
 *   school's account spreadsheet (`moveAccountRowStatements`); a status change sets `person_status`;
 *   a rotation adds one effective 交流轮岗 record with its first version;
 * - a transfer hands over the file as it stands in force: the 调出学校's confirmation and 确认调出
 *   are refused, with the reason, while the person has a record at the 调出学校 that is neither
 *   effective nor removed, and the batch itself re-checks it (`SETTLED_GUARD`), so nothing waiting
 *   for a school or the county ever moves (its values, which live only in the sheet, stay there);
 * - no clear ID number is stored: the rotation record's values pass through `protectValues`.
 */

import type { FileRecord } from "../../core/business/category-gap";
import {
  type BusinessAction,
  type BusinessDetails,
  type BusinessKind,
  type BusinessRequest,
  type BusinessRequestInput,
  type BusinessState,
  beijingDay,
  datedNext,
  effectsOf,
  flowOf,
  OPEN_STATES,
  type Party,
  type PersonFacts,
  type RegistryEffect,
  reasonProblem,
  rotationRecordId,
  rotationValues,
  STATE_LABELS,
  transition,
  unsettledFileProblem,
  waitsForSettledFile,
} from "../../core/business/index";
import type { LogRequest } from "../../core/reports/business-log";
import { fingerprint } from "../../core/sync/fingerprint";
import type { PersonKey } from "../../core/sync/model";
import { shippedTemplates } from "../../core/templates/bundle";
import type { IdCrypto } from "../crypto/index";
import { moveAccountRowStatements } from "./accounts-tab";
import { insertPersons } from "./registry";
import { protectValues } from "./registry-values";

const OPEN_SQL = OPEN_STATES.map((state) => `'${state}'`).join(", ");

/** A `business_requests` row as D1 returns it. */
export interface RequestRow {
  id: string;
  kind: BusinessKind;
  state: BusinessState;
  initiator_school: string;
  other_school: string | null;
  person_key: string;
  teacher_number: string;
  name: string;
  details_json: string;
  created_at: string;
  updated_at: string;
}

export const fromRequestRow = (row: RequestRow): BusinessRequest => ({
  id: row.id,
  kind: row.kind,
  state: row.state,
  initiatorSchool: row.initiator_school,
  otherSchool: row.other_school,
  personKey: row.person_key,
  teacherNumber: row.teacher_number,
  name: row.name,
  details: JSON.parse(row.details_json) as BusinessDetails,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** One step of a request, as the log shows it. */
export interface BusinessEvent {
  readonly requestId: string;
  readonly action: BusinessAction | "open";
  readonly party: Party;
  readonly actor: string;
  /** Null for the opening event. */
  readonly fromState: BusinessState | null;
  readonly toState: BusinessState;
  readonly reason: string | null;
  readonly at: string;
}

interface EventRow {
  request_id: string;
  action: BusinessAction | "open";
  party: Party;
  actor: string;
  from_state: BusinessState | null;
  to_state: BusinessState;
  reason: string | null;
  at: string;
}

const fromEventRow = (row: EventRow): BusinessEvent => ({
  requestId: row.request_id,
  action: row.action,
  party: row.party,
  actor: row.actor,
  fromState: row.from_state,
  toState: row.to_state,
  reason: row.reason,
  at: row.at,
});

// ── Opening ────────────────────────────────────────────────────────────────────────────────────

export type OpenOutcome =
  /** `created` is false when the same request was already open (a redelivered message). */
  | { readonly ok: true; readonly request: BusinessRequest; readonly created: boolean }
  /** The person already has another open request (another kind, or from another school). */
  | { readonly ok: false; readonly existing: BusinessRequest };

/**
 * Opens a request in `draft` with its 申请编号 (YW + six digits) and an `open` event by the
 * initiator, unless one is already open for the person.
 */
export async function openRequest(
  db: D1Database,
  input: BusinessRequestInput,
  options: { readonly actor: string; readonly at: string },
): Promise<OpenOutcome> {
  const noneOpen = `NOT EXISTS (
    SELECT 1 FROM business_requests WHERE person_key = ?1 AND state IN (${OPEN_SQL}))`;
  const results = await db.batch([
    db
      .prepare(
        `UPDATE counters SET value = value + 1 WHERE name = 'business_request' AND ${noneOpen}`,
      )
      .bind(input.personKey),
    db
      .prepare(
        `INSERT INTO business_requests (id, kind, state, initiator_school, other_school,
           person_key, teacher_number, name, details_json, created_at, updated_at)
         SELECT 'YW' || printf('%06d', c.value), ?2, 'draft', ?3, ?4, ?1, ?5, ?6, ?7, ?8, ?8
         FROM counters AS c WHERE c.name = 'business_request' AND ${noneOpen}`,
      )
      .bind(
        input.personKey,
        input.kind,
        input.initiatorSchool,
        input.otherSchool,
        input.teacherNumber,
        input.name,
        JSON.stringify(input.details),
        options.at,
      ),
    db
      .prepare(
        `INSERT INTO business_events (request_id, action, party, actor, from_state, to_state, at)
         SELECT r.id, 'open', 'initiator', ?2, NULL, 'draft', ?3 FROM business_requests AS r
         WHERE r.person_key = ?1 AND r.state = 'draft' AND NOT EXISTS (
           SELECT 1 FROM business_events AS e WHERE e.request_id = r.id AND e.from_state IS NULL)`,
      )
      .bind(input.personKey, options.actor, options.at),
  ]);
  const created = (results[1]?.meta.changes ?? 0) > 0;
  const [open] = await openRequestsFor(db, input.personKey);
  if (open === undefined) throw new Error("业务申请未能保存");
  const same =
    open.kind === input.kind &&
    open.initiatorSchool === input.initiatorSchool &&
    open.otherSchool === input.otherSchool;
  return same ? { ok: true, request: open, created } : { ok: false, existing: open };
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────────

export async function requestById(
  db: D1Database,
  id: string,
): Promise<BusinessRequest | undefined> {
  const row = await db
    .prepare("SELECT * FROM business_requests WHERE id = ?")
    .bind(id)
    .first<RequestRow>();
  return row === null ? undefined : fromRequestRow(row);
}

/** The person's open requests (at most one, by the schema). */
export async function openRequestsFor(
  db: D1Database,
  personKey: PersonKey,
): Promise<BusinessRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM business_requests WHERE person_key = ? AND state IN (${OPEN_SQL}) ORDER BY id`,
    )
    .bind(personKey)
    .all<RequestRow>();
  return results.map(fromRequestRow);
}

/** Every request the school is a party to, as initiator or as the other school, by id. */
export async function requestsForSchool(
  db: D1Database,
  schoolCode: string,
): Promise<BusinessRequest[]> {
  const { results } = await db
    .prepare(
      "SELECT * FROM business_requests WHERE initiator_school = ?1 OR other_school = ?1 ORDER BY id",
    )
    .bind(schoolCode)
    .all<RequestRow>();
  return results.map(fromRequestRow);
}

export interface RequestFilter {
  /** Either side of the request. */
  readonly school?: string | undefined;
  readonly kind?: BusinessKind | undefined;
  readonly state?: BusinessState | undefined;
  /** One request by its 申请编号. */
  readonly id?: string | undefined;
}

/** All requests matching the filter, by id (the log, the admin API). */
export async function listRequests(
  db: D1Database,
  filter: RequestFilter = {},
): Promise<BusinessRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM business_requests
       WHERE (?1 IS NULL OR initiator_school = ?1 OR other_school = ?1)
         AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR state = ?3)
         AND (?4 IS NULL OR id = ?4)
       ORDER BY id`,
    )
    .bind(filter.school ?? null, filter.kind ?? null, filter.state ?? null, filter.id ?? null)
    .all<RequestRow>();
  return results.map(fromRequestRow);
}

/** `listRequests` with each person's 参考码 (persons.id_masked), for the log. */
export async function logRequests(
  db: D1Database,
  filter: RequestFilter = {},
): Promise<LogRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT b.*, p.id_masked FROM business_requests AS b
       JOIN persons AS p ON p.person_key = b.person_key
       WHERE (?1 IS NULL OR b.initiator_school = ?1 OR b.other_school = ?1)
         AND (?2 IS NULL OR b.kind = ?2) AND (?3 IS NULL OR b.state = ?3)
         AND (?4 IS NULL OR b.id = ?4)
       ORDER BY b.id`,
    )
    .bind(filter.school ?? null, filter.kind ?? null, filter.state ?? null, filter.id ?? null)
    .all<RequestRow & { id_masked: string }>();
  return results.map((row) => ({ ...fromRequestRow(row), reference: row.id_masked }));
}

/** The steps of one request, in order. */
export async function eventsOf(db: D1Database, requestId: string): Promise<BusinessEvent[]> {
  const { results } = await db
    .prepare("SELECT * FROM business_events WHERE request_id = ? ORDER BY id")
    .bind(requestId)
    .all<EventRow>();
  return results.map(fromEventRow);
}

/** Every step of every request, grouped by request id, each group in order (the log). */
export async function allEvents(db: D1Database): Promise<Map<string, BusinessEvent[]>> {
  const { results } = await db
    .prepare("SELECT * FROM business_events ORDER BY request_id, id")
    .all<EventRow>();
  const byRequest = new Map<string, BusinessEvent[]>();
  for (const row of results) {
    const list = byRequest.get(row.request_id) ?? [];
    list.push(fromEventRow(row));
    byRequest.set(row.request_id, list);
  }
  return byRequest;
}

/** One person's request with both schools' names and every step (the teacher portal). */
export interface PersonRequest {
  readonly request: BusinessRequest;
  readonly initiatorSchoolName: string;
  /** Null for a status change (no other school). */
  readonly otherSchoolName: string | null;
  readonly events: readonly BusinessEvent[];
}

/**
 * Every request of the person, any kind and state, newest first, each with its steps in order.
 * Selected by the person key alone (requests and steps both), so no one else's is read.
 */
export async function requestsOfPerson(
  db: D1Database,
  personKey: PersonKey,
): Promise<PersonRequest[]> {
  const [requests, events] = await Promise.all([
    db
      .prepare(
        `SELECT b.*, i.name AS initiator_name, o.name AS other_name
         FROM business_requests AS b
         JOIN schools AS i ON i.code = b.initiator_school
         LEFT JOIN schools AS o ON o.code = b.other_school
         WHERE b.person_key = ?1
         ORDER BY b.id DESC`,
      )
      .bind(personKey)
      .all<RequestRow & { initiator_name: string; other_name: string | null }>(),
    db
      .prepare(
        `SELECT e.* FROM business_events AS e
         JOIN business_requests AS b ON b.id = e.request_id
         WHERE b.person_key = ?1
         ORDER BY e.id`,
      )
      .bind(personKey)
      .all<EventRow>(),
  ]);
  return requests.results.map((row) => ({
    request: fromRequestRow(row),
    initiatorSchoolName: row.initiator_name,
    otherSchoolName: row.other_name,
    events: events.results.filter((event) => event.request_id === row.id).map(fromEventRow),
  }));
}

/** The employment status the person's last completed status change recorded (person_status). */
export interface PersonStatus {
  /** 变动类型 code (status_change table). */
  readonly code: string;
  /** 变动日期, ISO. */
  readonly since: string;
  readonly requestId: string;
  /** A leaving code (离职, 退休, 死亡, 调出县外): out of the active roster. */
  readonly hasLeft: boolean;
}

export async function personStatusOf(
  db: D1Database,
  personKey: PersonKey,
): Promise<PersonStatus | undefined> {
  const row = await db
    .prepare("SELECT code, since, request_id, has_left FROM person_status WHERE person_key = ?1")
    .bind(personKey)
    .first<{ code: string; since: string; request_id: string; has_left: number }>();
  return row === null
    ? undefined
    : { code: row.code, since: row.since, requestId: row.request_id, hasLeft: row.has_left === 1 };
}

interface FactsRow {
  person_key: string;
  teacher_number: string;
  name: string;
  school_code: string;
  effective: number;
  status_code: string | null;
  values_json: string | null;
}

/**
 * What the registry knows of a person for validating a request row: the teacher, the holding
 * school, the status, and the sex and dates of the effective 基本信息 record at the holding
 * school.
 * Undefined when the person has no teacher number.
 */
export async function personFacts(
  db: D1Database,
  personKey: PersonKey,
): Promise<PersonFacts | undefined> {
  const row = await db
    .prepare(
      `SELECT t.person_key, t.teacher_number, t.name, t.school_code, t.effective,
              s.code AS status_code, v.values_json
       FROM teachers AS t
       LEFT JOIN person_status AS s ON s.person_key = t.person_key
       LEFT JOIN records AS r
         ON r.person_key = t.person_key AND r.section = 'basic' AND r.school_code = t.school_code
            AND r.effective_version IS NOT NULL
       LEFT JOIN record_versions AS v
         ON v.record_id = r.record_id AND v.version = r.effective_version
       WHERE t.person_key = ?
       ORDER BY r.updated_at DESC LIMIT 1`,
    )
    .bind(personKey)
    .first<FactsRow>();
  if (row === null) return undefined;
  const values = row.values_json === null ? {} : (JSON.parse(row.values_json) as StoredFacts);
  const file = await fileInForce(db, personKey, row.school_code);
  return {
    personKey: row.person_key,
    teacherNumber: row.teacher_number,
    name: row.name,
    holdingSchool: row.school_code,
    effective: row.effective === 1,
    statusCode: row.status_code,
    sex: textOf(values.sex),
    birthDate: textOf(values.birthDate),
    workStart: textOf(values.workStart),
    joinSchool: textOf(values.joinSchool),
    file,
  };
}

/**
 * The person's records in force at a school: section and effective values as stored (ID numbers
 * and sealed cells stay protected: only which columns are filled is ever looked at).
 */
export async function fileInForce(
  db: D1Database,
  personKey: PersonKey,
  schoolCode: string,
): Promise<FileRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT r.section, v.values_json FROM records AS r
       JOIN record_versions AS v ON v.record_id = r.record_id AND v.version = r.effective_version
       WHERE r.person_key = ?1 AND r.school_code = ?2 AND r.removed_at IS NULL
       ORDER BY r.record_id`,
    )
    .bind(personKey, schoolCode)
    .all<{ section: string; values_json: string }>();
  return results.map((row) => ({
    section: row.section,
    values: JSON.parse(row.values_json) as Record<string, unknown>,
  }));
}

type StoredFacts = {
  readonly [key in "sex" | "birthDate" | "workStart" | "joinSchool"]?: unknown;
};

const textOf = (value: unknown): string | null => (typeof value === "string" ? value : null);

// ── Steps ──────────────────────────────────────────────────────────────────────────────────────

export interface StepOptions {
  /** The account or office that acted (e-mail address, or the office's name). */
  readonly actor: string;
  /** Required for 不同意; kept for any step. */
  readonly reason: string | null;
  /** ISO time of the decision. */
  readonly at: string;
  /**
   * The state the decision was made in (the step the actor saw: e.g. 下达调动 is `county_review`,
   * 确认调出 `release_review`). A request no longer in it is not moved: a redelivered decision
   * cannot become the next step's decision.
   */
  readonly from: BusinessState;
  /** Decrypts the person's ID for the values of a rotation record (stored protected again). */
  readonly crypto: IdCrypto;
}

export type StepOutcome =
  /** `applied` is false when this step was already recorded (a redelivered message). */
  | {
      readonly ok: true;
      readonly applied: boolean;
      readonly request: BusinessRequest;
      readonly effects: readonly RegistryEffect[];
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies one step: checks it with the core's machine, then records the event, moves the state
 * and applies the effects in one guarded batch.
 */
export async function applyTransition(
  db: D1Database,
  id: string,
  action: BusinessAction,
  party: Party,
  options: StepOptions,
): Promise<StepOutcome> {
  const request = await requestById(db, id);
  if (request === undefined) return { ok: false, reason: `没有申请编号为 ${id} 的业务申请` };
  if (request.state !== options.from) return alreadyOrStale(db, request, action, party, options);
  const step = transition(request.kind, request.state, action, party, flowOf(request));
  if (!step.ok) return step;
  const problem = reasonProblem(action, options.reason);
  if (problem !== undefined) return { ok: false, reason: problem };

  // The file is handed over as it stands in force: checked here for the reason, and again inside
  // the batch, so a record entered in between cannot travel unsettled.
  const settling = waitsForSettledFile(request.kind, request.state, action, party);
  if (settling) {
    const unsettled = await unsettledProblem(db, request, party);
    if (unsettled !== undefined) return { ok: false, reason: unsettled };
  }

  // A completion dated ahead of the Beijing day waits in `scheduled` for the daily job.
  const next = datedNext(request, step.next, beijingDay(options.at));
  const effects = effectsOf(request, next);
  const guard = settling ? `${STATE_GUARD} AND ${SETTLED_GUARD}` : STATE_GUARD;
  const effectStatements: D1PreparedStatement[] = [];
  for (const effect of effects)
    effectStatements.push(...(await effectStatementsOf(db, request, effect, guard, options)));
  const results = await db.batch([
    ...effectStatements,
    db
      .prepare(
        `INSERT INTO business_events (request_id, action, party, actor, from_state, to_state,
           reason, at)
         SELECT ?1, ?3, ?4, ?5, ?2, ?6, ?7, ?8 WHERE ${guard}`,
      )
      .bind(id, options.from, action, party, options.actor, next, options.reason, options.at),
    db
      .prepare(
        `UPDATE business_requests SET state = ?3, updated_at = ?4 WHERE id = ?1 AND state = ?2${
          settling ? ` AND ${SETTLED_GUARD}` : ""
        }`,
      )
      .bind(id, options.from, next, options.at),
  ]);
  const applied = (results.at(-1)?.meta.changes ?? 0) > 0;
  const after = (await requestById(db, id)) ?? request;
  if (!applied && settling && after.state === options.from) {
    const unsettled = await unsettledProblem(db, after, party);
    if (unsettled !== undefined) return { ok: false, reason: unsettled };
  }
  if (!applied) return alreadyOrStale(db, after, action, party, options);
  return { ok: true, applied, request: after, effects };
}

/** Every statement of a step's batch holds only while the request is in the state seen (?1, ?2). */
const STATE_GUARD = "EXISTS (SELECT 1 FROM business_requests WHERE id = ?1 AND state = ?2)";

/**
 * A handing-over step (`waitsForSettledFile`) holds only while the person has no record at the
 * 调出学校 that is not settled: not effective, and not removed from the sheet.
 */
const SETTLED_GUARD = `NOT EXISTS (
  SELECT 1 FROM records AS u JOIN business_requests AS b ON b.id = ?1
  WHERE u.person_key = b.person_key AND u.school_code = b.other_school
    AND u.state <> 'effective' AND u.removed_at IS NULL)`;

/** Why the 调出学校's records of the person keep the file from being handed over, if they do. */
async function unsettledProblem(
  db: D1Database,
  request: BusinessRequest,
  party: Party,
): Promise<string | undefined> {
  const { results } = await db
    .prepare(
      `SELECT section FROM records
       WHERE person_key = ?1 AND school_code = ?2 AND state <> 'effective' AND removed_at IS NULL`,
    )
    .bind(request.personKey, request.otherSchool)
    .all<{ section: string }>();
  return unsettledFileProblem(
    party,
    results.map((row) => row.section),
    shippedTemplates,
  );
}

/** The request left `from` before this call: by this very step (redelivery), or by another. */
async function alreadyOrStale(
  db: D1Database,
  request: BusinessRequest,
  action: BusinessAction,
  party: Party,
  options: StepOptions,
): Promise<StepOutcome> {
  const done = await db
    .prepare("SELECT action, party FROM business_events WHERE request_id = ? AND from_state = ?")
    .bind(request.id, options.from)
    .first<{ action: string; party: string }>();
  if (done !== null && done.action === action && done.party === party)
    return { ok: true, applied: false, request, effects: [] };
  const step = transition(request.kind, options.from, action, party, flowOf(request));
  if (!step.ok) return step;
  return {
    ok: false,
    reason: `该申请已不在「${STATE_LABELS[options.from]}」（现为「${STATE_LABELS[request.state]}」），本次决定未办理`,
  };
}

async function effectStatementsOf(
  db: D1Database,
  request: BusinessRequest,
  effect: RegistryEffect,
  guard: string,
  options: StepOptions,
): Promise<D1PreparedStatement[]> {
  const id = request.id;
  const from = options.from;
  switch (effect.kind) {
    case "movePerson":
      return [
        db
          .prepare(`UPDATE teachers SET school_code = ?4 WHERE person_key = ?3 AND ${guard}`)
          .bind(id, from, effect.personKey, effect.toSchool),
        db
          .prepare(
            `INSERT INTO person_schools (person_key, school_code, record_id, claimed_at)
             SELECT ?3, ?4, NULL, ?5 WHERE ${guard}
             ON CONFLICT (person_key) DO UPDATE SET school_code = excluded.school_code`,
          )
          .bind(id, from, effect.personKey, effect.toSchool, options.at),
        db
          .prepare(
            `UPDATE records SET school_code = ?5, updated_at = ?6
             WHERE person_key = ?3 AND school_code = ?4 AND ${guard}`,
          )
          .bind(id, from, effect.personKey, effect.fromSchool, effect.toSchool, options.at),
      ];
    case "moveAccount":
      return moveAccountRowStatements(db, guard, [id, from], { ...effect, at: options.at });
    case "setStatus":
      return [
        db
          .prepare(
            `INSERT INTO person_status (person_key, code, since, request_id, has_left, updated_at)
             SELECT ?3, ?4, ?5, ?1, ?6, ?7 WHERE ${guard}
             ON CONFLICT (person_key) DO UPDATE SET code = excluded.code, since = excluded.since,
               request_id = excluded.request_id, has_left = excluded.has_left,
               updated_at = excluded.updated_at`,
          )
          .bind(
            id,
            from,
            effect.personKey,
            effect.code,
            effect.since,
            effect.left ? 1 : 0,
            options.at,
          ),
      ];
    case "addRotation":
      return rotationStatements(db, request, effect, guard, options);
  }
}

async function rotationStatements(
  db: D1Database,
  request: BusinessRequest,
  effect: Extract<RegistryEffect, { kind: "addRotation" }>,
  guard: string,
  options: StepOptions,
): Promise<D1PreparedStatement[]> {
  const facts = await db
    .prepare(
      `SELECT p.id_cipher, s.name AS school, o.name AS other
       FROM persons AS p, schools AS s, schools AS o
       WHERE p.person_key = ?1 AND s.code = ?2 AND o.code = ?3`,
    )
    .bind(effect.personKey, effect.schoolCode, effect.otherSchool)
    .first<{ id_cipher: string; school: string; other: string }>();
  if (facts === null) throw new Error(`业务申请 ${request.id} 的人员或学校不在登记库中`);
  const values = rotationValues(
    effect,
    { name: request.name, idNumber: await options.crypto.decrypt(facts.id_cipher) },
    { school: facts.school, other: facts.other },
  );
  const hash = fingerprint(values);
  const stored = await protectValues(values, options.crypto);
  const recordId = rotationRecordId(request.id);
  return [
    ...insertPersons(db, stored.persons, options.at),
    db
      .prepare(
        `INSERT INTO records (record_id, school_code, section, person_key, state, seen_hash,
           approved_hash, effective_version, updated_at)
         SELECT ?3, ?4, 'rotation', ?5, 'effective', ?6, ?6, 1, ?7 WHERE ${guard}
         ON CONFLICT (record_id) DO NOTHING`,
      )
      .bind(
        request.id,
        options.from,
        recordId,
        effect.schoolCode,
        effect.personKey,
        hash,
        options.at,
      ),
    db
      .prepare(
        `INSERT INTO record_versions (record_id, version, hash, values_json, created_at)
         SELECT ?3, 1, ?4, ?5, ?6 WHERE ${guard} AND NOT EXISTS (
           SELECT 1 FROM record_versions WHERE record_id = ?3 AND version = 1)`,
      )
      .bind(request.id, options.from, recordId, hash, stored.json, options.at),
  ];
}
