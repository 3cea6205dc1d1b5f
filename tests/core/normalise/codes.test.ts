import { describe, expect, it } from "vitest";
import {
  type CodeTableLike,
  parseYesNo,
  resolveCode,
  resolveCodeList,
} from "../../../src/core/normalise";

const ethnicity: CodeTableLike = {
  entries: [
    { code: "01", name: "汉族", aliases: ["汉"] },
    { code: "02", name: "蒙古族", aliases: ["蒙古"] },
    { code: "10", name: "朝鲜族" },
    { code: "97", name: "其他" },
  ],
};
const country: CodeTableLike = {
  entries: [
    { code: "156", name: "中国" },
    { code: "036", name: "澳大利亚" },
  ],
};
const staffCategory: CodeTableLike = {
  entries: [
    { code: "A1", name: "专任教师" },
    { code: "A2", name: "教辅人员" },
    { code: "C", name: "校办企业职工" },
  ],
};
const freeNormal: CodeTableLike = {
  entries: [
    { code: "0", name: "否" },
    { code: "2", name: "地方免费（公费）师范生" },
  ],
};
const personStatus: CodeTableLike = {
  entries: [
    { code: "100", name: "在本单位任职" },
    { code: "201", name: "借出到机关", aliases: ["暂未在本单位任职-借出到机关"] },
  ],
};
const idType: CodeTableLike = {
  entries: [
    { code: "1", name: "居民身份证" },
    { code: "6", name: "香港特区护照/身份证明" },
  ],
};
const course: CodeTableLike = {
  entries: [
    { code: "13", name: "语文" },
    { code: "14", name: "数学" },
    { code: "41", name: "英语" },
    { code: "11", name: "品德与生活（社会）" },
  ],
};
/** Names that are digits must not shadow codes. */
const digitsAsNames: CodeTableLike = {
  entries: [
    { code: "1", name: "2" },
    { code: "2", name: "1" },
  ],
};

describe("resolveCode", () => {
  it.each<[CodeTableLike, unknown, string]>([
    [ethnicity, "01", "01"],
    [ethnicity, 1, "01"],
    [ethnicity, "1", "01"],
    [ethnicity, "０１", "01"],
    [ethnicity, 10, "10"],
    [ethnicity, "汉族", "01"],
    [ethnicity, " 汉 族 ", "01"],
    [ethnicity, "汉", "01"],
    [ethnicity, "01-汉族", "01"],
    [ethnicity, "01 汉族", "01"],
    [ethnicity, "01－汉族", "01"],
    [ethnicity, "1-汉族", "01"],
    [ethnicity, "01:汉族", "01"],
    [ethnicity, "汉族(01)", "01"],
    [ethnicity, "汉族（01）", "01"],
    [ethnicity, "02-蒙古", "02"],
    [country, 36, "036"],
    [country, "36", "036"],
    [country, "156", "156"],
    [staffCategory, "a1", "A1"],
    [staffCategory, "A1-专任教师", "A1"],
    [staffCategory, "C", "C"],
    [freeNormal, "地方免费(公费)师范生", "2"],
    [freeNormal, "2-地方免费（公费）师范生", "2"],
    [freeNormal, 0, "0"],
    [personStatus, "暂未在本单位任职-借出到机关", "201"],
    [personStatus, "201-暂未在本单位任职-借出到机关", "201"],
    [idType, "香港特区护照/身份证明", "6"],
    [digitsAsNames, "1", "1"],
    [digitsAsNames, 2, "2"],
  ])("%# %o → %s", (table, input, expected) => {
    expect(resolveCode(table, input)).toEqual({ ok: true, value: expected });
  });

  it("reports unknown values with the value", () => {
    expect(resolveCode(ethnicity, "火星族")).toEqual({
      ok: false,
      issue: { code: "code.unknown", params: { value: "火星族" } },
    });
    expect(resolveCode(ethnicity, "99-汉族").ok).toBe(false);
    expect(resolveCode(ethnicity, 1.5).ok).toBe(false);
    expect(resolveCode(ethnicity, true).ok).toBe(false);
  });

  it("reports a code and a name that disagree", () => {
    expect(resolveCode(ethnicity, "01-蒙古族")).toEqual({
      ok: false,
      issue: { code: "code.conflict", params: { code: "01", name: "蒙古族" } },
    });
  });

  it("reports blanks as empty", () => {
    expect(resolveCode(ethnicity, "  ")).toEqual({ ok: false, issue: { code: "value.empty" } });
  });
});

describe("resolveCodeList", () => {
  it.each<[unknown, readonly string[]]>([
    ["13、14", ["13", "14"]],
    ["语文,数学", ["13", "14"]],
    ["语文，数学；英语", ["13", "14", "41"]],
    ["13;14", ["13", "14"]],
    ["13/14", ["13", "14"]],
    ["语文、语文、", ["13"]],
    ["品德与生活（社会）、13-语文", ["11", "13"]],
    [13, ["13"]],
  ])("%o → %j", (input, expected) => {
    expect(resolveCodeList(course, input)).toEqual({ ok: true, value: expected });
  });

  it("keeps a slash inside a name", () => {
    expect(resolveCodeList(idType, "香港特区护照/身份证明、1")).toEqual({
      ok: true,
      value: ["6", "1"],
    });
  });

  it("names the first unknown part", () => {
    expect(resolveCodeList(course, "语文、书法")).toEqual({
      ok: false,
      issue: { code: "code.unknown", params: { value: "书法" } },
    });
  });

  it("treats separators alone as empty", () => {
    expect(resolveCodeList(course, "、,")).toEqual({ ok: false, issue: { code: "value.empty" } });
  });
});

describe("parseYesNo", () => {
  it.each<[unknown, "1" | "0"]>([
    ["是", "1"],
    ["否", "0"],
    [1, "1"],
    [0, "0"],
    ["1", "1"],
    ["0", "0"],
    [true, "1"],
    [false, "0"],
    ["TRUE", "1"],
    ["false", "0"],
    ["Y", "1"],
    ["n", "0"],
    ["yes", "1"],
    ["是(1)", "1"],
    ["否（0）", "0"],
    ["1-是", "1"],
    ["0 否", "0"],
    [" 是 ", "1"],
    ["有", "1"],
    ["无", "0"],
  ])("%o → %s", (input, expected) => {
    expect(parseYesNo(input)).toEqual({ ok: true, value: expected });
  });

  it.each<unknown>(["可能", 2, "是(0)", "1-否"])("%o is not yes/no", (input) => {
    const result = parseYesNo(input);
    expect(result.ok ? undefined : result.issue.code).toBe("yes_no.unknown");
  });

  it("passes blanks through as empty", () => {
    expect(parseYesNo("")).toEqual({ ok: false, issue: { code: "value.empty" } });
  });
});
