import { describe, expect, it } from "vitest";
import {
  PENDING_LAG_FLOOR_MS,
  QUOTA_WINDOW_MS,
  type QuotaBucket,
  QuotaLedger,
  type QuotaLimits,
  quotaBucketOf,
} from "../../src/core/quota/ledger";

const LIMITS: QuotaLimits = {
  sheetsRead: { perAccount: 5, perProject: 12 },
  sheetsWrite: { perAccount: 5, perProject: 12 },
  drive: { perAccount: 100, perProject: 100 },
};

/** The most starts in any window of a minute among `starts`. */
function busiestMinute(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (const [i, t] of sorted.entries()) {
    const inWindow = sorted.slice(i).filter((u) => u < t + QUOTA_WINDOW_MS).length;
    most = Math.max(most, inWindow);
  }
  return most;
}

/** A grant Google answers the instant it is sent (so its count is never late). */
function grantAnsweredAtOnce(
  ledger: QuotaLedger,
  bucket: QuotaBucket,
  accounts: string[],
  now: number,
  maxWaitMs: number,
) {
  const r = ledger.reserve(bucket, accounts, now, maxWaitMs, LIMITS);
  if (r.granted) ledger.settle(bucket, r.account, r.at, r.at);
  return r;
}

describe("quota ledger", () => {
  it("spreads a burst over the pool without exceeding any account's or the project's minute", () => {
    const ledger = new QuotaLedger();
    const accounts = ["a@x", "b@x", "c@x"];
    const grants: { account: string; at: number }[] = [];
    // 60 requests asked over two minutes, in bursts, each accepting any wait.
    for (let i = 0; i < 60; i++) {
      const now = Math.floor(i / 10) * 20_000;
      const r = grantAnsweredAtOnce(ledger, "sheetsRead", accounts, now, Number.POSITIVE_INFINITY);
      if (!r.granted) throw new Error("refused");
      expect(r.at).toBeGreaterThanOrEqual(now);
      grants.push(r);
    }
    expect(busiestMinute(grants.map((g) => g.at))).toBeLessThanOrEqual(12);
    for (const account of accounts) {
      const own = grants.filter((g) => g.account === account).map((g) => g.at);
      expect(busiestMinute(own)).toBeLessThanOrEqual(5);
      expect(own.length).toBeGreaterThan(15);
    }
    // The pool, not one account, sets the pace: 12 a minute, not 5.
    expect(grants.at(-1)?.at).toBeLessThan(5 * QUOTA_WINDOW_MS);
  });

  it("serves requests in the order they asked", () => {
    const ledger = new QuotaLedger();
    const starts = Array.from({ length: 20 }, (_, i) => {
      const r = grantAnsweredAtOnce(
        ledger,
        "sheetsWrite",
        ["a@x"],
        i * 100,
        Number.POSITIVE_INFINITY,
      );
      return r.granted ? r.at : -1;
    });
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[5]).toBe(QUOTA_WINDOW_MS);
  });

  it("refuses, without counting, what would wait longer than the caller accepts", () => {
    const ledger = new QuotaLedger();
    for (let i = 0; i < 5; i++) grantAnsweredAtOnce(ledger, "sheetsRead", ["a@x"], 0, 0);
    const refused = ledger.reserve("sheetsRead", ["a@x"], 1_000, 10_000, LIMITS);
    expect(refused).toEqual({ granted: false, retryInMs: QUOTA_WINDOW_MS - 1_000 });
    // Reads and writes are separate budgets.
    expect(ledger.reserve("sheetsWrite", ["a@x"], 1_000, 0, LIMITS)).toMatchObject({
      granted: true,
    });
    // Once the minute has passed the read budget is whole again: the refusal took nothing.
    const later = ledger.reserve("sheetsRead", ["a@x"], QUOTA_WINDOW_MS + 1, 0, LIMITS);
    expect(later).toMatchObject({ granted: true, at: QUOTA_WINDOW_MS + 1 });
  });

  it("a request Google answers late keeps its place in the window until its answer", () => {
    const ledger = new QuotaLedger();
    for (let i = 0; i < 5; i++) {
      const r = ledger.reserve("sheetsRead", ["a@x"], 0, 0, LIMITS);
      if (!r.granted) throw new Error("refused");
      // Google counted them when they reached it, some seconds after the grant.
      ledger.settle("sheetsRead", r.account, r.at, 4_000);
    }
    const next = ledger.reserve("sheetsRead", ["a@x"], 1_000, Number.POSITIVE_INFINITY, LIMITS);
    expect(next).toMatchObject({ granted: true, at: 4_000 + QUOTA_WINDOW_MS });
  });

  it("an unanswered request counts as late as the slowest answer of the last minute", () => {
    const ledger = new QuotaLedger();
    const grants = Array.from({ length: 5 }, () =>
      ledger.reserve("sheetsRead", ["a@x"], 0, 0, LIMITS),
    );
    const [first] = grants;
    if (!first?.granted) throw new Error("refused");
    // One answer took 8 s: the four still unanswered may be counted that late too.
    ledger.settle("sheetsRead", first.account, first.at, 8_000);
    const next = ledger.reserve("sheetsRead", ["a@x"], 1_000, Number.POSITIVE_INFINITY, LIMITS);
    expect(next).toMatchObject({ granted: true, at: 8_000 + QUOTA_WINDOW_MS });
    // With no answer yet, an unanswered request is assumed counted up to the floor's lag.
    const fresh = new QuotaLedger();
    for (let i = 0; i < 5; i++) fresh.reserve("sheetsWrite", ["a@x"], 0, 0, LIMITS);
    expect(
      fresh.reserve("sheetsWrite", ["a@x"], 0, Number.POSITIVE_INFINITY, LIMITS),
    ).toMatchObject({ at: PENDING_LAG_FLOOR_MS + QUOTA_WINDOW_MS });
  });

  it("Google's own count never passes a limit when requests reach it late, in bursts", () => {
    // A fake Google: each request reaches it 0–4.5 s after its grant (a busy worker, a burst
    // queued behind others) and is answered 0.3 s later; clients ask in bursts of 20.
    const ledger = new QuotaLedger();
    const accounts = ["a@x", "b@x", "c@x"];
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    type Event =
      | { t: number; kind: "ask" }
      | { t: number; kind: "answer"; account: string; at: number };
    const events: Event[] = [];
    for (let burst = 0; burst < 12; burst++)
      for (let i = 0; i < 20; i++) events.push({ t: burst * 15_000 + i * 10, kind: "ask" });
    const counted: { account: string; t: number }[] = [];
    while (events.length > 0) {
      events.sort((a, b) => a.t - b.t);
      const event = events.shift() as Event;
      if (event.kind === "answer") {
        ledger.settle("sheetsRead", event.account, event.at, event.t);
        continue;
      }
      const r = ledger.reserve("sheetsRead", accounts, event.t, Number.POSITIVE_INFINITY, LIMITS);
      if (!r.granted) throw new Error("refused");
      const arrival = r.at + random() * 4_500;
      counted.push({ account: r.account, t: arrival });
      events.push({ t: arrival + 300, kind: "answer", account: r.account, at: r.at });
    }
    expect(counted).toHaveLength(240);
    expect(busiestMinute(counted.map((c) => c.t))).toBeLessThanOrEqual(12);
    for (const account of accounts)
      expect(
        busiestMinute(counted.filter((c) => c.account === account).map((c) => c.t)),
      ).toBeLessThanOrEqual(5);
  });

  it("a backlog is granted one request at a time as the minute frees, never as a crowd", () => {
    // A fake Google that serves one request at a time, 0.8 s each, counting each when it starts
    // to serve it: requests sent together queue, and the last is counted seconds after its grant.
    const limits: QuotaLimits = { ...LIMITS, sheetsRead: { perAccount: 20, perProject: 20 } };
    const ledger = new QuotaLedger();
    type Event =
      | { t: number; kind: "send"; at: number }
      | { t: number; kind: "answer"; at: number };
    const events: Event[] = [];
    // A backlog: 120 requests ask at once, each accepting any wait (a queue consumer's).
    for (let i = 0; i < 120; i++) {
      const r = ledger.reserve("sheetsRead", ["a@x"], 0, Number.POSITIVE_INFINITY, limits);
      if (!r.granted) throw new Error("refused");
      events.push({ t: r.at, kind: "send", at: r.at });
    }
    let googleFreeAt = 0;
    const counted: number[] = [];
    while (events.length > 0) {
      events.sort((a, b) => a.t - b.t);
      const event = events.shift() as Event;
      if (event.kind === "answer") {
        ledger.settle("sheetsRead", "a@x", event.at, event.t);
        continue;
      }
      const start = Math.max(event.t, googleFreeAt);
      googleFreeAt = start + 800;
      counted.push(start);
      events.push({ t: googleFreeAt, kind: "answer", at: event.at });
    }
    expect(busiestMinute(counted)).toBeLessThanOrEqual(20);
  });

  it("names the quota metric of each googleapis method", () => {
    expect(quotaBucketOf("drive.files.list")).toBe("drive");
    expect(quotaBucketOf("sheets.spreadsheets.get")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchGet")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchGetByDataFilter")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchUpdate")).toBe("sheetsWrite");
    expect(quotaBucketOf("sheets.spreadsheets.batchUpdate")).toBe("sheetsWrite");
  });
});
