/**
 * Finds each template column in a tab by its header text. Users reorder and insert columns,
 * so position means nothing; headers are compared after trimming and half-width folding so
 * that （月） and (月) are the same header.
 */
import { normaliseText } from "../normalise";
import type { ResolvedSection } from "../templates";
import type { Cell, Problem } from "./types";

export interface ColumnMap {
  /** Column key → 0-based position in the row. */
  readonly positions: ReadonlyMap<string, number>;
  /** Tab-level problems (column = null): missing, duplicate and unknown headers. */
  readonly problems: readonly Problem[];
}

export function locateColumns(
  section: ResolvedSection,
  header: readonly Cell[] | undefined,
): ColumnMap {
  const found = new Map<string, number[]>();
  (header ?? []).forEach((cell, index) => {
    const text = normaliseText(cell);
    if (text !== "") found.set(text, [...(found.get(text) ?? []), index]);
  });
  const positions = new Map<string, number>();
  const problems: Problem[] = [];
  for (const column of section.columns) {
    const at = found.get(normaliseText(column.header));
    const first = at?.[0];
    if (first !== undefined) positions.set(column.key, first);
    else if (column.required) problems.push(tabProblem("header.missing", column.header));
    else problems.push(tabProblem("header.missing_optional", column.header));
    if (at !== undefined && at.length > 1)
      problems.push({
        column: null,
        code: "header.duplicate",
        params: { header: column.header, count: at.length },
      });
  }
  const unknown = unknownHeaders(section, found);
  if (unknown.length > 0)
    problems.push({
      column: null,
      code: "header.unknown",
      params: { headers: unknown.join("、") },
    });
  return { positions, problems };
}

function tabProblem(code: "header.missing" | "header.missing_optional", header: string): Problem {
  return { column: null, code, params: { header } };
}

function unknownHeaders(section: ResolvedSection, found: ReadonlyMap<string, unknown>): string[] {
  const known = new Set(
    [...section.columns, ...section.trailingColumns].map((column) => normaliseText(column.header)),
  );
  return [...found.keys()].filter((text) => !known.has(text));
}
