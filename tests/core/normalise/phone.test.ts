import { describe, expect, it } from "vitest";
import { checkFixedLine, checkMobile } from "../../../src/core/normalise";

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
