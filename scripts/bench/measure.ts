/**
 * Timing helpers. Every loop is bounded twice, by a count and by a time limit, so a slow machine
 * gets fewer samples instead of a benchmark that never ends; the sample count is reported.
 */
import { performance } from "node:perf_hooks";

export interface Bound {
  /** At most this many timed runs. */
  readonly runs: number;
  /** Stop starting new runs after this many milliseconds (the run in progress completes). */
  readonly limitMs: number;
  /** Untimed runs first, so the JIT and caches are warm before anything is recorded. */
  readonly warmup?: number;
}

export interface Samples {
  /** Wall time of each timed run, in milliseconds. */
  readonly wall: number[];
  /**
   * CPU time of this process during each run (user + system, all threads, so GC helpers count),
   * in milliseconds. On a shared machine wall time also holds time spent waiting for a core;
   * CPU time does not, and it is what a Worker's CPU limit counts.
   */
  readonly cpu: number[];
}

/** Runs `fn` within the bound and returns each timed run's wall and CPU time. */
export async function sample(bound: Bound, fn: (run: number) => unknown): Promise<Samples> {
  for (let i = 0; i < (bound.warmup ?? 0); i += 1) await fn(-1 - i);
  const samples: Samples = { wall: [], cpu: [] };
  const start = performance.now();
  for (let run = 0; run < bound.runs && performance.now() - start < bound.limitMs; run += 1) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await fn(run);
    samples.wall.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    samples.cpu.push((cpu.user + cpu.system) / 1000);
  }
  return samples;
}

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly total: number;
}

/** Nearest-rank percentiles: with few samples p95 is an observed value, never interpolated. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("no samples: the time limit allowed no run at all");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return {
    n: sorted.length,
    median: rank(0.5),
    p95: rank(0.95),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    total: sorted.reduce((sum, t) => sum + t, 0),
  };
}

/** Peak resident set size of this process so far, in MiB (maxRSS is reported in KiB). */
export const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;

export const fixed = (n: number, digits = 1): string =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const whole = (n: number): string => Math.round(n).toLocaleString("en-US");
