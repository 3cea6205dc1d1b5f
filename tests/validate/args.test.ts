import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../scripts/validate/args";
import { shippedTemplates } from "../../src/core/templates/bundle";

const GOOD = "tests/fixtures/good-school.xlsx";
const CSV = "tests/fixtures/基本信息.csv";
const parse = (...argv: string[]) => parseCommandLine(argv, shippedTemplates, "2026-11-28");

function problems(...argv: string[]): readonly string[] {
  const parsed = parse(...argv);
  return parsed.ok ? [] : parsed.problems;
}

describe("parseCommandLine", () => {
  it("checks a workbook for a primary or secondary school today by default", () => {
    expect(parse(GOOD)).toEqual({
      ok: true,
      options: {
        file: GOOD,
        format: "xlsx",
        category: "primary_secondary",
        today: "2026-11-28",
        json: false,
      },
    });
  });

  it("takes the category, the day and JSON output", () => {
    const parsed = parse(GOOD, "--category", "kindergarten", "--today", "2017-03-01", "--json");
    expect(parsed.ok && "options" in parsed && parsed.options).toMatchObject({
      category: "kindergarten",
      today: "2017-03-01",
      json: true,
    });
  });

  it("takes the category as the schools CSV names it (学校类别), as well as its key", () => {
    const names: [string, string][] = [
      ["幼儿园", "kindergarten"],
      ["中小学", "primary_secondary"],
      ["特殊教育学校", "special"],
      ["中等职业学校", "vocational"],
    ];
    for (const [name, key] of names) {
      const parsed = parse(GOOD, "--category", name);
      expect(parsed.ok && !("help" in parsed) && parsed.options.category).toBe(key);
    }
  });

  it("takes a .csv with the tab it holds, in the chosen category's template", () => {
    const parsed = parse(CSV, "--section", "基本信息", "--category", "kindergarten");
    if (!parsed.ok || !("options" in parsed) || parsed.options.format !== "csv")
      throw new Error("expected a csv");
    expect(parsed.options.section.title).toBe("基本信息");
    expect(parsed.options.section.columns.map((c) => c.header)).toContain("进本园年月");
  });

  it("answers --help before anything else", () => {
    expect(parse("--help", "--category", "xyz")).toEqual({ ok: true, help: true });
  });

  it.each([
    [[], "缺少要检查的文件：应为一个 .xlsx 或 .csv 文件的路径"],
    [["nope.xlsx"], "找不到文件「nope.xlsx」"],
    [["tests/fixtures"], "「tests/fixtures」是文件夹，应为一个 .xlsx 或 .csv 文件"],
    [[GOOD, CSV], `一次只能检查一个文件，收到 2 个：「${GOOD}」「${CSV}」`],
    [["package.json"], "文件应为 .xlsx 或 .csv，收到「package.json」"],
    [
      [GOOD, "--category", "xyz"],
      "--category 应为 幼儿园、中小学、特殊教育学校、中等职业学校 之一，收到「xyz」",
    ],
    [
      [GOOD, "--today", "2017-02-30"],
      "--today 应为 YYYY-MM-DD 格式的真实日期，如 2017-03-01，收到「2017-02-30」",
    ],
    [
      [GOOD, "--today", "2017/3/1"],
      "--today 应为 YYYY-MM-DD 格式的真实日期，如 2017-03-01，收到「2017/3/1」",
    ],
    [
      [GOOD, "--section", "基本信息"],
      "--section 只用于 .csv 文件；.xlsx 工作簿会检查全部标签页，收到「--section 基本信息」",
    ],
    [[GOOD, "--bogus"], "不认识的参数「--bogus」（可用参数见 --help）"],
    [[GOOD, "--today"], "参数「--today」：缺少取值"],
    [[GOOD, "--json=yes"], "参数「--json」：不接受取值"],
  ])("%j → %s", (argv, problem) => {
    expect(problems(...argv)).toEqual([problem]);
  });

  it("names the tabs a .csv may hold when --section is missing or unknown", () => {
    expect(problems(CSV)[0]).toMatch(
      /^\.csv 文件只含一个标签页，请用 --section 指明是哪一个：基本信息、学习经历、.*、联系方式/,
    );
    expect(problems(CSV, "--section", "基本")[0]).toMatch(
      /^--section 应为 基本信息、学习经历、.*之一，收到「基本」$/,
    );
  });

  it("says to save as .xlsx when given an old Excel or WPS file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "validate-args-"));
    for (const name of ["学校.xls", "学校.ET"]) {
      writeFileSync(path.join(dir, name), "");
      expect(problems(path.join(dir, name))).toEqual([
        `文件应为 .xlsx 或 .csv，收到「${name}」；请在 Excel 或 WPS 中另存为 .xlsx 后重试`,
      ]);
    }
  });

  it("reports every problem at once", () => {
    expect(problems(GOOD, "--category", "xyz", "--today", "tomorrow")).toHaveLength(2);
  });
});
