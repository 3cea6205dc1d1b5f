/**
 * `npm run validate -- FILE [--section 标签页] [--category 类别] [--today YYYY-MM-DD] [--json]`
 * (see USAGE in args.ts): checks a school spreadsheet saved from Excel or WPS before it ever
 * reaches a sheet, with the same engine and rules the worker applies.
 * Exit codes: 0 no errors (warnings allowed); 1 some error; 2 unusable input.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SCHOOL_LEDGER_TITLE } from "../../src/core/credits/tables";
import { GUIDE_TITLE } from "../../src/core/provision/school";
import {
  type ResolvedSection,
  type SchoolCategory,
  type Templates,
  templateFor,
} from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import {
  type Finding,
  oneTabSkips,
  type TabRows,
  validateSchool,
  validateTab,
} from "../../src/core/validate";
import { fileProblem } from "../lib/file-problem";
import { type CsvOptions, parseCommandLine, USAGE, type WorkbookOptions } from "./args";
import { formatTable, jsonLine } from "./format-table";
import { readCsv } from "./read-csv";
import { readWorkbook } from "./read-xlsx";

/** What was checked: the findings, plus notes on what was skipped or how the file was read. */
type Checked =
  | { readonly ok: true; readonly findings: readonly Finding[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/**
 * The school's name is only the default of 交流轮岗's 原单位名称; a file checked offline does
 * not say which school it belongs to, and a blank default makes no rule fire.
 */
const SCHOOL = { code: "", name: "" };

export async function main(argv: readonly string[]): Promise<number> {
  const templates = shippedTemplates;
  const parsed = parseCommandLine(argv, templates, localToday());
  if (!parsed.ok) return unusable(parsed.problems, true);
  if ("help" in parsed) {
    console.log(USAGE);
    return 0;
  }
  const { options } = parsed;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.file);
  } catch (error) {
    return unusable([`无法打开文件「${options.file}」：${fileProblem(error)}`]);
  }
  const checked =
    options.format === "xlsx"
      ? await checkWorkbook(bytes, options, templates)
      : checkCsv(bytes, options, templates);
  if (!checked.ok) return unusable([checked.problem]);

  const sections = templateFor(templates, options.category);
  const findings = inSheetOrder(checked.findings, sections);
  // With --json, stdout carries findings only, so that every line parses.
  const note = options.json ? console.error : console.log;
  for (const line of checked.notes) note(line);
  if (options.json) for (const finding of findings) console.log(jsonLine(finding));
  else console.log(formatTable(findings));
  return findings.some((finding) => finding.severity === "error") ? 1 : 0;
}

async function checkWorkbook(
  bytes: Uint8Array,
  options: WorkbookOptions,
  templates: Templates,
): Promise<Checked> {
  const workbook = await readWorkbook(bytes);
  if (!workbook.ok) return workbook;
  const name = path.basename(options.file);
  if (workbook.tabs.every((tab) => tab.rows.length === 0))
    return { ok: false, problem: `工作簿「${name}」是空的，没有任何内容` };
  const titles = new Set(templateFor(templates, options.category).map((s) => s.title));
  const known = workbook.tabs.filter((tab) => titles.has(tab.title));
  const ignored = workbook.tabs.filter((tab) => !titles.has(tab.title)).map((tab) => tab.title);
  if (known.length === 0)
    return {
      ok: false,
      problem:
        `工作簿「${name}」中没有学校表格的标签页：应有 ${[...titles].join("、")}，` +
        `收到 ${ignored.join("、")}。如果只导出了一个标签页，请另存为 .csv 并用 --section 指明`,
    };
  const renamed = renamedTabs(titles, known, ignored);
  if (renamed !== undefined) return { ok: false, problem: `工作簿「${name}」${renamed}` };
  const tabs: Record<string, TabRows> = {};
  for (const tab of known) tabs[tab.title] = tab.rows;
  const result = validateSchool({ ...SCHOOL, category: options.category, tabs }, templates, {
    today: options.today,
  });
  const notes = ignored.length > 0 ? [`已忽略不属于模板的标签页：${ignored.join("、")}`] : [];
  return { ok: true, findings: result.findings, notes };
}

/** Tabs of a school spreadsheet that are not sections: the guide and the worker's own. */
const WORKER_TABS: ReadonlySet<string> = new Set([GUIDE_TITLE, SCHOOL_LEDGER_TITLE]);

/**
 * A template tab missing while the workbook has tabs the template does not know: most likely
 * renamed (「基本信息」→「基本信息表」), which is input the check cannot use as it stands (exit 2),
 * not a school's data error.
 */
function renamedTabs(
  titles: ReadonlySet<string>,
  known: readonly { readonly title: string }[],
  ignored: readonly string[],
): string | undefined {
  const present = new Set(known.map((tab) => tab.title));
  const missing = [...titles].filter((title) => !present.has(title));
  const strangers = ignored.filter((title) => !WORKER_TABS.has(title));
  if (missing.length === 0 || strangers.length === 0) return undefined;
  return (
    `缺少标签页 ${missing.join("、")}，却有模板中没有的标签页 ${strangers.join("、")}：` +
    "标签页可能被改了名。请把标签页名称改回模板中的名称后重试"
  );
}

function checkCsv(bytes: Uint8Array, options: CsvOptions, templates: Templates): Checked {
  const { section } = options;
  const csv = readCsv(bytes);
  if (!csv.ok) return csv;
  if (csv.rows.length === 0)
    return { ok: false, problem: `文件「${path.basename(options.file)}」是空的，没有任何内容` };
  const result = validateTab(section, csv.rows, {
    today: options.today,
    codeTables: templates.codeTables,
    schoolName: SCHOOL.name,
  });
  const notes = [
    ...(csv.encoding === "GBK" ? ["文件按 GBK 编码读取"] : []),
    oneTabNote(section, templates, options.category),
  ];
  return { ok: true, findings: result.findings, notes };
}

/** What one tab could not check: exactly the rules that need other tabs (the engine's list). */
export function oneTabNote(
  section: ResolvedSection,
  templates: Templates,
  category: SchoolCategory,
): string {
  const basic = templateFor(templates, category).find((s) => s.key === "basic") ?? section;
  const skips = oneTabSkips(section, basic);
  const head = `只检查了“${section.title}”这一个标签页：本标签页内的规则都已检查`;
  return skips.length === 0
    ? `${head}，没有需要其他标签页的规则`
    : `${head}；需要其他标签页、未检查的规则：${skips.join("；")}。请导出 .xlsx 检查全部规则`;
}

/** Tabs in template order, then rows top to bottom (tab-level findings first). */
function inSheetOrder(
  findings: readonly Finding[],
  sections: readonly ResolvedSection[],
): Finding[] {
  const tabIndex = new Map(sections.map((section, index) => [section.title, index]));
  return [...findings].sort(
    (a, b) =>
      (tabIndex.get(a.tab) ?? sections.length) - (tabIndex.get(b.tab) ?? sections.length) ||
      (a.row ?? 0) - (b.row ?? 0),
  );
}

/** The date where the user is, not in UTC: at 07:00 in China, UTC is still yesterday. */
function localToday(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** Problems only, on stderr; the full usage would bury them, so point to it instead. */
function unusable(problems: readonly string[], pointToHelp = false): number {
  for (const problem of problems) console.error(problem);
  if (pointToHelp) console.error("用法见 npm run validate -- --help");
  return 2;
}

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
