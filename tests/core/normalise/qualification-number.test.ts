import { describe, expect, it } from "vitest";
import { checkQualificationNumber } from "../../../src/core/normalise";

const TODAY = "2026-04-28";
const VALID = "20174306221000123";
/** A 1997 certificate of the first 认定 round: 97 · 430623 (华容县) · 3 (初中) · 1 · 00123. */
const FIRST_ROUND = "974306233100123";

describe("checkQualificationNumber", () => {
  it("splits a valid 17-digit number into its parts", () => {
    expect(checkQualificationNumber(VALID, TODAY, "2")).toEqual({
      ok: true,
      value: {
        number: VALID,
        year: "2017",
        issuer: "43062",
        type: "2",
        sex: "1",
        serial: "000123",
      },
    });
  });

  it("splits a valid 15-digit number of the first 认定 rounds into its parts", () => {
    expect(checkQualificationNumber(FIRST_ROUND, TODAY, "3")).toEqual({
      ok: true,
      value: {
        number: FIRST_ROUND,
        year: "1997",
        issuer: "430623",
        type: "3",
        sex: "1",
        serial: "00123",
      },
    });
  });

  it.each<[string, unknown, string | undefined]>([
    ["17 digits with spaces", "2017 4306 2210 00123", undefined],
    ["17 full-width digits", "２０１７４３０６２２１０００１２３", "2"],
    ["15 digits with spaces", "97 430623 3 1 00123", "3"],
    ["15 full-width digits", "９７４３０６２３３１００１２３", "3"],
    ["15 digits of 1996", "964306232200001", "2"],
    ["15 digits of 2000", "004306234100001", "4"],
    ["15 digits typed as a number (exact below 2^53)", 974306233100123, "3"],
  ])("accepts %s", (_, input, type) => {
    expect(checkQualificationNumber(input, TODAY, type).ok).toBe(true);
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    // A number-formatted cell: the float has already lost the last digits.
    [Number("20174306221000123"), "value.number_precision"],
    ["2017430622100012", "qualification.length"],
    ["201743062210001234", "qualification.length"],
    ["97430623310012", "qualification.length"],
    ["2017430622100012X", "qualification.characters"],
    ["18974306221000123", "qualification.year"],
    ["20274306221000123", "qualification.year"],
    // 15 digits belong to 1996–2000 only: 95 and 01 are not first-round years.
    ["954306233100123", "qualification.year"],
    ["014306233100123", "qualification.year"],
    ["20174306201000123", "qualification.type_invalid"],
    ["20174306281000123", "qualification.type_invalid"],
    ["974306230100123", "qualification.type_invalid"],
    ["974306238100123", "qualification.type_invalid"],
  ])("%o → %s", (input, code) => {
    const result = checkQualificationNumber(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });

  it("reports a type digit that differs from the 种类 column, with its position", () => {
    expect(checkQualificationNumber(VALID, TODAY, "3")).toEqual({
      ok: false,
      issue: {
        code: "qualification.type_mismatch",
        params: { expected: "3", actual: "2", position: 10 },
      },
    });
    expect(checkQualificationNumber(FIRST_ROUND, TODAY, "2")).toEqual({
      ok: false,
      issue: {
        code: "qualification.type_mismatch",
        params: { expected: "2", actual: "3", position: 9 },
      },
    });
  });
});
