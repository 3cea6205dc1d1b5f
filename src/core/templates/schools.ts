/**
 * The county's list of schools (one CSV row per school) and who holds which role there. Each
 * cell is checked on its own so that a message names its row and column in Chinese.
 */
import { z } from "zod";
import { parseCsv } from "./csv";
import type { CodeTables } from "./references";
import { SchoolCategory } from "./schema";

export const SCHOOL_HEADERS = [
  "学校代码",
  "学校名称",
  "学校类别",
  "办学类型",
  "乡镇",
  "系统管理员",
  "信息管理员",
  "校长",
  "信息查询员",
] as const;
/**
 * Optional columns: a list without them still loads. 应采集人数 is the school's expected staff
 * count (在编 + 合同 in scope, as the school reports it); the summary compares it with the people
 * entered and effective, and a school without one is never shown as 完成. 主管学校: the 学校代码 of the township middle school or 中心小学
 * whose principal confirms the school's 在职情况变动 before 人事股 (通知: “经乡镇中学（注滋口中心
 * 小学）、县直各学校报人事股审核”); blank for a county-direct school.
 */
export const OPTIONAL_SCHOOL_HEADERS = ["应采集人数", "主管学校"] as const;
type SchoolHeader = (typeof SCHOOL_HEADERS)[number] | (typeof OPTIONAL_SCHOOL_HEADERS)[number];

export const School = z.strictObject({
  code: z.string().regex(/^\d{10}$/),
  name: z.string().min(1),
  category: SchoolCategory,
  schoolType: z.string().min(1),
  township: z.string().min(1),
  systemAdmins: z.array(z.email()).min(1),
  infoAdmins: z.array(z.email()).min(1),
  principals: z.array(z.email()).min(1),
  viewers: z.array(z.email()),
  supervisor: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
  /** 应采集人数; absent when the list leaves it empty (or has no such column). */
  expectedStaff: z.int().min(0).optional(),
});
export type School = z.infer<typeof School>;

export interface SchoolIssue {
  /** Line in the file, 1-based, the header being line 1. */
  readonly row: number;
  readonly column: SchoolHeader | null;
  readonly message: string;
}

export type SchoolsResult =
  | { readonly ok: true; readonly value: readonly School[] }
  | { readonly ok: false; readonly issues: readonly SchoolIssue[] };

export function formatSchoolIssue(issue: SchoolIssue): string {
  return issue.column === null
    ? `第${issue.row}行：${issue.message}`
    : `第${issue.row}行「${issue.column}」：${issue.message}`;
}

export function parseSchoolsCsv(text: string, tables: CodeTables): SchoolsResult {
  const csv = parseCsv(text);
  if (!csv.ok)
    return { ok: false, issues: [{ row: csv.line, column: null, message: csv.message }] };
  const [header, ...rows] = csv.rows;
  if (header === undefined)
    return { ok: false, issues: [{ row: 1, column: null, message: "文件为空" }] };
  const positions = new Map(header.map((text, index) => [text.trim(), index]));
  const missing = SCHOOL_HEADERS.filter((name) => !positions.has(name));
  if (missing.length > 0)
    return {
      ok: false,
      issues: [{ row: 1, column: null, message: `缺少表头：${missing.join("、")}` }],
    };
  const issues: SchoolIssue[] = [];
  const schools: School[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, index) => {
    const row = index + 2;
    const cell = (name: SchoolHeader) => (cells[positions.get(name) ?? -1] ?? "").trim();
    const parsed = parseSchool(cell, tables);
    if (!parsed.ok) {
      issues.push(...parsed.issues.map((issue) => ({ row, ...issue })));
      return;
    }
    const first = seen.get(parsed.value.code);
    if (first !== undefined)
      issues.push({ row, column: "学校代码", message: `与第${first}行的学校代码重复` });
    seen.set(parsed.value.code, row);
    schools.push(parsed.value);
  });
  issues.push(...supervisorIssues(schools, seen));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: schools };
}

/** A 主管学校 is another school of the list, itself county-direct (one tier, no chain). */
function supervisorIssues(
  schools: readonly School[],
  rows: ReadonlyMap<string, number>,
): SchoolIssue[] {
  const byCode = new Map(schools.map((school) => [school.code, school]));
  const issues: SchoolIssue[] = [];
  for (const school of schools) {
    const code = school.supervisor;
    if (code === undefined) continue;
    const row = rows.get(school.code) ?? 0;
    const column = "主管学校" as const;
    const supervisor = byCode.get(code);
    if (code === school.code) issues.push({ row, column, message: "不能填写本校的学校代码" });
    else if (supervisor === undefined)
      issues.push({ row, column, message: `学校代码「${code}」不在本名单中` });
    else if (supervisor.supervisor !== undefined)
      issues.push({
        row,
        column,
        message: `「${supervisor.name}」本身有主管学校，主管学校须直接报人事股`,
      });
  }
  return issues;
}

type CellIssue = Omit<SchoolIssue, "row">;

function parseSchool(
  cell: (name: SchoolHeader) => string,
  tables: CodeTables,
): { ok: true; value: School } | { ok: false; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const check = <T>(
    column: SchoolHeader,
    result: { ok: true; value: T } | { ok: false; message: string },
  ) => {
    if (!result.ok) issues.push({ column, message: result.message });
    return result.ok ? result.value : undefined;
  };
  const code = check("学校代码", matches(cell("学校代码"), /^\d{10}$/, "须为10位数字"));
  const name = check("学校名称", present(cell("学校名称")));
  const category = check("学校类别", fromTable(cell("学校类别"), tables, "school_category"));
  const schoolType = check("办学类型", fromTable(cell("办学类型"), tables, "school_type"));
  const township = check("乡镇", present(cell("乡镇")));
  const systemAdmins = check("系统管理员", emails(cell("系统管理员"), true));
  const infoAdmins = check("信息管理员", emails(cell("信息管理员"), true));
  const principals = check("校长", emails(cell("校长"), true));
  const viewers = check("信息查询员", emails(cell("信息查询员"), false));
  const supervisorCode = cell("主管学校");
  const supervisor =
    supervisorCode === ""
      ? undefined
      : check("主管学校", matches(supervisorCode, /^\d{10}$/, "须为10位学校代码"));
  const expectedStaff = check("应采集人数", headcount(cell("应采集人数")));
  const parsed = School.safeParse({
    code,
    name,
    category,
    schoolType,
    township,
    systemAdmins,
    infoAdmins,
    principals,
    viewers,
    ...(supervisor === undefined ? {} : { supervisor }),
    ...(expectedStaff === undefined ? {} : { expectedStaff }),
  });
  return parsed.success && issues.length === 0
    ? { ok: true, value: parsed.data }
    : { ok: false, issues };
}

type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

function present(value: string): CellResult<string> {
  return value === "" ? { ok: false, message: "不能为空" } : { ok: true, value };
}

function matches(value: string, pattern: RegExp, hint: string): CellResult<string> {
  if (value === "") return { ok: false, message: "不能为空" };
  return pattern.test(value)
    ? { ok: true, value }
    : { ok: false, message: `${hint}，实际为「${value}」` };
}

function fromTable(value: string, tables: CodeTables, id: string): CellResult<string> {
  if (value === "") return { ok: false, message: "不能为空" };
  const entries = tables.get(id)?.entries ?? [];
  const found = entries.find((entry) => entry.code === value || entry.name === value);
  if (found !== undefined) return { ok: true, value: found.code };
  const names = entries.map((entry) => entry.name).join("、");
  return { ok: false, message: `「${value}」不是有效的值，可选：${names}` };
}

/** Empty is allowed (未填): the summary then says so instead of 完成. */
function headcount(value: string): CellResult<number | undefined> {
  if (value === "") return { ok: true, value: undefined };
  return /^\d+$/.test(value)
    ? { ok: true, value: Number(value) }
    : { ok: false, message: `须为不小于0的整数（在编和合同制教职工人数），实际为「${value}」` };
}

const Email = z.email();

/** Several accounts may share a role; they are separated by `;` (or the full-width `；`). */
function emails(value: string, required: boolean): CellResult<string[]> {
  const list = value
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (required && list.length === 0) return { ok: false, message: "至少填写一个电子邮箱" };
  const bad = list.filter((email) => !Email.safeParse(email).success);
  if (bad.length > 0) return { ok: false, message: `电子邮箱格式不正确：${bad.join("、")}` };
  return { ok: true, value: list };
}
