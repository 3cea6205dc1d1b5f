/**
 * What the county sees of a version sent to it: the rows the worker appends to the county
 * recheck spreadsheet (layout in provision/county.ts), rendered from normalised values.
 *
 * Guarantees:
 * - cells are keyed by header text, so the writer aligns them to the tab's header row as read;
 * - values are rendered as a user would type them (`render`): codes as names, dates as ISO text;
 * - every `id_number` column goes through the caller's `mask`: the ID number never reaches the
 *   county sheet in clear;
 * - a change request is one row per changed column (修改项/原值/新值), each row naming the record,
 *   so a decision on any of them can be traced to the request;
 * - pure: the school, the time text and the mask are inputs.
 */
import { fingerprint } from "../sync/fingerprint";
import type { RecordValues } from "../sync/model";
import { tabsOf, type ValueRange } from "../sync/read-rows";
import { render } from "../sync/render";
import type { CodeTables, Column, ResolvedSection, SchoolCategory, Templates } from "../templates";
import { templateFor } from "../templates";
import { type Value, validateSchool } from "../validate";
import { RECORD_ID_HEADER } from "./decisions";

/** A cell the worker writes into the county sheet (always RAW: text stays text). */
export type CountyCell = string | number;
/** One row for the county sheet, by header text. */
export type CountyRow = Readonly<Record<string, CountyCell>>;

export const SCHOOL_CODE_HEADER = "学校代码";
export const SCHOOL_NAME_HEADER = "学校名称";
export const CHANGE_HEADERS = {
  tab: "标签页",
  name: "姓名",
  column: "修改项",
  before: "原值",
  after: "新值",
  submitted: "提交时间",
} as const;

export interface RenderContext {
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly codeTables: CodeTables;
  /** What is shown for an ID number (the adapter's keyed `idReference`): no digit of it. */
  readonly mask: (idNumber: string) => string;
}

/** The recheck row of one record: who, which record, and every data column of its section. */
export function recheckRow(
  section: ResolvedSection,
  recordId: string,
  values: RecordValues,
  context: RenderContext,
): CountyRow {
  const row: Record<string, CountyCell> = contextCells(recordId, context);
  for (const column of section.columns) {
    const value = values[column.key];
    if (value !== undefined) row[column.header] = cellOf(column, value, context);
  }
  return row;
}

/** The 变更审批 rows of a change request: one per column whose value differs. */
export function changeRows(
  section: ResolvedSection,
  change: {
    readonly recordId: string;
    readonly effective: RecordValues;
    readonly proposed: RecordValues;
  },
  submitted: string,
  context: RenderContext,
): CountyRow[] {
  const { effective, proposed } = change;
  const name = proposed.name ?? effective.name;
  const base: Record<string, CountyCell> = {
    ...contextCells(change.recordId, context),
    [CHANGE_HEADERS.tab]: section.title,
    [CHANGE_HEADERS.name]: typeof name === "string" ? name : "",
    [CHANGE_HEADERS.submitted]: submitted,
  };
  const shown = (column: Column, value: Value | undefined) =>
    value === undefined ? "" : cellOf(column, value, context);
  const rows = section.columns
    .filter(
      (column) => JSON.stringify(effective[column.key]) !== JSON.stringify(proposed[column.key]),
    )
    .map((column) => ({
      ...base,
      [CHANGE_HEADERS.column]: column.header,
      [CHANGE_HEADERS.before]: shown(column, effective[column.key]),
      [CHANGE_HEADERS.after]: shown(column, proposed[column.key]),
    }));
  // Values that differ only where no column shows them still make a request the office decides.
  return rows.length > 0 ? rows : [{ ...base, [CHANGE_HEADERS.column]: "（无可见差异）" }];
}

/**
 * The normalised values of the school's rows whose fingerprint is one of `hashes`, by section
 * and hash: the values a principal approved, read again from the same batchGet the sync used.
 */
export function valuesByHash(
  tabs: readonly ValueRange[],
  templates: Templates,
  school: { readonly code: string; readonly name: string; readonly category: SchoolCategory },
  today: string,
  hashes: ReadonlySet<string>,
): Map<string, RecordValues> {
  const validation = validateSchool({ ...school, tabs: tabsOf(tabs) }, templates, { today });
  const found = new Map<string, RecordValues>();
  for (const tab of validation.tabs)
    for (const record of tab.records) {
      const hash = fingerprint(record.values);
      if (hashes.has(hash)) found.set(valuesKey(tab.section, hash), record.values);
    }
  return found;
}

export function valuesKey(section: string, hash: string): string {
  return `${section}\u0000${hash}`;
}

/**
 * The county tab of a section: provisioning names it after the section, taking the title from
 * the first category that has the section (all categories share a section's title).
 */
export function sectionFor(
  templates: Templates,
  category: SchoolCategory,
  sectionKey: string,
): ResolvedSection | undefined {
  return templateFor(templates, category).find((section) => section.key === sectionKey);
}

function contextCells(recordId: string, context: RenderContext): Record<string, CountyCell> {
  return {
    [SCHOOL_CODE_HEADER]: context.schoolCode,
    [SCHOOL_NAME_HEADER]: context.schoolName,
    [RECORD_ID_HEADER]: recordId,
  };
}

function cellOf(column: Column, value: Value, context: RenderContext): CountyCell {
  if (column.type === "id_number" && typeof value === "string") return context.mask(value);
  return render(column, value, context.codeTables);
}
