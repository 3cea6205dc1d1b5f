/**
 * One person, one number: an ID number held by another school of the county is a conflict, and
 * the holding school is told which school entered the person too.
 */
import type { IdLookup, Problem, RowRecord } from "./types";

export function countyProblems(
  basicRecords: readonly RowRecord[],
  schoolCode: string,
  lookup: IdLookup,
): { readonly row: number; readonly problem: Problem }[] {
  return basicRecords.flatMap((record) => {
    const id = record.values.idNumber;
    const holder = typeof id === "string" ? lookup(id) : undefined;
    if (holder === undefined || holder.schoolCode === schoolCode) return [];
    const params = { school: holder.schoolName, code: holder.schoolCode };
    const code = holder.relation === "claimant" ? "id.claimed_elsewhere" : "id.other_school";
    return [{ row: record.row, problem: { column: "idNumber", code, params } }];
  });
}
