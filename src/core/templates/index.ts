export {
  activeCampaign,
  Campaign,
  COUNTY_FILE,
  CountyConfig,
  currentCampaign,
  loadCountyConfig,
  Office,
  OfficeDuty,
  type RetirementAges,
  recheckOffice,
} from "./county";
export { type CsvResult, parseCsv } from "./csv";
export {
  formatTemplateIssue,
  type TemplateIssue,
  type TemplateResult,
} from "./issues";
export {
  type CategoryTemplate,
  loadTemplates,
  type RawTemplates,
  type Templates,
  templateFor,
} from "./load";
export { type CodeTables, codesOf, conditions } from "./references";
export {
  CodeEntry,
  CodeTable,
  Column,
  ColumnType,
  Condition,
  CrossRowRule,
  CrossSectionRule,
  type ResolvedSection,
  Rule,
  type RuleKind,
  SchoolCategory,
  Section,
  TrailingColumn,
  When,
} from "./schema";
export {
  formatSchoolIssue,
  OPTIONAL_SCHOOL_HEADERS,
  parseSchoolsCsv,
  SCHOOL_HEADERS,
  School,
  type SchoolIssue,
  type SchoolsResult,
} from "./schools";
