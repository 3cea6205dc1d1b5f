import type { Env } from "../env";

/**
 * How many initial passwords one queue message (or one cron run) may hash. PBKDF2 at the 100,000
 * rounds Workers allow costs ~30–55 ms of CPU per hash (BENCHMARKS.md, "账号发放"), and a
 * Worker invocation gets 30 s of CPU on the paid plan by default (configurable up to 5 min;
 * this targets the default). A school with 2,000 new teachers hashed in one go spent ~106 s and
 * was killed on every retry. 200 hashes cost ~6–11 s, leaving the rest of the 30 s for reading,
 * validating and writing a school of that size (the benchmark measures both); the teachers left
 * get their numbers from the next messages of the same school (`SchoolSyncOutcome.continuation`).
 */
export const PASSWORD_HASHES_PER_MESSAGE = 200;

/** The budget of one message: the env's PASSWORD_HASHES_PER_MESSAGE, else the default. */
export function hashBudgetFromEnv(env: Pick<Env, "PASSWORD_HASHES_PER_MESSAGE">): HashBudget {
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
