/**
 * Template rules in words: each rule kind becomes one Chinese sentence built from the rule's own
 * data, through the same wording helpers the validation engine uses for its messages (column
 * headers in 「」, code names in “”), so the manual describes exactly what the engine checks.
 * The switches are exhaustive: a new rule kind does not compile until it has its sentence.
 */
import type {
  CodeTables,
  Column,
  CrossRowRule,
  CrossSectionRule,
  ResolvedSection,
  Rule,
} from "../../src/core/templates/index";
import {
  codeName,
  describeWhen,
  headerOf,
  namesOf,
  type RuleContext,
} from "../../src/core/validate/conditions";

/** The columns a section's rules speak about, and the person's 基本信息 columns. */
export interface RuleWords {
  readonly context: RuleContext;
  readonly basic: RuleContext;
}

function contextOf(columns: readonly Column[], codeTables: CodeTables): RuleContext {
  return {
    today: "",
    schoolName: "",
    codeTables,
    columns: new Map(columns.map((column) => [column.key, column])),
  };
}

export function ruleWords(
  section: ResolvedSection,
  basic: ResolvedSection,
  codeTables: CodeTables,
): RuleWords {
  return {
    context: contextOf(section.columns, codeTables),
    basic: contextOf(basic.columns, codeTables),
  };
}

/** One sentence per rule, e.g. 「国籍/地区」为“中国”时，「民族」必填。 */
export function ruleSentence(rule: Rule, words: RuleWords): string {
  const c = words.context;
  const h = (key: string) => `「${headerOf(c, key)}」`;
  switch (rule.rule) {
    case "required_when":
      return `${describeWhen(rule.when, c)}时，${h(rule.column)}必填。`;
    case "empty_when":
      return `${describeWhen(rule.when, c)}时，${h(rule.column)}应留空。`;
    case "none_value":
      return `${h(rule.column)}选“${codeName(c, rule.column, rule.value)}”时，${rule.clears.map(h).join("")}应留空。`;
    case "order":
      return `${h(rule.later)}${rule.strict ? "应晚于" : "不能早于"}${h(rule.earlier)}。`;
    case "not_equal":
      return `${h(rule.column)}不能与${h(rule.other)}相同。`;
    case "forbidden_values":
      return `${h(rule.column)}不能选“${namesOf(c, rule.column, rule.values)}”。`;
    case "exclusive_value":
      return `${h(rule.column)}选了“${codeName(c, rule.column, rule.value)}”就不能再选其他项。`;
    case "value_when":
      return `${describeWhen(rule.when, c)}时，${h(rule.column)}只能为“${namesOf(c, rule.column, rule.values)}”。`;
    case "belongs_to":
      return `${h(rule.column)}须与所选${h(rule.parent)}对应（每一项可配的${headerOf(c, rule.parent)}见附录的代码表）。`;
    case "id_agrees":
      return `${h(rule.idType)}为“${namesOf(c, rule.idType, rule.residentTypes)}”时，${h(rule.idNumber)}须为有效的18位号码（校验位、出生日期、省份代码都要对），${h(rule.sex)}和${h(rule.birthDate)}须与证件号一致。`;
    case "age_between":
      return `按${h(rule.column)}算到今天的年龄须在${rule.min}–${rule.max}岁之间。`;
    case "after_birth_plus_years":
      return `${h(rule.column)}须在年满${rule.years}周岁之后（按${h(rule.birthDate)}计算）。`;
    case "scope_min":
      return `${h(rule.column)}不足${rule.min}时，该人员不在采集范围内，须删除其各标签页的行。`;
    case "scope_when":
      return `${describeWhen(rule.when, c)}时，该人员不在采集范围内，须删除其各标签页的行。`;
    case "warn_above":
      return `${h(rule.column)}超过${rule.max}时给出提示（不影响审核），请核对。`;
    case "qualification_agrees":
      return `${h(rule.number)}中表示种类的那一位（17位号码的第10位，15位号码的第9位）须与${h(rule.kind)}一致。`;
    case "qualification_year":
      return `${h(rule.date)}不能早于${h(rule.number)}中的认定年份；晚于认定年份${rule.laterYears}年以上时给出提示（补发的证书可不改）。`;
    case "retiree":
      return `男满${rule.maleAge}岁、女满${rule.femaleAge}岁，或${h(rule.status)}为“${namesOf(c, rule.status, rule.statusValues)}”，或${h(rule.remark)}中写有“${rule.remarkKeyword}”时，提示该人员可能已退休（离退休人员不采集），由学校决定是否删除。`;
  }
}

export function crossRowSentence(rule: CrossRowRule, words: RuleWords): string {
  const h = (key: string) => `「${headerOf(words.context, key)}」`;
  switch (rule.rule) {
    case "no_overlap":
      return `同一人的各行之间，${h(rule.start)}至${h(rule.end)}的时间段不能重叠（给出提示，请核对）。`;
  }
}

export function crossSectionSentence(rule: CrossSectionRule, words: RuleWords): string {
  const h = (key: string) => `「${headerOf(words.context, key)}」`;
  const person = (key: string) => `“基本信息”中的「${headerOf(words.basic, key)}」`;
  switch (rule.rule) {
    case "age_at": {
      const warn =
        rule.warnBelow === undefined ? "" : `，不满${rule.warnBelow}岁给出提示（请核对）`;
      return `按${person(rule.birthDate)}，${h(rule.column)}时年龄不满${rule.errorBelow}岁为错误${warn}。`;
    }
    case "not_before_person":
      return `${h(rule.column)}不能早于${person(rule.person)}。`;
  }
}

/** The conditions under which a column becomes required (none when no rule makes it so). */
export function requiredWhen(section: ResolvedSection, key: string, words: RuleWords): string[] {
  return section.rules.flatMap((rule) =>
    rule.rule === "required_when" && rule.column === key
      ? [`${describeWhen(rule.when, words.context)}时必填`]
      : [],
  );
}
