/**
 * The command line, checked up front: every problem says what was expected and what arrived,
 * and all of them are reported together.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  type ResolvedSection,
  SchoolCategory,
  type Templates,
  templateFor,
} from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { argumentProblem, type Parsed as CommandLine } from "../lib/cli-args";

export const DEFAULT_CATEGORY: SchoolCategory = "primary_secondary";

/** The categories as the schools CSV names them (学校类别), each with its template key. */
const CATEGORIES = shippedTemplates.codeTables.get("school_category")?.entries ?? [];
const CATEGORY_NAMES = CATEGORIES.map((entry) => entry.name).join("、");
const DEFAULT_NAME =
  CATEGORIES.find((entry) => entry.code === DEFAULT_CATEGORY)?.name ?? DEFAULT_CATEGORY;

export const USAGE = `用法：npm run validate -- 文件 [选项]

  文件                 从学校表格导出的 .xlsx 工作簿（检查全部标签页，包括跨标签页的规则），
                       或一个标签页另存的 .csv 文件（须同时给 --section）
  --section 标签页     .csv 文件是哪个标签页，如 --section 基本信息
  --category 类别      学校类别，决定使用哪套模板：${CATEGORY_NAMES}
                       （默认 ${DEFAULT_NAME}；与学校名单“学校类别”一栏的写法相同）
  --today YYYY-MM-DD   按这一天检查“晚于今天”“年龄”等规则（默认今天），便于重现结果
  --json               每条问题输出一行 JSON：{"tab","row","column","severity","message"}；
                       供程序读取时请用 npm run -s validate，免得 npm 在前面打印命令行
  --help               显示本说明

退出码：0 没有错误（可能有提醒）；1 发现错误；2 输入无法使用（找不到文件、格式不支持、
标签页名称不对、工作簿无法读取等）。`;

type FileFormat = "xlsx" | "csv";

/** A workbook holds every tab; a .csv holds the one named by --section. */
export type Options = WorkbookOptions | CsvOptions;
export type WorkbookOptions = CommonOptions & { readonly format: "xlsx" };
export type CsvOptions = CommonOptions & {
  readonly format: "csv";
  readonly section: ResolvedSection;
};

interface CommonOptions {
  readonly file: string;
  readonly category: SchoolCategory;
  /** ISO date. */
  readonly today: string;
  readonly json: boolean;
}

export type Parsed = CommandLine<Options>;

/** Old binary formats people still save from Excel and WPS; exceljs reads only .xlsx. */
const SAVE_AS_XLSX = new Set([".xls", ".et", ".ods", ".numbers"]);

export function parseCommandLine(
  argv: readonly string[],
  templates: Templates,
  today: string,
): Parsed {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { ok: false, problems: [argumentProblem(error as Error & { code?: string })] };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { ok: true, help: true };
  const problems: string[] = [];

  const category = categoryOf(values.category, problems);
  const day = dayOf(values.today, problems) ?? today;
  const file = fileOf(positionals, problems);
  const format = file === undefined ? undefined : formatOf(file, problems);

  let section: ResolvedSection | undefined;
  if (format === "xlsx" && values.section !== undefined)
    problems.push(
      `--section 只用于 .csv 文件；.xlsx 工作簿会检查全部标签页，收到「--section ${values.section}」`,
    );
  if (format === "csv" && category !== undefined)
    section = sectionOf(values.section, templateFor(templates, category), problems);

  // Each of these is undefined only after its check has said why.
  if (problems.length > 0 || file === undefined || format === undefined || category === undefined)
    return { ok: false, problems };
  const common = { file, category, today: day, json: values.json === true };
  if (format === "xlsx") return { ok: true, options: { ...common, format } };
  if (section === undefined) return { ok: false, problems };
  return { ok: true, options: { ...common, format, section } };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      section: { type: "string" },
      category: { type: "string" },
      today: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
}

function categoryOf(value: string | undefined, problems: string[]): SchoolCategory | undefined {
  if (value === undefined) return DEFAULT_CATEGORY;
  const wanted = value.trim();
  const entry = CATEGORIES.find((each) => each.name === wanted || each.code === wanted);
  const parsed = SchoolCategory.safeParse(entry?.code);
  if (parsed.success) return parsed.data;
  problems.push(`--category 应为 ${CATEGORY_NAMES} 之一，收到「${value}」`);
  return undefined;
}

function dayOf(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match === null ? undefined : new Date(`${value}T00:00:00Z`);
  // Date rolls 2017-02-30 over to March; a round trip catches days that do not exist.
  if (
    date === undefined ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  ) {
    problems.push(`--today 应为 YYYY-MM-DD 格式的真实日期，如 2017-03-01，收到「${value}」`);
    return undefined;
  }
  return value;
}

function fileOf(positionals: readonly string[], problems: string[]): string | undefined {
  const [file, ...extra] = positionals;
  if (file === undefined) {
    problems.push("缺少要检查的文件：应为一个 .xlsx 或 .csv 文件的路径");
    return undefined;
  }
  if (extra.length > 0) {
    problems.push(
      `一次只能检查一个文件，收到 ${positionals.length} 个：${positionals.map((p) => `「${p}」`).join("")}`,
    );
    return undefined;
  }
  if (!existsSync(file)) {
    problems.push(`找不到文件「${file}」`);
    return undefined;
  }
  if (!statSync(file).isFile()) {
    problems.push(`「${file}」是文件夹，应为一个 .xlsx 或 .csv 文件`);
    return undefined;
  }
  return file;
}

function formatOf(file: string, problems: string[]): FileFormat | undefined {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".xlsx") return "xlsx";
  if (extension === ".csv") return "csv";
  const hint = SAVE_AS_XLSX.has(extension) ? "；请在 Excel 或 WPS 中另存为 .xlsx 后重试" : "";
  problems.push(`文件应为 .xlsx 或 .csv，收到「${path.basename(file)}」${hint}`);
  return undefined;
}

function sectionOf(
  value: string | undefined,
  sections: readonly ResolvedSection[],
  problems: string[],
): ResolvedSection | undefined {
  const titles = sections.map((s) => s.title).join("、");
  if (value === undefined) {
    problems.push(`.csv 文件只含一个标签页，请用 --section 指明是哪一个：${titles}`);
    return undefined;
  }
  const section = sections.find((s) => s.title === value.trim());
  if (section === undefined) problems.push(`--section 应为 ${titles} 之一，收到「${value}」`);
  return section;
}

/** node:util's parseArgs says it in English; the people running this read Chinese. */
