/**
 * One clear message per person the notice leaves out (采集范围). Guarantees:
 * - a person out of scope (a short contract, not 在编 without a contract) gets the scope
 *   finding on their 基本信息 row and nothing else there; every other row of theirs, on any
 *   data tab, gets one finding pointing to it and none of its own: no "fill in" error for
 *   someone who is told to delete their rows;
 * - a suspected retiree (a warning: the school decides) is not told that tabs are missing; the
 *   retiree warning itself names the tabs to fill in case the person is still in service.
 */
import type { ResolvedSection } from "../templates";
import type { Finding, Problem, RowRecord } from "./types";

export interface ScopeTab {
  readonly section: ResolvedSection;
  readonly records: readonly RowRecord[];
}

/** Turns a problem into a finding of a tab's row (the engine's `toFinding`). */
type Place = (section: ResolvedSection, row: number, problem: Problem) => Finding;

export function settleScope(
  findings: readonly Finding[],
  basic: ScopeTab,
  tabs: readonly ScopeTab[],
  place: Place,
): Finding[] {
  const title = basic.section.title;
  const rowsWith = (code: Finding["code"]) =>
    new Set(findings.filter((f) => f.tab === title && f.code === code).map((f) => f.row));
  const outRows = rowsWith("scope.out_of_scope");
  const retireeRows = rowsWith("retiree.suspected");
  const outIds = new Map<string, number>();
  for (const record of basic.records) {
    const id = record.values.idNumber;
    if (outRows.has(record.row) && typeof id === "string" && !outIds.has(id))
      outIds.set(id, record.row);
  }
  const pointers = new Map<string, Finding>();
  for (const tab of tabs) {
    if (tab.section.kind !== "section") continue;
    for (const record of tab.records) {
      const id = record.values.idNumber;
      const first = typeof id === "string" ? outIds.get(id) : undefined;
      if (first === undefined || (tab.section === basic.section && outRows.has(record.row)))
        continue;
      pointers.set(
        `${tab.section.title}\u0000${record.row}`,
        place(tab.section, record.row, {
          column: null,
          code: "scope.row_out_of_scope",
          params: { row: first },
        }),
      );
    }
  }
  const missing = new Map<number, string[]>();
  const kept: Finding[] = [];
  const scoped = new Set<number>();
  for (const finding of findings) {
    if (finding.tab === title && finding.row !== null && outRows.has(finding.row)) {
      // The first scope finding is the person's one message; a second reason adds nothing.
      if (finding.code === "scope.out_of_scope" && !scoped.has(finding.row)) {
        scoped.add(finding.row);
        kept.push(finding);
      }
      continue;
    }
    if (pointers.has(`${finding.tab}\u0000${finding.row}`)) continue;
    if (
      finding.tab === title &&
      finding.row !== null &&
      retireeRows.has(finding.row) &&
      finding.code === "section.missing"
    ) {
      missing.set(finding.row, [
        ...(missing.get(finding.row) ?? []),
        String(finding.params.section),
      ]);
      continue;
    }
    kept.push(finding);
  }
  return [
    ...kept.map((finding) => {
      const row = finding.code === "retiree.suspected" ? finding.row : null;
      const names = row === null ? undefined : missing.get(row);
      return row === null || names === undefined
        ? finding
        : place(basic.section, row, {
            column: null,
            code: finding.code,
            params: { ...finding.params, missing: names.join("、") },
          });
    }),
    ...pointers.values(),
  ];
}
