/**
 * The training-credit ledger (培训学分管理): each teacher's credits per 培训年度 and per cycle,
 * against the county rule (county.json `credits`). Pure: the caller passes the teachers, their
 * 国内培训 entries and the year to judge.
 *
 * The rule, as computed here:
 * - cycles are `cycleYears` long and one of them starts in `cycleStartYear` (2016 → 2016–2020,
 *   2021–2025, …); the cycle judged is the one containing the year judged;
 * - a teacher owes `perYear` for every year they are in post, and by the end of a cycle
 *   `perCycle`; "cycle to date" owes `perCycle` × (years owed so far in the cycle) ÷ `cycleYears`,
 *   rounded up to a whole credit, so a teacher on track is never shown short mid-cycle;
 * - a new teacher (是否新任教师 = 是) owes `newTeacherInduction` on top, in their first year
 *   (the year they started work; the year judged when that is unknown), and that year counts in
 *   the cycle too;
 * - a teacher owes nothing from the year they left on (retired, resigned, transferred out of the
 *   county): they stay in the ledger, marked 已离开;
 * - credits follow the person: entries are keyed by teacher number, whichever school entered them;
 * - only confirmed entries (effective records) count; unconfirmed ones are summed apart as 待确认.
 */

export interface CreditRule {
  readonly perYear: number;
  readonly perCycle: number;
  readonly cycleYears: number;
  readonly cycleStartYear: number;
  readonly newTeacherInduction: number;
}

export interface LedgerTeacher {
  readonly teacherNumber: string;
  readonly name: string;
  /** The school the teacher belongs to now (after any transfer). */
  readonly schoolCode: string;
  readonly newTeacher: boolean;
  /** The year the teacher started work; null when unknown. */
  readonly firstYear: number | null;
  /** The year the teacher left the county's schools; null while in post. */
  readonly leftYear: number | null;
}

export interface CreditEntry {
  readonly teacherNumber: string;
  /** 培训年度. */
  readonly year: number;
  /** 培训获得学分. */
  readonly credits: number;
  /** Confirmed by 教师进修学校 (the record is effective); otherwise 待确认. */
  readonly confirmed: boolean;
}

export const CREDIT_STATUSES = ["met", "short", "induction", "left"] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const CREDIT_STATUS_LABELS: Readonly<Record<CreditStatus, string>> = {
  met: "达标",
  short: "未达标",
  induction: "新任教师",
  left: "已离开",
};

export interface TeacherCredits {
  readonly teacherNumber: string;
  readonly name: string;
  readonly schoolCode: string;
  readonly yearCredits: number;
  readonly yearRequired: number;
  readonly cycleCredits: number;
  /** Owed by the end of the year judged (cycle to date). */
  readonly cycleRequired: number;
  /** What is still missing: the larger of the year's and the cycle's shortfall. */
  readonly owed: number;
  /** Credits entered but not yet confirmed, any year. */
  readonly pending: number;
  /** 新任教师 while a new teacher's first year is not yet met; 达标 once it is. */
  readonly status: CreditStatus;
}

export interface Cycle {
  readonly first: number;
  readonly last: number;
}

export function cycleOf(rule: CreditRule, year: number): Cycle {
  const offset = Math.floor((year - rule.cycleStartYear) / rule.cycleYears) * rule.cycleYears;
  const first = rule.cycleStartYear + offset;
  return { first, last: first + rule.cycleYears - 1 };
}

/** Every teacher's line of the ledger, by teacher number. */
export function buildLedger(
  teachers: readonly LedgerTeacher[],
  entries: readonly CreditEntry[],
  rule: CreditRule,
  year: number,
): TeacherCredits[] {
  const byTeacher = new Map<string, CreditEntry[]>();
  for (const entry of entries)
    byTeacher.set(entry.teacherNumber, [...(byTeacher.get(entry.teacherNumber) ?? []), entry]);
  return [...teachers]
    .sort((a, b) => (a.teacherNumber < b.teacherNumber ? -1 : 1))
    .map((teacher) => teacherLine(teacher, byTeacher.get(teacher.teacherNumber) ?? [], rule, year));
}

function teacherLine(
  teacher: LedgerTeacher,
  entries: readonly CreditEntry[],
  rule: CreditRule,
  year: number,
): TeacherCredits {
  const cycle = cycleOf(rule, year);
  const confirmed = entries.filter((entry) => entry.confirmed);
  const sum = (list: readonly CreditEntry[]) => round(list.reduce((n, e) => n + e.credits, 0));
  const yearCredits = sum(confirmed.filter((entry) => entry.year === year));
  const cycleCredits = sum(confirmed.filter((e) => e.year >= cycle.first && e.year <= year));
  const { yearRequired, cycleRequired } = required(teacher, rule, cycle, year);
  const owed = round(Math.max(0, yearRequired - yearCredits, cycleRequired - cycleCredits));
  const left = teacher.leftYear !== null && teacher.leftYear <= year;
  const inInduction = inductionYear(teacher, year) === year;
  return {
    teacherNumber: teacher.teacherNumber,
    name: teacher.name,
    schoolCode: teacher.schoolCode,
    yearCredits,
    yearRequired,
    cycleCredits,
    cycleRequired,
    owed,
    pending: sum(entries.filter((entry) => !entry.confirmed)),
    status: left ? "left" : owed === 0 ? "met" : inInduction ? "induction" : "short",
  };
}

/** What the teacher owes for the year judged and for the cycle up to it. */
function required(teacher: LedgerTeacher, rule: CreditRule, cycle: Cycle, year: number) {
  const from = Math.max(cycle.first, teacher.firstYear ?? cycle.first);
  const until = Math.min(year, (teacher.leftYear ?? Number.POSITIVE_INFINITY) - 1);
  const owes = (y: number) => y >= from && y <= until;
  const induction = inductionYear(teacher, year);
  const extra = (y: number) => (y === induction ? rule.newTeacherInduction : 0);
  const yearsOwed = Math.max(0, until - from + 1);
  const inductionInCycle = induction !== null && owes(induction) ? extra(induction) : 0;
  return {
    yearRequired: owes(year) ? rule.perYear + extra(year) : 0,
    cycleRequired: Math.ceil((rule.perCycle * yearsOwed) / rule.cycleYears) + inductionInCycle,
  };
}

function inductionYear(teacher: LedgerTeacher, year: number): number | null {
  return teacher.newTeacher ? (teacher.firstYear ?? year) : null;
}

/** Credits may be halves (0.5 学分); sums keep one decimal so 0.1 + 0.2 shows as 0.3. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
