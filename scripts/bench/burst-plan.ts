/**
 * The burst benchmark's pure parts, kept apart from the stack so a test can check them without
 * one: which configurations run (service accounts × schools typing), when each school types, and
 * the figures of a configuration from its measured waits.
 */
import type { Rng } from "./rng";

/** One measured configuration: this many service accounts, this many schools typing at once. */
export interface BurstRun {
  readonly accounts: number;
  readonly k: number;
}

/**
 * Every account count with every K, accounts outermost (one worker start per account count),
 * or the explicit `AxK` pairs of `--burst-runs` when given, in their order.
 */
export function burstRuns(
  accounts: readonly number[],
  ks: readonly number[],
  pairs: readonly BurstRun[] | undefined,
): BurstRun[] {
  if (pairs !== undefined && pairs.length > 0) return [...pairs];
  return accounts.flatMap((a) => ks.map((k) => ({ accounts: a, k })));
}

/** `5x120,1x30` → pairs; a problem's text when an item is not `AxK` with whole numbers ≥ 1. */
export function parseRunPairs(text: string): BurstRun[] | string {
  const pairs: BurstRun[] = [];
  for (const item of text.split(",").map((s) => s.trim())) {
    const match = /^(\d+)x(\d+)$/i.exec(item);
    const accounts = Number(match?.[1]);
    const k = Number(match?.[2]);
    if (match === null || accounts < 1 || k < 1)
      return `--burst-runs 应为「账号数x学校数」的列表，如 5x120,1x30，收到「${item}」`;
    pairs.push({ accounts, k });
  }
  return pairs;
}

/** `30,60,120` → numbers; a problem's text when an item is not a whole number in [min, max]. */
export function parseCountList(
  flag: string,
  text: string,
  min: number,
  max: number,
): number[] | string {
  const items = text.split(",").map((s) => s.trim());
  const numbers = items.map(Number);
  const bad = items.find((s, i) => {
    const n = numbers[i] ?? Number.NaN;
    return !/^\d+$/.test(s) || n < min || n > max;
  });
  if (bad !== undefined) return `--${flag} 应为 ${min}–${max} 之间的整数列表，收到「${bad}」`;
  return numbers;
}

/** Each school types one row every 60–90 s: the first edit within its first 90 s. */
export const EDIT_GAP_MIN_MS = 60_000;
export const EDIT_GAP_MAX_MS = 90_000;

/**
 * When each of `k` schools edits, in ms from the window's start: the first at a random point of
 * the first gap, then a random 60–90 s apart, every edit before `windowMs`. Seeded, so two runs
 * type the same edits at the same offsets.
 */
export function editTimes(rng: Rng, k: number, windowMs: number): number[][] {
  const gap = () => EDIT_GAP_MIN_MS + rng.next() * (EDIT_GAP_MAX_MS - EDIT_GAP_MIN_MS);
  return Array.from({ length: k }, () => {
    const times: number[] = [];
    for (let t = rng.next() * EDIT_GAP_MAX_MS; t < windowMs; t += gap()) times.push(t);
    return times;
  });
}

/** The first `k` of a seeded shuffle of `0…n-1`: which schools type. */
export function typingSchools(rng: Rng, n: number, k: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.slice(0, Math.min(k, n));
}

export interface WaitFigures {
  /** Edits whose result was seen on the sheet. */
  readonly measured: number;
  /** Edits still unanswered when the drain ended: their wait is at least `drainEndMs` after them. */
  readonly unanswered: number;
  readonly p50: number;
  readonly p95: number;
  /** The longest wait, counting an unanswered edit as its wait so far (a lower bound). */
  readonly max: number;
  /** Waits longer than each multiple of the cron interval: [> 1, > 2, > 3 intervals]. */
  readonly overIntervals: readonly [number, number, number];
}

/**
 * Nearest-rank percentiles of the waits (ms), an unanswered edit counted at its wait so far: it
 * waited at least that long, so leaving it out would flatter the figures.
 */
export function waitFigures(
  answered: readonly number[],
  unansweredSoFar: readonly number[],
  intervalMs: number,
): WaitFigures {
  const all = [...answered, ...unansweredSoFar].sort((a, b) => a - b);
  const rank = (p: number) => all[Math.max(0, Math.ceil(p * all.length) - 1)] ?? 0;
  const over = (m: number) => all.filter((w) => w > m * intervalMs).length;
  return {
    measured: answered.length,
    unanswered: unansweredSoFar.length,
    p50: rank(0.5),
    p95: rank(0.95),
    max: all[all.length - 1] ?? 0,
    overIntervals: [over(1), over(2), over(3)],
  };
}

/**
 * Each answered edit's wait after the first tick that followed it (`ticks`: when each poll
 * ended): the part of the wait the worker's syncs and the quota make, apart from the wait for the
 * cron, which the interval alone sets (half of it at the median, whatever the worker does).
 */
export function afterTickMs(
  edits: readonly { readonly at: number; readonly answeredAt: number }[],
  ticks: readonly number[],
): number[] {
  const sorted = [...ticks].sort((a, b) => a - b);
  return edits.flatMap((edit) => {
    const tick = sorted.find((t) => t >= edit.at);
    return tick === undefined || tick > edit.answeredAt ? [] : [edit.answeredAt - tick];
  });
}
