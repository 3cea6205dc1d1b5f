/**
 * The demo's requests to the worker's admin API, with the admin token. A 503 with Retry-After
 * (Google's quota is spent for now, src/app.ts) is waited out with a countdown
 * (quota-wait.ts) and the request sent again, a bounded number of times; any other failure
 * fails the demo at once, with the worker's answer.
 */
import { type CountdownIo, consoleIo, countdown, retryAfterSeconds } from "./quota-wait";

export interface WorkerTarget {
  readonly workerUrl: string;
  readonly adminToken: string;
  /** Where the countdown goes; the console by default. */
  readonly io?: CountdownIo;
  /** How many quota waits one request may take before the demo gives up. Default 10. */
  readonly maxWaits?: number;
}

/** The answer as it came, once no quota wait is asked for (or the waits ran out). */
export async function workerFetch(
  target: WorkerTarget,
  method: string,
  route: string,
): Promise<Response> {
  const io = target.io ?? consoleIo();
  const maxWaits = target.maxWaits ?? 10;
  for (let waits = 0; ; waits++) {
    const res = await fetch(`${target.workerUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${target.adminToken}` },
    });
    const seconds =
      res.status === 503 ? retryAfterSeconds(res.headers.get("retry-after"), io.now()) : undefined;
    if (seconds === undefined || waits >= maxWaits) return res;
    await res.arrayBuffer();
    await countdown(seconds, io);
  }
}

/** The JSON answer of a request that must succeed. */
export async function workerJson<T>(
  target: WorkerTarget,
  method: string,
  route: string,
): Promise<T> {
  const res = await workerFetch(target, method, route);
  if (!res.ok) throw new Error(`${method} ${route} 失败：HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
