/**
 * 采集范围: only 在编 staff and contracts of one year or more are collected, retirees are not.
 * A person out of scope gets one message (on their 基本信息 row) and every other row of theirs
 * only points to it; a suspected retiree is not told that tabs are missing.
 */
import { describe, expect, it } from "vitest";
import { runCases } from "./cases";
import { dropRows, edit, ID, replacePerson, residentId, run, validTabs } from "./fixture";

/** Every other row of 李娜 (基本信息 row 3), each pointing to her 基本信息 row. */
const LI_ROWS = [
  "学习经历!3",
  "工作经历!4",
  "工作经历!5",
  "岗位聘任!3",
  "专业技术职务聘任!3",
  "教师资格!3",
  "教育教学!4",
  "海外研修（访学）!3",
  "技能及证书!3",
  "联系方式!3",
].map((place) => `${place} - scope.row_out_of_scope`);

describe("基本信息: 采集范围 (是否在编, 签订合同情况, 合同期限)", () => {
  runCases("基本信息", [
    { name: "not 在编 with a 36-month 聘用合同 is in scope (李娜)", row: 1 },
    {
      name: "a 12-month contract typed in full-width digits is in scope",
      row: 1,
      set: { "合同期限（月）": "１２" },
    },
    {
      name: "在编 without a contract is in scope",
      set: { 签订合同情况: "未签合同" },
    },
    {
      name: "在编 typed as 1 and 未签合同 typed as its code 0 is in scope",
      set: { 是否在编: 1, 签订合同情况: 0 },
    },
    {
      name: "合同期限 under 12 months is out of scope: one message, the other rows point to it",
      row: 1,
      set: { "合同期限（月）": 6 },
      expect: ["合同期限（月） scope.out_of_scope", ...LI_ROWS],
    },
    {
      name: "not 在编 with 未签合同 is out of scope even with 合同期限 24",
      row: 1,
      set: { 签订合同情况: "未签合同", "合同期限（月）": 24 },
      expect: ["签订合同情况 scope.out_of_scope", ...LI_ROWS],
    },
    {
      name: "not 在编 typed as 0 with 未签合同 typed as its code 0 is out of scope",
      row: 1,
      set: { 是否在编: 0, 签订合同情况: 0, "合同期限（月）": "24" },
      expect: ["签订合同情况 scope.out_of_scope", ...LI_ROWS],
    },
    {
      name: "two reasons still make one message",
      row: 1,
      set: { 签订合同情况: "未签合同", "合同期限（月）": 6 },
      expect: ["合同期限（月） scope.out_of_scope", ...LI_ROWS],
    },
    {
      name: "out of scope: no 'fill in' errors, neither missing tabs nor blank cells",
      row: 1,
      tabs: () =>
        edit(
          "学习经历",
          1,
          { 所学专业: "" },
          dropRows(dropRows(validTabs(), "工作经历", ID.li), "教师资格", ID.li),
        ),
      set: { "合同期限（月）": 6, 健康状况: "很好", 信息技术应用能力: "" },
      expect: [
        "合同期限（月） scope.out_of_scope",
        ...LI_ROWS.filter((f) => !/^(工作经历|教师资格)!/.test(f)),
      ],
    },
  ]);

  it("words both reasons the same way, naming the tab, row and column", () => {
    const short = run(edit("基本信息", 1, { "合同期限（月）": 6 }));
    const none = run(edit("基本信息", 1, { 签订合同情况: "未签合同", "合同期限（月）": 24 }));
    const [a, b] = [short, none].map((findings) =>
      findings.find((f) => f.code === "scope.out_of_scope"),
    );
    expect(a).toMatchObject({ tab: "基本信息", row: 3, column: "合同期限（月）" });
    expect(a?.message).toBe(
      "合同期限（月）：合同期限不足12个月，按通知不在采集范围内（只采集在编人员和签订一年及以上合同的人员），请删除该人员各标签页的行",
    );
    expect(b).toMatchObject({ tab: "基本信息", row: 3, column: "签订合同情况" });
    expect(b?.message).toBe(
      "签订合同情况：「是否在编」为“否”且「签订合同情况」为“未签合同”，按通知不在采集范围内（只采集在编人员和签订一年及以上合同的人员），请删除该人员各标签页的行",
    );
    expect(short.find((f) => f.tab === "联系方式")?.message).toBe(
      "该人员不在采集范围内（见“基本信息”第3行），请删除本行",
    );
  });
});

describe("基本信息: suspected retirees", () => {
  const retiring = () => edit("基本信息", 0, { 人员状态: "待退休" });
  runCases("基本信息", [
    {
      name: "a suspected retiree is not told that tabs are missing",
      tabs: () => dropRows(dropRows(retiring(), "工作经历", ID.zhang), "教育教学", ID.zhang),
      expect: ["- retiree.suspected (warning)"],
    },
    {
      name: "a suspected retiree's rows keep their own findings (the school decides)",
      tabs: () => edit("学习经历", 0, { 所学专业: "" }, retiring()),
      expect: ["- retiree.suspected (warning)", "学习经历!2 所学专业 rule.required_when"],
    },
    {
      name: "a man of 59 with every tab is neither a retiree nor missing anything",
      tabs: () =>
        replacePerson(validTabs(), ID.zhang, {
          身份证件号: residentId("19580601", "011"),
          出生日期: "1958-06-01",
        }),
    },
  ]);

  it("names the tabs to fill in case the person is still in service, in one warning", () => {
    const findings = run(
      dropRows(dropRows(retiring(), "工作经历", ID.zhang), "教育教学", ID.zhang),
    );
    expect(findings.map((f) => f.message)).toEqual([
      "该人员可能已退休（人员状态为“待退休”）；离退休人员不采集，如已退休请删除其各标签页的行；如仍在职，请补填：工作经历、教育教学",
    ]);
  });

  it("says nothing about filling in when no tab is missing", () => {
    expect(run(retiring()).map((f) => f.message)).toEqual([
      "该人员可能已退休（人员状态为“待退休”）；离退休人员不采集，如已退休请删除其各标签页的行",
    ]);
  });

  it("a person who is not a retiree still gets one error per missing tab", () => {
    const findings = run(
      dropRows(dropRows(validTabs(), "工作经历", ID.zhang), "教育教学", ID.zhang),
    );
    expect(findings.map((f) => `${f.code} ${f.severity}`)).toEqual([
      "section.missing error",
      "section.missing error",
    ]);
  });
});
