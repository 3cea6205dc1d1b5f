/** Evaluates and describes the `when` of conditional rules. */
import { type Column, type Condition, conditions, type When } from "../templates";
import type { CheckContext, RowRecord } from "./types";

/** What a rule needs to know about the row's columns besides their values. */
export interface RuleContext extends CheckContext {
  readonly columns: ReadonlyMap<string, Column>;
}

/**
 * true / false, or undefined when a condition column is blank or unreadable: that column has
 * its own finding, and guessing here would add a second, misleading one.
 */
export function holds(when: When, record: RowRecord): boolean | undefined {
  let unknown = false;
  for (const condition of conditions(when)) {
    const result = holdsOne(condition, record);
    if (result === false) return false;
    if (result === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function holdsOne(condition: Condition, record: RowRecord): boolean | undefined {
  if ("filled" in condition) return !record.blank.has(condition.column) === condition.filled;
  const value = record.values[condition.column];
  if (value === undefined) return undefined;
  const codes = codesOfValue(value);
  if ("in" in condition) return codes.some((code) => condition.in.includes(code));
  return !codes.some((code) => condition.notIn.includes(code));
}

export function codesOfValue(value: RowRecord["values"][string]): readonly string[] {
  return typeof value === "object" ? value : [String(value)];
}

export function headerOf(context: RuleContext, key: string): string {
  return context.columns.get(key)?.header ?? key;
}

/** The display name of a code in a column's table (the code itself when it has none). */
export function codeName(context: RuleContext, key: string, code: string): string {
  const column = context.columns.get(key);
  if (column?.type === "yes_no") return code === "1" ? "是" : "否";
  const table =
    column?.codeTable === undefined ? undefined : context.codeTables.get(column.codeTable);
  return table?.entries.find((entry) => entry.code === code)?.name ?? code;
}

export function namesOf(context: RuleContext, key: string, codes: readonly string[]): string {
  return codes.map((code) => codeName(context, key, code)).join("/");
}

/** `「国籍/地区」为“中国”且「…」不为“否”` — the reader sees the condition in their own terms. */
export function describeWhen(when: When, context: RuleContext): string {
  return conditions(when)
    .map((condition) => {
      const header = `「${headerOf(context, condition.column)}」`;
      if ("filled" in condition) return `${header}${condition.filled ? "已填写" : "未填写"}`;
      if ("in" in condition)
        return `${header}为“${namesOf(context, condition.column, condition.in)}”`;
      return `${header}不为“${namesOf(context, condition.column, condition.notIn)}”`;
    })
    .join("且");
}
