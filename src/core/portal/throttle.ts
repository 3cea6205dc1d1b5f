/**
 * Sign-in throttling: password attempts counted per key, a lock once too many wrong ones fall
 * within the window. Pure: the store counts atomically, the caller passes the clock and hashes
 * what identifies a client.
 *
 * An attempt is counted BEFORE its password is checked (and given back if it was right), so that
 * many attempts sent at once cannot all be checked before the count catches up: at most
 * `maxFailures` passwords are ever checked per key and window.
 *
 * Guarantees:
 * - while a key is locked every attempt is refused, the right password included, and the attempt
 *   is not even checked (so a lock cannot be used to test passwords);
 * - failures older than the window no longer count;
 * - a lock ends by itself at `lockedUntil`; the count starts afresh after it.
 *
 * The keys (`signInKeys`), so that guessing is bounded per 教师编号 and yet nobody else can lock
 * a teacher out of their own device:
 * - per 教师编号 and client (PAIR_POLICY): the client is the teacher's known device (a cookie
 *   set at a successful sign-in), else the address Cloudflare gives, else the browser's
 *   pre-session (a courtesy for honest browsers only: an attacker drops cookies);
 * - per client address across numbers (CLIENT_POLICY), against one machine trying many numbers;
 * - per 教师编号 and Beijing day across every client but its known devices (NUMBER_DAY_POLICY):
 *   the bound on guessing, which no number of addresses gets around.
 * A known device counts only on its own pair: failures elsewhere never lock it out.
 */

export interface ThrottlePolicy {
  /** Wrong passwords within `windowMs` that lock the key. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** When a lock set at `now` ends. */
  readonly lockEnd: (now: string) => string;
  /** What the sign-in page says while the key is locked until `until`. */
  readonly lockMessage: (until: string) => string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const CHINA_OFFSET = 8 * 60 * MINUTE;

/** Keys whose window began this long ago count for nothing, whatever their policy. */
export const LONGEST_WINDOW_MS = DAY;

function after(ms: number): (now: string) => string {
  return (now) => new Date(Date.parse(now) + ms).toISOString();
}

/** The lock's end as a teacher reads it: China time (UTC+8), hours and minutes. */
export function chinaClock(iso: string): string {
  const shifted = new Date(Date.parse(iso) + CHINA_OFFSET);
  const hh = String(shifted.getUTCHours()).padStart(2, "0");
  const mm = String(shifted.getUTCMinutes()).padStart(2, "0");
  return `${hh}:${mm}`;
}

/** The Beijing calendar day of an instant, `YYYY-MM-DD`. */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET).toISOString().slice(0, 10);
}

/** The instant the Beijing day of `iso` began. */
export function chinaDayStart(iso: string): string {
  return new Date(Date.parse(`${chinaDay(iso)}T00:00:00.000Z`) - CHINA_OFFSET).toISOString();
}

/** The instant the next Beijing day begins. */
export function nextChinaMidnight(iso: string): string {
  return new Date(Date.parse(chinaDayStart(iso)) + DAY).toISOString();
}

function shortLockMessage(until: string): string {
  return `密码错误次数过多，已暂停登录 15 分钟，请在 ${chinaClock(until)}（北京时间）后再试。如忘记密码，请联系学校系统管理员重置。`;
}

/**
 * Per 教师编号 and client: five wrong passwords in 15 minutes lock that client out of that
 * number for 15 minutes (the teacher's other devices are not held).
 */
export const PAIR_POLICY: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  lockEnd: after(15 * MINUTE),
  lockMessage: shortLockMessage,
};

/**
 * Per client address: a whole school may sign in from one address, so more failures are allowed
 * before its lock, which stops one machine from trying many accounts.
 */
export const CLIENT_POLICY: ThrottlePolicy = {
  maxFailures: 20,
  windowMs: 15 * MINUTE,
  lockEnd: after(15 * MINUTE),
  lockMessage: shortLockMessage,
};

/**
 * Per 教师编号 and Beijing day, across every client but the number's known devices: at most 30
 * passwords are checked, then the number opens only on devices that signed in to it before,
 * until midnight. 30 guesses a day leave a chosen password (refused if common) and a random
 * initial one far out of reach; a teacher without a known device is the one left waiting.
 */
export const NUMBER_DAY_POLICY: ThrottlePolicy = {
  maxFailures: 30,
  windowMs: DAY,
  lockEnd: nextChinaMidnight,
  lockMessage: () =>
    "该教师编号今天在其他设备上密码错误次数过多，为保护账号，已暂停在新设备上登录，北京时间明天 00:00 恢复。在此前成功登录过的设备上仍可登录；如忘记密码或有疑问，请联系学校系统管理员。",
};

/** Failures of a number in one day from which the county's attack list names it. */
export const ATTACK_ALERT_FAILURES = 10;

/** A count of attempts, and what a right password does to it. */
export interface Throttled {
  readonly key: string;
  readonly policy: ThrottlePolicy;
  /** reset: the client proved itself, its failures go; give_back: only this attempt is undone. */
  readonly onRight: "reset" | "give_back";
}

/** Who is signing in, as far as the throttle knows; every client id is a hash. */
export interface SignInClient {
  /** A well-formed 教师编号, or undefined. */
  readonly teacherNumber: string | undefined;
  /** A known device of that number (its token's hash), or undefined. */
  readonly device: string | undefined;
  /** The hash of the address Cloudflare gives (CF-Connecting-IP), or undefined without one. */
  readonly address: string | undefined;
  /** The hash of the browser's pre-session id, or undefined. */
  readonly preSession: string | undefined;
}

/** The number's key of the Beijing day of `now`: the county's attack list reads these. */
export function numberDayKey(teacherNumber: string, now: string): string {
  return `number:${teacherNumber}:${chinaDay(now)}`;
}

/**
 * The keys an attempt is counted on, in order: the client first (a client locked for spraying
 * numbers spends no teacher's allowance), then the pair (a locked pair spends nothing of the
 * number's day). Without an address nothing is counted per client: requests without one are
 * never pooled with each other.
 */
export function signInKeys(client: SignInClient, now: string): Throttled[] {
  const number = client.teacherNumber;
  if (number !== undefined && client.device !== undefined)
    return [{ key: `pair:${number}:d${client.device}`, policy: PAIR_POLICY, onRight: "reset" }];
  const keys: Throttled[] = [];
  if (client.address !== undefined)
    keys.push({ key: `client:${client.address}`, policy: CLIENT_POLICY, onRight: "give_back" });
  if (number === undefined) return keys;
  const pairId =
    client.address === undefined
      ? client.preSession === undefined
        ? undefined
        : `p${client.preSession}`
      : `a${client.address}`;
  if (pairId !== undefined)
    keys.push({ key: `pair:${number}:${pairId}`, policy: PAIR_POLICY, onRight: "reset" });
  keys.push({ key: numberDayKey(number, now), policy: NUMBER_DAY_POLICY, onRight: "give_back" });
  return keys;
}

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
    return { kind: "locked", until: policy.lockEnd(now), lock: true };
  return {
    kind: "check",
    lockIfWrong: state.failures === policy.maxFailures,
    left: policy.maxFailures - state.failures,
  };
}
