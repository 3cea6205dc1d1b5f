import { describe, expect, it } from "vitest";
import { ISSUE_CODES } from "../../../src/core/normalise";
import { messageFor, VALIDATE_CODES } from "../../../src/core/validate";

describe("message map", () => {
  it("has a plain Chinese message for every code, naming the column", () => {
    for (const code of [...ISSUE_CODES, ...VALIDATE_CODES]) {
      const message = messageFor(code, {}, "身份证件号");
      expect(message.startsWith("身份证件号：")).toBe(true);
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(message).not.toMatch(/undefined|null|NaN|\{/);
    }
  });

  it("reads like the spec's example", () => {
    expect(messageFor("id.check_digit", { expected: "X", actual: "1" }, "身份证件号")).toBe(
      "身份证件号：校验位错误，应为 X，请核对号码",
    );
  });

  it("leaves out the column for row-level findings", () => {
    expect(messageFor("section.missing", { section: "联系方式" }, null)).toBe(
      "缺少“联系方式”信息，请在“联系方式”标签页为该人员至少填写一行",
    );
  });
});
