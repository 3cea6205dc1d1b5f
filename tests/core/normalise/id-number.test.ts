import { describe, expect, it } from "vitest";
import {
  checkOtherId,
  checkResidentId,
  normaliseIdNumber,
  residentIdCheckDigit,
} from "../../../src/core/normalise";

const TODAY = "2026-04-28";

/** Fixtures get their check digit from the implementation, trusted once it passes the
 * published examples below. */
function withCheckDigit(first17: string): string {
  return `${first17}${residentIdCheckDigit(first17)}`;
}

function issueCode(value: unknown): string | undefined {
  const result = checkResidentId(value, TODAY);
  return result.ok ? undefined : result.issue.code;
}

describe("residentIdCheckDigit", () => {
  it("matches published examples", () => {
    expect(residentIdCheckDigit("11010519491231002")).toBe("X");
    expect(residentIdCheckDigit("44030819990110151")).toBe("2");
  });

  it("needs exactly 17 digits", () => {
    expect(residentIdCheckDigit("1101051949123100")).toBeUndefined();
    expect(residentIdCheckDigit("1101051949123100X")).toBeUndefined();
  });
});

describe("checkResidentId", () => {
  it("accepts a valid number and reads birth date, sex and province", () => {
    expect(checkResidentId("11010519491231002X", TODAY)).toEqual({
      ok: true,
      value: { id: "11010519491231002X", birthDate: "1949-12-31", sex: "2", provinceCode: "11" },
    });
    expect(checkResidentId("440308199901101512", TODAY)).toEqual({
      ok: true,
      value: { id: "440308199901101512", birthDate: "1999-01-10", sex: "1", provinceCode: "44" },
    });
  });

  it.each([
    "11010519491231002x",
    " 110105 19491231 002X ",
    "１１０１０５１９４９１２３１００２Ｘ",
    "110105\u300019491231002x",
  ])("normalises %s", (input) => {
    const result = checkResidentId(input, TODAY);
    expect(result.ok && result.value.id).toBe("11010519491231002X");
  });

  it("accepts every listed province prefix, including 83 (Taiwan residence permits)", () => {
    for (const prefix of ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65"]) {
      expect(issueCode(withCheckDigit(`${prefix}062319850715001`))).toBeUndefined();
    }
    for (const prefix of ["71", "81", "82", "83", "91"]) {
      expect(issueCode(withCheckDigit(`${prefix}000019850715001`))).toBeUndefined();
    }
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    // A number-formatted cell: the float has already lost the last digits.
    [Number("110105194912310020"), "value.number_precision"],
    ["11010519491231002", "id.length"],
    ["110105194912310", "id.length"],
    ["11010519491231002XX", "id.length"],
    ["1101051949123100AX", "id.characters"],
    ["X10105194912310021", "id.characters"],
    [withCheckDigit("16062319850715001"), "id.province"],
    [withCheckDigit("00062319850715001"), "id.province"],
    [withCheckDigit("43062319850230001"), "id.birth_date"],
    [withCheckDigit("43062319851301001"), "id.birth_date"],
    [withCheckDigit("43062320300101001"), "id.birth_date_future"],
    [withCheckDigit("43062318991231001"), "id.birth_date_before_1900"],
    ["110105194912310021", "id.check_digit"],
  ])("%o → %s", (input, code) => {
    expect(issueCode(input)).toBe(code);
  });

  it("says which check digit was expected", () => {
    expect(checkResidentId("110105194912310021", TODAY)).toEqual({
      ok: false,
      issue: { code: "id.check_digit", params: { expected: "X", actual: "1" } },
    });
  });

  it("reports the length found", () => {
    expect(checkResidentId("12345", TODAY)).toEqual({
      ok: false,
      issue: { code: "id.length", params: { length: 5 } },
    });
  });

  it("reads sex from the 17th digit", () => {
    const odd = checkResidentId(withCheckDigit("43062319850715003"), TODAY);
    const even = checkResidentId(withCheckDigit("43062319850715004"), TODAY);
    expect(odd.ok && odd.value.sex).toBe("1");
    expect(even.ok && even.value.sex).toBe("2");
  });
});

describe("normaliseIdNumber", () => {
  it("removes spaces, half-widths and uppercases", () => {
    expect(normaliseIdNumber(" ｘ 12 ")).toBe("X12");
    expect(normaliseIdNumber(null)).toBe("");
  });
});

describe("checkOtherId", () => {
  it.each<[unknown, string]>([
    ["E12345678", "E12345678"],
    ["南字第 123456 号", "南字第123456号"],
    ["a123456(7)", "A123456(7)"],
    [12345678, "12345678"],
    ["x".repeat(30), "X".repeat(30)],
  ])("%o → %s", (input, expected) => {
    expect(checkOtherId(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    ["x".repeat(31), "id.other_length"],
    ["AB\uE000CD", "id.characters"],
    [1.2e20, "value.number_precision"],
  ])("%o → %s", (input, code) => {
    const result = checkOtherId(input);
    expect(result.ok ? undefined : result.issue.code).toBe(code);
  });
});
