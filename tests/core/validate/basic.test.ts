import { describe } from "vitest";
import { dateToSerial } from "../../../src/core/normalise";
import { type Case, runCases } from "./cases";
import { ID, replacePerson, residentId, validTabs } from "./fixture";

/** 王芳 (row 2, sheet row 4) with another ID on every tab: she has only 联系方式 besides. */
const wangAs =
  (id: string, cells: Record<string, string> = {}) =>
  () =>
    replacePerson(validTabs(), ID.wang, { 身份证件号: id, ...cells });

/** Even sequence digits: 王芳 is a woman. */
function idEndingInX(): string {
  for (let n = 2; n < 500; n += 2) {
    const id = residentId("19950320", String(n).padStart(3, "0"));
    if (id.endsWith("X")) return id;
  }
  throw new Error("no X id");
}
const ID_X = idEndingInX();
const WRONG_CHECK = `${ID.wang.slice(0, 17)}${ID.wang.endsWith("1") ? "2" : "1"}`;

const YES_NO_REQUIRED = [
  "是否在编",
  "是否全日制师范类专业毕业",
  "是否受过特教专业培养培训",
  "是否有特殊教育从业证书",
  "是否是特级教师",
  "是否县级及以上骨干教师",
  "是否新任教师",
];

const CODE_REQUIRED = [
  "教职工来源",
  "教职工类别",
  "签订合同情况",
  "信息技术应用能力",
  "是否属于免费（公费）师范生",
  "是否参加基层服务项目",
  "是否心理健康教育教师",
];

describe("基本信息: 姓名", () => {
  runCases("基本信息", [
    { name: "姓名 is trimmed", set: { 姓名: "  张伟 " } },
    { name: "姓名 is required", set: { 姓名: "" }, expect: ["姓名 field.required"] },
    {
      name: "姓名 has at least 2 characters",
      set: { 姓名: "张" },
      expect: ["姓名 text.too_short"],
    },
    {
      name: "姓名 has at most 30 characters",
      set: { 姓名: "张".repeat(31) },
      expect: ["姓名 text.too_long"],
    },
    { name: "姓名 has no digits", set: { 姓名: "张伟2" }, expect: ["姓名 text.has_digits"] },
  ]);
});

describe("基本信息: 性别, 国籍, 证件", () => {
  runCases("基本信息", [
    { name: "性别 accepts an alias", set: { 性别: "男性" } },
    { name: "性别 is required", set: { 性别: "" }, expect: ["性别 field.required"] },
    { name: "性别 comes from C:gender", set: { 性别: "M" }, expect: ["性别 code.unknown"] },
    {
      name: "性别 agrees with the ID's 17th digit",
      set: { 性别: "女" },
      expect: ["性别 id.sex_mismatch"],
    },
    { name: "国籍/地区 defaults to 中国", set: { "国籍/地区": "" } },
    {
      name: "国籍/地区 comes from C:country",
      set: { "国籍/地区": "火星" },
      expect: ["国籍/地区 code.unknown"],
    },
    { name: "身份证件类型 defaults to 居民身份证", set: { 身份证件类型: "" } },
    {
      name: "身份证件类型 comes from C:id_type",
      set: { 身份证件类型: "驾驶证" },
      expect: ["身份证件类型 code.unknown"],
    },
  ]);
});

describe("基本信息: 身份证件号", () => {
  runCases("基本信息", [
    {
      name: "ID with spaces and full-width digits is normalised",
      row: 2,
      set: {
        身份证件号: ` ${ID.wang.slice(0, 6)} ${ID.wang.slice(6).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`,
      },
    },
    {
      name: "ID with lowercase x matches X elsewhere",
      row: 2,
      tabs: wangAs(ID_X),
      set: { 身份证件号: ID_X.toLowerCase() },
    },
    {
      name: "ID is required",
      row: 2,
      set: { 身份证件号: "" },
      expect: ["身份证件号 field.required", "联系方式!4 身份证件号 identity.unknown_id"],
    },
    {
      name: "ID check digit",
      row: 2,
      tabs: wangAs(WRONG_CHECK),
      expect: ["身份证件号 id.check_digit"],
    },
    {
      name: "ID has 18 characters",
      row: 2,
      tabs: wangAs(ID.wang.slice(0, 17)),
      expect: ["身份证件号 id.length"],
    },
    {
      name: "ID province prefix",
      row: 2,
      tabs: wangAs(`99${ID.wang.slice(2)}`),
      expect: ["身份证件号 id.province"],
    },
    {
      name: "ID birth date is a real date",
      row: 2,
      tabs: wangAs(residentId("19950230", "042")),
      expect: ["身份证件号 id.birth_date"],
    },
    {
      name: "ID typed as a number lost digits",
      row: 2,
      set: { 身份证件号: Number(ID.wang.slice(0, 17)) * 10 },
      expect: ["身份证件号 value.number_precision", "联系方式!4 身份证件号 identity.unknown_id"],
    },
    {
      name: "other ID types skip the check digit",
      row: 2,
      tabs: wangAs("E12345678", { 身份证件类型: "护照" }),
    },
    {
      name: "other ID types have at most 30 characters",
      row: 2,
      tabs: wangAs("E".repeat(31), { 身份证件类型: "护照" }),
      expect: ["身份证件号 id.other_length", "联系方式!4 身份证件号 id.other_length"],
    },
  ]);
});

describe("基本信息: 出生日期 and age", () => {
  const born = (birth: string, sequence: string, cells: Record<string, string>) => () =>
    replacePerson(validTabs(), ID.wang, { 身份证件号: residentId(birth, sequence), ...cells });
  runCases("基本信息", [
    { name: "出生日期 accepts 1985年6月1日", set: { 出生日期: "1985年6月1日" } },
    {
      name: "出生日期 accepts a serial number",
      set: { 出生日期: dateToSerial("1985-06-01") ?? 0 },
    },
    { name: "出生日期 is required", set: { 出生日期: "" }, expect: ["出生日期 field.required"] },
    {
      name: "出生日期 is a date",
      set: { 出生日期: "1985-06" },
      expect: ["出生日期 date.incomplete"],
    },
    {
      name: "出生日期 equals the ID's digits 7–14",
      set: { 出生日期: "1985-06-02" },
      expect: ["出生日期 id.birth_mismatch"],
    },
    {
      name: "age at least 16",
      row: 2,
      tabs: born("20050601", "042", { 出生日期: "2005-06-01" }),
      expect: ["出生日期 age.out_of_range", "参加工作年月 work_start.too_early"],
    },
    { name: "age 16 is fine", row: 2, tabs: born("20000301", "042", { 出生日期: "2000-03-01" }) },
    {
      name: "age at most 70",
      row: 2,
      tabs: born("19460101", "042", { 出生日期: "1946-01-01" }),
      expect: ["出生日期 age.out_of_range", "- retiree.suspected (warning)"],
    },
  ]);
});

describe("基本信息: 民族, 政治面貌 depend on 国籍", () => {
  runCases("基本信息", [
    { name: "民族 accepts 汉 for 汉族", set: { 民族: "汉" } },
    { name: "政治面貌 accepts the short form 民盟", set: { 政治面貌: "民盟" } },
    { name: "民族 is required for 中国", set: { 民族: "" }, expect: ["民族 rule.required_when"] },
    {
      name: "政治面貌 is required for 中国",
      set: { 政治面貌: "" },
      expect: ["政治面貌 rule.required_when"],
    },
    {
      name: "民族 and 政治面貌 are empty for other nationalities",
      set: { "国籍/地区": "美国", 民族: "", 政治面貌: "" },
    },
    {
      name: "民族 and 政治面貌 must be empty for other nationalities",
      set: { "国籍/地区": "美国" },
      expect: ["民族 rule.empty_when", "政治面貌 rule.empty_when"],
    },
    { name: "民族 comes from C:ethnicity", set: { 民族: "火星族" }, expect: ["民族 code.unknown"] },
    {
      name: "婚姻状况 comes from C:marital",
      set: { 婚姻状况: "单身" },
      expect: ["婚姻状况 code.unknown"],
    },
    { name: "籍贯 is a division name", set: { 籍贯: "123" }, expect: ["籍贯 division.invalid"] },
    { name: "出生地 is a division name", set: { 出生地: "湖南" } },
  ]);
});

describe("基本信息: 健康状况 by school category", () => {
  runCases("基本信息", [
    { name: "健康状况 is optional in primary/secondary schools", set: { 健康状况: "" } },
    {
      name: "健康状况 is required in special-education schools",
      category: "special",
      set: { 健康状况: "" },
      expect: ["健康状况 field.required"],
    },
    {
      name: "健康状况 is required in vocational schools",
      category: "vocational",
      set: { 健康状况: "" },
      expect: ["健康状况 field.required"],
    },
    {
      name: "健康状况 comes from C:health",
      set: { 健康状况: "很好" },
      expect: ["健康状况 code.unknown"],
    },
  ]);
});

describe("基本信息: 参加工作年月 and 进本校年月", () => {
  runCases("基本信息", [
    { name: "年月 accepts 2007年9月", set: { 参加工作年月: "2007年9月" } },
    { name: "年月 accepts 200709", set: { 参加工作年月: "200709" } },
    { name: "年月 accepts a date serial", set: { 参加工作年月: dateToSerial("2007-09-01") ?? 0 } },
    {
      name: "参加工作年月 is required",
      set: { 参加工作年月: "" },
      expect: ["参加工作年月 field.required"],
    },
    {
      name: "参加工作年月 is not in the future",
      set: { 参加工作年月: "2017-04" },
      expect: ["参加工作年月 date.future"],
    },
    { name: "参加工作年月 at birth + 16 years is fine", set: { 参加工作年月: "2001-06" } },
    {
      name: "参加工作年月 after birth + 16 years",
      set: { 参加工作年月: "2001-05" },
      expect: ["参加工作年月 work_start.too_early"],
    },
    {
      name: "进本校年月 is required",
      set: { 进本校年月: "" },
      expect: ["进本校年月 field.required"],
    },
    {
      name: "进本校年月 ≥ 参加工作年月",
      set: { 进本校年月: "2007-08" },
      expect: ["进本校年月 rule.order"],
    },
    { name: "进本校年月 = 参加工作年月 is fine", set: { 进本校年月: "2007-09" } },
    {
      name: "kindergartens: 进本园年月 ≥ 参加工作年月",
      category: "kindergarten",
      set: { 进本园年月: "2007-08" },
      expect: ["进本园年月 rule.order"],
    },
  ]);
});

describe("基本信息: code lists by category", () => {
  runCases("基本信息", [
    ...CODE_REQUIRED.map(
      (header): Case => ({
        name: `${header} is required`,
        set: { [header]: "" },
        expect: [`${header} field.required`],
      }),
    ),
    ...CODE_REQUIRED.map(
      (header): Case => ({
        name: `${header} is a code`,
        set: { [header]: "不知道" },
        expect: [`${header} code.unknown`],
      }),
    ),
    { name: "教职工来源 accepts the code", set: { 教职工来源: 101 } },
    { name: "教职工来源 accepts code-name", set: { 教职工来源: "101-应届毕业生" } },
    {
      name: "kindergartens use C:staff_source_kg",
      category: "kindergarten",
      set: { 教职工来源: "从中小学调入" },
    },
    {
      name: "primary schools do not have 从中小学调入",
      set: { 教职工来源: "从中小学调入" },
      expect: ["教职工来源 code.unknown"],
    },
    {
      name: "kindergartens use C:staff_category_kg",
      category: "kindergarten",
      set: { 教职工类别: "保育员" },
    },
    {
      name: "primary schools do not have 保育员",
      set: { 教职工类别: "保育员" },
      expect: ["教职工类别 code.unknown"],
    },
    { name: "是否心理健康教育教师 accepts 是，兼职", set: { 是否心理健康教育教师: "是，兼职" } },
  ]);
});

describe("基本信息: 是否 fields", () => {
  runCases("基本信息", [
    ...YES_NO_REQUIRED.map(
      (header): Case => ({
        name: `${header} is required`,
        set: { [header]: "" },
        expect: [`${header} field.required`],
      }),
    ),
    ...YES_NO_REQUIRED.map(
      (header): Case => ({
        name: `${header} is 是/否`,
        set: { [header]: "可能" },
        expect: [`${header} yes_no.unknown`],
      }),
    ),
    { name: "是否 accepts a checkbox boolean", set: { 是否是特级教师: false } },
    { name: "是否 accepts 1/0", set: { 是否是特级教师: 0 } },
    {
      name: "kindergartens: 是否全日制学前教育专业毕业 is required",
      category: "kindergarten",
      set: { 是否全日制学前教育专业毕业: "" },
      expect: ["是否全日制学前教育专业毕业 field.required"],
    },
    {
      name: "kindergartens: 是否受过学前教育专业培养培训 is required",
      category: "kindergarten",
      set: { 是否受过学前教育专业培养培训: "" },
      expect: ["是否受过学前教育专业培养培训 field.required"],
    },
  ]);
});

describe("基本信息: 是否在编, 用人形式, 合同期限", () => {
  runCases("基本信息", [
    {
      name: "用人形式 is required when not 在编",
      row: 1,
      set: { 用人形式: "" },
      expect: ["用人形式 rule.required_when"],
    },
    {
      name: "用人形式 is empty when 在编",
      set: { 用人形式: "人事代理" },
      expect: ["用人形式 rule.empty_when"],
    },
    {
      name: "合同期限 is required when not 在编",
      row: 1,
      set: { "合同期限（月）": "" },
      expect: ["合同期限（月） rule.required_when"],
    },
    { name: "合同期限 of 12 months is in scope", row: 1, set: { "合同期限（月）": "12" } },
    {
      name: "合同期限 is an integer",
      row: 1,
      set: { "合同期限（月）": "三年" },
      expect: ["合同期限（月） number.invalid"],
    },
  ]);
});

describe("基本信息: 基层服务项目", () => {
  runCases("基本信息", [
    {
      name: "起始年月 is required when 基层服务 ≠ 否",
      row: 1,
      set: { 基层服务项目起始年月: "" },
      expect: ["基层服务项目起始年月 rule.required_when"],
    },
    {
      name: "结束年月 is required when 基层服务 ≠ 否",
      row: 1,
      set: { 基层服务项目结束年月: "" },
      expect: ["基层服务项目结束年月 rule.required_when"],
    },
    {
      name: "起始年月 is empty when 基层服务 = 否",
      set: { 基层服务项目起始年月: "2008-09" },
      expect: ["基层服务项目起始年月 rule.empty_when"],
    },
    {
      name: "结束年月 is empty when 基层服务 = 否",
      set: { 基层服务项目结束年月: "2010-09" },
      expect: ["基层服务项目结束年月 rule.empty_when"],
    },
    {
      name: "结束年月 ≥ 起始年月",
      row: 1,
      set: { 基层服务项目结束年月: "2012-08" },
      expect: ["基层服务项目结束年月 rule.order"],
    },
  ]);
});

describe("基本信息: 人员状态, retirees, 备注", () => {
  const sixty = () =>
    replacePerson(validTabs(), ID.zhang, {
      身份证件号: residentId("19560601", "011"),
      出生日期: "1956-06-01",
    });
  runCases("基本信息", [
    { name: "人员状态 defaults to 在本单位任职", set: { 人员状态: "" } },
    { name: "人员状态 accepts the long 2xx label", set: { 人员状态: "暂未在本单位任职-长病假" } },
    {
      name: "人员状态 comes from C:person_status",
      set: { 人员状态: "退休" },
      expect: ["人员状态 code.unknown"],
    },
    {
      name: "人员状态 待退休 warns of a retiree",
      set: { 人员状态: "待退休" },
      expect: ["- retiree.suspected (warning)"],
    },
    {
      name: "a retirement note warns of a retiree",
      set: { 备注: "2016年已退休" },
      expect: ["- retiree.suspected (warning)"],
    },
    {
      name: "a man of 60 warns of a retiree",
      tabs: sixty,
      expect: ["- retiree.suspected (warning)"],
    },
    {
      name: "a woman of 54 is not a retiree",
      row: 1,
      tabs: () =>
        replacePerson(validTabs(), ID.li, {
          身份证件号: residentId("19620601", "022"),
          出生日期: "1962-06-01",
          参加工作年月: "1982-09",
        }),
      set: {},
    },
    {
      name: "a woman of 55 warns of a retiree",
      row: 1,
      tabs: () =>
        replacePerson(validTabs(), ID.li, {
          身份证件号: residentId("19620301", "022"),
          出生日期: "1962-03-01",
          参加工作年月: "1982-09",
        }),
      set: {},
      expect: ["- retiree.suspected (warning)"],
    },
    {
      name: "备注 has at most 200 characters",
      set: { 备注: "备".repeat(201) },
      expect: ["备注 text.too_long"],
    },
  ]);
});

describe("基本信息: special-education and vocational fields", () => {
  runCases("基本信息", [
    {
      name: "special: 是否全日制特殊教育专业毕业 is required",
      category: "special",
      set: { 是否全日制特殊教育专业毕业: "" },
      expect: ["是否全日制特殊教育专业毕业 field.required"],
    },
    {
      name: "special: 从事特教起始年月 is a 年月",
      category: "special",
      set: { 从事特教起始年月: "去年" },
      expect: ["从事特教起始年月 date.unparseable"],
    },
    {
      name: "special: 从事特教起始年月 accepts 2010.09",
      category: "special",
      set: { 从事特教起始年月: "2010.09" },
    },
    {
      name: "special: 从事特教起始年月 ≥ 参加工作年月",
      category: "special",
      set: { 从事特教起始年月: "2006-09" },
      expect: ["从事特教起始年月 rule.order"],
    },
    {
      name: "vocational: 是否“双师型”教师 is required",
      category: "vocational",
      set: { "是否“双师型”教师": "" },
      expect: ["是否“双师型”教师 field.required"],
    },
    {
      name: "vocational: 是否具备职业技能等级证书 is required",
      category: "vocational",
      set: { 是否具备职业技能等级证书: "" },
      expect: ["是否具备职业技能等级证书 field.required"],
    },
    {
      name: "vocational: 企业工作时长 ≥ 0",
      category: "vocational",
      set: { "企业工作（实践）时长（月）": -1 },
      expect: ["企业工作（实践）时长（月） number.below_min"],
    },
    {
      name: "vocational: 企业工作时长 is whole",
      category: "vocational",
      set: { "企业工作（实践）时长（月）": 1.5 },
      expect: ["企业工作（实践）时长（月） number.not_integer"],
    },
    { name: "vocational: no 基层服务 rules apply", category: "vocational", row: 1 },
  ]);
});
