import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../scripts/bench/args";
import {
  afterTickMs,
  burstRuns,
  EDIT_GAP_MAX_MS,
  EDIT_GAP_MIN_MS,
  editTimes,
  typingSchools,
  waitFigures,
} from "../../scripts/bench/burst-plan";
import { seeded } from "../../scripts/bench/rng";

const options = (argv: string[]) => {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok || !("options" in parsed)) throw new Error(JSON.stringify(parsed));
  return parsed.options;
};
const problems = (argv: string[]) => {
  const parsed = parseCommandLine(argv);
  return parsed.ok ? [] : parsed.problems;
};

describe("burst benchmark: command line", () => {
  it("defaults to 200 schools, K 30/60/120/200, 1 and 5 accounts, 3 production ticks", () => {
    const o = options(["--only", "burst"]);
    expect(o.only).toEqual(["burst"]);
    expect(o.burstSchools).toBe(200);
    expect(o.burstK).toEqual([30, 60, 120, 200]);
    expect(o.burstAccounts).toEqual([1, 5]);
    expect(o.burstTickSeconds).toBe(120);
    expect(o.burstMinutes * 60).toBeGreaterThanOrEqual(3 * o.burstTickSeconds);
    expect(burstRuns(o.burstAccounts, o.burstK, o.burstRuns)).toEqual([
      { accounts: 1, k: 30 },
      { accounts: 1, k: 60 },
      { accounts: 1, k: 120 },
      { accounts: 1, k: 200 },
      { accounts: 5, k: 30 },
      { accounts: 5, k: 60 },
      { accounts: 5, k: 120 },
      { accounts: 5, k: 200 },
    ]);
  });

  it("takes lists, and explicit pairs over the lists", () => {
    const o = options(["--burst-k", "10, 20", "--burst-accounts", "3", "--burst-minutes", "1.5"]);
    expect(burstRuns(o.burstAccounts, o.burstK, o.burstRuns)).toEqual([
      { accounts: 3, k: 10 },
      { accounts: 3, k: 20 },
    ]);
    expect(o.burstMinutes).toBe(1.5);
    const p = options(["--burst-runs", "5x120,1X30"]);
    expect(burstRuns(p.burstAccounts, p.burstK, p.burstRuns)).toEqual([
      { accounts: 5, k: 120 },
      { accounts: 1, k: 30 },
    ]);
  });

  it("names the flag and the bad item", () => {
    expect(problems(["--burst-k", "30,abc"])).toEqual([
      "--burst-k 应为 1–5000 之间的整数列表，收到「abc」",
    ]);
    expect(problems(["--burst-runs", "5x120,5"])[0]).toContain("收到「5」");
    expect(problems(["--burst-accounts", "0"])[0]).toContain("--burst-accounts");
    expect(problems(["--burst-schools", "20", "--burst-k", "30"])[0]).toContain("30");
  });
});

describe("burst benchmark: plan and figures", () => {
  it("types an edit every 60–90 s per school, the first within 90 s, all inside the window", () => {
    const times = editTimes(seeded(1), 50, 360_000);
    expect(times).toEqual(editTimes(seeded(1), 50, 360_000));
    for (const school of times) {
      expect(school[0]).toBeLessThan(EDIT_GAP_MAX_MS);
      expect(school.at(-1)).toBeLessThan(360_000);
      for (let i = 1; i < school.length; i += 1) {
        const gap = (school[i] ?? 0) - (school[i - 1] ?? 0);
        expect(gap).toBeGreaterThanOrEqual(EDIT_GAP_MIN_MS);
        expect(gap).toBeLessThanOrEqual(EDIT_GAP_MAX_MS);
      }
      // 360 s hold at least 4 and at most 6 edits at these gaps.
      expect(school.length).toBeGreaterThanOrEqual(4);
      expect(school.length).toBeLessThanOrEqual(6);
    }
  });

  it("picks K distinct schools of the county", () => {
    const picked = typingSchools(seeded(3), 200, 120);
    expect(new Set(picked).size).toBe(120);
    expect(Math.min(...picked)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...picked)).toBeLessThan(200);
    expect(typingSchools(seeded(3), 5, 10).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("takes nearest-rank percentiles and counts an unanswered edit at its wait so far", () => {
    const answered = Array.from({ length: 19 }, (_, i) => (i + 1) * 10_000); // 10 … 190 s
    const w = waitFigures(answered, [400_000], 120_000);
    expect(w.measured).toBe(19);
    expect(w.unanswered).toBe(1);
    expect(w.p50).toBe(100_000);
    expect(w.p95).toBe(190_000);
    expect(w.max).toBe(400_000);
    // Over 120 s: 130 … 190 and the unanswered; over 240 s and 360 s: the unanswered only.
    expect(w.overIntervals).toEqual([8, 1, 1]);
    expect(waitFigures([], [], 120_000)).toMatchObject({ measured: 0, p50: 0, max: 0 });
  });

  it("splits off the wait for the tick: what is left runs from the first tick after the edit", () => {
    const ticks = [120_000, 0, 240_000];
    const edits = [
      { at: 10_000, answeredAt: 130_000 },
      { at: 119_000, answeredAt: 250_000 },
      // Shown before any tick passed (a tick's poll ending after its sync): left out.
      { at: 200_000, answeredAt: 235_000 },
    ];
    expect(afterTickMs(edits, ticks)).toEqual([10_000, 130_000]);
  });
});
