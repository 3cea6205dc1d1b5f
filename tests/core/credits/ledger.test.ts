import { describe, expect, it } from "vitest";
import {
  buildLedger,
  CREDIT_STATUS_LABELS,
  type CreditEntry,
  type CreditRule,
  cycleOf,
  type LedgerTeacher,
} from "../../../src/core/credits/ledger";
import { type CreditEvent, confirmedEntries } from "../../../src/core/credits/log";
import { creditsTable, schoolLedgerTable } from "../../../src/core/credits/tables";
import { rawCountyConfig, shippedCountyConfig } from "../../../src/core/templates/bundle";
import { loadCountyConfig } from "../../../src/core/templates/county";

const RULE: CreditRule = {
  perYear: 72,
  perCycle: 360,
  cycleYears: 5,
  cycleStartYear: 2016,
  newTeacherInduction: 150,
  absence: { codes: ["203"], minMonths: 3 },
};

function teacher(number: string, extra: Partial<LedgerTeacher> = {}): LedgerTeacher {
  return {
    teacherNumber: `430623${number}`,
    name: `教师${number}`,
    schoolCode: "4306230001",
    newTeacher: false,
    started: "2000-09",
    leaves: null,
    ...extra,
  };
}

function entry(number: string, year: number, credits: number, confirmed = true): CreditEntry {
  return { teacherNumber: `430623${number}`, year, credits, confirmed };
}

describe("cycles", () => {
  it("are anchored on cycleStartYear, before and after it", () => {
    expect(cycleOf(RULE, 2016)).toEqual({ first: 2016, last: 2020 });
    expect(cycleOf(RULE, 2020)).toEqual({ first: 2016, last: 2020 });
    expect(cycleOf(RULE, 2021)).toEqual({ first: 2021, last: 2025 });
    expect(cycleOf(RULE, 2015)).toEqual({ first: 2011, last: 2015 });
  });
});

describe("the ledger, as a table of real cases (judged for 2017 unless said)", () => {
  const line = (who: LedgerTeacher, entries: CreditEntry[], year = 2017) => {
    const [only] = buildLedger([who], entries, RULE, year);
    if (only === undefined) throw new Error("one line expected");
    const { yearCredits, yearRequired, cycleCredits, cycleRequired, owed, pending } = only;
    return [
      yearCredits,
      yearRequired,
      cycleCredits,
      cycleRequired,
      owed,
      pending,
      only.returned,
      CREDIT_STATUS_LABELS[only.status],
    ];
  };
  const cases: [string, LedgerTeacher, CreditEntry[], number, (number | string)[]][] = [
    // 360 ÷ 5 = 72 a year; two years of the cycle to date owe 144.
    [
      "ordinary teacher",
      teacher("000001"),
      [entry("000001", 2016, 72), entry("000001", 2017, 80)],
      2017,
      [80, 72, 152, 144, 0, 0, 0, "达标"],
    ],
    [
      "short of the year",
      teacher("000002"),
      [entry("000002", 2016, 100), entry("000002", 2017, 40)],
      2017,
      [40, 72, 140, 144, 32, 0, 0, "未达标"],
    ],
    // Hired September 2017: 4 months of 72 (24) and 4 of the probation's 150 (50).
    [
      "new teacher hired in September",
      teacher("000003", { newTeacher: true, started: "2017-09" }),
      [entry("000003", 2017, 20)],
      2017,
      [20, 74, 20, 74, 54, 0, 0, "新任教师"],
    ],
    // The probation runs on to August 2018: 8 months of 150 (100) on top of the year's 72.
    [
      "the same teacher the year after",
      teacher("000003", { newTeacher: true, started: "2017-09" }),
      [entry("000003", 2017, 74), entry("000003", 2018, 172)],
      2018,
      [172, 172, 246, 246, 0, 0, 0, "达标"],
    ],
    // Started March 2018: nothing owed for 2016–2017, 10 months of 2018.
    [
      "teacher who started mid-cycle",
      teacher("000004", { started: "2018-03" }),
      [entry("000004", 2018, 60)],
      2018,
      [60, 60, 60, 60, 0, 0, 0, "达标"],
    ],
    [
      "the same teacher before starting",
      teacher("000004", { started: "2018-03" }),
      [],
      2017,
      [0, 0, 0, 0, 0, 0, 0, "未参加工作"],
    ],
    // 长病假 since September: 8 months of 72 (48) this year.
    [
      "teacher on 长病假 for four months",
      teacher("000005", { status: { code: "203", since: "2017-09-01" } }),
      [entry("000005", 2016, 72), entry("000005", 2017, 48)],
      2017,
      [48, 48, 120, 120, 0, 0, 0, "达标"],
    ],
    [
      "a two-month 长病假 is not prorated",
      teacher("000006", { status: { code: "203", since: "2017-11-01" } }),
      [entry("000006", 2016, 72), entry("000006", 2017, 48)],
      2017,
      [48, 72, 120, 144, 24, 0, 0, "未达标"],
    ],
    // 退休 dated 2018-03-01: served January and February of 2018 (12), and all of 2017.
    [
      "leaver with a dated retirement, the year before",
      teacher("000007", { leaves: "2018-03-01" }),
      [entry("000007", 2016, 72), entry("000007", 2017, 72)],
      2017,
      [72, 72, 144, 144, 0, 0, 0, "达标"],
    ],
    [
      "leaver with a dated retirement, the year of it",
      teacher("000007", { leaves: "2018-03-01" }),
      [entry("000007", 2016, 72), entry("000007", 2017, 72)],
      2018,
      [0, 12, 144, 156, 12, 0, 0, "已离开"],
    ],
    // Pending of another year is not this year's.
    [
      "credits awaiting confirmation",
      teacher("000008"),
      [
        entry("000008", 2016, 72),
        entry("000008", 2017, 50),
        entry("000008", 2017, 30, false),
        entry("000008", 2016, 9, false),
      ],
      2017,
      [50, 72, 122, 144, 22, 30, 0, "未达标"],
    ],
    [
      "credits returned",
      teacher("000009"),
      [
        entry("000009", 2016, 72),
        entry("000009", 2017, 72),
        { ...entry("000009", 2017, 20, false), returned: true },
      ],
      2017,
      [72, 72, 144, 144, 0, 0, 20, "达标"],
    ],
  ];
  it.each(cases)("%s", (_, who, entries, year, expected) => {
    expect(line(who, entries, year)).toEqual(expected);
  });

  it("lets credits follow a transferred teacher, not the school that entered them", () => {
    const moved = teacher("000010", { schoolCode: "4306230002" });
    const [only] = buildLedger([moved], [entry("000010", 2017, 40)], RULE, 2017);
    expect(only).toMatchObject({ schoolCode: "4306230002", yearCredits: 40 });
  });

  it("leaves leavers and teachers not yet at work out of the summary's counts", () => {
    const lines = buildLedger(
      [teacher("000011", { leaves: "2017-03-01" }), teacher("000012", { started: "2019-09" })],
      [],
      RULE,
      2017,
    );
    const table = creditsTable(lines, [{ code: "4306230001", name: "甲" }], 2017);
    expect(table[2]?.slice(2, 4)).toEqual([0, 0]);
  });

  it("shows pending and returned credits in the school's 学分台账", () => {
    const lines = buildLedger(
      [teacher("000013")],
      [
        entry("000013", 2017, 30),
        entry("000013", 2017, 12, false),
        { ...entry("000013", 2017, 5, false), returned: true },
      ],
      RULE,
      2017,
    );
    expect(schoolLedgerTable(lines)[1]).toEqual([
      "430623000013",
      "教师000013",
      30,
      72,
      30,
      144,
      114,
      12,
      5,
      "未达标",
    ]);
  });
});

describe("the rule in county.json", () => {
  const load = (credits: Record<string, unknown>) =>
    loadCountyConfig({ ...(rawCountyConfig as object), credits });
  const { perYear: _, ...shipped } = shippedCountyConfig.credits;

  it("defaults to the national 360 per five-year cycle, the year derived as 72", () => {
    expect(shippedCountyConfig.credits).toMatchObject({
      perCycle: 360,
      cycleYears: 5,
      perYear: 72,
    });
    const { perCycle: _c, cycleYears: _y, ...bare } = shipped;
    const loaded = load(bare);
    expect(loaded.ok && loaded.value.credits).toMatchObject({
      perCycle: 360,
      cycleYears: 5,
      perYear: 72,
    });
  });

  it("refuses a yearly total that cannot reach the cycle, naming the fields in Chinese", () => {
    const loaded = load({ ...shipped, perYear: 30 });
    expect(loaded.ok).toBe(false);
    const text = JSON.stringify(loaded);
    for (const field of ["credits.perYear", "credits.cycleYears", "credits.perCycle", "150", "360"])
      expect(text).toContain(field);
  });

  it("refuses the reverse: a cycle below the years' sum", () => {
    const loaded = load({ ...shipped, perYear: 100 });
    expect(loaded.ok).toBe(false);
    expect(JSON.stringify(loaded)).toContain("周期要求低于每年要求之和");
  });

  it("follows the county's own figures when they add up", () => {
    const changed = load({ ...shipped, perYear: 24, perCycle: 120, cycleStartYear: 2017 });
    if (!changed.ok) throw new Error("county.json with a changed rule should load");
    const [only] = buildLedger(
      [teacher("000014")],
      [entry("000014", 2017, 24)],
      changed.value.credits,
      2017,
    );
    expect(only).toMatchObject({ yearRequired: 24, cycleRequired: 24, status: "met" });
  });

  it("defaults the plausibility ratio to 1 学分 per 学时 and the long absences to 3 months", () => {
    const { creditsPerHour: _p, absence: _a, ...credits } = shippedCountyConfig.credits;
    const loaded = load(credits);
    expect(loaded.ok && loaded.value.credits.creditsPerHour).toBe(1);
    expect(loaded.ok && loaded.value.credits.absence.minMonths).toBe(3);
  });
});

describe("the credit log", () => {
  const event = (over: Partial<CreditEvent>): CreditEvent => ({
    at: "2017-03-20T02:00:00.000Z",
    actor: "jinxiu@hrjy.example.cn",
    kind: "confirmed",
    recordId: "R1",
    version: 1,
    teacherNumber: "430623000001",
    name: "教师000001",
    year: 2017,
    before: null,
    after: 10,
    ...over,
  });

  it("rebuilds the confirmed entries: each row's credits after its last decision", () => {
    const log = [
      event({}),
      event({ at: "2017-04-01T02:00:00.000Z", before: 10, after: 12 }),
      event({ at: "2017-04-02T02:00:00.000Z", kind: "returned", before: 12, after: 12 }),
      event({ recordId: "R2", kind: "returned", year: null, after: null }),
    ];
    expect(confirmedEntries(log)).toEqual([
      { teacherNumber: "430623000001", year: 2017, credits: 12, confirmed: true },
    ]);
  });
});
