/**
 * A row read against the record in force, for records that came from a school of another
 * category (a transfer across school types; docs/business-modules.md, "Across school types").
 *
 * - Values the record holds under keys this school's template lacks (a primary school's
 *   基层服务 period at the 中职 school) are part of what the row stands for: the row cannot show
 *   them, so they are merged under the row's values. A row showing the values in force is then
 *   no edit, and a change the school makes keeps them (its change request proposes them too).
 * - While the row shows the values in force, an empty column this school's category requires is
 *   not an error that demotes the record: the record stays 已生效, and the row says (a warning,
 *   in 校验结果 and on the cell) which fields to complete. Filling them is an edit of an
 *   effective row: the ordinary chain (principal's tick, then the county's change approval).
 *
 * Pure; for a record of the school's own category both steps change nothing.
 */
import { arrivalGapMessage, keptForeignValues, requiredUnfilled } from "../business/category-gap";
import type { ResolvedSection, SchoolCategory, Templates } from "../templates";
import { fingerprint } from "./fingerprint";
import type { RecordValues, RegistryRecord } from "./model";
import type { CellFinding } from "./plan";

export interface RowFindings {
  readonly values: RecordValues;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly cellFindings: readonly CellFinding[];
}

/** The row's values with the kept foreign values of the record in force merged under them. */
export function valuesInForce(
  templates: Templates,
  category: SchoolCategory,
  section: ResolvedSection,
  previous: RegistryRecord | undefined,
  values: RecordValues,
): RecordValues {
  const effective = previous?.effective;
  if (effective === null || effective === undefined) return values;
  const kept = keptForeignValues(templates, category, section.key, effective.values);
  return Object.keys(kept).length === 0 ? values : { ...kept, ...values };
}

/**
 * The findings of a row that shows the values in force (its merged hash is the effective one):
 * "required" errors on columns the values in force leave empty become one warning asking to
 * complete them. Any other row's findings are returned as they are.
 */
export function findingsInForce(
  section: ResolvedSection,
  previous: RegistryRecord | undefined,
  row: RowFindings,
): RowFindings {
  const effective = previous?.effective;
  if (effective === null || effective === undefined) return row;
  if (fingerprint(row.values) !== effective.hash) return row;
  const missing = requiredUnfilled(section, row.values);
  const keys = new Set(missing.map((column) => column.key));
  const gapFindings = row.cellFindings.filter((f) => keys.has(f.key) && f.severity === "error");
  if (gapFindings.length === 0) return row;
  const dropped = [...gapFindings.map((f) => f.message)];
  const errors = row.errors.filter((message) => {
    const at = dropped.indexOf(message);
    if (at < 0) return true;
    dropped.splice(at, 1);
    return false;
  });
  const headers = missing
    .filter((c) => gapFindings.some((f) => f.key === c.key))
    .map((c) => c.header);
  return {
    values: row.values,
    errors,
    warnings: [...row.warnings, arrivalGapMessage(headers)],
    cellFindings: row.cellFindings.map((f) =>
      keys.has(f.key) && f.severity === "error"
        ? {
            key: f.key,
            severity: "warning",
            message: "本校必填，请补填（补填后经校长审核、县级审批生效）",
          }
        : f,
    ),
  };
}
