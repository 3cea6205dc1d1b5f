/**
 * Shape of the template files under sheet-templates/. These schemas are the single source of
 * truth for the template types; cross-file references (code tables, column keys) are checked
 * afterwards in `references.ts`, because zod sees one file at a time.
 */
import { z } from "zod";

export const SchoolCategory = z.enum([
  "kindergarten",
  "primary_secondary",
  "special",
  "vocational",
]);
export type SchoolCategory = z.infer<typeof SchoolCategory>;

const Key = z.string().regex(/^[a-z][A-Za-z0-9]*$/, "键名须为小写字母开头的驼峰式英文");
const TableId = z.string().regex(/^[a-z][a-z0-9_]*$/, "代码表编号须为小写字母、数字和下划线");
const Text = z.string().min(1);

export const CodeEntry = z.strictObject({
  code: Text,
  name: Text,
  aliases: z.array(Text).optional(),
  /** Codes of the parent table this entry may be combined with (post_level → post_type); absent = any. */
  parents: z.array(Text).optional(),
});
export type CodeEntry = z.infer<typeof CodeEntry>;

export const CodeTable = z.strictObject({
  id: TableId,
  title: Text,
  source: Text.optional(),
  project: z.boolean().optional(),
  entries: z.array(CodeEntry).min(1),
});
export type CodeTable = z.infer<typeof CodeTable>;

export const CodesFile = z.strictObject({ tables: z.array(CodeTable).min(1) });

export const ColumnType = z.enum([
  "text",
  "code",
  "code_list",
  "yes_no",
  "year_month",
  "date",
  "year",
  "academic_year",
  "integer",
  "number",
  "id_number",
  "mobile",
  "fixed_phone",
  "email",
  "postcode",
  "qualification_number",
  "division",
  "school_code",
]);
export type ColumnType = z.infer<typeof ColumnType>;

const columnFields = {
  key: Key,
  header: Text,
  type: ColumnType,
  required: z.boolean().default(false),
  codeTable: TableId.optional(),
  default: Text.optional(),
  /** Filled from the school being validated (rotation's 原单位名称 defaults to this school). */
  defaultFromContext: z.enum(["schoolName"]).optional(),
  minLength: z.int().min(0).optional(),
  maxLength: z.int().min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  noDigits: z.boolean().optional(),
  /**
   * Provisioned as plain text (number format TEXT, `@`): long digit strings (ID and certificate
   * numbers), and numbers whose leading zero matters (phones, postcodes), stay exactly as typed
   * instead of becoming numbers that lose digits.
   */
  plainText: z.boolean().optional(),
  /**
   * A planned date (date or year-month) that may lie ahead of today, where every other date may
   * not: at most `years` after today, or, with `after`, at most `years` after that column's date.
   * Every reader of the column (a typed row, a row the worker wrote, a request) applies it alike.
   */
  ahead: z.strictObject({ years: z.int().min(1), after: Key.optional() }).optional(),
  note: z.string(),
};

export const Column = z.strictObject(columnFields);
export type Column = z.infer<typeof Column>;

/**
 * A variant may change how a column looks or which list it uses, never its key or type. Its
 * `required` has no default: a patch that does not mention it must leave the column's as it is.
 */
export const ColumnPatch = z
  .strictObject({ ...columnFields, required: z.boolean().optional() })
  .omit({ key: true, type: true })
  .partial();
export type ColumnPatch = z.infer<typeof ColumnPatch>;

const Values = z.array(Text).min(1);

export const Condition = z.union([
  z.strictObject({ column: Key, in: Values }),
  z.strictObject({ column: Key, notIn: Values }),
  z.strictObject({ column: Key, filled: z.boolean() }),
]);
export type Condition = z.infer<typeof Condition>;

/** One condition, or several that must all hold. */
export const When = z.union([Condition, z.array(Condition).min(1)]);
export type When = z.infer<typeof When>;

const rule = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.strictObject({ rule: z.literal(kind), ...shape });

export const Rule = z.discriminatedUnion("rule", [
  rule("required_when", { column: Key, when: When }),
  rule("empty_when", { column: Key, when: When }),
  rule("none_value", { column: Key, value: Text, clears: z.array(Key).min(1) }),
  rule("order", { earlier: Key, later: Key, strict: z.boolean().default(false) }),
  rule("not_equal", { column: Key, other: Key }),
  rule("forbidden_values", { column: Key, values: Values }),
  rule("exclusive_value", { column: Key, value: Text }),
  rule("value_when", { column: Key, values: Values, when: When }),
  rule("belongs_to", { column: Key, parent: Key }),
  rule("id_agrees", {
    idType: Key,
    idNumber: Key,
    sex: Key,
    birthDate: Key,
    residentTypes: Values,
  }),
  rule("age_between", { column: Key, min: z.int(), max: z.int() }),
  rule("after_birth_plus_years", { column: Key, birthDate: Key, years: z.int().min(0) }),
  /** Out of the notice's scope (采集范围): a contract shorter than `min` months. */
  rule("scope_min", { column: Key, min: z.number() }),
  /** Out of the notice's scope when `when` holds; the finding is placed on `column`. */
  rule("scope_when", { column: Key, when: When }),
  rule("warn_above", { column: Key, max: z.number() }),
  rule("qualification_agrees", { number: Key, kind: Key }),
  /**
   * The year in a certificate number against its issue date: issued before that year is an
   * error; issued more than `laterYears` after it is a warning (a reissued certificate).
   */
  rule("qualification_year", { number: Key, date: Key, laterYears: z.int().min(0) }),
  rule("retiree", {
    birthDate: Key,
    sex: Key,
    status: Key,
    remark: Key,
    maleAge: z.int(),
    femaleAge: z.int(),
    statusValues: Values,
    remarkKeyword: Text,
  }),
]);
export type Rule = z.infer<typeof Rule>;
export type RuleKind = Rule["rule"];

export const CrossRowRule = z.discriminatedUnion("rule", [
  z.strictObject({ rule: z.literal("no_overlap"), start: Key, end: Key }),
]);
export type CrossRowRule = z.infer<typeof CrossRowRule>;

/**
 * Rules between a row and its person's 基本信息 row (the keys `birthDate` and `person` are
 * columns of 基本信息; `column` is a date column of this tab).
 */
export const CrossSectionRule = z.discriminatedUnion("rule", [
  /** Age on the row's date: below `errorBelow` is impossible (error), below `warnBelow` unusual. */
  z.strictObject({
    rule: z.literal("age_at"),
    column: Key,
    birthDate: Key,
    errorBelow: z.int().min(0),
    warnBelow: z.int().min(0).optional(),
  }),
  /** The row's date cannot be earlier than the person's date in 基本信息 (参加工作年月). */
  z.strictObject({ rule: z.literal("not_before_person"), column: Key, person: Key }),
]);
export type CrossSectionRule = z.infer<typeof CrossSectionRule>;

export const TrailingColumn = z.strictObject({
  key: Key,
  header: Text,
  kind: z.enum(["checkbox", "text"]),
  owner: z.enum(["principal", "worker"]),
  note: z.string(),
  /**
   * Headers this column had in earlier templates: provisioning renames such a header in place
   * (the column keeps its position and its values) instead of adding the column again.
   */
  formerHeaders: z.array(Text).optional(),
});
export type TrailingColumn = z.infer<typeof TrailingColumn>;

export const TrailingFile = z.strictObject({
  review: z.array(TrailingColumn).min(1),
  request: z.array(TrailingColumn).min(1),
});
export type TrailingFile = z.infer<typeof TrailingFile>;

export const Section = z.strictObject({
  key: Key,
  title: Text,
  /** Data sections are the 14 of the notice; request tabs carry the business modules. */
  kind: z.enum(["section", "request"]),
  /** one_per_term = one row per (person, 学年, 学期). */
  cardinality: z.enum(["one_per_person", "repeating", "one_per_term"]),
  /** all = every person; experienced = everyone but new teachers; none = optional. */
  requiredOf: z.enum(["all", "experienced", "none"]),
  /** any_school: the person need not be on this school's 基本信息 tab (an incoming transfer). */
  identity: z.enum(["this_school", "any_school"]).default("this_school"),
  trailing: z.enum(["review", "request"]),
  trailingExtra: z.array(TrailingColumn).default([]),
  columns: z.array(Column).min(1),
  rules: z.array(Rule).default([]),
  crossRow: z.array(CrossRowRule).default([]),
  crossSection: z.array(CrossSectionRule).default([]),
});
export type Section = z.infer<typeof Section>;

export const SectionVariant = z.strictObject({
  patch: z.record(Key, ColumnPatch).default({}),
  replace: z.record(Key, Column).default({}),
  drop: z.array(Key).default([]),
  add: z.array(z.strictObject({ after: Key, column: Column })).default([]),
  addRules: z.array(Rule).default([]),
});
export type SectionVariant = z.infer<typeof SectionVariant>;

export const CategoryVariant = z.strictObject({
  title: Text,
  sections: z.record(Key, SectionVariant),
});
export type CategoryVariant = z.infer<typeof CategoryVariant>;

export const VariantsFile = z.strictObject({
  kindergarten: CategoryVariant,
  primary_secondary: CategoryVariant,
  special: CategoryVariant,
  vocational: CategoryVariant,
});
export type VariantsFile = z.infer<typeof VariantsFile>;

/** A section as one category of school sees it: variants applied, trailing columns attached. */
export type ResolvedSection = Omit<Section, "trailingExtra"> & {
  readonly trailingColumns: readonly TrailingColumn[];
};
