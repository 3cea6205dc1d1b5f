import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  rawCountyConfig,
  shippedCountyConfig,
  shippedTemplates,
} from "../../../src/core/templates/bundle";
import { loadCountyConfig, recheckOffice } from "../../../src/core/templates/county";
import { parseCsv } from "../../../src/core/templates/csv";
import { formatTemplateIssue } from "../../../src/core/templates/issues";
import {
  formatSchoolIssue,
  parseSchoolsCsv,
  SCHOOL_HEADERS,
} from "../../../src/core/templates/schools";

const EXAMPLE = readFileSync(
  new URL("../../../sheet-templates/examples/huarong-schools.csv", import.meta.url),
  "utf8",
);
const HEADER = SCHOOL_HEADERS.join(",");
const GOOD_ROW =
  "4306230001,华容县第一中学,中小学,高级中学,章华镇,a@hrjy.example.cn,b@hrjy.example.cn,c@hrjy.example.cn,";

function schoolMessages(text: string): string[] {
  const result = parseSchoolsCsv(text, shippedTemplates.codeTables);
  return result.ok ? [] : result.issues.map(formatSchoolIssue);
}

describe("county configuration", () => {
  it("loads with the notice's values", () => {
    expect(shippedCountyConfig.county).toEqual({ code: "430623", name: "华容县" });
    expect(shippedCountyConfig.city.name).toBe("岳阳市");
    expect(shippedCountyConfig.campaign.campaigns[0]?.deadlines.collection).toBe("2017-03-10");
    // 360 per five-year cycle (national default); the year derived from it: 72.
    expect(shippedCountyConfig.credits).toMatchObject({
      perYear: 72,
      perCycle: 360,
      newTeacherInduction: 150,
    });
    expect(shippedCountyConfig.retirement.minimumAge).toEqual({ male: 60, female: 50 });
  });

  it("sends 国内培训 to 教师进修学校 and everything else to 人事股", () => {
    expect(recheckOffice(shippedCountyConfig, "training")?.name).toBe("教师进修学校");
    expect(recheckOffice(shippedCountyConfig, "basic")?.name).toBe("人事股");
    expect(recheckOffice(shippedCountyConfig, "teaching")?.name).toBe("人事股");
  });

  it("rejects deadlines out of order and a bad e-mail, pointing at them", () => {
    const raw = structuredClone(rawCountyConfig) as {
      campaign: { campaigns: { deadlines: Record<string, string> }[] };
      offices: { emails: string[] }[];
    };
    const first = raw.campaign.campaigns[0];
    if (first) first.deadlines.collection = "2017-04-01";
    const office = raw.offices[0];
    if (office) office.emails = ["not-an-email"];
    const result = loadCountyConfig(raw);
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.issues.map(formatTemplateIssue);
    expect(found).toContainEqual(
      expect.stringContaining(
        "county.json › campaign.campaigns[0].deadlines.schoolReview：「学校审核」截止日期（2017-03-17）早于「采集」截止日期（2017-04-01）",
      ),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/county\.json › offices\[0\]「personnel」\.emails\[0\]：/),
    );
  });

  it("rejects a retirement age no statute has, pointing at it", () => {
    const raw = structuredClone(rawCountyConfig) as {
      retirement: { minimumAge: Record<string, number> };
    };
    raw.retirement.minimumAge.female = 25;
    const result = loadCountyConfig(raw);
    const found = result.ok ? [] : result.issues.map(formatTemplateIssue);
    expect(found).toContainEqual(
      expect.stringContaining("county.json › retirement.minimumAge.female"),
    );
  });
});

describe("CSV reader", () => {
  it("handles BOM, CRLF, quotes, escaped quotes and embedded newlines", () => {
    const result = parseCsv('\uFEFFa,b\r\n"x, y","he said ""hi"""\r\n"line\nbreak",\r\n');
    expect(result).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["x, y", 'he said "hi"'],
        ["line\nbreak", ""],
      ],
    });
  });

  it("reports an unterminated quote with its line", () => {
    expect(parseCsv('a,b\n1,"oops\n2,3\n')).toEqual({
      ok: false,
      line: 2,
      message: "引号没有闭合",
    });
  });

  it("reports a stray quote inside a field", () => {
    expect(parseCsv('a,b"c\n')).toMatchObject({ ok: false, line: 1 });
  });
});

describe("schools list", () => {
  it("the Huarong example loads with every category present", () => {
    const result = parseSchoolsCsv(EXAMPLE, shippedTemplates.codeTables);
    if (!result.ok) throw new Error(result.issues.map(formatSchoolIssue).join("\n"));
    expect(result.value.length).toBeGreaterThanOrEqual(12);
    expect(new Set(result.value.map((s) => s.category))).toEqual(
      new Set(["kindergarten", "primary_secondary", "special", "vocational"]),
    );
    expect(result.value[0]?.infoAdmins).toHaveLength(2);
    expect(result.value[0]?.schoolType).toBe("342");
  });

  it("names the row and column of a bad school code, category and e-mail", () => {
    const text = [
      HEADER,
      GOOD_ROW,
      "43062300,某小学,小学校,小学,章华镇,a@x.cn,bad-mail,c@x.cn,",
    ].join("\n");
    expect(schoolMessages(text)).toEqual([
      "第3行「学校代码」：须为10位数字，实际为「43062300」",
      expect.stringMatching(/^第3行「学校类别」：「小学校」不是有效的值，可选：幼儿园、中小学/),
      "第3行「信息管理员」：电子邮箱格式不正确：bad-mail",
    ]);
  });

  it("reports empty required cells and duplicate codes", () => {
    const text = [HEADER, GOOD_ROW, "4306230001,,中小学,小学,章华镇,,b@x.cn,c@x.cn,"].join("\r\n");
    expect(schoolMessages(text)).toEqual([
      "第3行「学校名称」：不能为空",
      "第3行「系统管理员」：至少填写一个电子邮箱",
    ]);
    expect(schoolMessages([HEADER, GOOD_ROW, GOOD_ROW].join("\n"))).toEqual([
      "第3行「学校代码」：与第2行的学校代码重复",
    ]);
  });

  it("reports missing headers on row 1", () => {
    expect(schoolMessages("学校代码,学校名称\n4306230001,x\n")).toEqual([
      "第1行：缺少表头：学校类别、办学类型、乡镇、系统管理员、信息管理员、校长、信息查询员",
    ]);
  });

  it("accepts reordered columns", () => {
    const reordered =
      "学校名称,学校代码,学校类别,办学类型,乡镇,系统管理员,信息管理员,校长,信息查询员\n华容县实验小学,4306230002,primary_secondary,211,章华镇,a@x.cn,b@x.cn,c@x.cn,\n";
    const result = parseSchoolsCsv(reordered, shippedTemplates.codeTables);
    expect(result.ok && result.value[0]).toMatchObject({
      code: "4306230002",
      category: "primary_secondary",
    });
  });

  it("keeps the expected headcount (应采集人数) where the list has one, and says what is wrong", () => {
    const header = `${HEADER},应采集人数`;
    const row = (code: string, count: string) =>
      `${code},华容县第一中学,中小学,高级中学,章华镇,a@x.cn,b@x.cn,c@x.cn,,${count}`;
    const result = parseSchoolsCsv(
      [header, row("4306230001", "86"), row("4306230002", " ")].join("\n"),
      shippedTemplates.codeTables,
    );
    expect(result.ok && result.value.map((s) => s.expectedStaff)).toEqual([86, undefined]);
    expect(
      schoolMessages([header, row("4306230001", "八十"), row("4306230002", "-3")].join("\n")),
    ).toEqual([
      "第2行「应采集人数」：须为不小于0的整数（在编和合同制教职工人数），实际为「八十」",
      "第3行「应采集人数」：须为不小于0的整数（在编和合同制教职工人数），实际为「-3」",
    ]);
    // A list without the column still loads: every school then says 未填应采集人数.
    const old = parseSchoolsCsv([HEADER, GOOD_ROW].join("\n"), shippedTemplates.codeTables);
    expect(old.ok && old.value[0]?.expectedStaff).toBeUndefined();
  });

  it("the Huarong example gives the demo schools' expected headcounts", () => {
    const result = parseSchoolsCsv(EXAMPLE, shippedTemplates.codeTables);
    const of = (code: string) =>
      result.ok ? result.value.find((s) => s.code === code)?.expectedStaff : "not loaded";
    expect([of("4306230002"), of("4306230005"), of("4306230003")]).toEqual([11, 12, undefined]);
  });
});
