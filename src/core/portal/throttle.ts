/**
 * Sign-in throttling: password attempts counted per key (a 教师编号, a client), a lock once too
 * many wrong ones fall within the window. Pure: the store counts atomically, the caller passes
 * the clock.
 *
 * An attempt is counted BEFORE its password is checked (and forgiven if it was right), so that
 * many attempts sent at once cannot all be checked before the count catches up: at most
 * `maxFailures` passwords are ever checked per key and window.
 *
 * Guarantees:
 * - while a key is locked every attempt is refused, the right password included, and the attempt
 *   is not even checked (so a lock cannot be used to test passwords);
 * - failures older than the window no longer count;
 * - a lock ends by itself at `lockedUntil`; the count starts afresh after it.
 */

export interface ThrottlePolicy {
  /** Wrong passwords within `windowMs` that lock the key. */
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
}

const MINUTE = 60_000;

/** Per 教师编号: five wrong passwords in 15 minutes lock the account for 15 minutes. */
export const TEACHER_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};

/**
 * Per client address: a whole school may sign in from one address, so more failures are allowed
 * before its lock, which stops one machine from trying many accounts.
 */
export const CLIENT_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
};

/** A key's count, this attempt included, as the store returns it after counting. */
export interface ThrottleState {
  readonly failures: number;
  /** ISO time of the first attempt still counted. */
  readonly windowStart: string;
  readonly lockedUntil: string | null;
}

/** Attempts that began before this instant no longer count. */
export function windowCutoff(policy: ThrottlePolicy, now: string): string {
  return new Date(Date.parse(now) - policy.windowMs).toISOString();
}

/** The end of the lock in force at `now`, or null. */
export function lockedUntil(state: ThrottleState | undefined, now: string): string | null {
  if (state?.lockedUntil == null) return null;
  return Date.parse(state.lockedUntil) > Date.parse(now) ? state.lockedUntil : null;
}

export type Verdict =
  /** Refused unchecked; `lock` says whether the store must still record the lock. */
  | { readonly kind: "locked"; readonly until: string; readonly lock: boolean }
  /** Check the password; if it is wrong, `lockIfWrong` says the key locks now. */
  | { readonly kind: "check"; readonly lockIfWrong: boolean; readonly left: number };

/** What to do with an attempt, given its key's count with the attempt included. */
export function verdict(state: ThrottleState, policy: ThrottlePolicy, now: string): Verdict {
  const until = lockedUntil(state, now);
  if (until !== null) return { kind: "locked", until, lock: false };
  if (state.failures > policy.maxFailures)
    return { kind: "locked", until: lockEnd(policy, now), lock: true };
  return {
    kind: "check",
    lockIfWrong: state.failures === policy.maxFailures,
    left: policy.maxFailures - state.failures,
  };
}

/** When a lock set at `now` ends. */
export function lockEnd(policy: ThrottlePolicy, now: string): string {
  return new Date(Date.parse(now) + policy.lockMs).toISOString();
}

/** The lock's end as a teacher reads it: China time (UTC+8), hours and minutes. */
export function chinaClock(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 60 * MINUTE);
  const hh = String(shifted.getUTCHours()).padStart(2, "0");
  const mm = String(shifted.getUTCMinutes()).padStart(2, "0");
  return `${hh}:${mm}`;
}

/** What the sign-in page says while a key is locked. */
export function lockMessage(until: string, policy: ThrottlePolicy): string {
  return `密码错误次数过多，已暂停登录 ${Math.round(policy.lockMs / MINUTE)} 分钟，请在 ${chinaClock(until)}（北京时间）后再试。如忘记密码，请联系学校系统管理员重置。`;
}
