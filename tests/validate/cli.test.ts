/**
 * The CLI as staff run it: a subprocess, its exit code, stdout and stderr. Fixed --today so the
 * results do not move with the clock (the fixture school is dated early 2017).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { TODAY, validTabs } from "../core/validate/fixture";
import { csvText, xlsxBytes } from "../fixtures/make-fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = "tests/fixtures";
const GOOD = `${FIXTURES}/good-school.xlsx`;
const BAD = `${FIXTURES}/bad-school.xlsx`;
const TMP = mkdtempSync(path.join(tmpdir(), "validate-cli-"));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/validate/cli.ts", ...args],
      { cwd: ROOT, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function jsonLines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

function tmpFile(name: string, bytes: Uint8Array | string): string {
  const file = path.join(TMP, name);
  writeFileSync(file, bytes);
  return file;
}

async function workbookFile(name: string, build: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return tmpFile(name, await xlsxBytes(workbook));
}

describe.concurrent("validate CLI", () => {
  it("passes the good workbook: exit 0, 未发现问题, the 说明 tab ignored", async () => {
    const run = await cli(GOOD, "--today", TODAY);
    expect(run).toEqual({
      code: 0,
      stdout: "已忽略不属于模板的标签页：说明\n未发现问题\n",
      stderr: "",
    });
  });

  it("passes the good workbook on today's date too", async () => {
    expect((await cli(GOOD)).code).toBe(0);
  });

  it("reports each planted problem of the bad workbook with tab, row and column; exit 1", async () => {
    const run = await cli(BAD, "--json", "--today", TODAY);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      {
        tab: "基本信息",
        row: 2,
        column: "进本校年月",
        severity: "error",
        message: "进本校年月：不能早于「参加工作年月」（2007-09），请核对",
      },
      {
        tab: "基本信息",
        row: 3,
        column: "性别",
        severity: "error",
        message: "性别：与身份证件号不一致，按身份证号应为“女”",
      },
      {
        tab: "基本信息",
        row: 4,
        column: "身份证件号",
        severity: "error",
        message: expect.stringMatching(/^身份证件号：校验位错误，应为 \d，请核对号码$/),
      },
      {
        tab: "基本信息",
        row: 5,
        column: "身份证件号",
        severity: "error",
        message: expect.stringMatching(/^身份证件号：与第2行是同一人/),
      },
    ]);
    // With --json, stdout is findings only; the note goes to stderr.
    expect(run.stderr).toBe("已忽略不属于模板的标签页：说明\n");
  });

  it("prints the bad workbook as an aligned table with a count", async () => {
    const run = await cli(BAD, "--today", TODAY);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.slice(1, 4)).toEqual([
      "工作表    行  列          级别  说明",
      "--------  --  ----------  ----  ----",
      "基本信息   2  进本校年月  错误  进本校年月：不能早于「参加工作年月」（2007-09），请核对",
    ]);
    expect(run.stdout).toContain("           3  性别        错误  性别：与身份证件号不一致");
    expect(run.stdout).toContain("共 4 条：错误 4 条，提醒 0 条");
  });

  it("checks 国内培训 alone with every rule of the tab, and lists exactly what it skipped", async () => {
    const [row = {}] = validTabs().国内培训 ?? [];
    const file = path.join(TMP, "国内培训.csv");
    writeFileSync(
      file,
      csvText("国内培训", [
        row,
        { ...row },
        { ...row, 培训项目名称: "校本研修", 培训获得学分: 61 },
      ]),
    );
    const run = await cli(file, "--section", "国内培训", "--json", "--today", TODAY);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toMatchObject([
      { tab: "国内培训", row: 3, column: "培训项目名称", severity: "error" },
      { tab: "国内培训", row: 4, column: "培训获得学分", severity: "error" },
    ]);
    expect(run.stderr.trim()).toBe(
      "只检查了“国内培训”这一个标签页：本标签页内的规则都已检查；需要其他标签页、未检查的规则：" +
        "本表人员须在“基本信息”中登记、姓名须一致（需要基本信息）；" +
        "「培训年度」按“基本信息”中的「出生日期」核对年龄（需要基本信息）；" +
        "「培训年度」不早于“基本信息”中的「参加工作年月」（需要基本信息）；" +
        "采集范围外人员的行只提示删除（需要基本信息）。请导出 .xlsx 检查全部规则",
    );
  });

  it("checks one tab of a UTF-8 CSV and says that cross-tab rules were skipped", async () => {
    const run = await cli(`${FIXTURES}/基本信息.csv`, "--section", "基本信息", "--json");
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      {
        tab: "基本信息",
        row: 2,
        column: "是否在编",
        severity: "error",
        message: "是否在编：「对」无法识别，请填写“是”或“否”",
      },
      {
        tab: "基本信息",
        row: 3,
        column: "出生日期",
        severity: "error",
        message: "出生日期：与身份证件号不一致，按身份证号应为 1990-09-15",
      },
    ]);
    expect(run.stderr).toMatch(
      /^只检查了“基本信息”这一个标签页：本标签页内的规则都已检查；需要其他标签页、未检查的规则：每人须填的标签页是否齐全/,
    );
  });

  it("reads a GBK CSV", async () => {
    const run = await cli(`${FIXTURES}/联系方式-gbk.csv`, "--section", "联系方式", "--json");
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      {
        tab: "联系方式",
        row: 3,
        column: "移动电话",
        severity: "error",
        message: "移动电话：「1390730567」不是有效的手机号码，请填写11位手机号",
      },
    ]);
    expect(run.stderr).toMatch(/^文件按 GBK 编码读取\n/);
  });

  it("exits 0 when there are warnings only, and prints them", async () => {
    const [header, ...rest] = csvText("联系方式", validTabs().联系方式 ?? []).split("\r\n");
    const file = tmpFile("联系方式-extra.csv", [`${header},备用`, ...rest].join("\r\n"));
    const run = await cli(file, "--section", "联系方式");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("联系方式   -  -   提醒  以下列不属于模板，已忽略：备用");
    expect(run.stdout).toContain("共 1 条：错误 0 条，提醒 1 条");
  });

  it("uses the kindergarten template with --category kindergarten", async () => {
    const run = await cli(GOOD, "--category", "kindergarten", "--json", "--today", TODAY);
    expect(run.code).toBe(1);
    const findings = jsonLines(run.stdout);
    expect(findings).toContainEqual(
      expect.objectContaining({
        tab: "基本信息",
        row: null,
        column: null,
        message: expect.stringContaining("「进本园年月」"),
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/不属于模板.*进本校年月/) }),
    );
  });

  it("prints the usage with --help", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^用法：npm run validate -- 文件 \[选项\]/);
  });
});

describe.concurrent("unusable input: exit 2 with a message, never a stack trace", () => {
  const cases: [string, () => Promise<string[]> | string[], RegExp][] = [
    ["no file", () => [], /^缺少要检查的文件/],
    ["a missing file", () => ["nope.xlsx"], /^找不到文件「nope\.xlsx」/],
    [
      "an unknown extension",
      () => ["package.json"],
      /^文件应为 \.xlsx 或 \.csv，收到「package\.json」/,
    ],
    [
      "an unknown section",
      () => [`${FIXTURES}/基本信息.csv`, "--section", "基本"],
      /^--section 应为 基本信息、.*之一，收到「基本」/,
    ],
    [
      "a CSV without --section",
      () => [`${FIXTURES}/基本信息.csv`],
      /^\.csv 文件只含一个标签页，请用 --section 指明/,
    ],
    [
      "an unknown category",
      () => [GOOD, "--category", "xyz"],
      /^--category 应为 幼儿园、中小学、特殊教育学校、中等职业学校 之一，收到「xyz」/,
    ],
    [
      "a file that is no workbook",
      () => [tmpFile("损坏.xlsx", "这不是工作簿")],
      /^无法读取工作簿：这不是 \.xlsx 文件。请在 Excel 或 WPS 中另存为 \.xlsx/,
    ],
    [
      "a 0-byte workbook",
      () => [tmpFile("空文件.xlsx", "")],
      /^无法读取工作簿：文件是空的（0 字节）/,
    ],
    [
      "a truncated workbook (a zip cut short)",
      async () => {
        const whole = readFileSync(GOOD);
        return [tmpFile("半截.xlsx", whole.subarray(0, Math.floor(whole.length / 2)))];
      },
      /^无法读取工作簿：文件已损坏（可能没有下载或复制完整）/,
    ],
    [
      "an old .xls or a password-protected workbook (an OLE file)",
      () => [
        tmpFile("加密.xlsx", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      ],
      /^无法读取工作簿：这是旧版 \.xls 文件或设置了打开密码的 \.xlsx 文件/,
    ],
    [
      "a file that does not exist",
      () => [path.join(tmpdir(), "没有这个文件.xlsx")],
      /^找不到文件「.*没有这个文件\.xlsx」/,
    ],
    [
      "a workbook without worksheets",
      async () => [await workbookFile("无标签页.xlsx", () => undefined)],
      /^工作簿「无标签页\.xlsx」是空的，没有任何内容/,
    ],
    [
      "a workbook whose worksheets are empty",
      async () => [
        await workbookFile("空白.xlsx", (workbook) => {
          workbook.addWorksheet("基本信息");
          workbook.addWorksheet("联系方式");
        }),
      ],
      /^工作簿「空白\.xlsx」是空的，没有任何内容/,
    ],
    [
      "a workbook without any tab of the template",
      async () => [
        await workbookFile("其他.xlsx", (workbook) => {
          workbook.addWorksheet("Sheet1").getCell("A1").value = "姓名";
        }),
      ],
      /^工作簿「其他\.xlsx」中没有学校表格的标签页：应有 基本信息、.*，收到 Sheet1。/,
    ],
    [
      "a workbook whose tab was renamed",
      async () => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(readFileSync(GOOD).slice().buffer);
        const basic = workbook.getWorksheet("基本信息");
        if (basic) basic.name = "基本信息表";
        return [tmpFile("改名.xlsx", await xlsxBytes(workbook))];
      },
      /^工作簿「改名\.xlsx」缺少标签页 基本信息，却有模板中没有的标签页 基本信息表：标签页可能被改了名/,
    ],
    ["an empty CSV", () => [tmpFile("空.csv", "\uFEFF"), "--section", "基本信息"], /是空的/],
    [
      "a broken CSV",
      () => [tmpFile("坏.csv", '姓名\r\n"张伟\r\n'), "--section", "基本信息"],
      /^无法读取 CSV 文件：第 2 行引号没有闭合/,
    ],
  ];

  it.each(cases)("%s", async (_, args, message) => {
    const run = await cli(...(await args()));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
