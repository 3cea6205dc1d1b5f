/**
 * How many initial passwords one queue message (or one cron run) may hash. PBKDF2 at the 100,000
 * rounds Workers allow cost 26 ms of CPU per hash (median; p95 33 ms) in `npm run bench -- --only
 * accounts` (BENCHMARKS.md, "账号发放"); the reported incident, 2,000 hashes in one 106-s request,
 * is ~53 ms each. A Worker invocation gets 30 s of CPU by default on the paid plan (configurable
 * up to 5 min with `[limits] cpu_ms`); this targets the default. 200 hashes cost 5.5 s measured,
 * ~11 s at the incident's rate, leaving well over half of the 30 s for reading, validating and
 * writing a school of 2,000 new teachers (0.8 s measured). The teachers left get their numbers
 * from the next messages of the same school (`SchoolSyncOutcome.continuation`).
 */
export const PASSWORD_HASHES_PER_MESSAGE = 200;

/** The budget of one message: the env's PASSWORD_HASHES_PER_MESSAGE, else the default. */
export function hashBudgetFromEnv(env: { PASSWORD_HASHES_PER_MESSAGE?: string }): HashBudget {
  const text = env.PASSWORD_HASHES_PER_MESSAGE;
  return new HashBudget(text === undefined || text === "" ? undefined : Number(text));
}

/** What one message may still spend; the allocation and the reissue path draw from the same. */
export class HashBudget {
  #left: number;

  constructor(limit: number = PASSWORD_HASHES_PER_MESSAGE) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`每条消息的密码哈希上限无效：${limit}`);
    this.#left = limit;
  }

  get left(): number {
    return this.#left;
  }

  spend(count: number): void {
    if (count > this.#left) throw new Error("密码哈希超出本条消息的上限");
    this.#left -= count;
  }
}
