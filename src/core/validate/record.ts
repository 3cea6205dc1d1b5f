/** One sheet row → its normalised record and the problems of its cells, column by column. */
import { addYears, compareIso, isBlank } from "../normalise";
import type { Column, ResolvedSection } from "../templates";
import { checkField } from "./fields";
import type { Cell, CheckContext, Problem, RowRecord, Value } from "./types";

export function isBlankRow(
  cells: readonly Cell[] | undefined,
  positions: ReadonlyMap<string, number>,
): boolean {
  if (cells === undefined) return true;
  return [...positions.values()].every((index) => isBlank(cells[index]));
}

export function readRecord(
  section: ResolvedSection,
  positions: ReadonlyMap<string, number>,
  cells: readonly Cell[],
  row: number,
  context: CheckContext,
): { readonly record: RowRecord; readonly problems: readonly Problem[] } {
  const values: Record<string, Value> = {};
  const raw: Record<string, Cell> = {};
  const invalid = new Set<string>();
  const blank = new Set<string>();
  const problems: Problem[] = [];
  for (const column of section.columns) {
    const index = positions.get(column.key);
    const cell = index === undefined ? undefined : cells[index];
    raw[column.key] = cell;
    const result = checkField(column, cell, context);
    if (result.kind === "ok") values[column.key] = result.value;
    else if (result.kind === "bad") {
      invalid.add(column.key);
      problems.push({ column: column.key, code: result.code, params: result.params });
    } else {
      blank.add(column.key);
      const fallback = defaultOf(column, context);
      if (fallback !== undefined) values[column.key] = fallback;
      // A missing header is one tab-level error, not one error per row.
      else if (column.required && index !== undefined)
        problems.push({ column: column.key, code: "field.required" });
    }
  }
  problems.push(...plannedAfterProblems(section, values));
  return { record: { row, values, raw, invalid, blank }, problems };
}

/**
 * A date planned after another column's (`ahead.after`: a rotation's 结束年月 after its
 * 开始年月) lies at most `ahead.years` after it; read only once both cells are.
 */
function plannedAfterProblems(
  section: ResolvedSection,
  values: Readonly<Record<string, Value>>,
): Problem[] {
  return section.columns.flatMap((column): Problem[] => {
    const ahead = column.ahead;
    if (ahead?.after === undefined) return [];
    const value = values[column.key];
    const base = values[ahead.after];
    if (typeof value !== "string" || typeof base !== "string") return [];
    const limit = addYears(base.slice(0, value.length), ahead.years);
    if (limit === undefined || (compareIso(value, limit) ?? 0) <= 0) return [];
    const from = section.columns.find((c) => c.key === ahead.after)?.header ?? ahead.after;
    return [
      { column: column.key, code: "date.too_late", params: { limit, years: ahead.years, from } },
    ];
  });
}

function defaultOf(column: Column, context: CheckContext): string | undefined {
  if (column.defaultFromContext === "schoolName") return context.schoolName;
  return column.default;
}
