import { describe, expect, it } from "vitest";
import { runCases } from "./cases";
import { edit, ID, replacePerson, residentId, run, validTabs } from "./fixture";

describe("教师资格", () => {
  runCases("教师资格", [
    {
      name: "教师资格证种类 is required",
      set: { 教师资格证种类: "" },
      expect: ["教师资格证种类 field.required"],
    },
    {
      name: "教师资格证种类 comes from C:qualification",
      set: { 教师资格证种类: "中学" },
      expect: ["教师资格证种类 code.unknown"],
    },
    {
      name: "号码 is required unless 无",
      set: { 教师资格证号码: "" },
      expect: ["教师资格证号码 rule.required_when"],
    },
    {
      name: "号码 has 17 digits (or 15)",
      set: { 教师资格证号码: "2007430623100012" },
      expect: ["教师资格证号码 qualification.length"],
    },
    {
      name: "号码 has digits only",
      set: { 教师资格证号码: "2007430623100012A" },
      expect: ["教师资格证号码 qualification.characters"],
    },
    { name: "号码 with spaces is fine", set: { 教师资格证号码: "2007 4306 2310 00123" } },
    {
      name: "号码's type digit is 1–7",
      set: { 教师资格证号码: "20074306281000123" },
      expect: ["教师资格证号码 qualification.type_invalid"],
    },
    {
      name: "号码's type digit equals 种类",
      set: { 教师资格证种类: "小学教师资格" },
      expect: ["教师资格证号码 qualification.type_mismatch"],
    },
    {
      name: "任教学科 is required unless 无",
      set: { 任教学科: "" },
      expect: ["任教学科 rule.required_when"],
    },
    {
      name: "证书颁发日期 is a 日期",
      set: { 证书颁发日期: "2007-07" },
      expect: ["证书颁发日期 date.incomplete"],
    },
    {
      name: "无 with the rest empty",
      set: {
        教师资格证种类: "无",
        教师资格证号码: "",
        任教学科: "",
        证书颁发日期: "",
        颁发机构: "",
      },
    },
    {
      name: "无 empties the rest (0-无)",
      set: { 教师资格证种类: "无" },
      expect: [
        "教师资格证号码 rule.none_value",
        "任教学科 rule.none_value",
        "证书颁发日期 rule.none_value",
        "颁发机构 rule.none_value",
      ],
    },
  ]);
});

/** 张伟 born 1970 instead, old enough for a certificate of the first 认定 rounds. */
const elder = () => {
  const id = residentId("19700315", "011");
  return replacePerson(validTabs(), ID.zhang, { 身份证件号: id, 出生日期: "1970-03-15" });
};
/** 1997 · 华容县 430623 · type 3 (初级中学) · sex 1 · serial 00123. */
const FIRST_ROUND = "974306233100123";

describe("教师资格: 15-digit certificates of the first 认定 rounds (1996–2000)", () => {
  runCases("教师资格", [
    {
      name: "a 15-digit number whose 9th digit matches 种类",
      tabs: elder,
      set: { 教师资格证号码: FIRST_ROUND, 证书颁发日期: "1997-12-20" },
    },
    {
      name: "a 15-digit number in full-width digits with spaces, date typed 1997年12月20日",
      tabs: elder,
      set: { 教师资格证号码: "９７ ４３０６２３ ３１ ００１２３", 证书颁发日期: "1997年12月20日" },
    },
    {
      name: "a 15-digit number typed as a number and 种类 typed as its code",
      tabs: elder,
      set: { 教师资格证号码: 974306233100123, 教师资格证种类: 3, 证书颁发日期: "1998/3/1" },
    },
    {
      name: "a 15-digit number's type digit must match 种类",
      tabs: elder,
      set: { 教师资格证号码: FIRST_ROUND, 教师资格证种类: "小学教师资格", 证书颁发日期: "" },
      expect: ["教师资格证号码 qualification.type_mismatch"],
    },
    {
      name: "a 15-digit number belongs to 1996–2000 only",
      tabs: elder,
      set: { 教师资格证号码: "014306233100123", 证书颁发日期: "" },
      expect: ["教师资格证号码 qualification.year"],
    },
    {
      name: "14 digits are neither form",
      tabs: elder,
      set: { 教师资格证号码: "97430623310012", 证书颁发日期: "" },
      expect: ["教师资格证号码 qualification.length"],
    },
  ]);
});

describe("教师资格: the number's year against 证书颁发日期", () => {
  runCases("教师资格", [
    { name: "issued the year of 认定 (2007, 2007-07-15)" },
    { name: "issued the year after 认定", set: { 证书颁发日期: "2008-03-01" } },
    {
      name: "issued before the year of 认定 is an error",
      set: { 证书颁发日期: "2006-12-01" },
      expect: ["证书颁发日期 qualification.issued_before_year"],
    },
    {
      name: "issued two years after 认定 warns (a reissued certificate)",
      set: { 证书颁发日期: "2009-05-01" },
      expect: ["证书颁发日期 qualification.issued_late (warning)"],
    },
    {
      name: "a 15-digit number of 1997 issued in 1996 is an error",
      tabs: elder,
      set: { 教师资格证号码: FIRST_ROUND, 证书颁发日期: "1996-05-01" },
      expect: ["证书颁发日期 qualification.issued_before_year"],
    },
    {
      name: "a 15-digit number of 1997 issued in 1999 warns",
      tabs: elder,
      set: { 教师资格证号码: FIRST_ROUND, 证书颁发日期: "1999-06-01" },
      expect: ["证书颁发日期 qualification.issued_late (warning)"],
    },
    {
      name: "a wrong number is reported once, not also against the date",
      set: { 教师资格证号码: "20074306231000", 证书颁发日期: "2010-01-01" },
      expect: ["教师资格证号码 qualification.length"],
    },
  ]);

  it("names both columns in the message", () => {
    const finding = run(edit("教师资格", 0, { 证书颁发日期: "2006-12-01" })).find(
      (f) => f.code === "qualification.issued_before_year",
    );
    expect(finding).toMatchObject({ tab: "教师资格", row: 2, column: "证书颁发日期" });
    expect(finding?.message).toBe(
      "证书颁发日期：早于「教师资格证号码」中的认定年份 2007 年，请核对号码或日期",
    );
  });
});
