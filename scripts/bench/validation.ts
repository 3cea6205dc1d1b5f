/**
 * Benchmark 1: `validateSchool` throughput. The worker validates one school per queue message,
 * so the figure that matters is time per school (CPU time is what a Worker's limit counts); the
 * county pass shows what re-validating everything costs (a rule change, a fresh registry), and
 * the peak RSS what holding the whole county's cells costs.
 */
import { performance } from "node:perf_hooks";
import { shippedTemplates } from "../../src/core/templates/bundle";
import {
  type IdConflict,
  type IdLookup,
  type SchoolInput,
  validateSchool,
} from "../../src/core/validate";
import { TODAY } from "../../tests/core/validate/fixture";
import type { Options } from "./args";
import { fixed, peakRssMiB, type Samples, sample, summarize, whole } from "./measure";
import { announce, type BenchResult, type Metric } from "./result";
import { seeded } from "./rng";
import { emptyTally, makeSchool, registerOf, type Tally } from "./synth";

const lookupIn =
  (register: ReadonlyMap<string, IdConflict>): IdLookup =>
  (id) =>
    register.get(id);

/** Errors only: warnings do not block approval, so they say nothing about the error path. */
function errorCount(school: SchoolInput, lookupId: IdLookup): number {
  const { findings } = validateSchool(school, shippedTemplates, { today: TODAY, lookupId });
  return findings.filter((finding) => finding.severity === "error").length;
}

export async function benchSchool(options: Options): Promise<BenchResult> {
  const rssBefore = peakRssMiB();
  const tally = emptyTally();
  const spec = { index: 0, people: options.schoolPeople, firstPerson: 0 };
  // The generator must be right before its numbers mean anything: a clean school has no error.
  const clean = makeSchool({ ...spec, invalidRate: 0 }, seeded(options.seed), emptyTally());
  const cleanErrors = errorCount(clean, lookupIn(registerOf([clean])));
  if (cleanErrors > 0) throw new Error(`合成的无错学校有 ${cleanErrors} 个错误：生成器坏了`);

  const school = makeSchool(
    { ...spec, invalidRate: options.invalidRate },
    seeded(options.seed),
    tally,
  );
  const lookupId = lookupIn(registerOf([school]));
  const errors = errorCount(school, lookupId);
  // What one queue message has to hold: the school's cells, as compact JSON.
  const inputBytes = Buffer.byteLength(JSON.stringify(school.tabs));
  const samples = await sample(
    { runs: options.schoolRepeats, limitMs: options.loopLimitMs, warmup: 5 },
    () => validateSchool(school, shippedTemplates, { today: TODAY, lookupId }),
  );
  const timing = perSchool(samples, tally.rows);
  const peak = peakRssMiB();
  return announce({
    title: `校验吞吐·单校 Validation, one school (${tally.people} 人 people, ${whole(tally.rows)} 行 rows)`,
    metrics: [
      { label: "无效单元格 invalid cells", value: cellShare(tally) },
      { label: "错误数 errors found", value: whole(errors) },
      ...timing.metrics,
      { label: "单元格数据量 cells as JSON", value: `${whole(inputBytes)} B` },
      {
        label: "峰值内存 peak RSS",
        value: `${fixed(peak)} MiB (生成数据前 before the data was built: ${fixed(rssBefore)} MiB)`,
      },
    ],
    numbers: {
      people: tally.people,
      rows: tally.rows,
      corruptedCells: tally.corrupted,
      errors,
      ...timing.numbers,
      inputBytes,
      peakRssMiB: peak,
      peakRssBeforeMiB: rssBefore,
    },
  });
}

export async function benchCounty(options: Options): Promise<BenchResult> {
  const rssBefore = peakRssMiB();
  const tally = emptyTally();
  const rng = seeded(options.seed);
  const schools: SchoolInput[] = [];
  for (let index = 0; index < options.countySchools; index += 1)
    schools.push(
      makeSchool(
        {
          index,
          people: options.schoolPeople,
          firstPerson: index * options.schoolPeople,
          invalidRate: options.invalidRate,
        },
        rng,
        tally,
      ),
    );
  const lookupId = lookupIn(registerOf(schools));

  // Per-school samples over whole passes; a new pass starts only while the loop limit allows.
  const samples: Samples = { wall: [], cpu: [] };
  let passes = 0;
  let errors = 0;
  const start = performance.now();
  while (passes < options.countyPasses && performance.now() - start < options.loopLimitMs) {
    for (const school of schools) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { findings } = validateSchool(school, shippedTemplates, { today: TODAY, lookupId });
      samples.wall.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      samples.cpu.push((cpu.user + cpu.system) / 1000);
      if (passes === 0) errors += findings.filter((f) => f.severity === "error").length;
    }
    passes += 1;
  }
  const timing = perSchool(samples, tally.rows / schools.length);
  const passWallMs = summarize(samples.wall).total / passes;
  const passCpuMs = summarize(samples.cpu).total / passes;
  const peak = peakRssMiB();
  return announce({
    title: `校验吞吐·全县 Validation, county (${whole(schools.length)} 校 schools, ${whole(tally.people)} 人 people, ${whole(tally.rows)} 行 rows)`,
    metrics: [
      { label: "无效单元格 invalid cells", value: cellShare(tally) },
      { label: "错误数 errors found", value: whole(errors) },
      {
        label: "全县一遍 one county pass",
        value: `${fixed(passWallMs / 1000, 2)} s 墙钟 wall, ${fixed(passCpuMs / 1000, 2)} s CPU (${passes} 遍 passes)`,
      },
      ...timing.metrics,
      {
        label: "峰值内存 peak RSS",
        value: `${fixed(peak)} MiB (生成全县前 before the county was built: ${fixed(rssBefore)} MiB)`,
      },
    ],
    numbers: {
      schools: schools.length,
      people: tally.people,
      rows: tally.rows,
      corruptedCells: tally.corrupted,
      errors,
      passes,
      passWallMs,
      passCpuMs,
      ...timing.numbers,
      peakRssMiB: peak,
      peakRssBeforeMiB: rssBefore,
    },
  });
}

/** Median and p95 per school, wall and CPU, and rows a second of CPU time over all samples. */
function perSchool(
  samples: Samples,
  rowsPerSchool: number,
): { metrics: Metric[]; numbers: Record<string, number> } {
  const wall = summarize(samples.wall);
  const cpu = summarize(samples.cpu);
  const rowsPerSecond = (rowsPerSchool * wall.n) / (wall.total / 1000);
  const rowsPerCpuSecond = (rowsPerSchool * cpu.n) / (cpu.total / 1000);
  return {
    metrics: [
      {
        label: "每校墙钟 wall ms/school",
        value: `中位 median ${fixed(wall.median, 1)}, p95 ${fixed(wall.p95, 1)}, 最慢 max ${fixed(wall.max, 1)} (n=${wall.n})`,
      },
      {
        label: "每校 CPU CPU ms/school",
        value: `中位 median ${fixed(cpu.median, 1)}, p95 ${fixed(cpu.p95, 1)}, 最慢 max ${fixed(cpu.max, 1)}`,
      },
      {
        label: "吞吐 throughput",
        value: `${whole(rowsPerSecond)} 行/秒 rows/s 墙钟 wall, ${whole(rowsPerCpuSecond)} 行/CPU 秒 rows/CPU-s`,
      },
    ],
    numbers: {
      runs: wall.n,
      wallMedianMs: wall.median,
      wallP95Ms: wall.p95,
      wallMaxMs: wall.max,
      cpuMedianMs: cpu.median,
      cpuP95Ms: cpu.p95,
      cpuMaxMs: cpu.max,
      rowsPerSecond,
      rowsPerCpuSecond,
    },
  };
}

function cellShare(tally: Tally): string {
  const share = tally.cells === 0 ? 0 : (100 * tally.corrupted) / tally.cells;
  return `${whole(tally.corrupted)} / ${whole(tally.cells)} (${fixed(share)}%)`;
}
