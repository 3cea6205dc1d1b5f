import { describe, expect, it } from "vitest";
import { passwordProblems } from "../../../src/core/portal/password";

const NUMBER = "430623000001";

describe("new password rules", () => {
  it("accepts eight or more characters with letters and digits", () => {
    expect(passwordProblems("huarong1", "huarong1", NUMBER)).toEqual([]);
    expect(passwordProblems("华容Teacher2026", "华容Teacher2026", NUMBER)).toEqual([]);
  });

  it.each([
    ["abc1234", "新密码太短：至少 8 位"],
    ["abcdefgh", "新密码须同时包含字母和数字"],
    ["12345678", "新密码须同时包含字母和数字"],
    [`a${NUMBER}`, "新密码不能包含教师编号"],
    [`a1${"x".repeat(63)}`, "新密码太长：最多 64 位"],
  ])("refuses %s: %s", (password, problem) => {
    expect(passwordProblems(password, password, NUMBER)).toContain(problem);
  });

  it("refuses a confirmation that differs", () => {
    expect(passwordProblems("huarong1", "huarong2", NUMBER)).toEqual(["两次输入的新密码不一致"]);
  });
});
