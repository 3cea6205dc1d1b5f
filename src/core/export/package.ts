/**
 * The national system's import package (全国教师管理信息系统): per section, the effective
 * records in the field order, headers and code values of the section templates (which follow
 * the national system's fields, ../shared/spec/sections.md), one workbook per school and one for
 * the county.
 *
 * Guarantees:
 * - a school's workbook has every data section of its school type as a tab, in template order,
 *   headers exactly the template's (基本信息 then 教师编号, as on the school's sheet); a row per
 *   effective record, by 教师编号;
 * - values are the registry's normalised values as the national system takes them: codes as
 *   codes (是否 as 1/0), dates YYYY-MM-DD, 年月 YYYY-MM, code lists joined by 、, phones in
 *   the national form (`phoneText`: 13807301234, 0730-4221234, 转 before an extension), numbers
 *   as numbers;
 *   so the offline validator (`npm run validate`) reads a school's workbook back without a finding;
 * - only people whose 基本信息 is in force (`importable`): the rows of someone whose 基本信息 is
 *   pending or returned wait for it;
 * - the county's workbook holds every school's rows in one set of tabs: each section's columns
 *   are the union of the school types' (the primary/secondary order, a type's own columns after
 *   the column they follow there), then on every tab 教师编号, 学校代码, 学校名称 (the county's
 *   own copy: people are found across tabs by 教师编号).
 * The builder is given ID numbers in clear (the national system needs them) and logs nothing.
 */
import { phoneText } from "../normalise/phone";
import type { ResolvedSection, SchoolCategory, Templates } from "../templates";
import { templateFor } from "../templates";
import type { Value } from "../validate";

export type ExportCell = string | number;

export interface ExportTab {
  readonly title: string;
  readonly rows: readonly (readonly ExportCell[])[];
}

export interface ExportWorkbook {
  /** File name without the directory: `<学校代码>-<学校名称>.xlsx` or `全县-<县名>.xlsx`. */
  readonly file: string;
  /** The school's code, or null for the county's workbook. */
  readonly schoolCode: string | null;
  readonly tabs: readonly ExportTab[];
}

export interface ExportSchool {
  readonly code: string;
  readonly name: string;
  readonly category: SchoolCategory;
}

/** One effective record: the version in force, ID restored, with its person's 教师编号. */
export interface ExportRecord {
  readonly recordId: string;
  readonly schoolCode: string;
  readonly section: string;
  /** Empty when the person has no teacher number yet (their 基本信息 is not valid). */
  readonly teacherNumber: string;
  readonly values: Readonly<Record<string, Value>>;
}

export const TEACHER_NUMBER_HEADER = "教师编号";
const COUNTY_EXTRA = ["学校代码", "学校名称"] as const;

type Column = ResolvedSection["columns"][number];

/** One cell as the national system takes it (see the module's guarantees). */
export function exportCell(column: Column, value: Value | undefined): ExportCell {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.join("、");
  if (typeof value === "number") return value;
  const text = value as string;
  if (column.type === "mobile" || column.type === "fixed_phone") return nationalPhone(text);
  return text;
}

/** E.164 (+86…) as people write it in China: 13807301234, 0730-4221234, 0730-4221234转801. */
export function nationalPhone(e164: string): string {
  return phoneText(e164);
}

/**
 * The records of people the national system can take: those whose 基本信息 is in force. A person
 * whose 基本信息 is still pending or was returned has no row to hang their other rows on (the
 * import, like the validator, refuses a 联系方式 row without its 基本信息), so none of their rows
 * goes; they follow once their 基本信息 is effective.
 */
export function importable(records: readonly ExportRecord[]): ExportRecord[] {
  const based = new Set(
    records
      .filter((r) => r.section === BASIC && r.teacherNumber !== "")
      .map((r) => r.teacherNumber),
  );
  return records.filter((record) => based.has(record.teacherNumber));
}

const BASIC = "basic";

function byTeacher(a: ExportRecord, b: ExportRecord): number {
  return (
    a.teacherNumber.localeCompare(b.teacherNumber) ||
    a.schoolCode.localeCompare(b.schoolCode) ||
    a.recordId.localeCompare(b.recordId)
  );
}

function dataSections(templates: Templates, category: SchoolCategory): ResolvedSection[] {
  return templateFor(templates, category).filter((section) => section.kind === "section");
}

/** A school's workbook: its school type's tabs, its own effective records. */
export function schoolWorkbook(
  school: ExportSchool,
  records: readonly ExportRecord[],
  templates: Templates,
): ExportWorkbook {
  const own = importable(records.filter((record) => record.schoolCode === school.code)).sort(
    byTeacher,
  );
  const tabs = dataSections(templates, school.category).map((section) => {
    // 教师编号 where the school's sheet has it, after 基本信息's data columns: another tab with
    // a column the template lacks would not read back as the school's own.
    const numbered = section.trailingColumns.some((c) => c.header === TEACHER_NUMBER_HEADER);
    const rows = own
      .filter((record) => record.section === section.key)
      .map((record) => [
        ...section.columns.map((column) => exportCell(column, record.values[column.key])),
        ...(numbered ? [record.teacherNumber] : []),
      ]);
    const header = section.columns.map((column) => column.header);
    return {
      title: section.title,
      rows: [numbered ? [...header, TEACHER_NUMBER_HEADER] : header, ...rows],
    };
  });
  return {
    file: safeFileName(`${school.code}-${school.name}.xlsx`),
    schoolCode: school.code,
    tabs,
  };
}

/**
 * Every school type's columns of one section, merged: primary/secondary first, then each other
 * type's columns it lacks, placed after the column they follow in that type. A key keeps the
 * header of the first type that has it.
 */
export function unionColumns(perCategory: readonly (readonly Column[])[]): Column[] {
  const merged: Column[] = [];
  for (const columns of perCategory) {
    columns.forEach((column, index) => {
      if (merged.some((known) => known.key === column.key)) return;
      const before = columns[index - 1]?.key;
      const at = before === undefined ? -1 : merged.findIndex((known) => known.key === before);
      merged.splice(at + 1, 0, column);
    });
  }
  return merged;
}

const CATEGORY_ORDER: readonly SchoolCategory[] = [
  "primary_secondary",
  "kindergarten",
  "special",
  "vocational",
];

/** The county's workbook: every school's effective records in one set of tabs. */
export function countyWorkbook(
  countyName: string,
  schools: readonly ExportSchool[],
  records: readonly ExportRecord[],
  templates: Templates,
): ExportWorkbook {
  const names = new Map(schools.map((school) => [school.code, school.name]));
  const known = importable(records.filter((record) => names.has(record.schoolCode))).sort(
    byTeacher,
  );
  const sectionsOf = CATEGORY_ORDER.map((category) => dataSections(templates, category));
  const tabs = (sectionsOf[0] ?? []).map((section) => {
    const columns = unionColumns(
      sectionsOf.map((sections) => sections.find((s) => s.key === section.key)?.columns ?? []),
    );
    const rows = known
      .filter((record) => record.section === section.key)
      .map((record) => [
        ...columns.map((column) => exportCell(column, record.values[column.key])),
        record.teacherNumber,
        record.schoolCode,
        names.get(record.schoolCode) ?? "",
      ]);
    const header = [...columns.map((c) => c.header), TEACHER_NUMBER_HEADER, ...COUNTY_EXTRA];
    return { title: section.title, rows: [header, ...rows] };
  });
  return { file: safeFileName(`全县-${countyName}.xlsx`), schoolCode: null, tabs };
}

/** A name every file system takes: no path separator or character Windows refuses. */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
}

/** How many people and records a set of workbooks holds (for the audit, never their content). */
export function exportCounts(records: readonly ExportRecord[]): {
  readonly persons: number;
  readonly records: number;
} {
  return {
    persons: new Set(records.map((record) => `${record.schoolCode}:${record.teacherNumber}`)).size,
    records: records.length,
  };
}
