import { describe, expect, it } from "vitest";
import {
  QUOTA_WINDOW_MS,
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

describe("quota ledger", () => {
  it("spreads a burst over the pool without exceeding any account's or the project's minute", () => {
    const ledger = new QuotaLedger();
    const accounts = ["a@x", "b@x", "c@x"];
    const grants: { account: string; at: number }[] = [];
    // 60 requests asked over two minutes, in bursts, each accepting any wait.
    for (let i = 0; i < 60; i++) {
      const now = Math.floor(i / 10) * 20_000;
      const r = ledger.reserve("sheetsRead", accounts, now, Number.POSITIVE_INFINITY, LIMITS);
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
      const r = ledger.reserve("sheetsWrite", ["a@x"], i * 100, Number.POSITIVE_INFINITY, LIMITS);
      return r.granted ? r.at : -1;
    });
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[5]).toBe(QUOTA_WINDOW_MS);
  });

  it("refuses, without counting, what would wait longer than the caller accepts", () => {
    const ledger = new QuotaLedger();
    for (let i = 0; i < 5; i++) ledger.reserve("sheetsRead", ["a@x"], 0, 0, LIMITS);
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

  it("names the quota metric of each googleapis method", () => {
    expect(quotaBucketOf("drive.files.list")).toBe("drive");
    expect(quotaBucketOf("sheets.spreadsheets.get")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchGet")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchGetByDataFilter")).toBe("sheetsRead");
    expect(quotaBucketOf("sheets.spreadsheets.values.batchUpdate")).toBe("sheetsWrite");
    expect(quotaBucketOf("sheets.spreadsheets.batchUpdate")).toBe("sheetsWrite");
  });
});
