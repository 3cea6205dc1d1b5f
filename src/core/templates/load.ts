/**
 * Loads the template files from already-read JSON values, so the same code runs in Node and in
 * the worker bundle. Every problem is collected and pointed at its file and entry; nothing throws.
 */
import { parseWithIssues, type TemplateIssue, type TemplateResult } from "./issues";
import { type CodeTables, checkCodeTables, checkPersonColumns, checkSection } from "./references";
import { resolveSection } from "./resolve";
import {
  CodesFile,
  type CodeTable,
  type ResolvedSection,
  SchoolCategory,
  Section,
  type SectionVariant,
  TrailingFile,
  VariantsFile,
} from "./schema";

export interface RawTemplates {
  readonly codes: unknown;
  readonly trailing: unknown;
  readonly variants: unknown;
  /** File name (e.g. `sections/01-basic.json`) → content, in tab order. */
  readonly sections: Readonly<Record<string, unknown>>;
}

export interface CategoryTemplate {
  readonly category: SchoolCategory;
  readonly title: string;
  readonly sections: readonly ResolvedSection[];
}

export interface Templates {
  readonly codeTables: CodeTables;
  readonly categories: Readonly<Record<SchoolCategory, CategoryTemplate>>;
}

export const CODES_FILE = "codes.json";
export const TRAILING_FILE = "trailing.json";
export const VARIANTS_FILE = "variants.json";

export function loadTemplates(raw: RawTemplates): TemplateResult<Templates> {
  const codes = parseWithIssues(CodesFile, CODES_FILE, raw.codes);
  const trailing = parseWithIssues(TrailingFile, TRAILING_FILE, raw.trailing);
  const variants = parseWithIssues(VariantsFile, VARIANTS_FILE, raw.variants);
  const sections = Object.entries(raw.sections).map(([file, value]) => ({
    file,
    parsed: parseWithIssues(Section, file, value),
  }));
  const issues = [codes, trailing, variants, ...sections.map((s) => s.parsed)].flatMap((r) =>
    r.ok ? [] : r.issues,
  );
  if (!codes.ok || !trailing.ok || !variants.ok || issues.length > 0) return { ok: false, issues };
  const parsedSections = sections.flatMap(({ file, parsed }) =>
    parsed.ok ? [{ file, section: parsed.value }] : [],
  );
  return assemble(codes.value.tables, trailing.value, variants.value, parsedSections);
}

interface SectionFile {
  readonly file: string;
  readonly section: Section;
}

function assemble(
  tableList: readonly CodeTable[],
  trailing: TrailingFile,
  variants: VariantsFile,
  sections: readonly SectionFile[],
): TemplateResult<Templates> {
  const codeTables: CodeTables = new Map(tableList.map((table) => [table.id, table]));
  const issues: TemplateIssue[] = [
    ...checkCodeTables(tableList, CODES_FILE),
    ...checkSectionSet(sections),
    ...checkPersonColumns(sections),
    ...sections.flatMap(({ file, section }) =>
      checkSection(resolveSection(section, undefined, trailing), codeTables, file, section.title),
    ),
  ];
  const categories = {} as Record<SchoolCategory, CategoryTemplate>;
  for (const category of SchoolCategory.options) {
    const variant = variants[category];
    issues.push(...checkVariantTargets(category, variant.sections, sections));
    const resolved = sections.map(({ section }) =>
      resolveSection(section, variant.sections[section.key], trailing),
    );
    for (const section of resolved) {
      if (variant.sections[section.key] === undefined) continue;
      issues.push(
        ...checkSection(section, codeTables, VARIANTS_FILE, `${category} › ${section.key}`),
      );
    }
    categories[category] = { category, title: variant.title, sections: resolved };
  }
  return issues.length > 0
    ? { ok: false, issues }
    : { ok: true, value: { codeTables, categories } };
}

function checkSectionSet(sections: readonly SectionFile[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const keys = new Set<string>();
  const titles = new Set<string>();
  for (const { file, section } of sections) {
    if (keys.has(section.key))
      issues.push({ file, where: "key", message: `标签页键名重复「${section.key}」` });
    if (titles.has(section.title))
      issues.push({ file, where: "title", message: `标签页名称重复「${section.title}」` });
    keys.add(section.key);
    titles.add(section.title);
  }
  if (!keys.has("basic"))
    issues.push({ file: "sections/", where: "", message: "缺少基本信息标签页（key 为 basic）" });
  return issues;
}

function checkVariantTargets(
  category: SchoolCategory,
  overrides: Readonly<Record<string, SectionVariant>>,
  sections: readonly SectionFile[],
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [key, variant] of Object.entries(overrides)) {
    const where = `${category} › ${key}`;
    const base = sections.find(({ section }) => section.key === key)?.section;
    if (base === undefined) {
      issues.push({ file: VARIANTS_FILE, where, message: `没有键名为「${key}」的标签页` });
      continue;
    }
    const known = new Set(base.columns.map((column) => column.key));
    const named = [
      ...Object.keys(variant.patch).map((k) => ["patch", k] as const),
      ...Object.keys(variant.replace).map((k) => ["replace", k] as const),
      ...variant.drop.map((k) => ["drop", k] as const),
    ];
    for (const [field, columnKey] of named) {
      if (!known.has(columnKey))
        issues.push({
          file: VARIANTS_FILE,
          where: `${where} › ${field}`,
          message: `没有列「${columnKey}」`,
        });
    }
    for (const column of variant.add) known.add(column.column.key);
    for (const { after } of variant.add) {
      if (!known.has(after))
        issues.push({
          file: VARIANTS_FILE,
          where: `${where} › add`,
          message: `after 指向不存在的列「${after}」`,
        });
    }
  }
  return issues;
}

export function templateFor(
  templates: Templates,
  category: SchoolCategory,
): readonly ResolvedSection[] {
  return templates.categories[category].sections;
}
