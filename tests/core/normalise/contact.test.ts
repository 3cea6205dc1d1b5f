import { describe, expect, it } from "vitest";
import { checkEmail, checkPostcode } from "../../../src/core/normalise";

describe("checkEmail", () => {
  it.each([
    ["653055750@qq.com", "653055750@qq.com"],
    [" Zhang.San@Example.COM ", "Zhang.San@example.com"],
    ["ｔｅａｃｈｅｒ＠１２６．ｃｏｍ", "teacher@126.com"],
    ["teacher@126。com", "teacher@126.com"],
    ["first+tag@mail.hr-edu.cn", "first+tag@mail.hr-edu.cn"],
  ])("%s → %s", (input, expected) => {
    expect(checkEmail(input)).toEqual({ ok: true, value: expected });
  });

  it.each<unknown>([
    "qq.com",
    "@qq.com",
    "zhang@",
    "zhang@qq",
    "zhang@qq.c",
    "zhang@@qq.com",
    "zhang san@qq.com",
    ".zhang@qq.com",
    "zhang..san@qq.com",
    "zhang@-qq.com",
    "zhang@qq..com",
    "张三@qq.com",
    `${"a".repeat(65)}@qq.com`,
    12345,
  ])("refuses %o", (input) => {
    const result = checkEmail(input);
    expect(result.ok ? undefined : result.issue.code).toBe("email.invalid");
  });
});

describe("checkPostcode", () => {
  it.each<[unknown, string]>([
    ["414200", "414200"],
    [414200, "414200"],
    ["４１４２００", "414200"],
    ["414 200", "414200"],
    [10000, "010000"],
    ["010000", "010000"],
  ])("%o → %s", (input, expected) => {
    expect(checkPostcode(input)).toEqual({ ok: true, value: expected });
  });

  it.each<unknown>(["41420", "4142000", "41420A", 10, 414200.5])("refuses %o", (input) => {
    const result = checkPostcode(input);
    expect(result.ok ? undefined : result.issue.code).toBe("postcode.invalid");
  });
});
