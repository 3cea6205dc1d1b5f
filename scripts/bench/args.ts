/**
 * Flags of `npm run bench`. Defaults are the mission's county (200 schools × 30 staff, ~26 rows a
 * person ≈ 156,000 rows) and the task's spreadsheet (14 tabs × 300 rows); every size and every
 * loop bound can be changed, so a quick look or a province-sized run is one flag away.
 */
import { parseArgs } from "node:util";
import type { Parsed as CommandLine } from "../lib/cli-args";
import { type BurstRun, burstRuns, parseCountList, parseRunPairs } from "./burst-plan";

export const BENCHES = [
  "validation",
  "emulator",
  "peer",
  "cost",
  "scale",
  "accounts",
  "cycles",
  "latency",
  "burst",
] as const;
export type BenchName = (typeof BENCHES)[number];

export interface Options {
  readonly write: boolean;
  readonly only: readonly BenchName[];
  readonly seed: number;
  readonly invalidRate: number;
  readonly schoolPeople: number;
  readonly countySchools: number;
  readonly schoolRepeats: number;
  readonly countyPasses: number;
  readonly tabRows: number;
  readonly readRuns: number;
  readonly writeRuns: number;
  readonly files: number;
  readonly scaleSchools: number;
  readonly scaleWrites: number;
  readonly cycleSchools: number;
  readonly latencySchools: number;
  readonly latencyRuns: number;
  readonly burstSchools: number;
  readonly burstK: readonly number[];
  readonly burstAccounts: readonly number[];
  /** Explicit accounts × K pairs; when set, instead of every account count with every K. */
  readonly burstRuns: readonly BurstRun[] | undefined;
  readonly burstMinutes: number;
  readonly burstDrainMinutes: number;
  readonly burstTickSeconds: number;
  readonly burstPollSeconds: number;
  /** Cap on the wall time of any one timed loop, in milliseconds. */
  readonly loopLimitMs: number;
}

export const USAGE = `用法 Usage: npm run bench -- [选项 options]

  --write               把结果写进 BENCHMARKS.md 的数据一节 (rewrite the figures section)
  --only 名单           只跑其中几项 (comma list of ${BENCHES.join(",")}; default all)
  --seed N              合成数据的随机种子 (seed of the synthetic data, default 1)
  --invalid-rate R      故意写错的单元格比例 (share of filled cells made invalid, default 0.05)
  --school-people N     每校人数 (staff per school, default 30)
  --county-schools N    全县学校数 (schools in the county, default 200)
  --school-repeats N    单校校验重复次数 (timed runs on one school, default 50)
  --county-passes N     全县校验遍数 (timed passes over the county, default 2)
  --tab-rows N          模拟器表格每个标签页的行数 (rows per tab on the emulator, default 300)
  --read-runs N         values.batchGet 次数 (timed reads, default 50)
  --write-runs N        values.batchUpdate 次数 (timed status writes, default 20)
  --files N             空闲轮询用的表格数 (spreadsheets for the idle-poll count, default 200)
  --scale-schools N     县级规模测试的学校数 (schools provisioned by the scale benchmark, default 200)
  --scale-writes N      县级规模测试的单区域写入次数 (timed single-range writes, default 50)
  --cycle-schools N     轮询周期对照的学校数 (schools of the cycles benchmark, and of its twin, default 200)
  --latency-schools N   延迟测试的学校数 (schools of the latency benchmark, default 20)
  --latency-runs N      延迟测试的改动次数 (timed one-school edits of the latency benchmark, default 20)
  --burst-schools N     截止日测试建表的学校数 (schools provisioned by the burst benchmark, default 200)
  --burst-k 列表        同时录入的学校数 (schools typing at once, comma list, default 30,60,120,200)
  --burst-accounts 列表 服务账号数 (service accounts of the worker, comma list, default 1,5)
  --burst-runs 列表     只跑这些「账号数x学校数」组合 (explicit pairs, e.g. 5x120,1x30; overrides the two lists)
  --burst-minutes M     每个组合的录入时长 (typing window of each run, default 6 = 3 cron ticks)
  --burst-drain-minutes M 录入结束后最多再等多久 (longest wait for the last edits' results, default 10)
  --burst-tick S        定时同步间隔秒数 (cron interval in seconds, default 120 as in production)
  --burst-poll S        学校查看审核状态的间隔秒数 (how often a school re-reads its rows, default 5)
  --loop-seconds S      任一计时循环的时间上限 (time cap of any timed loop, default 30)
  --help                显示本说明 (show this help)`;

export type Parsed = CommandLine<Options>;

export function parseCommandLine(argv: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        write: { type: "boolean" },
        help: { type: "boolean" },
        only: { type: "string" },
        seed: { type: "string" },
        "invalid-rate": { type: "string" },
        "school-people": { type: "string" },
        "county-schools": { type: "string" },
        "school-repeats": { type: "string" },
        "county-passes": { type: "string" },
        "tab-rows": { type: "string" },
        "read-runs": { type: "string" },
        "write-runs": { type: "string" },
        files: { type: "string" },
        "scale-schools": { type: "string" },
        "scale-writes": { type: "string" },
        "cycle-schools": { type: "string" },
        "latency-schools": { type: "string" },
        "latency-runs": { type: "string" },
        "loop-seconds": { type: "string" },
        "burst-schools": { type: "string" },
        "burst-k": { type: "string" },
        "burst-accounts": { type: "string" },
        "burst-runs": { type: "string" },
        "burst-minutes": { type: "string" },
        "burst-drain-minutes": { type: "string" },
        "burst-tick": { type: "string" },
        "burst-poll": { type: "string" },
      },
    }).values;
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  if (values.help === true) return { ok: true, help: true };

  const problems: string[] = [];
  const number = (flag: string, fallback: number, min: number, max: number, int = true) => {
    const text = values[flag];
    if (typeof text !== "string") return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n)))
      problems.push(`--${flag} 应为 ${min}–${max} 之间的${int ? "整数" : "数"}，收到 "${text}"`);
    return n;
  };
  const only = typeof values.only === "string" ? values.only.split(",").map((s) => s.trim()) : [];
  const unknown = only.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0)
    problems.push(`--only 只认 ${BENCHES.join(",")}，收到 "${unknown.join(",")}"`);

  const list = (flag: string, fallback: number[], min: number, max: number) => {
    const text = values[flag];
    if (typeof text !== "string") return fallback;
    const parsed = parseCountList(flag, text, min, max);
    if (typeof parsed === "string") problems.push(parsed);
    return typeof parsed === "string" ? fallback : parsed;
  };
  const runsText = values["burst-runs"];
  const runs = typeof runsText === "string" ? parseRunPairs(runsText) : undefined;
  if (typeof runs === "string") problems.push(runs);
  const burstSchools = number("burst-schools", 200, 1, 5_000);

  const options: Options = {
    write: values.write === true,
    only: only.length === 0 ? BENCHES : BENCHES.filter((name) => only.includes(name)),
    seed: number("seed", 1, 0, 2 ** 32 - 1),
    invalidRate: number("invalid-rate", 0.05, 0, 1, false),
    schoolPeople: number("school-people", 30, 1, 10_000),
    countySchools: number("county-schools", 200, 1, 20_000),
    schoolRepeats: number("school-repeats", 50, 1, 100_000),
    countyPasses: number("county-passes", 2, 1, 1_000),
    tabRows: number("tab-rows", 300, 1, 100_000),
    readRuns: number("read-runs", 50, 1, 100_000),
    writeRuns: number("write-runs", 20, 1, 100_000),
    files: number("files", 200, 1, 100_000),
    scaleSchools: number("scale-schools", 200, 1, 5_000),
    scaleWrites: number("scale-writes", 50, 1, 100_000),
    cycleSchools: number("cycle-schools", 200, 1, 5_000),
    latencySchools: number("latency-schools", 20, 1, 5_000),
    latencyRuns: number("latency-runs", 20, 1, 10_000),
    loopLimitMs: number("loop-seconds", 30, 1, 3_600, false) * 1000,
    burstSchools,
    burstK: list("burst-k", [30, 60, 120, 200], 1, 5_000),
    burstAccounts: list("burst-accounts", [1, 5], 1, 100),
    burstRuns: typeof runs === "string" ? undefined : runs,
    burstMinutes: number("burst-minutes", 6, 0.1, 600, false),
    burstDrainMinutes: number("burst-drain-minutes", 10, 0, 600, false),
    burstTickSeconds: number("burst-tick", 120, 5, 3_600),
    burstPollSeconds: number("burst-poll", 5, 1, 600, false),
  };
  const tooMany = burstRuns(options.burstAccounts, options.burstK, options.burstRuns).find(
    (run) => run.k > burstSchools,
  );
  if (tooMany !== undefined)
    problems.push(
      `同时录入的学校数 ${tooMany.k} 超过 --burst-schools ${burstSchools}（请用 --burst-k 或 --burst-runs 给出更小的数）`,
    );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}
