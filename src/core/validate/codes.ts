/**
 * Finding codes of the validation engine, on top of the normalise library's issue codes, with
 * their severity. An error blocks approval; a warning is shown but does not.
 */
import type { IssueCode } from "../normalise";
import type { Severity } from "./types";

export const VALIDATE_CODES = [
  "tab.missing",
  "header.missing",
  "header.missing_optional",
  "header.duplicate",
  "header.unknown",
  "field.required",
  "text.too_short",
  "text.too_long",
  "text.has_digits",
  "division.invalid",
  "school_code.invalid",
  "date.too_late",
  "rule.required_when",
  "rule.empty_when",
  "rule.none_value",
  "rule.order",
  "rule.not_equal",
  "rule.forbidden_value",
  "rule.exclusive_value",
  "rule.value_when",
  "rule.belongs_to",
  "id.sex_mismatch",
  "id.birth_mismatch",
  "age.out_of_range",
  "work_start.too_early",
  "scope.out_of_scope",
  "scope.row_out_of_scope",
  "qualification.issued_before_year",
  "qualification.issued_late",
  "person.age_impossible",
  "person.age_unusual",
  "person.before_basic",
  "value.high",
  "retiree.suspected",
  "row.duplicate_person",
  "row.duplicate_term",
  "period.overlap",
  "identity.unknown_id",
  "identity.name_mismatch",
  "section.missing",
  "id.conflict_pending",
  "id.conflict_kept",
  "id.conflict_decided",
  "credits.above_hours",
  "training.duplicate",
  "business.not_at_other_school",
  "business.not_at_this_school",
  "business.not_effective",
  "business.already_here",
  "business.same_school",
  "business.unknown_school",
  "business.date_before",
  "business.date_before_elsewhere",
  "business.not_ahead",
  "business.retire_young",
  "business.category_gap",
  "business.open_request",
  "business.open_elsewhere",
  "business.transfer_out",
] as const;

export type ValidateCode = (typeof VALIDATE_CODES)[number];
export type FindingCode = IssueCode | ValidateCode;

const WARNINGS: ReadonlySet<FindingCode> = new Set<FindingCode>([
  "header.missing_optional",
  "header.unknown",
  "value.high",
  "retiree.suspected",
  "period.overlap",
  "qualification.issued_late",
  "person.age_unusual",
  "id.conflict_kept",
  "business.retire_young",
  "business.category_gap",
]);

export function severityOf(code: FindingCode): Severity {
  return WARNINGS.has(code) ? "warning" : "error";
}
