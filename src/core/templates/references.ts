/**
 * Cross-reference checks zod cannot do file by file: every code table, column key and code a
 * template names must exist, headers must be unique within a tab, and each rule must point at
 * columns of a type it can work with.
 */
import type { TemplateIssue } from "./issues";
import type { CodeTable, Column, Condition, ResolvedSection, Rule, Section, When } from "./schema";

export type CodeTables = ReadonlyMap<string, CodeTable>;

type Report = (where: string, message: string) => void;

export function checkCodeTables(tables: readonly CodeTable[], file: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const ids = new Set<string>();
  tables.forEach((table, index) => {
    const where = `tables[${index}]「${table.id}」`;
    if (ids.has(table.id)) issues.push({ file, where, message: `代码表编号重复「${table.id}」` });
    ids.add(table.id);
    const owners = new Map<string, string>();
    for (const entry of table.entries) {
      for (const label of [entry.code, entry.name, ...(entry.aliases ?? [])]) {
        const owner = owners.get(label);
        if (owner !== undefined && owner !== entry.code) {
          issues.push({
            file,
            where,
            message: `「${label}」同时指向代码 ${owner} 和 ${entry.code}`,
          });
        }
        owners.set(label, entry.code);
      }
    }
  });
  return issues;
}

export function codesOf(column: Column, tables: CodeTables): ReadonlySet<string> | undefined {
  if (column.type === "yes_no") return new Set(["1", "0"]);
  if (column.type !== "code" && column.type !== "code_list") return undefined;
  const table = column.codeTable === undefined ? undefined : tables.get(column.codeTable);
  return table === undefined ? undefined : new Set(table.entries.map((entry) => entry.code));
}

/** Checks one section as a school category sees it; `where` prefixes every location. */
export function checkSection(
  section: ResolvedSection,
  tables: CodeTables,
  file: string,
  where: string,
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const report: Report = (at, message) =>
    issues.push({ file, where: at === "" ? where : `${where} › ${at}`, message });
  const columns = new Map(section.columns.map((column) => [column.key, column]));
  checkColumns(section, tables, report);
  section.rules.forEach((rule, index) => {
    checkRule(rule, columns, tables, (message) =>
      report(`rules[${index}]（${rule.rule}）`, message),
    );
  });
  section.crossSection.forEach((rule, index) => {
    const target = columns.get(rule.column);
    const at = `crossSection[${index}]（${rule.rule}）`;
    if (target === undefined) report(at, `引用了不存在的列「${rule.column}」`);
    else if (!CROSS_SECTION_TYPES.has(target.type))
      report(at, `列「${rule.column}」须为日期、年月或年度`);
  });
  section.crossRow.forEach((rule, index) => {
    for (const key of [rule.start, rule.end]) {
      if (!columns.has(key))
        report(`crossRow[${index}]（${rule.rule}）`, `引用了不存在的列「${key}」`);
    }
  });
  checkShape(section, columns, report);
  return issues;
}

function checkColumns(section: ResolvedSection, tables: CodeTables, report: Report): void {
  const keys = new Set<string>();
  const headers = new Set<string>();
  const all = [...section.columns, ...section.trailingColumns];
  all.forEach((column, index) => {
    const at = `columns[${index}]「${column.header}」`;
    if (keys.has(column.key)) report(at, `列键名重复「${column.key}」`);
    if (headers.has(column.header)) report(at, `表头重复「${column.header}」`);
    keys.add(column.key);
    headers.add(column.header);
  });
  section.columns.forEach((column, index) => {
    const at = (message: string) => report(`columns[${index}]「${column.header}」`, message);
    checkColumn(column, tables, at);
    checkAhead(column, section.columns, at);
  });
}

/** A planned date is a date, and the column it is planned after is a date of the same tab. */
function checkAhead(column: Column, all: readonly Column[], report: (message: string) => void) {
  if (column.ahead === undefined) return;
  if (!PERSON_DATE_TYPES.has(column.type)) report("ahead 只能用于日期或年月列");
  const after = column.ahead.after;
  if (after === undefined) return;
  const base = all.find((c) => c.key === after);
  if (base === undefined) report(`ahead.after 引用了不存在的列「${after}」`);
  else if (!PERSON_DATE_TYPES.has(base.type)) report(`ahead.after 的列「${after}」须为日期或年月`);
}

function checkColumn(column: Column, tables: CodeTables, report: (message: string) => void) {
  const needsTable = column.type === "code" || column.type === "code_list";
  if (needsTable && column.codeTable === undefined)
    report(`${column.type} 类型的列须指定 codeTable`);
  if (!needsTable && column.codeTable !== undefined)
    report(`${column.type} 类型的列不能指定 codeTable`);
  if (column.codeTable !== undefined && !tables.has(column.codeTable))
    report(`未知的代码表「${column.codeTable}」`);
  const codes = codesOf(column, tables);
  if (column.default !== undefined && codes !== undefined && !codes.has(column.default))
    report(`默认值「${column.default}」不在代码表中`);
}

function checkShape(
  section: ResolvedSection,
  columns: ReadonlyMap<string, Column>,
  report: Report,
): void {
  const expect = (key: string, type: Column["type"], why: string) => {
    const column = columns.get(key);
    if (column === undefined) report("", `缺少列「${key}」（${why}）`);
    else if (column.type !== type) report("", `列「${key}」须为 ${type} 类型（${why}）`);
  };
  expect("name", "text", "每个标签页都以姓名开头");
  expect("idNumber", "id_number", "按身份证件号识别教师");
  if (section.key === "basic") expect("newTeacher", "yes_no", "新任教师只需填基本信息和联系方式");
  if (section.cardinality === "one_per_term") {
    expect("academicYear", "academic_year", "每学年每学期一行");
    expect("term", "code", "每学年每学期一行");
  }
}

const DATE_TYPES: ReadonlySet<Column["type"]> = new Set(["date", "year_month", "year"]);
const PERSON_DATE_TYPES: ReadonlySet<Column["type"]> = new Set(["date", "year_month"]);
/** A year (培训年度) is compared with a person's date by its year. */
const CROSS_SECTION_TYPES: ReadonlySet<Column["type"]> = new Set([...PERSON_DATE_TYPES, "year"]);

/** The 基本信息 columns that cross-section rules read must exist there and hold dates. */
export function checkPersonColumns(
  sections: readonly { readonly file: string; readonly section: Section }[],
): TemplateIssue[] {
  const basic = sections.find(({ section }) => section.key === "basic")?.section;
  if (basic === undefined) return [];
  const columns = new Map(basic.columns.map((column) => [column.key, column]));
  return sections.flatMap(({ file, section }) =>
    section.crossSection.flatMap((rule, index) => {
      const key = rule.rule === "age_at" ? rule.birthDate : rule.person;
      const found = columns.get(key);
      const where = `${section.title} › crossSection[${index}]（${rule.rule}）`;
      if (found === undefined) return [{ file, where, message: `基本信息中没有列「${key}」` }];
      return PERSON_DATE_TYPES.has(found.type)
        ? []
        : [{ file, where, message: `基本信息的列「${key}」须为日期或年月` }];
    }),
  );
}

function checkRule(
  rule: Rule,
  columns: ReadonlyMap<string, Column>,
  tables: CodeTables,
  report: (message: string) => void,
): void {
  const column = (key: string): Column | undefined => {
    const found = columns.get(key);
    if (found === undefined) report(`引用了不存在的列「${key}」`);
    return found;
  };
  const codesIn = (key: string, values: readonly string[]) => {
    const target = column(key);
    const codes = target === undefined ? undefined : codesOf(target, tables);
    for (const value of values) {
      if (codes !== undefined && !codes.has(value)) report(`「${value}」不是列「${key}」的代码`);
    }
  };
  const ofType = (key: string, types: ReadonlySet<Column["type"]>, what: string) => {
    const target = column(key);
    if (target !== undefined && !types.has(target.type)) report(`列「${key}」须为${what}`);
  };
  const when = (value: When) => {
    for (const condition of conditions(value)) checkCondition(condition, codesIn, column);
  };
  switch (rule.rule) {
    case "required_when":
    case "empty_when":
      column(rule.column);
      when(rule.when);
      break;
    case "value_when":
      codesIn(rule.column, rule.values);
      when(rule.when);
      break;
    case "none_value":
      codesIn(rule.column, [rule.value]);
      for (const key of rule.clears) column(key);
      break;
    case "order": {
      ofType(rule.earlier, DATE_TYPES, "日期、年月或年份");
      ofType(rule.later, DATE_TYPES, "日期、年月或年份");
      const [a, b] = [columns.get(rule.earlier), columns.get(rule.later)];
      if (a !== undefined && b !== undefined && a.type !== b.type) report("比较的两列类型须相同");
      break;
    }
    case "not_equal":
      column(rule.column);
      column(rule.other);
      break;
    case "forbidden_values":
      codesIn(rule.column, rule.values);
      break;
    case "exclusive_value":
      ofType(rule.column, new Set(["code_list"]), "多选代码列");
      codesIn(rule.column, [rule.value]);
      break;
    case "belongs_to":
      checkBelongsTo(rule.column, rule.parent, columns, tables, report);
      break;
    case "id_agrees":
      codesIn(rule.idType, rule.residentTypes);
      ofType(rule.idNumber, new Set(["id_number"]), "证件号码列");
      ofType(rule.sex, new Set(["code"]), "代码列");
      ofType(rule.birthDate, new Set(["date"]), "日期列");
      break;
    case "age_between":
      ofType(rule.column, new Set(["date"]), "日期列");
      break;
    case "after_birth_plus_years":
      ofType(rule.column, DATE_TYPES, "日期、年月或年份");
      ofType(rule.birthDate, new Set(["date"]), "日期列");
      break;
    case "scope_min":
    case "warn_above":
      ofType(rule.column, new Set(["integer", "number"]), "数值列");
      break;
    case "qualification_agrees":
      ofType(rule.number, new Set(["qualification_number"]), "教师资格证号码列");
      ofType(rule.kind, new Set(["code"]), "代码列");
      break;
    case "qualification_year":
      ofType(rule.number, new Set(["qualification_number"]), "教师资格证号码列");
      ofType(rule.date, DATE_TYPES, "日期、年月或年份");
      break;
    case "scope_when":
      column(rule.column);
      when(rule.when);
      break;
    case "retiree":
      ofType(rule.birthDate, new Set(["date"]), "日期列");
      ofType(rule.sex, new Set(["code"]), "代码列");
      codesIn(rule.status, rule.statusValues);
      ofType(rule.remark, new Set(["text"]), "文本列");
      break;
  }
}

export function conditions(when: When): readonly Condition[] {
  return Array.isArray(when) ? when : [when];
}

function checkCondition(
  condition: Condition,
  codesIn: (key: string, values: readonly string[]) => void,
  column: (key: string) => Column | undefined,
): void {
  if ("in" in condition) codesIn(condition.column, condition.in);
  else if ("notIn" in condition) codesIn(condition.column, condition.notIn);
  else column(condition.column);
}

function checkBelongsTo(
  childKey: string,
  parentKey: string,
  columns: ReadonlyMap<string, Column>,
  tables: CodeTables,
  report: (message: string) => void,
): void {
  const child = columns.get(childKey);
  const parent = columns.get(parentKey);
  if (child === undefined || parent === undefined) {
    report(`引用了不存在的列「${child === undefined ? childKey : parentKey}」`);
    return;
  }
  const table = child.codeTable === undefined ? undefined : tables.get(child.codeTable);
  const parentCodes = codesOf(parent, tables);
  if (table === undefined || parentCodes === undefined) {
    report("归属规则的两列都须为代码列");
    return;
  }
  for (const entry of table.entries) {
    for (const code of entry.parents ?? []) {
      if (!parentCodes.has(code))
        report(`代码 ${entry.code} 的上级「${code}」不在列「${parentKey}」的代码表中`);
    }
  }
}
