/**
 * The interpreter of cross-field rules: each rule kind is code, its parameters are template
 * data. A rule only speaks about values it can read; a blank or unreadable cell it depends on
 * has its own finding already.
 */
import {
  addYears,
  ageAt,
  checkQualificationNumber,
  checkResidentId,
  compareIso,
} from "../normalise";
import type { Rule, RuleKind } from "../templates";
import {
  codeName,
  codesOfValue,
  describeWhen,
  headerOf,
  holds,
  namesOf,
  type RuleContext,
} from "./conditions";
import type { Problem, RowRecord, Value } from "./types";

type Handler<K extends RuleKind> = (
  rule: Extract<Rule, { rule: K }>,
  record: RowRecord,
  context: RuleContext,
) => Problem[];

const HANDLERS: { readonly [K in RuleKind]: Handler<K> } = {
  required_when: (rule, record, context) =>
    holds(rule.when, record) === true && record.blank.has(rule.column)
      ? [
          {
            column: rule.column,
            code: "rule.required_when",
            params: { when: describeWhen(rule.when, context) },
          },
        ]
      : [],
  empty_when: (rule, record, context) =>
    holds(rule.when, record) === true && !record.blank.has(rule.column)
      ? [
          {
            column: rule.column,
            code: "rule.empty_when",
            params: { when: describeWhen(rule.when, context) },
          },
        ]
      : [],
  none_value: (rule, record, context) => {
    if (!hasCode(record.values[rule.column], rule.value)) return [];
    const params = {
      other: headerOf(context, rule.column),
      name: codeName(context, rule.column, rule.value),
    };
    return rule.clears
      .filter((key) => !record.blank.has(key))
      .map((key) => ({ column: key, code: "rule.none_value", params }));
  },
  order: (rule, record, context) => {
    const earlier = text(record.values[rule.earlier]);
    const later = text(record.values[rule.later]);
    if (earlier === undefined || later === undefined) return [];
    const order = compareIso(earlier, later) ?? earlier.localeCompare(later);
    const wrong = rule.strict ? order >= 0 : order > 0;
    return wrong
      ? [
          {
            column: rule.later,
            code: "rule.order",
            params: {
              other: headerOf(context, rule.earlier),
              otherValue: earlier,
              strict: rule.strict ? 1 : 0,
            },
          },
        ]
      : [];
  },
  not_equal: (rule, record, context) => {
    const [a, b] = [record.values[rule.column], record.values[rule.other]];
    return a !== undefined && b !== undefined && same(a, b)
      ? [
          {
            column: rule.column,
            code: "rule.not_equal",
            params: { other: headerOf(context, rule.other) },
          },
        ]
      : [];
  },
  forbidden_values: (rule, record, context) => {
    const value = record.values[rule.column];
    const found =
      value === undefined ? undefined : codesOfValue(value).find((c) => rule.values.includes(c));
    return found === undefined
      ? []
      : [
          {
            column: rule.column,
            code: "rule.forbidden_value",
            params: { name: codeName(context, rule.column, found) },
          },
        ];
  },
  exclusive_value: (rule, record, context) => {
    const value = record.values[rule.column];
    const codes = value === undefined ? [] : codesOfValue(value);
    return codes.length > 1 && codes.includes(rule.value)
      ? [
          {
            column: rule.column,
            code: "rule.exclusive_value",
            params: { name: codeName(context, rule.column, rule.value) },
          },
        ]
      : [];
  },
  value_when: (rule, record, context) => {
    const value = record.values[rule.column];
    if (value === undefined || holds(rule.when, record) !== true) return [];
    const allowed = codesOfValue(value).every((code) => rule.values.includes(code));
    return allowed
      ? []
      : [
          {
            column: rule.column,
            code: "rule.value_when",
            params: {
              when: describeWhen(rule.when, context),
              allowed: namesOf(context, rule.column, rule.values),
            },
          },
        ];
  },
  belongs_to: (rule, record, context) => belongsTo(rule, record, context),
  id_agrees: (rule, record, context) => idAgrees(rule, record, context),
  age_between: (rule, record, context) => {
    const birth = text(record.values[rule.column]);
    const age = birth === undefined ? undefined : ageAt(birth, context.today);
    return age !== undefined && (age < rule.min || age > rule.max)
      ? [
          {
            column: rule.column,
            code: "age.out_of_range",
            params: { age, min: rule.min, max: rule.max },
          },
        ]
      : [];
  },
  after_birth_plus_years: (rule, record) => {
    const birth = text(record.values[rule.birthDate]);
    const value = text(record.values[rule.column]);
    const limit = birth === undefined ? undefined : addYears(birth, rule.years);
    if (value === undefined || limit === undefined) return [];
    return (compareIso(value, limit) ?? 0) < 0
      ? [
          {
            column: rule.column,
            code: "work_start.too_early",
            params: { years: rule.years, limit: limit.slice(0, value.length) },
          },
        ]
      : [];
  },
  scope_min: (rule, record) => {
    const value = record.values[rule.column];
    return typeof value === "number" && value < rule.min
      ? [
          {
            column: rule.column,
            code: "scope.out_of_scope",
            params: { reason: `合同期限不足${rule.min}个月` },
          },
        ]
      : [];
  },
  scope_when: (rule, record, context) =>
    holds(rule.when, record) === true
      ? [
          {
            column: rule.column,
            code: "scope.out_of_scope",
            params: { reason: describeWhen(rule.when, context) },
          },
        ]
      : [],
  warn_above: (rule, record) => {
    const value = record.values[rule.column];
    return typeof value === "number" && value > rule.max
      ? [{ column: rule.column, code: "value.high", params: { value, max: rule.max } }]
      : [];
  },
  qualification_agrees: (rule, record, context) => {
    const kind = text(record.values[rule.kind]);
    // Only the kinds 1–7 have a type digit; 无 is reported by its none_value rule instead.
    if (kind === undefined || !/^[1-7]$/.test(kind) || record.values[rule.number] === undefined)
      return [];
    const checked = checkQualificationNumber(record.raw[rule.number], context.today, kind);
    return checked.ok || checked.issue.code !== "qualification.type_mismatch"
      ? []
      : [
          {
            column: rule.number,
            code: checked.issue.code,
            params: { ...checked.issue.params, expected: codeName(context, rule.kind, kind) },
          },
        ];
  },
  qualification_year: (rule, record, context) => qualificationYear(rule, record, context),
  retiree: (rule, record, context) => retiree(rule, record, context),
};

export function applyRules(
  rules: readonly Rule[],
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  return rules.flatMap((rule) => apply(rule, record, context));
}

function apply<K extends RuleKind>(
  rule: Extract<Rule, { rule: K }>,
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  const handler = HANDLERS[rule.rule as K] as Handler<K>;
  return handler(rule, record, context);
}

function text(value: Value | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function hasCode(value: Value | undefined, code: string): boolean {
  return value !== undefined && codesOfValue(value).includes(code);
}

function same(a: Value, b: Value): boolean {
  return codesOfValue(a).join("\u0000") === codesOfValue(b).join("\u0000");
}

function belongsTo(
  rule: Extract<Rule, { rule: "belongs_to" }>,
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  const child = text(record.values[rule.column]);
  const parent = text(record.values[rule.parent]);
  const tableId = context.columns.get(rule.column)?.codeTable;
  const table = tableId === undefined ? undefined : context.codeTables.get(tableId);
  const parents = table?.entries.find((entry) => entry.code === child)?.parents;
  if (
    child === undefined ||
    parent === undefined ||
    parents === undefined ||
    parents.includes(parent)
  )
    return [];
  const params = {
    name: codeName(context, rule.column, child),
    parent: headerOf(context, rule.parent),
    parentName: codeName(context, rule.parent, parent),
  };
  return [{ column: rule.column, code: "rule.belongs_to", params }];
}

function idAgrees(
  rule: Extract<Rule, { rule: "id_agrees" }>,
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  const idType = text(record.values[rule.idType]);
  if (
    idType === undefined ||
    !rule.residentTypes.includes(idType) ||
    record.values[rule.idNumber] === undefined
  )
    return [];
  const id = checkResidentId(record.raw[rule.idNumber], context.today);
  if (!id.ok)
    return [{ column: rule.idNumber, code: id.issue.code, params: id.issue.params ?? {} }];
  const problems: Problem[] = [];
  const sex = text(record.values[rule.sex]);
  if (sex !== undefined && sex !== id.value.sex)
    problems.push({
      column: rule.sex,
      code: "id.sex_mismatch",
      params: { expected: codeName(context, rule.sex, id.value.sex) },
    });
  const birth = text(record.values[rule.birthDate]);
  if (birth !== undefined && birth !== id.value.birthDate)
    problems.push({
      column: rule.birthDate,
      code: "id.birth_mismatch",
      params: { expected: id.value.birthDate },
    });
  return problems;
}

/**
 * The year a certificate number carries is the year of 认定; the certificate cannot be issued
 * before it, and is normally issued that year or the next.
 */
function qualificationYear(
  rule: Extract<Rule, { rule: "qualification_year" }>,
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  const date = text(record.values[rule.date]);
  if (date === undefined || record.values[rule.number] === undefined) return [];
  const checked = checkQualificationNumber(record.raw[rule.number], context.today);
  if (!checked.ok) return [];
  const year = Number(checked.value.year);
  const issued = Number(date.slice(0, 4));
  const params = { year, other: headerOf(context, rule.number) };
  if (issued < year)
    return [{ column: rule.date, code: "qualification.issued_before_year", params }];
  if (issued > year + rule.laterYears)
    return [
      {
        column: rule.date,
        code: "qualification.issued_late",
        params: { ...params, years: issued - year },
      },
    ];
  return [];
}

/**
 * Retired staff are out of scope, but a guess must not drop a row silently: the row gets a
 * warning naming why it looks retired, and the school decides.
 */
function retiree(
  rule: Extract<Rule, { rule: "retiree" }>,
  record: RowRecord,
  context: RuleContext,
): Problem[] {
  const reasons: string[] = [];
  const birth = text(record.values[rule.birthDate]);
  const sex = text(record.values[rule.sex]);
  const age = birth === undefined ? undefined : ageAt(birth, context.today);
  const limit = sex === "1" ? rule.maleAge : sex === "2" ? rule.femaleAge : undefined;
  if (age !== undefined && limit !== undefined && age >= limit)
    reasons.push(`年龄${age}岁，已达退休年龄${limit}岁`);
  const status = text(record.values[rule.status]);
  if (status !== undefined && rule.statusValues.includes(status))
    reasons.push(`${headerOf(context, rule.status)}为“${codeName(context, rule.status, status)}”`);
  const remark = text(record.values[rule.remark]);
  if (remark?.includes(rule.remarkKeyword))
    reasons.push(`${headerOf(context, rule.remark)}中写有“${rule.remarkKeyword}”`);
  return reasons.length === 0
    ? []
    : [{ column: null, code: "retiree.suspected", params: { reason: reasons.join("；") } }];
}
