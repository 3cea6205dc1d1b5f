import { describe, expect, it } from "vitest";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { validateSchool } from "../../../src/core/validate";
import { describeFinding, runCases } from "./cases";
import { dropRows, edit, ID, run, SCHOOL, schoolInput, TODAY, validTabs } from "./fixture";

const OTHER = { schoolCode: "4306230006", schoolName: "治河渡镇中学" };

describe("rows belong to a 基本信息 person", () => {
  runCases("工作经历", [
    {
      name: "姓名 matches 基本信息",
      set: { 姓名: "张小伟" },
      expect: ["姓名 identity.name_mismatch"],
    },
    {
      name: "another person's 身份证件号 shows as a name mismatch",
      set: { 身份证件号: ID.wang },
      expect: ["姓名 identity.name_mismatch"],
    },
    {
      name: "an unknown 身份证件号",
      set: { 身份证件号: "430623198001010000" },
      expect: ["身份证件号 identity.unknown_id"],
    },
  ]);
});

describe("completeness", () => {
  const required = [
    "学习经历",
    "工作经历",
    "岗位聘任",
    "专业技术职务聘任",
    "教师资格",
    "教育教学",
    "海外研修（访学）",
    "技能及证书",
  ];
  runCases("基本信息", [
    ...required.map((tab) => ({
      name: `${tab} is required of a non-new teacher`,
      tabs: () => dropRows(validTabs(), tab, ID.zhang),
      expect: ["- section.missing"],
    })),
    ...["教育科研成果及奖励", "入选人才项目", "国内培训", "交流轮岗"].map((tab) => ({
      name: `${tab} is optional`,
      tabs: () => dropRows(validTabs(), tab, ID.zhang),
    })),
    { name: "a new teacher needs only 基本信息 and 联系方式", row: 2 },
    {
      name: "a teacher no longer new needs every section",
      row: 2,
      set: { 是否新任教师: "否" },
      expect: required.map(() => "- section.missing"),
    },
  ]);

  it("names the missing section in the message", () => {
    const findings = run(dropRows(validTabs(), "教师资格", ID.zhang));
    expect(findings[0]?.message).toBe(
      "缺少“教师资格”信息，请在“教师资格”标签页为该人员至少填写一行",
    );
  });
});

describe("county-wide: one person, one number, decided by 人事股", () => {
  const pending = { others: [OTHER] };
  runCases("基本信息", [
    {
      name: "an ID another school also entered holds the row until 人事股 decides",
      lookupId: (id) => (id === ID.zhang ? pending : undefined),
      expect: ["身份证件号 id.conflict_pending"],
    },
    {
      name: "the first school to enter is held the same way: first come does not win",
      lookupId: (id) => (id === ID.zhang ? { others: [OTHER], effectiveHere: false } : undefined),
      expect: ["身份证件号 id.conflict_pending"],
    },
    {
      name: "what this school already has in force stays in force (a warning only)",
      lookupId: (id) => (id === ID.zhang ? { others: [OTHER], effectiveHere: true } : undefined),
      expect: ["身份证件号 id.conflict_kept (warning)"],
    },
    {
      name: "decided for this school: no finding, whoever else entered the person",
      lookupId: (id) =>
        id === ID.zhang
          ? { others: [OTHER], decidedFor: { schoolCode: SCHOOL.code, schoolName: SCHOOL.name } }
          : undefined,
    },
    {
      name: "decided for the other school: this school is told to delete its rows",
      lookupId: (id) => (id === ID.zhang ? { others: [OTHER], decidedFor: OTHER } : undefined),
      expect: ["身份证件号 id.conflict_decided"],
    },
    {
      name: "the register may list this school itself",
      lookupId: () => ({ others: [{ schoolCode: SCHOOL.code, schoolName: SCHOOL.name }] }),
    },
  ]);

  it("names the other schools and nothing of their data", () => {
    const two = { others: [OTHER, { schoolCode: "4306230007", schoolName: "东山镇中学" }] };
    const findings = run(validTabs(), { lookupId: (id) => (id === ID.li ? two : undefined) });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      [
        "error",
        "身份证件号：治河渡镇中学（学校代码 4306230006）、东山镇中学（学校代码 4306230007）也录入了这个身份证件号；一人只能在一所学校登记，已提交县人事股裁定，裁定前本行暂不能审核。请核对号码，如属调动请提交调动申请",
      ],
    ]);
  });

  it("tells the other side the decision", () => {
    const decided = { others: [OTHER], decidedFor: OTHER };
    const findings = run(validTabs(), { lookupId: (id) => (id === ID.li ? decided : undefined) });
    expect(findings.map((f) => f.message)).toEqual([
      "身份证件号：县人事股已裁定此人属于治河渡镇中学（学校代码 4306230006）；请删除本校录入的此人各行，如属调动请提交调动申请",
    ]);
  });
});

describe("tabs", () => {
  it("a missing section tab is one tab-level error", () => {
    const { 交流轮岗: _, ...tabs } = validTabs();
    const input = schoolInput(tabs);
    const findings = validateSchool(input, shippedTemplates, { today: TODAY }).findings;
    expect(findings.map(describeFinding)).toEqual(["交流轮岗!- - tab.missing"]);
  });

  it("a missing 基本信息 tab does not make every other row unknown", () => {
    const { 基本信息: _, ...tabs } = validTabs();
    const findings = validateSchool(schoolInput(tabs), shippedTemplates, { today: TODAY }).findings;
    expect(findings.map(describeFinding)).toEqual(["基本信息!- - tab.missing"]);
  });

  it("request tabs are optional", () => {
    const { 调动申请: _, ...tabs } = validTabs();
    expect(run(tabs)).toEqual([]);
  });

  it("returns normalised records per tab", () => {
    const result = validateSchool(schoolInput(validTabs()), shippedTemplates, { today: TODAY });
    const contact = result.tabs.find((t) => t.tab === "联系方式");
    expect(contact?.records.map((r) => [r.row, r.values.mobile, r.values.postcode])).toEqual([
      [2, "+8613807301234", "414200"],
      [3, "+8613907305678", "414200"],
      [4, "+8613607301111", undefined],
    ]);
    const basic = result.tabs.find((t) => t.tab === "基本信息")?.records[0]?.values;
    expect(basic).toMatchObject({
      sex: "1",
      country: "156",
      idType: "1",
      birthDate: "1985-06-01",
      workStart: "2007-09",
      established: "1",
      status: "100",
    });
  });

  it("a duplicated 基本信息 row is an error on the later row", () => {
    const tabs = validTabs();
    const wang = tabs.基本信息?.[2];
    if (wang === undefined) throw new Error("fixture");
    const findings = run({ ...tabs, 基本信息: [...(tabs.基本信息 ?? []), wang] });
    expect(findings.map(describeFinding)).toEqual(["基本信息!5 身份证件号 row.duplicate_person"]);
  });

  it("edits on one tab never move findings to another person's row", () => {
    const findings = run(edit("联系方式", 1, { 移动电话: "123" }));
    expect(findings.map(describeFinding)).toEqual(["联系方式!3 移动电话 phone.mobile_invalid"]);
  });
});
