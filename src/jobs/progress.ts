/**
 * The summary build's 进度 part: the campaign it judges against, the deadline and laggard blocks
 * above the matrix, and the day's D1 snapshot. Kept apart from summary.ts, which only calls it.
 */
import { progressSnapshots, type SchoolPeople, schoolPeople } from "../adapters/store/progress";
import type { RequiredSection, SchoolCounts, SectionCounts } from "../adapters/store/summary";
import { campaignStatus } from "../core/reports/campaign";
import {
  deadlineBlock,
  laggardBlock,
  type SchoolStages,
  stepCell,
  stepStandings,
} from "../core/reports/deadlines";
import {
  buildProgressMatrix,
  type HistoryRow,
  historyRow,
  type ProgressCell,
  type ProgressSection,
  type SchoolProgress,
  withHistoryRow,
} from "../core/reports/progress";
import { shippedCountyConfig } from "../core/templates/bundle";
import { activeCampaign, type Campaign, campaignFromVar } from "../core/templates/county";

/**
 * The campaign the summary judges on `day`: the worker's CAMPAIGN var when set (the demo and
 * trials), else county.json's active one.
 */
export function campaignOf(day: string, campaignVar: string | undefined): Campaign {
  return campaignVar === undefined || campaignVar.trim() === ""
    ? activeCampaign(shippedCountyConfig, day)
    : campaignFromVar(campaignVar);
}

export interface ProgressReads {
  readonly people: readonly SchoolPeople[];
  readonly history: readonly HistoryRow[];
}

/** The D1 reads the 进度 tab needs beyond the summary's own: run with them. */
export async function progressReads(
  db: D1Database,
  required: readonly RequiredSection[],
): Promise<ProgressReads> {
  const [people, history] = await Promise.all([schoolPeople(db, required), progressSnapshots(db)]);
  return { people, history };
}

export interface ProgressTables {
  /** The tab's left part: deadline block, laggard block, then the matrix. */
  readonly table: ProgressCell[][];
  /** The history with today's row put in. */
  readonly history: HistoryRow[];
  /** Today's row: the snapshot the build stores. */
  readonly today: HistoryRow;
}

export function progressTables(
  counts: readonly SchoolCounts[],
  perSection: readonly SectionCounts[],
  sections: readonly ProgressSection[],
  reads: ProgressReads,
  campaign: Campaign,
  day: string,
): ProgressTables {
  const { deadlines } = campaign;
  const peopleOf = new Map(reads.people.map((p) => [p.code, p]));
  const stages: SchoolStages[] = counts.map((school) => {
    const people = peopleOf.get(school.code);
    const expectedStaff = people?.expected ?? null;
    return {
      code: school.code,
      name: school.name,
      expected: expectedStaff,
      entered: people?.entered ?? 0,
      reached: people?.reached ?? { collection: 0, schoolReview: 0, countyRecheck: 0, complete: 0 },
      stepsDone: campaignStatus({ ...school, expectedStaff }, deadlines, day).stepsDone,
    };
  });
  const progress = counts.map((school, i) =>
    schoolProgress(school, perSection, stages[i] as SchoolStages, deadlines, day),
  );
  const today = historyRow(day, progress, {
    entered: sum(stages, (s) => s.entered),
    approved: sum(stages, (s) => s.reached.schoolReview),
    effective: sum(stages, (s) => s.reached.complete),
  });
  return {
    table: [
      ...deadlineBlock(stages, deadlines, day, campaign.year),
      ...laggardBlock(stages, deadlines, day),
      ...buildProgressMatrix(progress, sections),
    ],
    history: withHistoryRow(reads.history, today),
    today,
  };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}

function schoolProgress(
  school: SchoolCounts,
  perSection: readonly SectionCounts[],
  stages: SchoolStages,
  deadlines: Campaign["deadlines"],
  day: string,
): SchoolProgress {
  const mine = perSection.filter((row) => row.school === school.code);
  const steps = stepStandings(stages, deadlines, day);
  return {
    code: school.code,
    name: school.name,
    expected: stages.expected,
    people: school.people,
    records: mine.reduce((n, row) => n + row.records, 0),
    effectiveRecords: mine.reduce((n, row) => n + row.effective, 0),
    sections: Object.fromEntries(mine.map((row) => [row.section, row.effectivePeople])),
    complete: steps.every((step) => step.done),
    steps: steps.map((step) => stepCell(step, stages)),
  };
}
