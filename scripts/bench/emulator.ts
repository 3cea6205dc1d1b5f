/**
 * The emulator as the benchmarks use it: in this process, on loopback, with a throw-away data
 * directory (so writes pay the same persist-before-answer cost as `npm run emulator`) and with
 * quotas off (the benchmarks fire far more than 60 requests a minute on purpose; quota is
 * accounted for by counting requests, not by being throttled).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "../emulator/server";
import type { StatsSnapshot } from "../emulator/stats";

export async function withEmulator<T>(fn: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "tmis-bench-"));
  const emulator = await startEmulator({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    quotas: { enabled: false },
  });
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function control(emulator: RunningEmulator, route: string, method: "GET" | "POST") {
  const res = await fetch(`${emulator.url}/__emulator/${route}`, { method });
  if (!res.ok) throw new Error(`模拟器 ${method} /__emulator/${route}：HTTP ${res.status}`);
  return res;
}

export async function resetStats(emulator: RunningEmulator): Promise<void> {
  await control(emulator, "stats/reset", "POST");
}

export async function readStats(emulator: RunningEmulator): Promise<StatsSnapshot> {
  return (await (await control(emulator, "stats", "GET")).json()) as StatsSnapshot;
}

/** A1 column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */

/** A tab title as an A1 range prefix; quotes inside a title are doubled, as Sheets wants. */
export const quoted = (title: string): string => `'${title.replaceAll("'", "''")}'`;

/** Runs `fn` over `items` with at most `limit` in flight (the worker's 6 connections, say). */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
