/**
 * The 进度 tab's answer to the county's question: which schools are behind, against which
 * deadline, by how much. Pure: counts in, table rows out; nothing personal reaches it.
 *
 * A school stands at each of the four deadlines (campaign.ts) on two counts:
 * - people: how many of its expected staff (应采集人数; the people entered where the list gave
 *   none) have reached that stage: entered with every required section and nothing 待完善
 *   (采集), approved by the principal (学校审核), through the county (县级复核), every record
 *   已生效 (完成). Those missing are "behind", whether not yet entered or not yet through;
 * - records: the step is done on the school's records (campaign.ts), which also counts rows the
 *   registry cannot tie to a person (no valid ID yet).
 * A step is done when both say so, and 完成 also needs the expected headcount: a school that
 * gave none says 未填应采集人数, never 完成. A step not done after its deadline is late by the
 * days since (the deadline day itself is on time).
 */
import {
  CAMPAIGN_STEP_LABELS,
  CAMPAIGN_STEPS,
  type CampaignStep,
  type Deadlines,
} from "./campaign";

export interface SchoolStages {
  readonly code: string;
  readonly name: string;
  /** 应采集人数 from the schools list; null when it gave none. */
  readonly expected: number | null;
  /** People on the school's 基本信息 tab. */
  readonly entered: number;
  /** People at or past each stage. */
  readonly reached: Readonly<Record<CampaignStep, number>>;
  /** Steps done on the school's records (campaign.ts `stepsDone`), 0 to 4. */
  readonly stepsDone: number;
}

export interface StepStanding {
  readonly step: CampaignStep;
  readonly deadline: string;
  readonly done: boolean;
  /** People not yet at this stage: expected (or entered) minus those who are. */
  readonly behind: number;
  /** Days after the deadline, while not done; 0 otherwise. */
  readonly daysLate: number;
}

const DAY_MS = 86_400_000;

/** Whole days from one ISO date to a later one. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function stepStandings(
  school: SchoolStages,
  deadlines: Deadlines,
  today: string,
): StepStanding[] {
  const target = school.expected ?? school.entered;
  return CAMPAIGN_STEPS.map((step, i) => {
    const behind = Math.max(target - school.reached[step], 0);
    const done =
      school.stepsDone > i && behind === 0 && (step !== "complete" || school.expected !== null);
    const deadline = deadlines[step];
    const daysLate = !done && today > deadline ? daysBetween(deadline, today) : 0;
    return { step, deadline, done, behind, daysLate };
  });
}

/** A school's cell for one step: 完成, or what is missing and how late. */
export function stepCell(standing: StepStanding | undefined, school: SchoolStages): string {
  if (standing === undefined || standing.done) return "完成";
  const missing =
    standing.behind > 0
      ? `差${standing.behind}人`
      : standing.step === "complete" && school.expected === null && school.stepsDone === 4
        ? "未填应采集人数"
        : "未办结";
  return standing.daysLate > 0 ? `${missing}，逾期${standing.daysLate}天` : missing;
}

export const DEADLINE_HEADERS: readonly string[] = [
  "阶段",
  "截止日期",
  "距截止",
  "已完成学校",
  "逾期学校",
  "未到期未完成学校",
  "未达到该阶段人数",
  "逾期学校（差人数，逾期天数）",
];

/** Rows the deadline block always takes: title, header, the four steps, a blank row. */
export const DEADLINE_BLOCK_ROWS = 3 + CAMPAIGN_STEPS.length;

type Cell = string | number;

/** The county's standing at each deadline: schools done and late, people short, who is late. */
export function deadlineBlock(
  schools: readonly SchoolStages[],
  deadlines: Deadlines,
  today: string,
  year: number,
): Cell[][] {
  const standings = schools.map((school) => ({
    school,
    steps: stepStandings(school, deadlines, today),
  }));
  const expected = schools.reduce((n, s) => n + (s.expected ?? 0), 0);
  const unknown = schools.filter((s) => s.expected === null).map((s) => s.name);
  const note =
    unknown.length === 0 ? "" : `，${unknown.length} 所学校未填应采集人数：${unknown.join("、")}`;
  const rows = CAMPAIGN_STEPS.map((step, i) => {
    const at = standings.map(({ school, steps }) => ({ school, s: steps[i] as StepStanding }));
    const late = at
      .filter(({ s }) => s.daysLate > 0)
      .sort((x, y) => y.s.behind - x.s.behind || compare(x.school.code, y.school.code));
    return [
      CAMPAIGN_STEP_LABELS[step],
      deadlines[step],
      untilText(deadlines[step], today),
      at.filter(({ s }) => s.done).length,
      late.length,
      at.filter(({ s }) => !s.done && s.daysLate === 0).length,
      at.reduce((n, { s }) => n + s.behind, 0),
      late
        .map(({ school, s }) => `${school.name}（${lateText(s)}，逾期${s.daysLate}天）`)
        .join("、"),
    ];
  });
  return [
    [`各阶段进度（${year} 年采集；统计日期 ${today}；全县应采集 ${expected} 人${note}）`],
    [...DEADLINE_HEADERS],
    ...rows,
    [""],
  ];
}

function lateText(standing: StepStanding): string {
  return standing.behind > 0 ? `差${standing.behind}人` : "未办结";
}

function untilText(deadline: string, today: string): string {
  const days = daysBetween(today, deadline);
  if (days === 0) return "今日截止";
  return days > 0 ? `还剩${days}天` : `已过${-days}天`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const LAGGARD_HEADERS: readonly string[] = [
  "学校代码",
  "学校名称",
  "应采集人数",
  "已录入",
  "已审核",
  "已生效",
  "当前阶段",
  "差人数",
  "逾期天数",
];

/** How many schools the block lists: a fixed height keeps the matrix below it in place. */
export const LAGGARD_LIMIT = 10;

/**
 * The schools not yet done, furthest behind first: the earliest step not done, then the most
 * people short of it, then the most days late; padded with empty rows to `limit`, so a school
 * that caught up leaves no stale row and the rows below never move.
 */
export function laggardBlock(
  schools: readonly SchoolStages[],
  deadlines: Deadlines,
  today: string,
  limit: number = LAGGARD_LIMIT,
): Cell[][] {
  const behind = schools.flatMap((school) => {
    const current = stepStandings(school, deadlines, today).find((s) => !s.done);
    return current === undefined ? [] : [{ school, current }];
  });
  behind.sort(
    (x, y) =>
      CAMPAIGN_STEPS.indexOf(x.current.step) - CAMPAIGN_STEPS.indexOf(y.current.step) ||
      y.current.behind - x.current.behind ||
      y.current.daysLate - x.current.daysLate ||
      compare(x.school.code, y.school.code),
  );
  const rows: Cell[][] = behind
    .slice(0, limit)
    .map(({ school, current }) => [
      school.code,
      school.name,
      school.expected ?? "未填",
      school.entered,
      school.reached.schoolReview,
      school.reached.complete,
      currentText(school, current),
      current.behind,
      current.daysLate,
    ]);
  const blank = LAGGARD_HEADERS.map(() => "");
  return [
    [`落后最多的学校（按当前阶段、差人数排序，前 ${limit} 所）`],
    [...LAGGARD_HEADERS],
    ...rows,
    ...Array.from({ length: limit - rows.length }, () => [...blank]),
    [""],
  ];
}

/** The step being worked on; 完成 held up only by a missing expected headcount says so. */
function currentText(school: SchoolStages, current: StepStanding): string {
  const label = CAMPAIGN_STEP_LABELS[current.step];
  return current.step === "complete" && school.expected === null && current.behind === 0
    ? `${label}（未填应采集人数）`
    : label;
}

/** Rows the laggard block always takes. */
export const LAGGARD_BLOCK_ROWS = LAGGARD_LIMIT + 3;
