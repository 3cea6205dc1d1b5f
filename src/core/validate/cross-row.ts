/**
 * Rules across the rows of one tab: one row per person (基本信息, 联系方式), one row per
 * person and term (教育教学), and periods of one person that overlap (工作经历, a warning).
 */
import { compareIso } from "../normalise";
import type { CrossRowRule, ResolvedSection } from "../templates";
import type { RowRecord } from "./types";

export interface RowProblem {
  readonly row: number;
  readonly column: string | null;
  readonly code: "row.duplicate_person" | "row.duplicate_term" | "period.overlap";
  readonly params: Readonly<Record<string, string | number>>;
}

export function crossRowProblems(
  section: ResolvedSection,
  records: readonly RowRecord[],
): RowProblem[] {
  return [
    ...cardinalityProblems(section, records),
    ...section.crossRow.flatMap((rule) => overlapProblems(rule, records)),
  ];
}

function cardinalityProblems(
  section: ResolvedSection,
  records: readonly RowRecord[],
): RowProblem[] {
  if (section.cardinality === "repeating") return [];
  const perTerm = section.cardinality === "one_per_term";
  const keys = perTerm ? ["idNumber", "academicYear", "term"] : ["idNumber"];
  const code = perTerm ? "row.duplicate_term" : "row.duplicate_person";
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const record of records) {
    const parts = keys.map((key) => record.values[key]);
    if (parts.some((part) => part === undefined)) continue;
    const identity = parts.map(String).join("\u0000");
    const seen = first.get(identity);
    if (seen === undefined) first.set(identity, record.row);
    else
      problems.push({
        row: record.row,
        column: perTerm ? "term" : "idNumber",
        code,
        params: { first: seen },
      });
  }
  return problems;
}

interface Period {
  readonly row: number;
  readonly start: string;
  /** undefined = 至今 (still running). */
  readonly end: string | undefined;
}

function overlapProblems(rule: CrossRowRule, records: readonly RowRecord[]): RowProblem[] {
  const byPerson = new Map<string, Period[]>();
  for (const record of records) {
    const id = record.values.idNumber;
    const start = record.values[rule.start];
    const end = record.values[rule.end];
    if (typeof id !== "string" || typeof start !== "string" || record.invalid.has(rule.end))
      continue;
    const period = { row: record.row, start, end: typeof end === "string" ? end : undefined };
    byPerson.set(id, [...(byPerson.get(id) ?? []), period]);
  }
  return [...byPerson.values()].flatMap((periods) => overlapsOf(periods, rule.start));
}

/** Adjacent periods may share their boundary month: a move in September is not an overlap. */
function overlapsOf(periods: readonly Period[], column: string): RowProblem[] {
  const sorted = [...periods].sort((a, b) => (compareIso(a.start, b.start) ?? 0) || a.row - b.row);
  const problems: RowProblem[] = [];
  sorted.forEach((later, index) => {
    const earlier = sorted
      .slice(0, index)
      .find((p) => p.end === undefined || (compareIso(p.end, later.start) ?? 0) > 0);
    if (earlier !== undefined)
      problems.push({
        row: later.row,
        column,
        code: "period.overlap",
        params: { other: earlier.row },
      });
  });
  return problems;
}
