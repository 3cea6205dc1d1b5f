import { describe, expect, it } from "vitest";
import { parseInteger, parseNumber } from "../../../src/core/normalise";

describe("parseInteger", () => {
  it.each<[unknown, number]>([
    [12, 12],
    ["12", 12],
    [" 12 ", 12],
    ["１２", 12],
    ["12.0", 12],
    ["+3", 3],
    ["0", 0],
    [-0, 0],
  ])("%o → %d", (input, expected) => {
    expect(parseInteger(input)).toEqual({ ok: true, value: expected });
  });

  it("applies inclusive bounds", () => {
    expect(parseInteger(0, { min: 0, max: 40 }).ok).toBe(true);
    expect(parseInteger(40, { min: 0, max: 40 }).ok).toBe(true);
    expect(parseInteger(41, { min: 0, max: 40 })).toEqual({
      ok: false,
      issue: { code: "number.above_max", params: { max: 40 } },
    });
    expect(parseInteger(-1, { min: 0 })).toEqual({
      ok: false,
      issue: { code: "number.below_min", params: { min: 0 } },
    });
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    [[], "value.unsupported_type"],
    ["十二", "number.invalid"],
    ["12课时", "number.invalid"],
    ["1e3", "number.invalid"],
    ["1,200", "number.invalid"],
    [true, "number.invalid"],
    [Number.NaN, "number.invalid"],
    [Number.POSITIVE_INFINITY, "number.invalid"],
    [12.5, "number.not_integer"],
    ["12.5", "number.not_integer"],
  ])("%o → %s", (input, code) => {
    const result = parseInteger(input);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });
});

describe("parseNumber", () => {
  it.each<[unknown, number]>([
    [1.5, 1.5],
    ["1.5", 1.5],
    [".5", 0.5],
    ["2.", 2],
    ["１．５", 1.5],
    ["-3", -3],
  ])("%o → %d", (input, expected) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it("applies an exclusive minimum", () => {
    expect(parseNumber(0.1, { min: 0, exclusiveMin: true }).ok).toBe(true);
    expect(parseNumber(0, { min: 0, exclusiveMin: true })).toEqual({
      ok: false,
      issue: { code: "number.not_above_min", params: { min: 0 } },
    });
    expect(parseNumber(0, { min: 0 }).ok).toBe(true);
  });

  it("refuses text that is not a plain decimal", () => {
    expect(parseNumber("0x10")).toEqual({
      ok: false,
      issue: { code: "number.invalid", params: { value: "0x10" } },
    });
  });
});

describe("overflow", () => {
  it("refuses digit strings too long to be a finite number", () => {
    const result = parseNumber("9".repeat(400));
    expect(result.ok ? undefined : result.issue.code).toBe("number.invalid");
  });
});
