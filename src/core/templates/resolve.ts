/** Applies a school category's overrides to a section and attaches its trailing columns. */
import { conditions } from "./references";
import type {
  Column,
  ResolvedSection,
  Rule,
  Section,
  SectionVariant,
  TrailingFile,
} from "./schema";

export function resolveSection(
  section: Section,
  variant: SectionVariant | undefined,
  trailing: TrailingFile,
): ResolvedSection {
  const { trailingExtra, ...rest } = section;
  const trailingColumns = [...trailing[section.trailing], ...trailingExtra];
  if (variant === undefined) return { ...rest, trailingColumns };
  const columns = applyColumns(section.columns, variant);
  const present = new Set(columns.map((column) => column.key));
  // A dropped or replaced column takes its rules with it: a vocational school has no 基层服务
  // columns, so the rules about them simply do not apply there.
  const rules = [...section.rules, ...variant.addRules].filter((rule) =>
    ruleKeys(rule).every((key) => present.has(key)),
  );
  return { ...rest, columns, rules, trailingColumns };
}

function applyColumns(base: readonly Column[], variant: SectionVariant): Column[] {
  const dropped = new Set(variant.drop);
  const columns: Column[] = [];
  for (const column of base) {
    if (dropped.has(column.key)) continue;
    const replacement = variant.replace[column.key];
    const patch = variant.patch[column.key];
    columns.push(replacement ?? (patch === undefined ? column : { ...column, ...patch }));
  }
  for (const { after, column } of variant.add) {
    const index = columns.findIndex((existing) => existing.key === after);
    columns.splice(index < 0 ? columns.length : index + 1, 0, column);
  }
  return columns;
}

/** Every column key a rule reads; used to drop rules whose columns a variant removed. */
export function ruleKeys(rule: Rule): readonly string[] {
  switch (rule.rule) {
    case "required_when":
    case "empty_when":
    case "value_when":
      return [rule.column, ...conditions(rule.when).map((condition) => condition.column)];
    case "none_value":
      return [rule.column, ...rule.clears];
    case "order":
      return [rule.earlier, rule.later];
    case "not_equal":
      return [rule.column, rule.other];
    case "belongs_to":
      return [rule.column, rule.parent];
    case "id_agrees":
      return [rule.idType, rule.idNumber, rule.sex, rule.birthDate];
    case "after_birth_plus_years":
      return [rule.column, rule.birthDate];
    case "qualification_agrees":
      return [rule.number, rule.kind];
    case "qualification_year":
      return [rule.number, rule.date];
    case "scope_when":
      return [rule.column, ...conditions(rule.when).map((condition) => condition.column)];
    case "retiree":
      return [rule.birthDate, rule.sex, rule.status, rule.remark];
    case "forbidden_values":
    case "exclusive_value":
    case "age_between":
    case "scope_min":
    case "warn_above":
      return [rule.column];
  }
}
