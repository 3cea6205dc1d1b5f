/**
 * `npm run bench`: runs the benchmarks one after another (never in parallel: on 2 cores two
 * benchmarks would time each other), prints a markdown table, and with --write puts it into
 * BENCHMARKS.md. Validation runs first, and each benchmark module is imported only when its turn
 * comes, so the validation's peak RSS holds neither googleapis nor the emulator.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type BenchName, type Options, parseCommandLine, USAGE } from "./args";
import { fixed } from "./measure";
import { figuresSection, resultsTable, runInfo, writeFigures } from "./report";
import type { BenchResult } from "./result";

const BENCHMARKS_MD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../BENCHMARKS.md",
);

type Step = (options: Options) => Promise<BenchResult>;

const steps: Record<BenchName, () => Promise<readonly Step[]>> = {
  validation: async () => {
    const { benchSchool, benchCounty } = await import("./validation");
    return [benchSchool, benchCounty];
  },
  emulator: async () => [(await import("./emulator-read")).benchEmulator],
  peer: async () => [(await import("./row-api")).benchRowApi],
  cost: async () => [(await import("./cost-model")).benchCost],
  scale: async () => [(await import("./emulator-scale")).benchScale],
  accounts: async () => [(await import("./accounts")).benchAccounts],
  cycles: async () => [(await import("./cycles")).benchCycles],
  latency: async () => [(await import("./cycles")).benchLatency],
  burst: async () => [(await import("./burst")).benchBurst],
};

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    console.error(`${parsed.problems.join("\n")}\n\n${USAGE}`);
    return 2;
  }
  if ("help" in parsed) {
    console.log(USAGE);
    return 0;
  }
  const { options } = parsed;
  const info = runInfo(argv);
  console.log(
    `${info.command} — Node ${info.node}, ${info.cpu}, ${info.commit}, load ${info.load}`,
  );
  const started = performance.now();
  const results: BenchResult[] = [];
  for (const name of options.only)
    for (const step of await steps[name]()) results.push(await step(options));
  console.log(`\n${resultsTable(results)}\n`);
  console.log(`用时 elapsed: ${fixed((performance.now() - started) / 1000)} s`);
  if (options.write) {
    await writeFigures(BENCHMARKS_MD, figuresSection(info, options, results));
    console.log(`已写入 written: ${BENCHMARKS_MD}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
