/**
 * D1 reads and writes of the teacher portal: credentials, sessions, sign-in throttling, known
 * devices, and the teacher's own record as the registry holds it.
 *
 * Guarantees:
 * - sessions and known devices are stored by the SHA-256 of their token, never the token; a
 *   session is valid only within its lifetime from sign-in, within the idle time since its last
 *   request, and only if the teacher's initial password was not reissued after it began;
 * - everything read for a page is selected by the signed-in teacher's number or person key, never
 *   by an id taken from the URL alone;
 * - no clear ID number leaves this module except `teacherIdNumber`, which the portal uses only to
 *   fill in the ID column of a submission, never to show it.
 */

import type { ThrottleState } from "../../core/portal/throttle";
import type { ReviewState } from "../../core/review/states";
import type { SchoolCategory } from "../../core/templates";
import type { IdCrypto } from "../crypto/index";
import { type ShownValue, shownValues } from "./registry-values";

export type { ShownValue };

export interface Credentials {
  readonly teacherNumber: string;
  readonly passwordHash: string;
  /** The password in use is an initial one: the teacher must choose their own before anything. */
  readonly mustChange: boolean;
}

const MUST_CHANGE = `(t.password_changed_at IS NULL OR t.password_changed_at < t.password_issued_at)`;

export async function credentialsOf(
  db: D1Database,
  teacherNumber: string,
): Promise<Credentials | undefined> {
  const row = await db
    .prepare(
      `SELECT t.teacher_number, t.password_hash, ${MUST_CHANGE} AS must_change
       FROM teachers AS t WHERE t.teacher_number = ?1`,
    )
    .bind(teacherNumber)
    .first<{ teacher_number: string; password_hash: string; must_change: number }>();
  return row === null
    ? undefined
    : {
        teacherNumber: row.teacher_number,
        passwordHash: row.password_hash,
        mustChange: row.must_change === 1,
      };
}

// ── Sessions ──────────────────────────────────────────────────────────────────────────────────

export interface Session {
  readonly teacherNumber: string;
  readonly csrfToken: string;
  readonly mustChange: boolean;
  readonly expiresAt: string;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** 32 random bytes, base64url: a session token or a CSRF token. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** How long a session may last: in all, and without a request. */
export interface SessionLimits {
  /** From sign-in, however busy the session is. */
  readonly lifetimeMs: number;
  /** Since the session's last request. */
  readonly idleMs: number;
}

/**
 * A refresh of a session's idle deadline is written at most once a minute: a page view is then
 * one D1 read, seldom a write.
 */
const TOUCH_GRACE_MS = 60_000;

function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * A new session for the teacher, replacing `previous` (the session cookie presented at sign-in, if
 * any) and dropping every expired session. `expires_at` is the idle deadline, moved on by each
 * request (`sessionOf`) but never past `created_at` + the lifetime. Returns the token for the
 * cookie.
 */
export async function createSession(
  db: D1Database,
  teacherNumber: string,
  now: string,
  limits: SessionLimits,
  previous: string | undefined,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = plus(now, Math.min(limits.idleMs, limits.lifetimeMs));
  await db.batch([
    db
      .prepare("DELETE FROM portal_sessions WHERE token_hash = ?1 OR expires_at <= ?2")
      .bind(previous === undefined ? "" : await sha256Hex(previous), now),
    db
      .prepare(
        `INSERT INTO portal_sessions (token_hash, teacher_number, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)`,
      )
      .bind(await sha256Hex(token), teacherNumber, csrfToken, now, expiresAt),
  ]);
  return { token, csrfToken };
}

/**
 * The session the token opens at `now`, or undefined: not past its idle deadline, not older than
 * the lifetime, not from before the teacher's initial password was (re)issued. A session found is
 * used: its idle deadline moves to `now` + the idle time (capped by the lifetime).
 */
export async function sessionOf(
  db: D1Database,
  token: string,
  now: string,
  limits: SessionLimits,
): Promise<Session | undefined> {
  const tokenHash = await sha256Hex(token);
  const row = await db
    .prepare(
      `SELECT s.teacher_number, s.csrf_token, s.created_at, s.expires_at,
         ${MUST_CHANGE} AS must_change
       FROM portal_sessions AS s JOIN teachers AS t ON t.teacher_number = s.teacher_number
       WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.created_at > ?3
         AND s.created_at >= t.password_issued_at`,
    )
    .bind(tokenHash, now, plus(now, -limits.lifetimeMs))
    .first<{
      teacher_number: string;
      csrf_token: string;
      created_at: string;
      expires_at: string;
      must_change: number;
    }>();
  if (row === null) return undefined;
  const deadline = Math.min(
    Date.parse(row.created_at) + limits.lifetimeMs,
    Date.parse(now) + limits.idleMs,
  );
  const expiresAt = new Date(deadline).toISOString();
  if (deadline - Date.parse(row.expires_at) >= TOUCH_GRACE_MS)
    await db
      .prepare(
        "UPDATE portal_sessions SET expires_at = ?2 WHERE token_hash = ?1 AND expires_at < ?2",
      )
      .bind(tokenHash, expiresAt)
      .run();
  return {
    teacherNumber: row.teacher_number,
    csrfToken: row.csrf_token,
    mustChange: row.must_change === 1,
    expiresAt,
  };
}

export async function deleteSession(db: D1Database, token: string): Promise<void> {
  await db
    .prepare("DELETE FROM portal_sessions WHERE token_hash = ?1")
    .bind(await sha256Hex(token))
    .run();
}

/**
 * The teacher's own password replaces the current one; every session and known device of the
 * teacher is forgotten (the caller opens a fresh session and remembers its own device).
 */
export async function setOwnPassword(
  db: D1Database,
  teacherNumber: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `UPDATE teachers SET password_hash = ?2, password_changed_at = ?3
         WHERE teacher_number = ?1`,
      )
      .bind(teacherNumber, passwordHash, now),
    db.prepare("DELETE FROM portal_sessions WHERE teacher_number = ?1").bind(teacherNumber),
    db.prepare("DELETE FROM portal_devices WHERE teacher_number = ?1").bind(teacherNumber),
  ]);
}

// ── Throttling ────────────────────────────────────────────────────────────────────────────────

/**
 * Counts one attempt on the key, atomically (an upsert that returns the row), before the
 * password is checked. A key whose window has passed (`cutoff`: core/portal/throttle.ts
 * `windowCutoff`), or whose lock has ended, starts again at 1. Keys whose window began before
 * `staleBefore` (the longest window of any policy) and that are not locked are deleted in the
 * same batch.
 */
export async function countAttempt(
  db: D1Database,
  key: string,
  cutoff: string,
  now: string,
  staleBefore: string,
): Promise<ThrottleState> {
  const [, counted] = await db.batch<{
    failures: number;
    window_start: string;
    locked_until: string | null;
  }>([
    db
      .prepare(
        `DELETE FROM portal_sign_in_attempts
         WHERE window_start < ?1 AND (locked_until IS NULL OR locked_until <= ?2)`,
      )
      .bind(staleBefore, now),
    db
      .prepare(
        `INSERT INTO portal_sign_in_attempts (throttle_key, failures, window_start, locked_until)
         VALUES (?1, 1, ?2, NULL)
         ON CONFLICT (throttle_key) DO UPDATE SET
           failures = CASE WHEN ${AFRESH} THEN 1 ELSE failures + 1 END,
           window_start = CASE WHEN ${AFRESH} THEN ?2 ELSE window_start END,
           locked_until = CASE WHEN locked_until <= ?2 THEN NULL ELSE locked_until END
         RETURNING failures, window_start, locked_until`,
      )
      .bind(key, now, cutoff),
  ]);
  const row = counted?.results[0];
  if (row === undefined) throw new Error("登录尝试计数没有返回结果");
  return { failures: row.failures, windowStart: row.window_start, lockedUntil: row.locked_until };
}

/** The count starts afresh: the lock has ended, or (unlocked) the window has passed. */
const AFRESH = `(locked_until IS NOT NULL AND locked_until <= ?2)
  OR (locked_until IS NULL AND window_start <= ?3)`;

/** Locks the key until `until` (a lock already running is kept as it is). */
export async function lockKey(
  db: D1Database,
  key: string,
  until: string,
  now: string,
): Promise<void> {
  await db
    .prepare(
      `UPDATE portal_sign_in_attempts SET locked_until = ?2
       WHERE throttle_key = ?1 AND (locked_until IS NULL OR locked_until <= ?3)`,
    )
    .bind(key, until, now)
    .run();
}

/**
 * The attempt was right: the `reset` keys' failures are forgotten (the client proved itself),
 * the `giveBack` keys only lose this attempt (failures from elsewhere still count).
 */
export async function forgiveAttempt(
  db: D1Database,
  reset: readonly string[],
  giveBack: readonly string[],
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "DELETE FROM portal_sign_in_attempts WHERE throttle_key IN (SELECT value FROM json_each(?1))",
      )
      .bind(JSON.stringify(reset)),
    db
      .prepare(
        `UPDATE portal_sign_in_attempts SET failures = max(failures - 1, 0)
         WHERE throttle_key IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(giveBack)),
  ]);
}

/** A 教师编号 with many failures today, for the county's attack list. */
export interface AttackedNumber {
  readonly teacherNumber: string;
  readonly failures: number;
  /** While set and in the future, devices that never signed in to the number are refused. */
  readonly lockedUntil: string | null;
}

/** The numbers whose day key (core/portal/throttle.ts `numberDayKey`) counts at least `min`. */
export async function attackedNumbers(
  db: D1Database,
  day: string,
  min: number,
): Promise<AttackedNumber[]> {
  const { results } = await db
    .prepare(
      `SELECT throttle_key, failures, locked_until FROM portal_sign_in_attempts
       WHERE throttle_key LIKE 'number:%' AND substr(throttle_key, -10) = ?1 AND failures >= ?2
       ORDER BY failures DESC, throttle_key`,
    )
    .bind(day, min)
    .all<{ throttle_key: string; failures: number; locked_until: string | null }>();
  return results.map((row) => ({
    teacherNumber: row.throttle_key.split(":")[1] ?? "",
    failures: row.failures,
    lockedUntil: row.locked_until,
  }));
}

// ── Known devices ─────────────────────────────────────────────────────────────────────────────

/** Known devices a teacher keeps at most; a sign-in on one more forgets the oldest. */
const DEVICES_PER_TEACHER = 10;

/** Whether the device token is one the number issued, still within its lifetime. */
export async function isKnownDevice(
  db: D1Database,
  token: string,
  teacherNumber: string,
  now: string,
  lifetimeMs: number,
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS known FROM portal_devices AS d
       JOIN teachers AS t ON t.teacher_number = d.teacher_number
       WHERE d.token_hash = ?1 AND d.teacher_number = ?2 AND d.created_at > ?3
         AND d.created_at >= t.password_issued_at`,
    )
    .bind(await sha256Hex(token), teacherNumber, plus(now, -lifetimeMs))
    .first();
  return row !== null;
}

/**
 * A successful sign-in makes the browser a known device of the number: a new token replaces the
 * one it presented (if any), and the teacher's devices beyond the newest DEVICES_PER_TEACHER, or
 * past their lifetime, are forgotten. Returns the token for the cookie.
 */
export async function rememberDevice(
  db: D1Database,
  teacherNumber: string,
  now: string,
  lifetimeMs: number,
  previous: string | undefined,
): Promise<string> {
  const token = randomToken();
  await db.batch([
    db
      .prepare("DELETE FROM portal_devices WHERE token_hash = ?1 OR created_at <= ?2")
      .bind(previous === undefined ? "" : await sha256Hex(previous), plus(now, -lifetimeMs)),
    db
      .prepare(
        "INSERT INTO portal_devices (token_hash, teacher_number, created_at) VALUES (?1, ?2, ?3)",
      )
      .bind(await sha256Hex(token), teacherNumber, now),
    db
      .prepare(
        `DELETE FROM portal_devices WHERE teacher_number = ?1 AND token_hash NOT IN (
           SELECT token_hash FROM portal_devices WHERE teacher_number = ?1
           ORDER BY created_at DESC LIMIT ?2)`,
      )
      .bind(teacherNumber, DEVICES_PER_TEACHER),
  ]);
  return token;
}

// ── The teacher's own record ──────────────────────────────────────────────────────────────────

export interface Profile {
  readonly teacherNumber: string;
  readonly name: string;
  readonly personKey: string;
  readonly idMasked: string;
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly category: SchoolCategory;
}

export async function profileOf(
  db: D1Database,
  teacherNumber: string,
): Promise<Profile | undefined> {
  const row = await db
    .prepare(
      `SELECT t.teacher_number, t.name, t.person_key, p.id_masked, s.code, s.name AS school_name,
         s.category
       FROM teachers AS t
       JOIN persons AS p ON p.person_key = t.person_key
       JOIN schools AS s ON s.code = t.school_code
       WHERE t.teacher_number = ?1`,
    )
    .bind(teacherNumber)
    .first<{
      teacher_number: string;
      name: string;
      person_key: string;
      id_masked: string;
      code: string;
      school_name: string;
      category: SchoolCategory;
    }>();
  return row === null
    ? undefined
    : {
        teacherNumber: row.teacher_number,
        name: row.name,
        personKey: row.person_key,
        idMasked: row.id_masked,
        schoolCode: row.code,
        schoolName: row.school_name,
        category: row.category,
      };
}

/** The teacher's ID number, decrypted, to fill in the ID column of what they submit. */
export async function teacherIdNumber(
  db: D1Database,
  personKey: string,
  idCrypto: IdCrypto,
): Promise<string> {
  const row = await db
    .prepare("SELECT id_cipher FROM persons WHERE person_key = ?1")
    .bind(personKey)
    .first<{ id_cipher: string }>();
  if (row === null) throw new Error("登记库缺少教师的证件号密文");
  return idCrypto.decrypt(row.id_cipher);
}

export interface OwnRecord {
  readonly recordId: string;
  /** The school whose sheet holds the row. */
  readonly schoolCode: string;
  readonly section: string;
  readonly state: ReviewState;
  readonly reason: string | null;
  /** The values in force (null until first effective), ID references and ciphers hidden. */
  readonly effective: Readonly<Record<string, ShownValue>> | null;
  readonly updatedAt: string;
}

/** The person's records still on a school sheet, by section, oldest first. */
export async function ownRecords(db: D1Database, personKey: string): Promise<OwnRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT r.record_id, r.school_code, r.section, r.state, r.reason, r.updated_at, v.values_json
       FROM records AS r
       LEFT JOIN record_versions AS v
         ON v.record_id = r.record_id AND v.version = r.effective_version
       WHERE r.person_key = ?1 AND r.removed_at IS NULL
       ORDER BY r.section, r.record_id`,
    )
    .bind(personKey)
    .all<{
      record_id: string;
      school_code: string;
      section: string;
      state: ReviewState;
      reason: string | null;
      updated_at: string;
      values_json: string | null;
    }>();
  return results.map((row) => ({
    recordId: row.record_id,
    schoolCode: row.school_code,
    section: row.section,
    state: row.state,
    reason: row.reason,
    effective: row.values_json === null ? null : shownValues(row.values_json),
    updatedAt: row.updated_at,
  }));
}
