/**
 * The chapter on the section and request tabs, and the appendix of code tables: columns in
 * order with what each needs, the rules in words, the code lists. Categories whose tab differs
 * (幼儿园, 特殊教育学校, 中等职业学校 change 基本信息) get their own table.
 */
import {
  type CodeTable,
  type CodeTables,
  type Column,
  type ColumnType,
  type ResolvedSection,
  SchoolCategory,
  type Templates,
} from "../../src/core/templates/index";
import { type Block, type Chapter, heading, list, p, table } from "./document";
import {
  crossRowSentence,
  crossSectionSentence,
  requiredWhen,
  ruleSentence,
  ruleWords,
} from "./rules";

/** Code tables up to this long are listed in the column itself; longer ones in the appendix. */
const INLINE_CODES = 10;

const TYPE_WORDS: Readonly<Record<ColumnType, string>> = {
  text: "文字",
  code: "从下拉列表选择",
  code_list: "可选多项，用顿号（、）分隔",
  yes_no: "是/否",
  year_month: "年月，如 2017-03",
  date: "日期，如 2017-03-10",
  year: "四位年份，如 2016",
  academic_year: "学年，如 2016-2017",
  integer: "整数",
  number: "数字",
  id_number: "证件号码；居民身份证为18位，末位X大写",
  mobile: "11位手机号码",
  fixed_phone: "固定电话，带区号，如 0730-4221234",
  email: "电子邮箱，如 name@example.cn",
  postcode: "6位邮政编码",
  qualification_number: "17位数字（1996–2000年首批认定的证书为15位）",
  division: "行政区划名称，如 湖南省华容县",
  school_code: "10位学校代码",
};

const CARDINALITY_WORDS: Readonly<Record<ResolvedSection["cardinality"], string>> = {
  one_per_person: "每人一行",
  repeating: "每人可填多行",
  one_per_term: "每人每学年每学期一行",
};

const REQUIRED_OF_WORDS: Readonly<Record<ResolvedSection["requiredOf"], string>> = {
  all: "每位教职工都要填",
  experienced: "除新任教师外都要填（新任教师只填基本信息和联系方式）",
  none: "有则填，没有可不填",
};

const tableOf = (tables: CodeTables, column: Column): CodeTable | undefined =>
  column.codeTable === undefined ? undefined : tables.get(column.codeTable);

function codeWords(table: CodeTable): string {
  return table.entries.length <= INLINE_CODES && !hasParents(table)
    ? `可选：${table.entries.map((e) => `${e.name}（${e.code}）`).join("、")}`
    : `代码表「${table.title}」共${table.entries.length}项，见附录`;
}

const hasParents = (table: CodeTable) => table.entries.some((e) => e.parents !== undefined);

function defaultWords(column: Column, tables: CodeTables): string | undefined {
  if (column.defaultFromContext === "schoolName") return "不填时默认为本校名称";
  if (column.default === undefined) return undefined;
  const name = tableOf(tables, column)?.entries.find((e) => e.code === column.default)?.name;
  return `不填时默认为“${name ?? column.default}”`;
}

/** What a cell must hold, from the column's type and limits. */
export function columnWords(column: Column, tables: CodeTables): string {
  const table = tableOf(tables, column);
  const parts = [
    TYPE_WORDS[column.type],
    table === undefined ? undefined : codeWords(table),
    lengthWords(column),
    rangeWords(column),
    column.noDigits === true ? "不含数字" : undefined,
    defaultWords(column, tables),
  ];
  return parts.filter((part) => part !== undefined).join("；");
}

function lengthWords({ minLength, maxLength }: Column): string | undefined {
  if (minLength !== undefined && maxLength !== undefined) return `${minLength}–${maxLength}个字`;
  if (maxLength !== undefined) return `最多${maxLength}个字`;
  return minLength === undefined ? undefined : `至少${minLength}个字`;
}

function rangeWords({ min, max }: Column): string | undefined {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (max !== undefined) return `不大于${max}`;
  return min === undefined ? undefined : `不小于${min}`;
}

function columnRows(section: ResolvedSection, basic: ResolvedSection, tables: CodeTables) {
  const words = ruleWords(section, basic, tables);
  return section.columns.map((column, i) => [
    String(i + 1),
    column.header,
    column.required ? "必填" : requiredWhen(section, column.key, words).join("；"),
    columnWords(column, tables),
    column.note,
  ]);
}

function ruleList(section: ResolvedSection, basic: ResolvedSection, tables: CodeTables): string[] {
  const words = ruleWords(section, basic, tables);
  return [
    ...section.rules.filter((r) => r.rule !== "required_when").map((r) => ruleSentence(r, words)),
    ...section.crossRow.map((r) => crossRowSentence(r, words)),
    ...section.crossSection.map((r) => crossSectionSentence(r, words)),
  ];
}

const COLUMN_HEAD = ["序号", "列名", "必填", "填写要求", "表头批注（鼠标停在表头上可见）"];

function sectionBlocks(
  section: ResolvedSection,
  basic: ResolvedSection,
  tables: CodeTables,
): Block[] {
  const rules = ruleList(section, basic, tables);
  return [
    table(COLUMN_HEAD, columnRows(section, basic, tables)),
    ...(rules.length === 0 ? [] : [p("规则（不符合时在「校验结果」说明）："), list(rules)]),
  ];
}

function basicOf(sections: readonly ResolvedSection[]): ResolvedSection {
  const basic = sections.find((s) => s.key === "basic");
  if (basic === undefined) throw new Error("模板缺少基本信息标签页");
  return basic;
}

/** The base is 中小学; another category's tab is shown by how it differs, column by column. */
const BASE: SchoolCategory = "primary_secondary";

function differenceRows(
  base: ResolvedSection,
  other: ResolvedSection,
  basic: ResolvedSection,
  tables: CodeTables,
): string[][] {
  const words = ruleWords(other, basic, tables);
  const baseByKey = new Map(base.columns.map((c) => [c.key, c]));
  const otherKeys = new Set(other.columns.map((c) => c.key));
  const row = (column: Column, change: string) => [
    column.header,
    change,
    column.required ? "必填" : requiredWhen(other, column.key, words).join("；"),
    columnWords(column, tables),
    column.note,
  ];
  const changed = other.columns.flatMap((column, i) => {
    const was = baseByKey.get(column.key);
    const after = other.columns[i - 1];
    if (was === undefined)
      return [
        row(column, after === undefined ? "增加（第一列）" : `增加（在「${after.header}」之后）`),
      ];
    return JSON.stringify(was) === JSON.stringify(column)
      ? []
      : [
          row(
            column,
            was.header === column.header ? "要求不同" : `表头不同（中小学为「${was.header}」）`,
          ),
        ];
  });
  const dropped = base.columns
    .filter((c) => !otherKeys.has(c.key))
    .map((c) => [c.header, "没有此列", "", "", ""]);
  return [...changed, ...dropped];
}

/** Rules a category adds to the base's (a variant's addRules). */
function extraRules(
  base: ResolvedSection,
  other: ResolvedSection,
  basic: ResolvedSection,
  tables: CodeTables,
): string[] {
  const known = new Set(base.rules.map((r) => JSON.stringify(r)));
  const rules = other.rules.filter((r) => !known.has(JSON.stringify(r)));
  return ruleList({ ...other, rules, crossRow: [], crossSection: [] }, basic, tables);
}

function categoryBlocks(templates: Templates, index: number): Block[] {
  const tables = templates.codeTables;
  const sectionOf = (c: SchoolCategory) => templates.categories[c].sections[index];
  const base = sectionOf(BASE);
  if (base === undefined) return [];
  const blocks = sectionBlocks(base, basicOf(templates.categories[BASE].sections), tables);
  for (const category of SchoolCategory.options) {
    const other = sectionOf(category);
    if (other === undefined || JSON.stringify(other) === JSON.stringify(base)) continue;
    const basic = basicOf(templates.categories[category].sections);
    const { title } = templates.categories[category];
    const rules = extraRules(base, other, basic, tables);
    blocks.push(
      p(`${title}与中小学不同的列：`),
      table(
        ["列名", "不同之处", "必填", "填写要求", "表头批注"],
        differenceRows(base, other, basic, tables),
      ),
      ...(rules.length === 0 ? [] : [p(`${title}另有规则：`), list(rules)]),
    );
  }
  return blocks;
}

function tabBlocks(templates: Templates, index: number): Block[] {
  const section = templates.categories[BASE].sections[index];
  if (section === undefined) return [];
  const trailing = section.trailingColumns.map((c) => `「${c.header}」：${c.note}`);
  return [
    heading(section.title, `表-${section.title}`),
    p(
      section.kind === "section"
        ? `${CARDINALITY_WORDS[section.cardinality]}；${REQUIRED_OF_WORDS[section.requiredOf]}。`
        : "业务申请：每行一项申请，校长勾选「本校确认」后报人事股（见「业务办理」一章）。",
    ),
    ...categoryBlocks(templates, index),
    p("数据列之后的列："),
    list(trailing),
  ];
}

export function tabsChapter(templates: Templates): Chapter {
  const sections = templates.categories[BASE].sections;
  return {
    id: "标签页",
    title: "各标签页的列和规则",
    blocks: [
      p(
        "每个标签页第1行是表头，从第2行起每行一条记录。下表按表格中的顺序列出各列：「必填」为空的列可不填；写有条件的列在条件成立时必填。「填写要求」由模板生成，与系统的校验一致。",
      ),
      ...sections.flatMap((_, index) => tabBlocks(templates, index)),
    ],
  };
}

/** Tables some column uses and that are too long to list in the column itself. */
function appendixTables(templates: Templates): CodeTable[] {
  const used = new Set(
    SchoolCategory.options.flatMap((c) =>
      templates.categories[c].sections.flatMap((s) => s.columns.map((col) => col.codeTable)),
    ),
  );
  return [...templates.codeTables.values()].filter(
    (t) => used.has(t.id) && (t.entries.length > INLINE_CODES || hasParents(t)),
  );
}

function codeTableBlocks(templates: Templates, codes: CodeTable): Block[] {
  const parent = parentTable(templates, codes);
  const head = parent === undefined ? ["代码", "名称"] : ["代码", "名称", `可配的${parent.title}`];
  const parentNames = (codes: readonly string[] | undefined) =>
    codes === undefined
      ? "不限"
      : codes.map((code) => parent?.entries.find((e) => e.code === code)?.name ?? code).join("、");
  const rows = codes.entries.map((e) =>
    parent === undefined ? [e.code, e.name] : [e.code, e.name, parentNames(e.parents)],
  );
  return [
    heading(codes.title, `代码-${codes.id}`),
    ...(codes.source === undefined ? [] : [p(`来源：${codes.source}`)]),
    table(head, rows),
  ];
}

/** The table an entry's `parents` refer to: the parent column's, as a belongs_to rule pairs them. */
function parentTable(templates: Templates, child: CodeTable): CodeTable | undefined {
  for (const section of templates.categories.primary_secondary.sections) {
    const tableOfKey = (key: string) => section.columns.find((c) => c.key === key)?.codeTable;
    for (const rule of section.rules) {
      if (rule.rule !== "belongs_to" || tableOfKey(rule.column) !== child.id) continue;
      const parentId = tableOfKey(rule.parent);
      return parentId === undefined ? undefined : templates.codeTables.get(parentId);
    }
  }
  return undefined;
}

export function codesChapter(templates: Templates): Chapter {
  return {
    id: "代码表",
    title: "附录：代码表",
    blocks: [
      p(
        "下拉列表显示名称；也可以填代码，或“代码-名称”。项数较少的代码表已在各列的「填写要求」中列出，以下是较长的代码表。",
      ),
      ...appendixTables(templates).flatMap((t) => codeTableBlocks(templates, t)),
    ],
  };
}
