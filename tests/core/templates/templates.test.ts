import { describe, expect, it } from "vitest";
import { rawTemplates, shippedTemplates } from "../../../src/core/templates/bundle";
import { formatTemplateIssue } from "../../../src/core/templates/issues";
import { loadTemplates, type RawTemplates, templateFor } from "../../../src/core/templates/load";
import type { SchoolCategory } from "../../../src/core/templates/schema";

const BASIC = "sections/01-basic.json";
const POST = "sections/04-post.json";

function clone<T>(value: T): T {
  return structuredClone(value);
}

type Json = Record<PropertyKey, unknown>;

/** The object at a path inside parsed JSON, for tests that break a copy of a shipped file. */
function node(root: unknown, ...path: PropertyKey[]): Json {
  const found = path.reduce<unknown>((at, key) => (at as Json)[key], root);
  if (typeof found !== "object" || found === null) throw new Error(`nothing at ${path.join(".")}`);
  return found as Json;
}

function list(root: unknown, ...path: PropertyKey[]): unknown[] {
  return node(root, ...path) as unknown as unknown[];
}

/** A copy of the shipped templates with one section file edited. */
function withSection(file: string, edit: (section: Json) => void): RawTemplates {
  const sections = clone(rawTemplates.sections);
  edit(node(sections, file));
  return { ...rawTemplates, sections };
}

function messages(raw: RawTemplates): string[] {
  const result = loadTemplates(raw);
  if (result.ok) return [];
  return result.issues.map(formatTemplateIssue);
}

function headers(category: SchoolCategory, key = "basic"): string[] {
  const section = templateFor(shippedTemplates, category).find((s) => s.key === key);
  return section?.columns.map((column) => column.header) ?? [];
}

describe("shipped templates", () => {
  it("load without issues", () => {
    expect(loadTemplates(rawTemplates).ok).toBe(true);
  });

  it("have the 14 sections and 3 request tabs in tab order for every category", () => {
    for (const category of [
      "kindergarten",
      "primary_secondary",
      "special",
      "vocational",
    ] as const) {
      const titles = templateFor(shippedTemplates, category).map((section) => section.title);
      expect(titles).toEqual([
        "基本信息",
        "学习经历",
        "工作经历",
        "岗位聘任",
        "专业技术职务聘任",
        "教师资格",
        "教育教学",
        "教育科研成果及奖励",
        "入选人才项目",
        "国内培训",
        "海外研修（访学）",
        "技能及证书",
        "交流轮岗",
        "联系方式",
        "调动申请",
        "在职情况变动",
        "交流轮岗申请",
      ]);
    }
  });

  it("attach the worker-owned trailing columns, with 教师编号 on 基本信息 only", () => {
    const sections = templateFor(shippedTemplates, "primary_secondary");
    const trailing = (key: string) =>
      sections.find((s) => s.key === key)?.trailingColumns.map((c) => c.header);
    expect(trailing("basic")).toEqual([
      "校长审核",
      "审核状态",
      "校验结果",
      "记录编号",
      "同步时间",
      "教师编号",
    ]);
    expect(trailing("contact")).toEqual([
      "校长审核",
      "审核状态",
      "校验结果",
      "记录编号",
      "同步时间",
    ]);
    expect(trailing("transferRequest")?.[0]).toBe("本校确认");
  });

  it("spell out every post level with the post types it belongs to", () => {
    const levels = shippedTemplates.codeTables.get("post_level")?.entries ?? [];
    expect(levels.map((e) => e.code)).toEqual([
      ...Array.from({ length: 13 }, (_, i) => String(101 + i)),
      ...Array.from({ length: 10 }, (_, i) => String(201 + i)),
      ...Array.from({ length: 6 }, (_, i) => String(301 + i)),
      "998",
      "999",
    ]);
    expect(levels.find((e) => e.code === "113")).toMatchObject({
      name: "十三级",
      parents: ["1", "2"],
    });
    expect(levels.find((e) => e.code === "998")?.parents).toBeUndefined();
  });

  it("provision every long-number column as plain text, and only those", () => {
    // Types whose value is a digit string that a number cell would mangle (digits lost past 15,
    // a leading 0 dropped), and the text columns that hold such numbers.
    const numeric = new Set([
      "id_number",
      "qualification_number",
      "mobile",
      "fixed_phone",
      "postcode",
      "school_code",
    ]);
    const numberText = new Set(["证书编号", "编号", "其他联系方式"]);
    for (const category of ["kindergarten", "primary_secondary", "special", "vocational"] as const)
      for (const section of templateFor(shippedTemplates, category))
        for (const column of section.columns)
          expect([section.title, column.header, column.plainText === true]).toEqual([
            section.title,
            column.header,
            numeric.has(column.type) || numberText.has(column.header),
          ]);
  });

  it("keep the aliases the spec names", () => {
    const entry = (table: string, code: string) =>
      shippedTemplates.codeTables.get(table)?.entries.find((e) => e.code === code);
    expect(entry("ethnicity", "01")?.aliases).toContain("汉");
    expect(entry("political", "01")?.aliases).toContain("中共党员");
    expect(entry("political", "11")?.aliases).toContain("台盟");
    expect(entry("tech_title", "3")?.aliases).toEqual(
      expect.arrayContaining(["中学一级教师", "小学高级教师", "幼儿园高级教师"]),
    );
    expect(entry("person_status", "201")?.aliases).toContain("暂未在本单位任职-借出到机关");
    expect(shippedTemplates.codeTables.get("country")?.entries.length).toBeGreaterThanOrEqual(15);
  });
});

describe("category variants", () => {
  it("kindergartens enter 进本园年月 and choose from the kindergarten lists", () => {
    expect(headers("kindergarten")).toContain("进本园年月");
    expect(headers("kindergarten")).not.toContain("进本校年月");
    expect(headers("kindergarten")).toContain("是否全日制学前教育专业毕业");
    expect(headers("kindergarten")).toContain("是否受过学前教育专业培养培训");
    expect(headers("kindergarten")).not.toContain("是否受过特教专业培养培训");
    const basic = templateFor(shippedTemplates, "kindergarten").find((s) => s.key === "basic");
    const table = (key: string) => basic?.columns.find((c) => c.key === key)?.codeTable;
    expect(table("staffSource")).toBe("staff_source_kg");
    expect(table("staffCategory")).toBe("staff_category_kg");
    // A patch that renames a header or swaps a list keeps the column required.
    const required = (key: string) => basic?.columns.find((c) => c.key === key)?.required;
    expect([required("joinSchool"), required("staffSource"), required("staffCategory")]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("vocational schools have the 双师型 fields and lack the 基层服务/免费师范/特教 fields", () => {
    const vocational = headers("vocational");
    expect(vocational).toContain("是否“双师型”教师");
    expect(vocational).toContain("是否具备职业技能等级证书");
    expect(vocational).toContain("企业工作（实践）时长（月）");
    for (const gone of [
      "是否参加基层服务项目",
      "基层服务项目起始年月",
      "是否属于免费（公费）师范生",
      "是否受过特教专业培养培训",
      "是否有特殊教育从业证书",
    ])
      expect(vocational).not.toContain(gone);
    const basic = templateFor(shippedTemplates, "vocational").find((s) => s.key === "basic");
    expect(
      basic?.rules.some((r) => r.rule === "required_when" && r.column === "grassrootsStart"),
    ).toBe(false);
  });

  it("special-education schools add the 特教 fields", () => {
    expect(headers("special")).toContain("从事特教起始年月");
    expect(headers("special")).toContain("是否全日制特殊教育专业毕业");
    expect(headers("primary_secondary")).not.toContain("从事特教起始年月");
  });

  it("健康状况 is required only for special and vocational schools", () => {
    const required = (category: SchoolCategory) =>
      templateFor(shippedTemplates, category)
        .find((s) => s.key === "basic")
        ?.columns.find((c) => c.key === "health")?.required;
    expect(required("special")).toBe(true);
    expect(required("vocational")).toBe(true);
    expect(required("primary_secondary")).toBe(false);
    expect(required("kindergarten")).toBe(false);
  });
});

describe("broken templates are rejected with a pointed message", () => {
  it("a column naming an unknown code table", () => {
    const raw = withSection(POST, (s) => {
      node(s, "columns", 3).codeTable = "post_levle";
    });
    expect(messages(raw)).toContainEqual(
      expect.stringMatching(
        /sections\/04-post\.json › 岗位聘任 › columns\[3\]「岗位等级」.*未知的代码表「post_levle」/,
      ),
    );
  });

  it("a rule referencing a missing column", () => {
    const raw = withSection(BASIC, (s) => {
      list(s, "rules").push({ rule: "order", earlier: "workStart", later: "joinScool" });
    });
    expect(messages(raw)).toContainEqual(
      expect.stringMatching(
        /01-basic\.json › 基本信息 › rules\[\d+\]（order）：引用了不存在的列「joinScool」/,
      ),
    );
  });

  it("a cross-section rule on a missing column or a 基本信息 column that is not a date", () => {
    const raw = withSection(POST, (s) => {
      list(s, "crossSection").push(
        { rule: "age_at", column: "appointStrat", birthDate: "birthDate", errorBelow: 16 },
        { rule: "not_before_person", column: "appointStart", person: "name" },
      );
    });
    expect(messages(raw)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /岗位聘任 › crossSection\[4\]（age_at）：引用了不存在的列「appointStrat」/,
        ),
        expect.stringMatching(
          /岗位聘任 › crossSection\[5\]（not_before_person）：基本信息的列「name」须为日期或年月/,
        ),
      ]),
    );
  });

  it("a planned date (ahead) on a column that is no date, or after a missing column", () => {
    const raw = withSection("sections/13-rotation.json", (s) => {
      node(s, "columns", 0).ahead = { years: 1 };
      node(s, "columns", 5).ahead = { years: 6, after: "strat" };
    });
    expect(messages(raw)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/交流轮岗 › columns\[0\]「姓名」：ahead 只能用于日期或年月列/),
        expect.stringMatching(
          /交流轮岗 › columns\[5\]「结束年月」：ahead\.after 引用了不存在的列「strat」/,
        ),
      ]),
    );
  });

  it("a condition naming a code the column does not have", () => {
    const raw = withSection(BASIC, (s) => {
      list(s, "rules").push({
        rule: "required_when",
        column: "employmentForm",
        when: { column: "established", in: ["2"] },
      });
    });
    expect(messages(raw)).toContainEqual(
      expect.stringContaining("「2」不是列「established」的代码"),
    );
  });

  it("a duplicate header", () => {
    const raw = withSection(BASIC, (s) => {
      node(s, "columns", 1).header = "姓名";
    });
    expect(messages(raw)).toContainEqual(
      expect.stringMatching(/01-basic\.json › 基本信息 › columns\[1\]「姓名」：表头重复「姓名」/),
    );
  });

  it("a data header that collides with a worker-owned column", () => {
    const raw = withSection(BASIC, (s) => {
      node(s, "columns", 1).header = "审核状态";
    });
    expect(messages(raw)).toContainEqual(expect.stringContaining("表头重复「审核状态」"));
  });

  it("an unknown rule kind", () => {
    const raw = withSection(BASIC, (s) => {
      list(s, "rules").push({ rule: "must_be_nice", column: "name" });
    });
    expect(messages(raw)).toContainEqual(
      expect.stringMatching(
        /01-basic\.json › rules\[\d+\]「must_be_nice」\.rule：未知的类型「must_be_nice」，可选：required_when/,
      ),
    );
  });

  it("an unknown column type and a misspelt field", () => {
    const raw = withSection(BASIC, (s) => {
      node(s, "columns", 0).type = "string";
      node(s, "columns", 2).requried = true;
    });
    const found = messages(raw);
    expect(found).toContainEqual(expect.stringMatching(/columns\[0\]「姓名」\.type：/));
    expect(found).toContainEqual(expect.stringMatching(/columns\[2\]「性别」：.*requried/));
  });

  it("a variant patching a column that does not exist", () => {
    const variants = clone(rawTemplates.variants);
    node(variants, "kindergarten", "sections", "basic", "patch").joinScool = {
      header: "进本园年月",
    };
    expect(messages({ ...rawTemplates, variants })).toContainEqual(
      "variants.json › kindergarten › basic › patch：没有列「joinScool」",
    );
  });

  it("a variant swapping in an unknown code table", () => {
    const variants = clone(rawTemplates.variants);
    node(variants, "kindergarten", "sections", "basic", "patch", "staffSource").codeTable =
      "staff_source_kindergarten";
    expect(messages({ ...rawTemplates, variants })).toContainEqual(
      expect.stringMatching(
        /variants\.json › kindergarten › basic › columns\[\d+\]「教职工来源」：未知的代码表/,
      ),
    );
  });

  it("a code table whose alias points at two codes", () => {
    const codes = clone(rawTemplates.codes) as {
      tables: { id: string; entries: { code: string; aliases?: string[] }[] }[];
    };
    const gender = codes.tables.find((t) => t.id === "gender");
    gender?.entries[1]?.aliases?.push("男");
    expect(messages({ ...rawTemplates, codes })).toContainEqual(
      expect.stringContaining("「男」同时指向代码 1 和 2"),
    );
  });
});
