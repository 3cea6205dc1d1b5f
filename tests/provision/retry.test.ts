import { describe, expect, it } from "vitest";
import { withRetry } from "../../scripts/provision/retry";

const failure = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`HTTP ${status}`), {
    status,
    response: { status, headers: new Headers(retryAfter ? { "retry-after": retryAfter } : {}) },
  });

describe("withRetry", () => {
  it("waits on 429 and 5xx, doubling, and honours Retry-After", async () => {
    const waits: number[] = [];
    const errors = [failure(429, "7"), failure(503), failure(500)];
    const value = await withRetry(
      async () => {
        const error = errors.shift();
        if (error) throw error;
        return "done";
      },
      { baseDelayMs: 1000, random: () => 1, sleep: async (ms) => void waits.push(ms) },
    );
    expect(value).toBe("done");
    expect(waits).toEqual([7000, 2000, 4000]);
  });

  it("gives up after the last attempt and never retries a 4xx", async () => {
    let calls = 0;
    const sleep = async () => undefined;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure(403);
        },
        { sleep },
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure(429);
        },
        { attempts: 3, sleep },
      ),
    ).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(4);
  });
});
