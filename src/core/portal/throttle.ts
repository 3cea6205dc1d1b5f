/**
 * Sign-in throttling: wrong passwords counted per key (a 教师编号, a client), a lock once too many
 * fall within the window. Pure: the store keeps the state, the caller passes the clock.
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

export interface ThrottleState {
  readonly failures: number;
  /** ISO time of the first failure still counted. */
  readonly windowStart: string;
  readonly lockedUntil: string | null;
}

/** The end of the lock in force at `now`, or null. */
export function lockedUntil(state: ThrottleState | undefined, now: string): string | null {
  if (state?.lockedUntil == null) return null;
  return Date.parse(state.lockedUntil) > Date.parse(now) ? state.lockedUntil : null;
}

/** The state after one more wrong password at `now`. */
export function afterFailure(
  state: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: string,
): ThrottleState {
  const at = Date.parse(now);
  const fresh =
    state === undefined ||
    Date.parse(state.windowStart) + policy.windowMs <= at ||
    (state.lockedUntil !== null && Date.parse(state.lockedUntil) <= at);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  return failures >= policy.maxFailures
    ? { failures: 0, windowStart: now, lockedUntil: new Date(at + policy.lockMs).toISOString() }
    : { failures, windowStart, lockedUntil: null };
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
