import { describe, expect, it } from "vitest";
import { checkQualificationNumber } from "../../../src/core/normalise";

const TODAY = "2026-04-28";
const VALID = "20174306221000123";

describe("checkQualificationNumber", () => {
  it("splits a valid number into its parts", () => {
    expect(checkQualificationNumber(VALID, TODAY, "2")).toEqual({
      ok: true,
      value: {
        number: VALID,
        year: "2017",
        provinceCode: "43",
        body: "062",
        type: "2",
        sex: "1",
        serial: "000123",
      },
    });
  });

  it("accepts spaces, full-width digits and no expected type", () => {
    expect(checkQualificationNumber("2017 4306 2210 00123", TODAY).ok).toBe(true);
    expect(checkQualificationNumber("２０１７４３０６２２１０００１２３", TODAY, "2").ok).toBe(
      true,
    );
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    // A number-formatted cell: the float has already lost the last digits.
    [Number("20174306221000123"), "value.number_precision"],
    ["2017430622100012", "qualification.length"],
    ["201743062210001234", "qualification.length"],
    ["2017430622100012X", "qualification.characters"],
    ["18974306221000123", "qualification.year"],
    ["20274306221000123", "qualification.year"],
    ["20174306201000123", "qualification.type_invalid"],
    ["20174306281000123", "qualification.type_invalid"],
  ])("%o → %s", (input, code) => {
    const result = checkQualificationNumber(input, TODAY);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });

  it("reports a type digit that differs from the 种类 column", () => {
    expect(checkQualificationNumber(VALID, TODAY, "3")).toEqual({
      ok: false,
      issue: { code: "qualification.type_mismatch", params: { expected: "3", actual: "2" } },
    });
  });
});
