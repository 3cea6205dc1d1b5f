export {
  COUNTY_FILE,
  CountyConfig,
  loadCountyConfig,
  Office,
  OfficeDuty,
  recheckOffice,
} from "./county.js";
export { type CsvResult, parseCsv } from "./csv.js";
export {
  formatTemplateIssue,
  type TemplateIssue,
  type TemplateResult,
} from "./issues.js";
export {
  type CategoryTemplate,
  loadTemplates,
  type RawTemplates,
  type Templates,
  templateFor,
} from "./load.js";
export { type CodeTables, codesOf } from "./references.js";
export {
  CodeEntry,
  CodeTable,
  Column,
  ColumnType,
  Condition,
  CrossRowRule,
  type ResolvedSection,
  Rule,
  type RuleKind,
  SchoolCategory,
  Section,
  TrailingColumn,
  When,
} from "./schema.js";
export {
  formatSchoolIssue,
  parseSchoolsCsv,
  SCHOOL_HEADERS,
  School,
  type SchoolIssue,
  type SchoolsResult,
} from "./schools.js";
