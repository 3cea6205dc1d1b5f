/**
 * The demo waits for Google's quota in the open (issue 22, "Quota"): a 503 with Retry-After from
 * the worker becomes a countdown in Chinese, rewritten in place every few seconds on a terminal
 * and one line per ~10 s otherwise (CI logs stay short), then the request is sent again.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CountdownIo,
  countdown,
  quotaWaitText,
  retryAfterSeconds,
} from "../../scripts/demo/quota-wait";
import { workerFetch, workerJson } from "../../scripts/demo/worker-api";

/** A fake clock: sleeping moves it on at once; every write is kept. */
function fakeIo(tty: boolean, start = 1_000_000): CountdownIo & { out: string[]; slept: number[] } {
  let now = start;
  const out: string[] = [];
  const slept: number[] = [];
  return {
    tty,
    out,
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    write: (text) => {
      out.push(text);
    },
  };
}

describe("the quota countdown", () => {
  it("says in Chinese how long is left", () => {
    expect(quotaWaitText(42)).toBe("谷歌配额已用完，约 42 秒后继续……");
  });

  it("off a terminal: one line per ~10 s, and it waits the whole time", async () => {
    const io = fakeIo(false);
    await countdown(42, io);
    expect(io.slept.reduce((a, b) => a + b, 0)).toBe(42_000);
    const lines = io.out.join("").split("\n").filter(Boolean);
    expect(lines).toEqual([
      "  谷歌配额已用完，约 42 秒后继续……",
      "  谷歌配额已用完，约 32 秒后继续……",
      "  谷歌配额已用完，约 22 秒后继续……",
      "  谷歌配额已用完，约 12 秒后继续……",
      "  谷歌配额已用完，约 2 秒后继续……",
      "  已等待 42 秒，继续",
    ]);
    expect(io.out.join("")).not.toContain("\r");
  });

  it("on a terminal: one line rewritten every few seconds, ended by a newline", async () => {
    const io = fakeIo(true);
    await countdown(10, io);
    const text = io.out.join("");
    expect(io.slept.every((ms) => ms <= 3_000)).toBe(true);
    expect(io.slept.length).toBeGreaterThanOrEqual(4);
    expect(text.split("\n")).toHaveLength(2);
    expect(text).toContain("\r");
    expect(text).toContain("约 10 秒后继续");
    expect(text).toContain("约 4 秒后继续");
    expect(text.endsWith("已等待 10 秒，继续\n")).toBe(true);
  });

  it("counts by the clock: a sleep that overruns shortens what is left", async () => {
    const io = fakeIo(false);
    const slow: CountdownIo = { ...io, sleep: async (ms) => io.sleep(ms + 5_000) };
    await countdown(30, slow);
    expect(io.slept.length).toBe(2);
  });

  it("reads Retry-After as seconds or as a date, and nothing else", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    expect(retryAfterSeconds("60", now)).toBe(60);
    expect(retryAfterSeconds("Mon, 07 Dec 2026 12:00:30 GMT", now)).toBe(30);
    expect(retryAfterSeconds("Mon, 07 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
  });
});

describe("the demo's request to the worker", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  /** A worker stand-in: refuses `refusals` times with 503 + Retry-After, then answers. */
  async function worker(refusals: number, retryAfter = "25") {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      if (seen.length <= refusals) {
        res.writeHead(503, { "content-type": "application/json", "retry-after": retryAfter });
        res.end(JSON.stringify({ error: "Google 配额本分钟已用完，请一分钟后再试" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ changed: 2 }));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, seen };
  }

  it("turns a 503 + Retry-After into a countdown, then sends the request again", async () => {
    const { url, seen } = await worker(1);
    const io = fakeIo(false);
    const body = await workerJson<{ changed: number }>(
      { workerUrl: url, adminToken: "t0ken", io },
      "POST",
      "/api/sync?wait=1",
    );
    expect(body).toEqual({ changed: 2 });
    expect(seen).toEqual([
      "POST /api/sync?wait=1 Bearer t0ken",
      "POST /api/sync?wait=1 Bearer t0ken",
    ]);
    expect(io.slept.reduce((a, b) => a + b, 0)).toBe(25_000);
    expect(io.out[0]).toBe("  谷歌配额已用完，约 25 秒后继续……\n");
  });

  it("gives up after a bounded number of waits, saying why", async () => {
    const { url, seen } = await worker(100, "1");
    const io = fakeIo(false);
    await expect(
      workerJson({ workerUrl: url, adminToken: "t", io, maxWaits: 3 }, "GET", "/api/schools"),
    ).rejects.toThrow(/HTTP 503.*配额/);
    expect(seen).toHaveLength(4);
  });

  it("a 503 without Retry-After, or any other failure, is not waited for", async () => {
    const { url } = await worker(1, "");
    const io = fakeIo(false);
    const res = await workerFetch({ workerUrl: url, adminToken: "t", io }, "GET", "/api/schools");
    expect(res.status).toBe(503);
    expect(io.slept).toEqual([]);
  });
});
