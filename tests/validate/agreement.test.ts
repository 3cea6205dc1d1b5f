/**
 * The offline `npm run validate` and the worker share one engine; this shows they say the same
 * thing about the domain rules: each case is saved as an .xlsx and checked by the CLI (--json),
 * and synced as a school spreadsheet by `syncSchool`, and the findings (tab, row, column,
 * severity, message) must be the same.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/validate/cli";
import { cycle, world } from "../core/sync/harness";
import {
  dropRows,
  edit,
  ID,
  replacePerson,
  residentId,
  sheetRows,
  type Tabs,
  TODAY,
  validTabs,
} from "../core/validate/fixture";
import { xlsxBytes } from "../fixtures/make-fixtures";

const TMP = mkdtempSync(path.join(tmpdir(), "validate-agreement-"));

/** 张伟 born 1970, old enough for a first-round certificate. */
const elder = () =>
  replacePerson(validTabs(), ID.zhang, {
    身份证件号: residentId("19700315", "011"),
    出生日期: "1970-03-15",
  });

/** Name, the tabs, and whether the case is valid (no finding at all). */
const CASES: readonly (readonly [string, () => Tabs, boolean?])[] = [
  [
    "a valid 15-digit certificate of 1997",
    () =>
      edit(
        "教师资格",
        0,
        { 教师资格证号码: "974306233100123", 证书颁发日期: "1997-12-20" },
        elder(),
      ),
    true,
  ],
  [
    "a 15-digit certificate whose type digit disagrees",
    () =>
      edit(
        "教师资格",
        0,
        { 教师资格证号码: "974306232100123", 证书颁发日期: "1997-12-20" },
        elder(),
      ),
  ],
  [
    "a certificate issued before its number's year",
    () => edit("教师资格", 0, { 证书颁发日期: "2006-12-01" }),
  ],
  [
    "a certificate issued years after its number's year",
    () => edit("教师资格", 0, { 证书颁发日期: "2010-05-01" }),
  ],
  ["a contract of 6 months", () => edit("基本信息", 1, { "合同期限（月）": 6 })],
  [
    "not 在编 without a contract",
    () => edit("基本信息", 1, { 签订合同情况: "未签合同", "合同期限（月）": 24 }),
  ],
  [
    "a suspected retiree without 工作经历",
    () => dropRows(edit("基本信息", 0, { 人员状态: "待退休" }), "工作经历", ID.zhang),
  ],
  ["入学年月 before the birth date", () => edit("学习经历", 0, { 入学年月: "1980-09" })],
  ["入学年月 at 13", () => edit("学习经历", 0, { 入学年月: "1999-05" })],
  ["a post at age 6", () => edit("岗位聘任", 0, { 聘任开始年月: "1992-01" })],
  ["a title before 参加工作年月", () => edit("专业技术职务聘任", 0, { 聘任开始年月: "2007-01" })],
  ["a job before 参加工作年月", () => edit("工作经历", 0, { 任职开始年月: "2007-08" })],
  ["语种 无 without 掌握程度", () => edit("技能及证书", 0, { 语种: "无", 掌握程度: "" }), true],
  [
    "no certificate: a blank 证书类型",
    () =>
      edit("技能及证书", 0, {
        证书类型: "",
        证书名称: "",
        发证年月: "",
        发证单位: "",
        证书编号: "",
      }),
    true,
  ],
  [
    "海外研修 否 with dates and a country",
    () => edit("海外研修（访学）", 0, { 开始日期: "2014-09-01", "国家（地区）": "英国" }),
  ],
];

/** The tabs as a plain workbook, cells as typed (the CLI reads .xlsx files). */
async function workbookFile(name: string, tabs: Tabs): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [title, rows] of Object.entries(tabs)) {
    const sheet = workbook.addWorksheet(title);
    for (const cells of sheetRows("primary_secondary", title, rows))
      sheet.addRow(cells.map((cell) => (cell === "" ? null : cell)));
  }
  const file = path.join(TMP, `${name}.xlsx`);
  writeFileSync(file, await xlsxBytes(workbook));
  return file;
}

async function viaCli(file: string): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  await main([file, "--json", "--today", TODAY]);
  return lines.map((line) => {
    const f = JSON.parse(line) as Record<string, unknown>;
    return `${f.tab}!${f.row} ${f.column} ${f.severity} ${f.message}`;
  });
}

function viaWorker(tabs: Tabs): string[] {
  const { result } = cycle(world(tabs));
  return result.findings.map((f) => `${f.tab}!${f.row} ${f.column} ${f.severity} ${f.message}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("npm run validate and the worker agree on the domain rules", () => {
  it.each(CASES.map(([name, tabs, valid = false], index) => [name, tabs, valid, index] as const))(
    "%s",
    async (_, tabs, valid, index) => {
      const cli = await viaCli(await workbookFile(`case-${index}`, tabs()));
      const worker = viaWorker(tabs());
      expect(cli.sort()).toEqual(worker.sort());
      if (valid) expect(cli).toEqual([]);
      else expect(cli.length).toBeGreaterThan(0);
    },
  );
});
