/** One person, one number: an ID number held by another school of the county is a conflict. */
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
    return [{ row: record.row, problem: { column: "idNumber", code: "id.other_school", params } }];
  });
}
