/**
 * Rules across the tabs of one school: every row belongs to a person on 基本信息 (same ID
 * number, same name), and every person has the sections the notice requires of them (new
 * teachers only 基本信息 and 联系方式).
 */
import type { ResolvedSection } from "../templates";
import type { Problem, RowRecord } from "./types";

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
}

export const BASIC = "basic";

export function crossSectionProblems(tabs: readonly SectionRecords[]): PlacedProblem[] {
  const basic = tabs.find((tab) => tab.section.key === BASIC);
  // Without a 基本信息 tab every row would be "unknown"; its tab.missing error says it once.
  if (basic === undefined || !basic.present) return [];
  const people = peopleOf(basic.records);
  const others = tabs.filter((tab) => tab.section.key !== BASIC);
  return [
    ...others.flatMap((tab) => identityProblems(tab, people)),
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
