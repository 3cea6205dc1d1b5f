import { describe, expect, it } from "vitest";
import { checkFixedLine, checkMobile, phoneText } from "../../../src/core/normalise";

function issueCode(result: { ok: boolean; issue?: { code: string } }): string | undefined {
  return result.ok ? undefined : result.issue?.code;
}

describe("checkMobile", () => {
  it.each<unknown>([
    "13812345678",
    "138 1234 5678",
    "138-1234-5678",
    "+86 138 1234 5678",
    "+8613812345678",
    "86-13812345678",
    "8613812345678",
    "0086 138 1234 5678",
    "１３８１２３４５６７８",
    "（+86）13812345678",
    13812345678,
  ])("%o → +8613812345678", (input) => {
    expect(checkMobile(input)).toEqual({ ok: true, value: "+8613812345678" });
  });

  it("accepts newer prefixes", () => {
    expect(checkMobile("19912345678")).toEqual({ ok: true, value: "+8619912345678" });
  });

  it.each<[unknown, string]>([
    ["", "value.empty"],
    ["1381234567", "phone.mobile_invalid"],
    ["12345678901", "phone.mobile_invalid"],
    ["+852 6123 4567", "phone.mobile_invalid"],
    ["无", "phone.mobile_invalid"],
    ["0730-4123456", "phone.not_mobile"],
  ])("%o → %s", (input, code) => {
    expect(issueCode(checkMobile(input))).toBe(code);
  });
});

describe("checkFixedLine", () => {
  it.each<unknown>([
    "0730-4123456",
    "(0730)4123456",
    "（0730）4123456",
    "0730 412 3456",
    "07304123456",
    "+86 730 4123456",
    "86-730-4123456",
    7304123456,
  ])("%o → +867304123456", (input) => {
    expect(checkFixedLine(input)).toEqual({ ok: true, value: "+867304123456" });
  });

  it("handles two-digit area codes", () => {
    expect(checkFixedLine("010-12345678")).toEqual({ ok: true, value: "+861012345678" });
  });

  it.each([
    "0730-4123456转801",
    "0730-4123456 分机 801",
    "0730-4123456 ext. 801",
    "0730-4123456#801",
  ])("keeps the extension of %s", (input) => {
    expect(checkFixedLine(input)).toEqual({ ok: true, value: "+867304123456;ext=801" });
  });

  it.each<[unknown, string]>([
    [null, "value.empty"],
    ["4123456", "phone.area_code_missing"],
    [4123456, "phone.area_code_missing"],
    ["8412 3456", "phone.area_code_missing"],
    ["0730-41234567", "phone.fixed_line_invalid"],
    ["办公室", "phone.fixed_line_invalid"],
    ["13812345678", "phone.not_fixed_line"],
  ])("%o → %s", (input, code) => {
    expect(issueCode(checkFixedLine(input))).toBe(code);
  });
});

describe("phoneText: one way to show a number, wherever a person reads it", () => {
  it.each([
    ["+8613401422797", "13401422797"],
    ["+867304221234", "0730-4221234"],
    ["+861012345678", "010-12345678"],
    ["+862112345678", "021-12345678"],
    ["+867304123456;ext=801", "0730-4123456转801"],
  ])("%s → %s", (stored, shown) => {
    expect(phoneText(stored)).toBe(shown);
  });

  it.each([
    ["13401422797", checkMobile],
    ["0730-4221234", checkFixedLine],
    ["010-12345678", checkFixedLine],
    ["0730-4123456转801", checkFixedLine],
  ] as const)("%s reads back as the value it was made from", (typed, check) => {
    const stored = check(typed);
    expect(stored.ok).toBe(true);
    if (stored.ok) expect(check(phoneText(stored.value))).toEqual(stored);
  });

  it("leaves what is no Chinese number as it is", () => {
    for (const value of ["", "办公室", "+14155552671"]) expect(phoneText(value)).toBe(value);
  });
});
