/**
 * Rules across the tabs of one school: every row belongs to a person on 基本信息 (same ID
 * number, same name), every person has the sections the notice requires of them (new
 * teachers only 基本信息 and 联系方式), and a row's dates agree with its person's (a section's
 * `crossSection` rules: age on the row's date, nothing before 参加工作年月).
 */
import { ageAt, compareIso } from "../normalise";
import type { CrossSectionRule, ResolvedSection } from "../templates";
import { severityOf } from "./codes";
import type { Problem, RowRecord, Value } from "./types";

export interface SectionRecords {
  readonly section: ResolvedSection;
  /** False when the tab is missing from the spreadsheet. */
  readonly present: boolean;
  readonly records: readonly RowRecord[];
}

export interface PlacedProblem {
  readonly section: ResolvedSection;
  readonly row: number;
  readonly problem: Problem;
}

interface Person {
  readonly row: number;
  readonly name: string | undefined;
  readonly isNew: boolean;
  /** The 基本信息 row's values, for the dates the rules compare with. */
  readonly values: RowRecord["values"];
}

export const BASIC = "basic";

/** Codes only the rules across tabs give (`crossSectionProblems`), never `validateTab`. */
export const CROSS_TAB_CODES: ReadonlySet<string> = new Set([
  "identity.unknown_id",
  "identity.name_mismatch",
  "person.age_impossible",
  "person.age_unusual",
  "person.before_basic",
  "section.missing",
  "scope.row_out_of_scope",
]);

/**
 * The rules a whole workbook runs on a section's rows that one tab alone cannot, in plain
 * Chinese: what `npm run validate -- --section` says it did not check. Everything else of the
 * tab (cells, rules within a row, duplicates and overlaps between rows, 国内培训's credits) runs.
 */
export function oneTabSkips(section: ResolvedSection, basic: ResolvedSection): string[] {
  const header = (s: ResolvedSection, key: string) =>
    s.columns.find((column) => column.key === key)?.header ?? key;
  if (section.key === BASIC)
    return [
      "每人须填的标签页是否齐全（需要其他标签页）",
      "采集范围外人员在其他标签页的行（需要其他标签页）",
    ];
  if (section.kind !== "section") return [];
  const skips: string[] = [];
  if (section.identity !== "any_school")
    skips.push("本表人员须在“基本信息”中登记、姓名须一致（需要基本信息）");
  for (const rule of section.crossSection) {
    const column = header(section, rule.column);
    skips.push(
      rule.rule === "age_at"
        ? `「${column}」按“基本信息”中的「${header(basic, rule.birthDate)}」核对年龄（需要基本信息）`
        : `「${column}」不早于“基本信息”中的「${header(basic, rule.person)}」（需要基本信息）`,
    );
  }
  skips.push("采集范围外人员的行只提示删除（需要基本信息）");
  return skips;
}

export function crossSectionProblems(tabs: readonly SectionRecords[]): PlacedProblem[] {
  const basic = tabs.find((tab) => tab.section.key === BASIC);
  // Without a 基本信息 tab every row would be "unknown"; its tab.missing error says it once.
  if (basic === undefined || !basic.present) return [];
  const people = peopleOf(basic.records);
  const others = tabs.filter((tab) => tab.section.key !== BASIC);
  return [
    ...others.flatMap((tab) => identityProblems(tab, people)),
    ...others.flatMap((tab) => personDateProblems(tab, people, basic.section)),
    ...completenessProblems(basic.section, people, tabs),
  ];
}

/** The first 基本信息 row of an ID number is the person; later ones are duplicates (cross-row). */
export function peopleOf(records: readonly RowRecord[]): ReadonlyMap<string, Person> {
  const people = new Map<string, Person>();
  for (const record of records) {
    const id = record.values.idNumber;
    if (typeof id !== "string" || people.has(id)) continue;
    const name = record.values.name;
    people.set(id, {
      row: record.row,
      name: typeof name === "string" ? name : undefined,
      isNew: record.values.newTeacher === "1",
      values: record.values,
    });
  }
  return people;
}

function identityProblems(
  tab: SectionRecords,
  people: ReadonlyMap<string, Person>,
): PlacedProblem[] {
  if (tab.section.identity === "any_school") return [];
  return tab.records.flatMap((record): PlacedProblem[] => {
    const id = record.values.idNumber;
    if (typeof id !== "string") return [];
    const person = people.get(id);
    const place = (problem: Problem) => ({ section: tab.section, row: record.row, problem });
    if (person === undefined) return [place({ column: "idNumber", code: "identity.unknown_id" })];
    const name = record.values.name;
    if (typeof name === "string" && person.name !== undefined && name !== person.name)
      return [
        place({
          column: "name",
          code: "identity.name_mismatch",
          params: { expected: person.name },
        }),
      ];
    return [];
  });
}

/**
 * One finding per cell at most: the first error in template order, else the first warning, so an
 * appointment at age 8 is not also reported as before 参加工作年月, and a warning never hides
 * an error.
 */
function personDateProblems(
  tab: SectionRecords,
  people: ReadonlyMap<string, Person>,
  basic: ResolvedSection,
): PlacedProblem[] {
  if (tab.section.crossSection.length === 0) return [];
  return tab.records.flatMap((record): PlacedProblem[] => {
    const id = record.values.idNumber;
    const person = typeof id === "string" ? people.get(id) : undefined;
    // A row whose name disagrees belongs to someone else; its identity finding says so.
    const name = record.values.name;
    if (person === undefined || (typeof name === "string" && name !== person.name)) return [];
    const byColumn = new Map<string, Problem>();
    for (const rule of tab.section.crossSection) {
      const problem = checkPersonDate(rule, isoOf(record.values[rule.column]), person, basic);
      const held = byColumn.get(rule.column);
      if (problem !== undefined && (held === undefined || isWarning(held) > isWarning(problem)))
        byColumn.set(rule.column, problem);
    }
    return [...byColumn.values()].map((problem) => ({
      section: tab.section,
      row: record.row,
      problem,
    }));
  });
}

function checkPersonDate(
  rule: CrossSectionRule,
  value: string | undefined,
  person: Person,
  basic: ResolvedSection,
): Problem | undefined {
  if (value === undefined) return undefined;
  // A year (培训年度) is before a date only when its whole year is: compared by the year, and
  // an age is taken at its end.
  const isYear = /^\d{4}$/.test(value);
  if (rule.rule === "not_before_person") {
    const other = isoOf(person.values[rule.person]);
    if (other === undefined) return undefined;
    const order = isYear ? value.localeCompare(other.slice(0, 4)) : compareIso(value, other);
    if ((order ?? 0) >= 0) return undefined;
    const header = basic.columns.find((column) => column.key === rule.person)?.header;
    const params = { other: header ?? rule.person, otherValue: other };
    return { column: rule.column, code: "person.before_basic", params };
  }
  const birthDate = isoOf(person.values[rule.birthDate]);
  // A year-month counts as its birthday month reached: 2003-09 for a September child is 18,
  // so a threshold never fires on the month of the birthday itself.
  const at = isYear ? `${value}-12` : value.slice(0, 7);
  const age = birthDate === undefined ? undefined : ageAt(birthDate.slice(0, 7), at);
  if (birthDate === undefined || age === undefined) return undefined;
  if (age < rule.errorBelow)
    return {
      column: rule.column,
      code: "person.age_impossible",
      params: { age, min: rule.errorBelow, birthDate },
    };
  if (rule.warnBelow !== undefined && age < rule.warnBelow)
    return {
      column: rule.column,
      code: "person.age_unusual",
      params: { age, min: rule.warnBelow, birthDate },
    };
  return undefined;
}

function isWarning(problem: Problem): number {
  return severityOf(problem.code) === "warning" ? 1 : 0;
}

function isoOf(value: Value | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function completenessProblems(
  basic: ResolvedSection,
  people: ReadonlyMap<string, Person>,
  tabs: readonly SectionRecords[],
): PlacedProblem[] {
  const problems: PlacedProblem[] = [];
  for (const tab of tabs) {
    const present = new Set(tab.records.map((record) => record.values.idNumber));
    if (!tab.present) continue;
    for (const [id, person] of people) {
      const required =
        tab.section.requiredOf === "all" ||
        (tab.section.requiredOf === "experienced" && !person.isNew);
      if (!required || present.has(id)) continue;
      const problem: Problem = {
        column: null,
        code: "section.missing",
        params: { section: tab.section.title },
      };
      problems.push({ section: basic, row: person.row, problem });
    }
  }
  return problems;
}
