/**
 * A row's dates against its person's 基本信息 row (crossSection rules in sheet-templates).
 * Thresholds, in completed years on the row's date, counted by month (the birthday month counts
 * as reached), error = impossible / warning = unusual:
 * - 学习经历 入学年月 (senior high school on): error below 10, warning below 14;
 *   毕业年月: error below 12, warning below 16;
 * - 工作经历 任职开始年月: error below 16 (no work before 16), error before 参加工作年月;
 * - 岗位聘任 聘任开始年月 and 任职开始年月, 专业技术职务聘任 聘任开始年月: error below 16,
 *   warning below 18, error before 参加工作年月;
 * - 教师资格 证书颁发日期: error below 16, warning below 18.
 * 张伟 (row 2 of 基本信息) was born 1985-06-01 and started work 2007-09.
 */
import { describe, expect, it } from "vitest";
import { runCases } from "./cases";
import { edit, ID, run } from "./fixture";

describe("学习经历 dates against 出生日期", () => {
  runCases("学习经历", [
    { name: "入学年月 at 15, typed 2000年9月", set: { 入学年月: "2000年9月" } },
    { name: "入学年月 at 15, full-width digits", set: { 入学年月: "２０００年９月" } },
    { name: "入学年月 at 15, typed as the number 200009", set: { 入学年月: 200009 } },
    { name: "入学年月 at exactly 14 (the birthday month) is usual", set: { 入学年月: "1999-06" } },
    {
      name: "入学年月 at 13 (below 14) warns",
      set: { 入学年月: "1999-05" },
      expect: ["入学年月 person.age_unusual (warning)"],
    },
    {
      name: "入学年月 at 9 (below 10) is impossible",
      set: { 入学年月: "1994-09" },
      expect: ["入学年月 person.age_impossible"],
    },
    {
      name: "入学年月 before the birth date is impossible",
      set: { 入学年月: "1980-09" },
      expect: ["入学年月 person.age_impossible"],
    },
    { name: "毕业年月 at 16 without 入学年月", set: { 入学年月: "", 毕业年月: "2001-07" } },
    {
      name: "毕业年月 at 15 (below 16) warns",
      set: { 入学年月: "", 毕业年月: "2000-07" },
      expect: ["毕业年月 person.age_unusual (warning)"],
    },
    {
      name: "毕业年月 at 11 (below 12) is impossible",
      set: { 入学年月: "", 毕业年月: "1996-07" },
      expect: ["毕业年月 person.age_impossible"],
    },
    {
      name: "a row of an unknown person is not compared with anyone",
      set: { 身份证件号: "430623198001010000", 入学年月: "1980-09" },
      expect: ["身份证件号 identity.unknown_id", "基本信息!2 - section.missing"],
    },
  ]);

  it("says the row's date is before the birth date, naming tab, row and column", () => {
    const finding = run(edit("学习经历", 0, { 入学年月: "1980-09" })).find(
      (f) => f.code === "person.age_impossible",
    );
    expect(finding).toMatchObject({ tab: "学习经历", row: 2, column: "入学年月" });
    expect(finding?.message).toBe("入学年月：早于“基本信息”中的出生日期 1985-06-01，请核对");
  });
});

describe("工作经历 dates against 参加工作年月 and 出生日期", () => {
  runCases("工作经历", [
    {
      name: "starting the month of 参加工作年月, typed 2007年9月",
      set: { 任职开始年月: "2007年9月" },
    },
    { name: "starting the month of 参加工作年月, typed 200709", set: { 任职开始年月: 200709 } },
    {
      name: "starting before 参加工作年月 is an error",
      set: { 任职开始年月: "2007-08" },
      expect: ["任职开始年月 person.before_basic"],
    },
    {
      name: "starting at 14 is impossible (one finding, not also before 参加工作年月)",
      set: { 任职开始年月: "1999-09" },
      expect: ["任职开始年月 person.age_impossible"],
    },
  ]);

  it("names the 基本信息 column it is compared with", () => {
    const finding = run(edit("工作经历", 0, { 任职开始年月: "2007-08" })).find(
      (f) => f.code === "person.before_basic",
    );
    expect(finding?.message).toBe(
      "任职开始年月：早于“基本信息”中的「参加工作年月」（2007-09），请核对",
    );
  });
});

/** 张伟 started work at 17 (2002-09), so a post at 17 is possible but unusual. */
const earlyStarter = () => edit("基本信息", 0, { 参加工作年月: "2002-09" });

describe("岗位聘任 dates against 参加工作年月 and 出生日期", () => {
  runCases("岗位聘任", [
    { name: "聘任开始年月 typed 2013年1月", set: { 聘任开始年月: "2013年1月" } },
    { name: "聘任开始年月 in full-width digits", set: { 聘任开始年月: "２０１３－０１" } },
    {
      name: "an appointment at 6 is impossible",
      set: { 聘任开始年月: "1992-01" },
      expect: ["聘任开始年月 person.age_impossible"],
    },
    {
      name: "an appointment at 10 is impossible",
      set: { 聘任开始年月: "1995-09" },
      expect: ["聘任开始年月 person.age_impossible"],
    },
    {
      name: "an appointment before 参加工作年月 is an error",
      set: { 聘任开始年月: "2006-09" },
      expect: ["聘任开始年月 person.before_basic"],
    },
    {
      name: "an appointment at 17 warns",
      tabs: earlyStarter,
      set: { 聘任开始年月: "2003-01" },
      expect: ["聘任开始年月 person.age_unusual (warning)"],
    },
    { name: "an appointment at 18 is usual", tabs: earlyStarter, set: { 聘任开始年月: "2003-06" } },
    {
      name: "an appointment at 17 before 参加工作年月 is an error, not only a warning",
      tabs: () => edit("基本信息", 0, { 参加工作年月: "2003-09" }),
      set: { 聘任开始年月: "2003-01" },
      expect: ["聘任开始年月 person.before_basic"],
    },
    {
      name: "a school duty from age 8 is impossible",
      set: { 校级职务: "副校长（副园长）", 任职开始年月: "1993-09" },
      expect: ["任职开始年月 person.age_impossible"],
    },
    {
      name: "a school duty from 2015 is fine",
      set: { 校级职务: "副校长（副园长）", 任职开始年月: "2015年9月" },
    },
  ]);
});

describe("专业技术职务聘任 dates against 参加工作年月 and 出生日期", () => {
  runCases("专业技术职务聘任", [
    { name: "聘任开始年月 typed 2013.01", set: { 聘任开始年月: "2013.01" } },
    {
      name: "a title at 8 is impossible",
      set: { 聘任开始年月: "1994-01" },
      expect: ["聘任开始年月 person.age_impossible"],
    },
    {
      name: "a title before 参加工作年月 is an error",
      set: { 聘任开始年月: "2007-01" },
      expect: ["聘任开始年月 person.before_basic"],
    },
    {
      name: "a title at 17 warns",
      tabs: earlyStarter,
      set: { 聘任开始年月: "2002-12" },
      expect: ["聘任开始年月 person.age_unusual (warning)"],
    },
  ]);
});

describe("教师资格 证书颁发日期 against 出生日期", () => {
  runCases("教师资格", [
    {
      name: "a certificate issued at 10 is impossible",
      set: { 教师资格证号码: "19954306231000123", 证书颁发日期: "1995-07-01" },
      expect: ["证书颁发日期 person.age_impossible"],
    },
    {
      name: "a certificate issued at 17 warns",
      set: { 教师资格证号码: "20024306231000123", 证书颁发日期: "2002-07-01" },
      expect: ["证书颁发日期 person.age_unusual (warning)"],
    },
  ]);
});

describe("rows of someone else's 身份证件号", () => {
  runCases("岗位聘任", [
    {
      // 王芳 started work in 2016 at 21; 张伟's 2013 appointment would be before both.
      name: "are not compared with that person's dates (the name mismatch says it)",
      set: { 身份证件号: ID.wang },
      expect: ["姓名 identity.name_mismatch", "基本信息!2 - section.missing"],
    },
  ]);
});
