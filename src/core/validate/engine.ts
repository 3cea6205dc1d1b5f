/**
 * Entry points. `validateTab` checks one tab on its own: every rule that needs only that tab
 * (headers, cells, cross-field and cross-row rules, 国内培训's credits against hours and its
 * duplicates); `validateSchool` checks all tabs of a school together, each with `validateTab`,
 * and adds the rules that need other tabs (`ONE_TAB_SKIPS` names them) and the county-wide ones.
 *
 * Guarantees:
 * - never throws, whatever the cells hold;
 * - columns are found by header text only;
 * - every finding names its tab, sheet row (1-based, header = 1) and column header, and
 *   carries a plain Chinese message; errors block approval, warnings do not.
 */
import { type ResolvedSection, type Templates, templateFor } from "../templates";
import { shippedCountyConfig } from "../templates/bundle";
import { severityOf } from "./codes";
import { locateColumns } from "./columns";
import { countyProblems } from "./county";
import { crossRowProblems } from "./cross-row";
import { BASIC, crossSectionProblems, type SectionRecords } from "./cross-section";
import { messageFor } from "./messages";
import { isBlankRow, readRecord } from "./record";
import { applyRules } from "./rules";
import { settleScope } from "./scope";
import { TRAINING, trainingProblems } from "./training";
import type {
  CheckContext,
  Finding,
  IdLookup,
  Problem,
  RowRecord,
  SchoolInput,
  TabRows,
} from "./types";

export interface TabResult {
  readonly tab: string;
  readonly section: string;
  /** False when the school's spreadsheet has no tab of this title. */
  readonly present: boolean;
  readonly records: readonly RowRecord[];
  readonly findings: readonly Finding[];
}

export interface SchoolResult {
  readonly tabs: readonly TabResult[];
  /**
   * Every finding of the school, tab checks first, then cross-section and county-wide; a
   * person out of scope has one message (scope.ts), so `tabs[].findings` may say more.
   */
  readonly findings: readonly Finding[];
}

export interface SchoolOptions {
  readonly today: string;
  /** County-wide ID register; omit when validating a school on its own. */
  readonly lookupId?: IdLookup;
  /** The most 学分 one 学时 earns; county.json's `credits.creditsPerHour` when omitted. */
  readonly creditsPerHour?: number;
}

/** A problem found at a column key → a finding with the column's header and the message. */
export function toFinding(section: ResolvedSection, row: number | null, problem: Problem): Finding {
  const column =
    problem.column === null
      ? null
      : (section.columns.find((c) => c.key === problem.column)?.header ?? problem.column);
  const params = problem.params ?? {};
  return {
    tab: section.title,
    row,
    column,
    severity: severityOf(problem.code),
    code: problem.code,
    params,
    message: messageFor(problem.code, params, column),
  };
}

export function validateTab(
  section: ResolvedSection,
  rows: TabRows,
  context: CheckContext,
): TabResult {
  const [header, ...data] = rows;
  const located = locateColumns(section, header);
  const findings = located.problems.map((problem) => toFinding(section, null, problem));
  const ruleContext = { ...context, columns: new Map(section.columns.map((c) => [c.key, c])) };
  const records: RowRecord[] = [];
  data.forEach((cells, index) => {
    if (cells === undefined || isBlankRow(cells, located.positions)) return;
    const row = index + 2;
    const { record, problems } = readRecord(section, located.positions, cells, row, context);
    records.push(record);
    for (const problem of [...problems, ...applyRules(section.rules, record, ruleContext)])
      findings.push(toFinding(section, row, problem));
  });
  for (const problem of crossRowProblems(section, records))
    findings.push(toFinding(section, problem.row, problem));
  for (const { row, problem } of sectionProblems(section, records, context))
    findings.push(toFinding(section, row, problem));
  return { tab: section.title, section: section.key, present: true, records, findings };
}

/** A section's own rules over its rows, beyond the template's: 国内培训's credit checks. */
function sectionProblems(section: ResolvedSection, records: RowRecord[], context: CheckContext) {
  if (section.key !== TRAINING) return [];
  const perHour = context.creditsPerHour ?? shippedCountyConfig.credits.creditsPerHour;
  return trainingProblems(records, perHour);
}

export function validateSchool(
  school: SchoolInput,
  templates: Templates,
  options: SchoolOptions,
): SchoolResult {
  const context: CheckContext = {
    today: options.today,
    codeTables: templates.codeTables,
    schoolName: school.name,
    creditsPerHour: options.creditsPerHour,
  };
  const sections = templateFor(templates, school.category);
  const tabs = sections.map((section) => tabOf(section, school.tabs[section.title], context));
  const bySection: SectionRecords[] = sections.map((section, index) => ({
    section,
    present: tabs[index]?.present ?? false,
    records: tabs[index]?.records ?? [],
  }));
  const crossSection = crossSectionProblems(bySection).map(({ section, row, problem }) =>
    toFinding(section, row, problem),
  );
  const basic = bySection.find((entry) => entry.section.key === BASIC);
  const county =
    basic === undefined || options.lookupId === undefined
      ? []
      : countyProblems(basic.records, school.code, options.lookupId).map(({ row, problem }) =>
          toFinding(basic.section, row, problem),
        );
  const findings = [...tabs.flatMap((tab) => tab.findings), ...crossSection, ...county];
  return {
    tabs,
    findings:
      basic === undefined || !basic.present
        ? findings
        : settleScope(findings, basic, bySection, toFinding),
  };
}

function tabOf(
  section: ResolvedSection,
  rows: TabRows | undefined,
  context: CheckContext,
): TabResult {
  if (rows !== undefined) return validateTab(section, rows, context);
  // Request tabs are optional tools; a missing data tab means the template was damaged.
  const findings =
    section.kind === "section"
      ? [
          toFinding(section, null, {
            column: null,
            code: "tab.missing",
            params: { tab: section.title },
          }),
        ]
      : [];
  return { tab: section.title, section: section.key, present: false, records: [], findings };
}
