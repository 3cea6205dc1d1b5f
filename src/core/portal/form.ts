/**
 * A section's form in the portal, built from the same templates as the school sheet: one field
 * per column, dropdowns from the code tables, and the form read back as a one-row tab so the
 * sync's validation engine checks it exactly as it checks a sheet row.
 *
 * Guarantees:
 * - the ID number is never a field: the route fills it in from the registry (the teacher's own
 *   person), so a teacher cannot enter or change anyone's ID, and the page never shows it;
 * - outside 基本信息 the name is filled in from the registry as well (the row is about the
 *   teacher who is signed in);
 * - a value shown back in a form reads again as the same value (codes by code, dates as ISO).
 */
import { phoneText } from "../normalise/phone";
import type { Column, ResolvedSection } from "../templates";
import type { CodeTables } from "../templates/references";
import { describeWhen, type RuleContext } from "../validate/conditions";
import { crossSectionProblems } from "../validate/cross-section";
import { toFinding, validateTab } from "../validate/engine";
import type { Cell, CheckContext, TabRows, Value } from "../validate/types";

export const ID_COLUMN = "idNumber";
export const NAME_COLUMN = "name";
export const BASIC_SECTION = "basic";

export type FieldInput = "text" | "select" | "checkboxes" | "number";

export interface FormOption {
  readonly value: string;
  readonly label: string;
}

export interface FormField {
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
  readonly note: string;
  readonly input: FieldInput;
  /** For select and checkboxes. */
  readonly options: readonly FormOption[];
  /** What the teacher may type, e.g. 2017-03-10 (dates accept 2017.3.10, 2017年3月10日 …). */
  readonly placeholder: string;
  /** When a rule makes the field required, in the sheet's words: 「国籍/地区」为“中国”. */
  readonly requiredWhen: string | undefined;
}

const YES_NO: readonly FormOption[] = [
  { value: "1", label: "是" },
  { value: "0", label: "否" },
];

const PLACEHOLDERS: Partial<Record<Column["type"], string>> = {
  date: "如 2017-03-10 或 2017.3.10",
  year_month: "如 2017-03 或 2017.3",
  year: "如 2016",
  academic_year: "如 2023-2024",
};

/** The columns the route fills in itself for this section. */
export function fixedColumns(sectionKey: string): ReadonlySet<string> {
  return new Set(sectionKey === BASIC_SECTION ? [ID_COLUMN] : [ID_COLUMN, NAME_COLUMN]);
}

export function formFields(section: ResolvedSection, tables: CodeTables): FormField[] {
  const fixed = fixedColumns(section.key);
  const context: RuleContext = {
    today: "",
    codeTables: tables,
    schoolName: "",
    columns: new Map(section.columns.map((column) => [column.key, column])),
  };
  const requiredWhen = (key: string) => {
    const conditions = section.rules.flatMap((rule) =>
      rule.rule === "required_when" && rule.column === key
        ? [describeWhen(rule.when, context)]
        : [],
    );
    return conditions.length === 0 ? undefined : conditions.join("，或");
  };
  return section.columns
    .filter((column) => !fixed.has(column.key))
    .map((column) => ({
      key: column.key,
      label: column.header,
      required: column.required,
      // A list column's note tells sheet users how to separate items; here they tick boxes.
      note: column.type === "code_list" ? "可多选" : column.note,
      input: inputOf(column),
      options: optionsOf(column, tables),
      placeholder: PLACEHOLDERS[column.type] ?? "",
      requiredWhen: column.required ? undefined : requiredWhen(column.key),
    }));
}

export function inputOf(column: Column): FieldInput {
  switch (column.type) {
    case "code":
    case "yes_no":
      return "select";
    case "code_list":
      return "checkboxes";
    case "integer":
    case "number":
      return "number";
    default:
      return "text";
  }
}

function optionsOf(column: Column, tables: CodeTables): readonly FormOption[] {
  if (column.type === "yes_no") return YES_NO;
  if (column.codeTable === undefined) return [];
  return (tables.get(column.codeTable)?.entries ?? []).map((entry) => ({
    value: entry.code,
    label: entry.name,
  }));
}

/** What a form sent: one text per field, several for a checkbox list. */
export type FormInput = Readonly<Record<string, string | readonly string[]>>;

/**
 * The form as a tab of the section: the header row and one data row, with the fixed columns
 * (ID number, name) filled in by the caller. Fields the form did not send are blank.
 */
export function formRows(
  section: ResolvedSection,
  input: FormInput,
  fixed: Readonly<Record<string, string>>,
): TabRows {
  const header: Cell[] = section.columns.map((column) => column.header);
  const row: Cell[] = section.columns.map((column) => {
    const given = fixed[column.key] ?? input[column.key];
    if (given === undefined) return "";
    return typeof given === "string" ? given : given.join("、");
  });
  return [header, row];
}

/** Stored values as the form shows them, so a correction starts from what is in force. */
export function formInputOf(section: ResolvedSection, values: Readonly<Record<string, Value>>) {
  const input: Record<string, string | readonly string[]> = {};
  for (const column of section.columns) {
    const value = values[column.key];
    if (value === undefined || column.key === ID_COLUMN) continue;
    input[column.key] =
      typeof value === "number"
        ? String(value)
        : isPhone(column)
          ? phoneText(String(value))
          : value;
  }
  return input;
}

/** A stored value as the teacher reads it: names for codes, 是/否, lists joined, phones as typed. */
export function displayValue(column: Column, value: Value | undefined, tables: CodeTables): string {
  if (value === undefined) return "";
  if (isPhone(column) && typeof value === "string") return phoneText(value);
  if (column.type === "yes_no") return value === "1" ? "是" : value === "0" ? "否" : String(value);
  const table = column.codeTable === undefined ? undefined : tables.get(column.codeTable);
  const name = (code: string) => table?.entries.find((entry) => entry.code === code)?.name ?? code;
  if (Array.isArray(value)) return value.map(name).join("、");
  if (typeof value === "string" && table !== undefined) return name(value);
  return String(value);
}

function isPhone(column: Column): boolean {
  return column.type === "mobile" || column.type === "fixed_phone";
}

/** One error, on the field it is about (its column key), or on the form as a whole (null). */
export interface FormError {
  readonly field: string | null;
  readonly message: string;
}

export interface FormCheck {
  /** The normalised values to queue; undefined when the form was empty. */
  readonly values: Readonly<Record<string, Value>> | undefined;
  /** Error messages, as the sheet's 校验结果 would word them: the form may not be sent. */
  readonly errors: readonly FormError[];
}

/**
 * The form checked by the sync's own engine: the section's cell, row and cross-row rules
 * (`validateTab`) and, outside 基本信息, the rules against the teacher's 基本信息 in force
 * (age on the row's date, nothing before 参加工作年月, same name).
 */
export function checkForm(
  section: ResolvedSection,
  input: FormInput,
  fixed: Readonly<Record<string, string>>,
  context: CheckContext,
  basic:
    | { readonly section: ResolvedSection; readonly values: Readonly<Record<string, Value>> }
    | undefined,
): FormCheck {
  const tab = validateTab(section, formRows(section, input, fixed), context);
  const record = tab.records[0];
  const cross =
    basic === undefined || record === undefined || section.key === BASIC_SECTION
      ? []
      : crossSectionProblems([
          {
            section: basic.section,
            present: true,
            records: [
              { row: 2, values: basic.values, raw: {}, invalid: new Set(), blank: new Set() },
            ],
          },
          { section, present: true, records: [record] },
        ])
          .filter((placed) => placed.section.key === section.key)
          .map((placed) => toFinding(section, placed.row, placed.problem));
  const fields = new Map(
    formFields(section, context.codeTables).map((field) => [field.label, field.key]),
  );
  const errors: FormError[] = [...tab.findings, ...cross]
    .filter((finding) => finding.severity === "error")
    .map((finding) => ({
      field: finding.column === null ? null : (fields.get(finding.column) ?? null),
      message: finding.message,
    }));
  if (record === undefined) errors.push({ field: null, message: "表单是空的，请填写后再提交" });
  return { values: record?.values, errors };
}
