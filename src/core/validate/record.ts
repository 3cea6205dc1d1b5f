/** One sheet row → its normalised record and the problems of its cells, column by column. */
import { isBlank } from "../normalise";
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
  return { record: { row, values, raw, invalid, blank }, problems };
}

function defaultOf(column: Column, context: CheckContext): string | undefined {
  if (column.defaultFromContext === "schoolName") return context.schoolName;
  return column.default;
}
