/**
 * Plausibility of 国内培训 rows at entry, for the credit ledger (src/core/credits): credits the
 * hours cannot justify (more than county.json's `creditsPerHour` per 学时), and the same training
 * entered twice for one person (same ID number, 培训年度 and 培训项目名称), which would count its
 * credits twice.
 */
import type { Problem, RowRecord } from "./types";

export const TRAINING = "training";

export function trainingProblems(
  records: readonly RowRecord[],
  creditsPerHour: number,
): { readonly row: number; readonly problem: Problem }[] {
  return [...creditProblems(records, creditsPerHour), ...duplicateProblems(records)];
}

function creditProblems(records: readonly RowRecord[], creditsPerHour: number) {
  return records.flatMap((record) => {
    const { hours, credits } = record.values;
    if (typeof hours !== "number" || typeof credits !== "number") return [];
    // Hours are whole numbers and the ratio a plain decimal: round away float noise (60 × 0.1).
    const max = Math.round(hours * creditsPerHour * 100) / 100;
    if (credits <= max) return [];
    const problem: Problem = {
      column: "credits",
      code: "credits.above_hours",
      params: { hours, max, perHour: creditsPerHour },
    };
    return [{ row: record.row, problem }];
  });
}

function duplicateProblems(records: readonly RowRecord[]) {
  const first = new Map<string, number>();
  return records.flatMap((record) => {
    const { idNumber, year, project } = record.values;
    if (typeof idNumber !== "string" || year === undefined || typeof project !== "string")
      return [];
    const identity = [idNumber, String(year), project.replace(/\s+/g, "")].join("\u0000");
    const seen = first.get(identity);
    if (seen === undefined) {
      first.set(identity, record.row);
      return [];
    }
    const problem: Problem = {
      column: "project",
      code: "training.duplicate",
      params: { first: seen },
    };
    return [{ row: record.row, problem }];
  });
}
