/**
 * One person, one number: an ID number another school of the county also entered or holds is a
 * conflict. First come does not win — the rows of every side wait for 人事股's decision (an
 * error, so nothing is approved meanwhile), except what a school already has in force, which
 * stays in force (a warning). Each side is told the other schools' names and codes, never their
 * data. Once decided, the chosen school goes on and the others are told to delete their rows.
 */
import type { IdConflict, IdLookup, Problem, RowRecord } from "./types";

export function countyProblems(
  basicRecords: readonly RowRecord[],
  schoolCode: string,
  lookup: IdLookup,
): { readonly row: number; readonly problem: Problem }[] {
  return basicRecords.flatMap((record) => {
    const id = record.values.idNumber;
    const conflict = typeof id === "string" ? lookup(id) : undefined;
    const problem = conflict === undefined ? undefined : conflictProblem(conflict, schoolCode);
    return problem === undefined ? [] : [{ row: record.row, problem }];
  });
}

function conflictProblem(conflict: IdConflict, schoolCode: string): Problem | undefined {
  const { decidedFor } = conflict;
  if (decidedFor !== undefined) {
    if (decidedFor.schoolCode === schoolCode) return undefined;
    const params = { school: decidedFor.schoolName, code: decidedFor.schoolCode };
    return { column: "idNumber", code: "id.conflict_decided", params };
  }
  const others = conflict.others.filter((school) => school.schoolCode !== schoolCode);
  if (others.length === 0) return undefined;
  const schools = others.map((s) => `${s.schoolName}（学校代码 ${s.schoolCode}）`).join("、");
  const code = conflict.effectiveHere === true ? "id.conflict_kept" : "id.conflict_pending";
  return { column: "idNumber", code, params: { schools } };
}
