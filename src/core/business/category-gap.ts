/**
 * Transfers across school types (docs/business-modules.md, "Across school types"). School
 * categories have different templates (sheet-templates/variants.json): the 中职 school's 基本信息
 * requires 是否“双师型”教师 and 是否具备职业技能等级证书, which a primary school never asks for,
 * and drops the 基层服务 columns a primary school's file may hold.
 *
 * - `categoryGaps`: the columns the receiving school's category requires (plain `required`, the
 *   ones every row must fill) that the teacher's file in force leaves empty, named by header,
 *   never by value: said at request time, to 人事股, and on the receiving school's rows after
 *   the move;
 * - `shownColumns`: a record's columns as a school of a category shows them, followed by the
 *   columns of other categories whose values the record holds, so a value the receiving
 *   template lacks is never out of sight (the portal's teacher view);
 * - `keptForeignValues`: the values a record holds under keys its school's template lacks, kept
 *   when the school's row changes the record (a row can neither show nor clear them).
 *
 * Pure: the templates and the file are given.
 */
import type { RecordValues } from "../sync/model";
import type { Column, ResolvedSection, SchoolCategory, Templates } from "../templates";
import { templateFor } from "../templates";

/** One record of the teacher's file in force: its section and effective values. */
export interface FileRecord {
  readonly section: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A section of the receiving template with the required columns the file leaves empty. */
export interface CategoryGap {
  readonly section: string;
  readonly title: string;
  readonly headers: readonly string[];
}

const filled = (value: unknown): boolean =>
  value !== undefined && value !== null && String(value).trim() !== "";

/**
 * The required columns of `category`'s sections that the file's records leave empty, per
 * section, in template order. Only sections the file has records of are looked at: a section
 * the teacher has no row in is the ordinary completeness of the receiving school.
 */
export function categoryGaps(
  templates: Templates,
  category: SchoolCategory,
  file: readonly FileRecord[],
): CategoryGap[] {
  const gaps: CategoryGap[] = [];
  for (const section of templateFor(templates, category)) {
    if (section.kind !== "section") continue;
    const records = file.filter((record) => record.section === section.key);
    if (records.length === 0) continue;
    const headers = section.columns
      .filter((column) => records.some((r) => requiredUnfilled(section, r.values).includes(column)))
      .map((column) => column.header);
    if (headers.length > 0) gaps.push({ section: section.key, title: section.title, headers });
  }
  return gaps;
}

/** The section's required columns the values leave empty (the values in force of one row). */
export function requiredUnfilled(
  section: ResolvedSection,
  values: Readonly<Record<string, unknown>>,
): Column[] {
  return section.columns.filter((column) => column.required && !filled(values[column.key]));
}

/** 「基本信息：是否“双师型”教师、是否具备职业技能等级证书」, one part per section. */
export function gapText(gaps: readonly CategoryGap[]): string {
  return gaps.map((gap) => `${gap.title}：${gap.headers.join("、")}`).join("；");
}

/** The message on a row the transfer brought, while the receiving template's fields are empty. */
export function arrivalGapMessage(headers: readonly string[]): string {
  return `跨类别调入：本校必填的${headers.map((h) => `「${h}」`).join("")}尚未填写，请补填后由校长审核、县级审批；补填前已生效的信息继续有效`;
}

/**
 * The section's columns as a school of `category` shows them, then every other category's column
 * of the same section whose key the values hold and this template lacks (first one found).
 */
export function shownColumns(
  templates: Templates,
  category: SchoolCategory,
  sectionKey: string,
  values: Readonly<Record<string, unknown>>,
): Column[] {
  const own = sectionOf(templates, category, sectionKey)?.columns ?? [];
  const keys = new Set(own.map((column) => column.key));
  const foreign: Column[] = [];
  for (const other of Object.keys(templates.categories) as SchoolCategory[]) {
    if (other === category) continue;
    for (const column of sectionOf(templates, other, sectionKey)?.columns ?? []) {
      if (keys.has(column.key) || !filled(values[column.key])) continue;
      keys.add(column.key);
      foreign.push(column);
    }
  }
  return [...own, ...foreign];
}

/**
 * The values `effective` holds under keys `category`'s section lacks: a row of that school
 * cannot show them, so a change it makes keeps them (merged under the row's own values).
 */
export function keptForeignValues(
  templates: Templates,
  category: SchoolCategory,
  sectionKey: string,
  effective: RecordValues,
): RecordValues {
  const own = new Set(sectionOf(templates, category, sectionKey)?.columns.map((c) => c.key) ?? []);
  const kept: Record<string, RecordValues[string]> = {};
  for (const [key, value] of Object.entries(effective)) if (!own.has(key)) kept[key] = value;
  return kept;
}

function sectionOf(
  templates: Templates,
  category: SchoolCategory,
  key: string,
): ResolvedSection | undefined {
  return templateFor(templates, category).find((section) => section.key === key);
}
