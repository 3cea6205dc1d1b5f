/**
 * Benchmark 4: issuing teacher numbers (账号发放). Each new teacher costs one PBKDF2 hash of the
 * initial password (100,000 rounds, the most Workers allow), and a Worker invocation has 30 s of
 * CPU by default on the paid plan (configurable up to 5 min). The worker therefore issues at
 * most `PASSWORD_HASHES_PER_MESSAGE` numbers per queue message (src/jobs/hash-budget.ts); this
 * measures what that bound is made of:
 * - the CPU of one hash, and of one message's worth of them (the bound);
 * - what the unbounded message of a school with 2,000 new teachers would have cost;
 * - the rest of such a message, the part that grows with the school: the sync validates the
 *   school three times (`peopleIn`, `personsNeedingTeacherNumbers`, `syncSchool`), timed here on
 *   a synthetic school of about 4,000 rows (2,000 new teachers × 基本信息 + 联系方式).
 * Node's WebCrypto (OpenSSL) stands in for workerd's (BoringSSL): the same PBKDF2-SHA-256.
 */
import { hashPassword } from "../../src/adapters/crypto/password";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { validateSchool } from "../../src/core/validate";
import { PASSWORD_HASHES_PER_MESSAGE } from "../../src/jobs/hash-budget";
import { TODAY } from "../../tests/core/validate/fixture";
import type { Options } from "./args";
import { fixed, sample, summarize, whole } from "./measure";
import { announce, type BenchResult } from "./result";
import { seeded } from "./rng";
import { emptyTally, makeSchool, ROWS_PER_PERSON } from "./synth";

const CPU_LIMIT_MS = 30_000;
const BIG_SCHOOL_NEW_TEACHERS = 2_000;
/** A new teacher fills 基本信息 and 联系方式 only. */
const ROWS_PER_NEW_TEACHER = 2;
/** Validations of the whole school in one sync (see the module comment). */
const VALIDATIONS_PER_SYNC = 3;

export async function benchAccounts(options: Options): Promise<BenchResult> {
  const hashes = await sample({ runs: 40, limitMs: options.loopLimitMs, warmup: 2 }, () =>
    hashPassword("Abc2345xyz"),
  );
  const hash = summarize(hashes.cpu);
  const bounded = await sample({ runs: 1, limitMs: options.loopLimitMs }, async () => {
    for (let i = 0; i < PASSWORD_HASHES_PER_MESSAGE; i += 1) await hashPassword("Abc2345xyz");
  });
  const boundCpu = summarize(bounded.cpu).max;
  const people = Math.ceil((BIG_SCHOOL_NEW_TEACHERS * ROWS_PER_NEW_TEACHER) / ROWS_PER_PERSON);
  const tally = emptyTally();
  const school = makeSchool(
    { index: 0, people, firstPerson: 0, invalidRate: 0 },
    seeded(options.seed),
    tally,
  );
  const validations = await sample({ runs: 5, limitMs: options.loopLimitMs, warmup: 1 }, () =>
    validateSchool(school, shippedTemplates, { today: TODAY }),
  );
  const restCpu = summarize(validations.cpu).max * VALIDATIONS_PER_SYNC;
  const worst = boundCpu + restCpu;
  const unbounded = hash.p95 * BIG_SCHOOL_NEW_TEACHERS;
  return announce({
    title: `账号发放 Issuing numbers (${whole(PASSWORD_HASHES_PER_MESSAGE)} 个/消息 per message)`,
    metrics: [
      {
        label: "每个哈希 CPU per hash",
        value: `中位 median ${fixed(hash.median, 1)} ms, p95 ${fixed(hash.p95, 1)} ms, 最慢 max ${fixed(hash.max, 1)} ms (n=${hash.n})`,
      },
      {
        label: "一条消息的哈希 hashes of one message",
        value: `${whole(PASSWORD_HASHES_PER_MESSAGE)} 个 hashes: ${fixed(boundCpu / 1000, 2)} s CPU`,
      },
      {
        label: "其余（校验×3）rest of the sync (3 validations)",
        value: `${fixed(restCpu / 1000, 2)} s CPU (${whole(tally.rows)} 行 rows)`,
      },
      {
        label: "最坏一条消息 worst message",
        value: `${fixed(worst / 1000, 2)} s CPU = ${fixed((100 * worst) / CPU_LIMIT_MS, 0)}% of 30 s`,
      },
      {
        label: "不分批 unbounded, 2,000 new teachers",
        value: `${fixed(unbounded / 1000, 1)} s CPU (> 30 s: killed on every retry)`,
      },
    ],
    numbers: {
      hashesPerMessage: PASSWORD_HASHES_PER_MESSAGE,
      hashCpuMedianMs: hash.median,
      hashCpuP95Ms: hash.p95,
      hashCpuMaxMs: hash.max,
      boundedHashCpuMs: boundCpu,
      restCpuMs: restCpu,
      worstMessageCpuMs: worst,
      unboundedCpuMs: unbounded,
    },
  });
}
