/**
 * Property test: every public function, fed hundreds of odd values, returns instead of
 * throwing, and every failure carries a known code with string/number params.
 */
import { describe, expect, it } from "vitest";
import * as normalise from "../../../src/core/normalise";

const TODAY = "2026-04-28";
const table: normalise.CodeTableLike = {
  entries: [
    { code: "01", name: "汉族", aliases: ["汉"] },
    { code: "A", name: "护照/通行证" },
  ],
};

/** Deterministic PRNG (mulberry32) so a failure is reproducible from the seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ..."0123456789０１２３４５６７８９xX-/.:()（）：，、；;, \t\n\u3000",
  ..."年月日号学至到～—+＠@#转分机汉族是否",
  "\u0000",
  "\u0007",
  "\u200B",
  "\uFEFF",
  "\uD83D",
  "😀",
  "👨‍👩‍👧",
  "\u202E",
  "ｅ",
  "e",
];

function randomString(next: () => number): string {
  const length = Math.floor(next() * 40);
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

function randomNumber(next: () => number): number {
  const shapes = [
    () => Math.floor(next() * 1e8),
    () => (next() - 0.5) * 1e6,
    () => 1900 + next() * 200,
    () => 10 ** Math.floor(next() * 320) * (next() < 0.5 ? -1 : 1),
  ];
  return shapes[Math.floor(next() * shapes.length)]?.() ?? 0;
}

const hostile = {
  toString(): string {
    throw new Error("toString called");
  },
  [Symbol.toPrimitive](): never {
    throw new Error("coerced");
  },
};

const FIXED: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e21,
  10n,
  Symbol("s"),
  () => 1,
  {},
  [],
  [1, 2],
  ["2017-03-10"],
  new Date(Number.NaN),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(Date.UTC(2017, 2, 10)),
  Object.create(null),
  hostile,
  "",
  " ",
  "9".repeat(400),
  "2017-03-10".repeat(100_000),
  "\u0000".repeat(1000),
  "😀".repeat(1000),
];

function oddValues(count: number): unknown[] {
  const next = random(20170310);
  const values = [...FIXED];
  while (values.length < count) {
    values.push(next() < 0.6 ? randomString(next) : randomNumber(next));
  }
  return values;
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** One call per export; a new function without an entry here fails the coverage test. */
const CALLS: Record<string, (value: unknown) => unknown> = {
  toHalfWidth: (v) => normalise.toHalfWidth(stringOf(v)),
  normaliseText: (v) => normalise.normaliseText(v),
  isBlank: (v) => normalise.isBlank(v),
  removeSpaces: (v) => normalise.removeSpaces(v),
  cellText: (v) => normalise.cellText(v),
  stripControls: (v) => normalise.stripControls(stringOf(v)),
  typedText: (v) => normalise.typedText(v),
  quoteCell: (v) => normalise.quoteCell(v),
  ok: (v) => normalise.ok(v),
  fail: () => normalise.fail("value.empty"),
  excerpt: (v) => normalise.excerpt(stringOf(v)),
  serialToDate: (v) => normalise.serialToDate(typeof v === "number" ? v : 0),
  dateToSerial: (v) => normalise.dateToSerial(stringOf(v)),
  parseDate: (v) => normalise.parseDate(v, TODAY),
  parseYearMonth: (v) => normalise.parseYearMonth(v, TODAY),
  parseYear: (v) => normalise.parseYear(v, TODAY),
  parseAcademicYear: (v) => normalise.parseAcademicYear(v, TODAY),
  compareIso: (v) => normalise.compareIso(stringOf(v), "2017-03"),
  addYears: (v) => normalise.addYears(stringOf(v), typeof v === "number" ? v : 16),
  ageAt: (v) => normalise.ageAt(stringOf(v), TODAY),
  resolveCode: (v) => normalise.resolveCode(table, v),
  resolveCodeList: (v) => normalise.resolveCodeList(table, v),
  parseYesNo: (v) => normalise.parseYesNo(v),
  residentIdCheckDigit: (v) => normalise.residentIdCheckDigit(stringOf(v)),
  normaliseIdNumber: (v) => normalise.normaliseIdNumber(v),
  checkResidentId: (v) => normalise.checkResidentId(v, TODAY),
  checkOtherId: (v) => normalise.checkOtherId(v),
  checkMobile: (v) => normalise.checkMobile(v),
  checkFixedLine: (v) => normalise.checkFixedLine(v),
  phoneText: (v) => normalise.phoneText(stringOf(v)),
  checkEmail: (v) => normalise.checkEmail(v),
  checkPostcode: (v) => normalise.checkPostcode(v),
  checkQualificationNumber: (v) => normalise.checkQualificationNumber(v, TODAY, "2"),
  parseInteger: (v) => normalise.parseInteger(v, { min: 0, max: 40 }),
  parseNumber: (v) => normalise.parseNumber(v, { min: 0, exclusiveMin: true }),
};

function isFailure(result: unknown): result is { ok: false; issue: normalise.Issue } {
  return typeof result === "object" && result !== null && "ok" in result && result.ok === false;
}

describe("never throws", () => {
  const values = oddValues(600);

  it("covers every exported function", () => {
    const functions = Object.entries(normalise)
      .filter(([, exported]) => typeof exported === "function")
      .map(([name]) => name);
    expect(functions.sort()).toEqual(Object.keys(CALLS).sort());
  });

  it.each(Object.entries(CALLS))("%s", (_name, call) => {
    for (const value of values) {
      const result = call(value);
      if (isFailure(result)) {
        expect(normalise.ISSUE_CODES).toContain(result.issue.code);
        for (const param of Object.values(result.issue.params ?? {})) {
          expect(["string", "number"]).toContain(typeof param);
        }
      }
    }
  });
});
