import { describe, expect, it } from "vitest";
import {
  canonicalTeacherNumber,
  checkablePassword,
  PASSWORD_INPUT_MAX_LENGTH,
  passwordProblems,
} from "../../../src/core/portal/password";

const NUMBER = "430623000001";

const OWNER = { teacherNumber: NUMBER, name: "李晓燕" };

function problemsOf(password: string): string[] {
  return passwordProblems(password, password, OWNER);
}

describe("new password rules", () => {
  it.each([
    "dongting7k",
    "华容Teacher2026",
    "huarong2026x",
    "yueyang2026y",
    "huarong2027z",
    "Huarong2026demo",
    "Dongting2026q",
  ])(
    "accepts %s: eight or more characters with letters and digits, none of the rules broken",
    (password) => {
      expect(problemsOf(password)).toEqual([]);
    },
  );

  it.each([
    ["abc1234", "新密码太短：至少 8 位"],
    ["abcdefgh", "新密码须同时包含字母和数字"],
    ["12345678", "新密码须同时包含字母和数字"],
    [`a1${"x".repeat(63)}`, "新密码太长：最多 64 位"],
  ])("refuses %s: %s", (password, problem) => {
    expect(problemsOf(password)).toContain(problem);
  });

  const COMMON = "新密码太常见，容易被猜中，请换一个";
  const SIMPLE = "新密码过于简单（重复的字符，或连续、键盘上相邻的字符），请换一个";
  const NUMBER_IN = "新密码不能包含教师编号（含倒序或后 6 位）";
  it.each([
    ["password1", COMMON],
    ["Password1", COMMON],
    ["12345678a", COMMON],
    ["qwerty123", COMMON],
    ["abc12345", COMMON],
    ["iloveyou1", COMMON],
    ["woaini1314", COMMON],
    ["WOAINI520", COMMON],
    ["ｗｏａｉｎｉ１３１４", COMMON],
    ["password2026!", COMMON],
    ["1314woaini", COMMON],
    ["zhangwei1988", COMMON],
    ["20260315xk", "新密码不能只是数字加一两个字母"],
    ["a19850612", "新密码不能只是数字加一两个字母"],
    ["aaaaaaa1", SIMPLE],
    ["abc1abc1", SIMPLE],
    ["2wsx3edc4rfv", SIMPLE],
    ["qwer1234zxcv", SIMPLE],
    ["zyxw9876", SIMPLE],
    [`a${NUMBER}`, NUMBER_IN],
    [`x${[...NUMBER].reverse().join("")}`, NUMBER_IN],
    ["tiger000001", NUMBER_IN],
    ["tiger100000", NUMBER_IN],
    ["李晓燕2026ab", "新密码不能包含姓名"],
  ])("refuses %s as guessable", (password, problem) => {
    expect(problemsOf(password)).toEqual([problem]);
  });

  it("refuses a confirmation that differs", () => {
    expect(passwordProblems("dongting7k", "dongting8k", OWNER)).toEqual(["两次输入的新密码不一致"]);
  });
});

describe("sign-in input", () => {
  it.each([
    ["430623000001", NUMBER],
    ["４３０６２３０００００１", NUMBER],
    [" 430623 000001\t", NUMBER],
    ["430623\u3000００００01", NUMBER],
  ])("reads the 教师编号 %j as the registry spells it", (typed, number) => {
    expect(canonicalTeacherNumber(typed)).toBe(number);
  });

  it("never offers an input longer than any password for hashing", () => {
    const longest = "x".repeat(PASSWORD_INPUT_MAX_LENGTH);
    expect(checkablePassword(longest)).toBe(longest);
    expect(checkablePassword(`${longest}x`)).toBeUndefined();
  });
});
