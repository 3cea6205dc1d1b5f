import { describe, expect, it } from "vitest";
import {
  buildLedger,
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
  perYear: 30,
  perCycle: 360,
  cycleYears: 5,
  cycleStartYear: 2016,
  newTeacherInduction: 150,
};

function teacher(number: string, extra: Partial<LedgerTeacher> = {}): LedgerTeacher {
  return {
    teacherNumber: `430623${number}`,
    name: `教师${number}`,
    schoolCode: "4306230001",
    newTeacher: false,
    firstYear: 2000,
    leftYear: null,
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

describe("the ledger", () => {
  it("sums confirmed credits per year and per cycle to date", () => {
    const [line] = buildLedger(
      [teacher("000001")],
      [entry("000001", 2015, 100), entry("000001", 2016, 70), entry("000001", 2017, 20.5)],
      RULE,
      2017,
    );
    // 2015 belongs to the previous cycle; the cycle to date owes 360 × 2 ÷ 5 = 144.
    expect(line).toMatchObject({
      yearCredits: 20.5,
      yearRequired: 30,
      cycleCredits: 90.5,
      cycleRequired: 144,
      owed: 53.5,
      status: "short",
    });
  });

  it("is met when both the year and the cycle to date are", () => {
    const [line] = buildLedger(
      [teacher("000001")],
      [entry("000001", 2016, 80), entry("000001", 2017, 70)],
      RULE,
      2017,
    );
    expect(line).toMatchObject({ owed: 0, status: "met" });
  });

  it("makes a new teacher owe the induction credits in their first year", () => {
    const fresh = teacher("000002", { newTeacher: true, firstYear: 2017 });
    const [line] = buildLedger([fresh], [entry("000002", 2017, 100)], RULE, 2017);
    // First year only: 30 + 150 for the year; the cycle owes one year (72) plus 150.
    expect(line).toMatchObject({
      yearRequired: 180,
      cycleRequired: 222,
      owed: 122,
      status: "induction",
    });
    const [later] = buildLedger([fresh], [entry("000002", 2017, 230)], RULE, 2018);
    expect(later).toMatchObject({ yearRequired: 30, cycleRequired: 294, status: "short" });
  });

  it("takes the year judged as a new teacher's first year when it is not known", () => {
    const [line] = buildLedger(
      [teacher("000002", { newTeacher: true, firstYear: null })],
      [],
      RULE,
      2017,
    );
    expect(line?.yearRequired).toBe(180);
  });

  it("stops requiring credits from the year a teacher left", () => {
    const gone = teacher("000003", { leftYear: 2017 });
    const [line] = buildLedger([gone], [entry("000003", 2016, 10)], RULE, 2017);
    // Owed for 2016 only (72 to date); shown, but not judged.
    expect(line).toMatchObject({ yearRequired: 0, cycleRequired: 72, status: "left" });
    const table = creditsTable(
      buildLedger([gone], [], RULE, 2017),
      [{ code: "4306230001", name: "甲" }],
      2017,
    );
    expect(table[2]?.slice(2, 4)).toEqual([0, 0]);
  });

  it("lets credits follow a transferred teacher, not the school that entered them", () => {
    const moved = teacher("000004", { schoolCode: "4306230002" });
    const [line] = buildLedger([moved], [entry("000004", 2017, 40)], RULE, 2017);
    expect(line).toMatchObject({ schoolCode: "4306230002", yearCredits: 40 });
  });

  it("counts pending entries apart as 待确认", () => {
    const [line] = buildLedger(
      [teacher("000005")],
      [entry("000005", 2017, 30), entry("000005", 2017, 12, false)],
      RULE,
      2017,
    );
    expect(line).toMatchObject({ yearCredits: 30, pending: 12 });
    expect(line && schoolLedgerTable([line])[1]).toEqual([
      "430623000005",
      "教师000005",
      30,
      30,
      30,
      144,
      114,
      12,
      "未达标",
    ]);
  });

  it("follows the rule in county.json when it changes", () => {
    const changed = loadCountyConfig({
      ...(rawCountyConfig as object),
      credits: { ...shippedCountyConfig.credits, perYear: 24, perCycle: 120, cycleStartYear: 2017 },
    });
    if (!changed.ok) throw new Error("county.json with a changed rule should load");
    const [line] = buildLedger(
      [teacher("000006")],
      [entry("000006", 2017, 24)],
      changed.value.credits,
      2017,
    );
    expect(line).toMatchObject({ yearRequired: 24, cycleRequired: 24, status: "met" });
  });

  it("defaults the plausibility ratio to 1 学分 per 学时", () => {
    const { creditsPerHour: _, ...credits } = shippedCountyConfig.credits;
    const loaded = loadCountyConfig({ ...(rawCountyConfig as object), credits });
    expect(loaded.ok && loaded.value.credits.creditsPerHour).toBe(1);
  });
});

describe("the credit log", () => {
  const event = (over: Partial<CreditEvent>): CreditEvent => ({
    at: "2017-03-20T02:00:00.000Z",
    actor: "jinxiu@hrjy.example.cn",
    kind: "confirmed",
    recordId: "R1",
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
