/**
 * The training-credit ledger (培训学分管理): each teacher's credits per 培训年度 and per cycle,
 * against the county rule (county.json `credits`). Pure: the caller passes the teachers, their
 * 国内培训 entries and the year to judge.
 *
 * The rule, as computed here (README, 培训学分):
 * - cycles are `cycleYears` long and one of them starts in `cycleStartYear` (2016 → 2016–2020,
 *   2021–2025, …); the cycle judged is the one containing the year judged;
 * - a year is owed by the months the teacher is in post in it: from the month of 参加工作年月
 *   (no requirement before it), up to the month before the leaving date (离职, 退休, 死亡: a
 *   dated leaving counts from its date), less the months of a long absence recorded in 人员状态
 *   (`absence.codes`, counted only from `absence.minMonths` months on). A year owes
 *   `perYear` × months ÷ 12, rounded up to a whole credit; a full year owes `perYear`;
 * - a new teacher (是否新任教师 = 是) owes `newTeacherInduction` over the twelve months from
 *   参加工作年月 (the probation year): each calendar year owes its months' share of it;
 * - "cycle to date" owes the sum of the cycle's years up to the one judged, so a teacher on
 *   track is never shown short mid-cycle, and a full cycle owes `perCycle`;
 * - credits follow the person: entries are keyed by teacher number, whichever school entered them;
 * - only entries 教师进修学校 confirmed count; the year's unconfirmed ones are summed apart as
 *   待确认, those it returned as 已退回.
 */

export interface CreditRule {
  readonly perYear: number;
  readonly perCycle: number;
  readonly cycleYears: number;
  readonly cycleStartYear: number;
  readonly newTeacherInduction: number;
  /** Long absences: 人员状态 codes, and the months from which they reduce a year's requirement. */
  readonly absence?: { readonly codes: readonly string[]; readonly minMonths: number };
}

export interface LedgerTeacher {
  readonly teacherNumber: string;
  readonly name: string;
  /** The school the teacher belongs to now (after any transfer). */
  readonly schoolCode: string;
  readonly newTeacher: boolean;
  /** 参加工作年月 as YYYY-MM (or YYYY); null when unknown (owed from the cycle's start). */
  readonly started: string | null;
  /** The date the teacher leaves or left (离职, 退休, 死亡), YYYY-MM-DD; null while in post. */
  readonly leaves: string | null;
  /** 人员状态 now (code, since YYYY-MM-DD), when it is a change of status; null otherwise. */
  readonly status?: { readonly code: string; readonly since: string } | null;
}

export interface CreditEntry {
  readonly teacherNumber: string;
  /** 培训年度. */
  readonly year: number;
  /** 培训获得学分. */
  readonly credits: number;
  /** Confirmed by 教师进修学校; otherwise 待确认 (or 已退回 when `returned`). */
  readonly confirmed: boolean;
  /** 教师进修学校 returned these credits: they count neither as confirmed nor as pending. */
  readonly returned?: boolean;
}

export const CREDIT_STATUSES = ["met", "short", "induction", "left", "notStarted"] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const CREDIT_STATUS_LABELS: Readonly<Record<CreditStatus, string>> = {
  met: "达标",
  short: "未达标",
  induction: "新任教师",
  left: "已离开",
  notStarted: "未参加工作",
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
  /** Credits of the year judged entered but not yet confirmed. */
  readonly pending: number;
  /** Credits of the year judged 教师进修学校 returned (not counted). */
  readonly returned: number;
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
  const yearRequired = requiredIn(teacher, rule, year);
  let cycleRequired = 0;
  for (let y = cycle.first; y <= year; y += 1) cycleRequired += requiredIn(teacher, rule, y);
  const owed = round(Math.max(0, yearRequired - yearCredits, cycleRequired - cycleCredits));
  const ofYear = entries.filter((entry) => entry.year === year && !entry.confirmed);
  return {
    teacherNumber: teacher.teacherNumber,
    name: teacher.name,
    schoolCode: teacher.schoolCode,
    yearCredits,
    yearRequired,
    cycleCredits,
    cycleRequired,
    owed,
    pending: sum(ofYear.filter((entry) => entry.returned !== true)),
    returned: sum(ofYear.filter((entry) => entry.returned === true)),
    status: statusOf(teacher, year, owed),
  };
}

function statusOf(teacher: LedgerTeacher, year: number, owed: number): CreditStatus {
  const start = monthOf(teacher.started);
  const leaves = monthOf(teacher.leaves);
  if (leaves !== null && leaves <= year * 12 + 11) return "left";
  if (start !== null && start > year * 12 + 11) return "notStarted";
  if (owed === 0) return "met";
  return probationMonths(teacher, year) > 0 ? "induction" : "short";
}

/** What the teacher owes for one calendar year: its months in post, and its probation share. */
export function requiredIn(teacher: LedgerTeacher, rule: CreditRule, year: number): number {
  const months = monthsInPost(teacher, rule, year);
  const induction = (rule.newTeacherInduction * probationMonths(teacher, year)) / 12;
  return Math.ceil(round((rule.perYear * months) / 12 + induction));
}

/** Months of `year` in post: after starting, before leaving, less a long absence. */
export function monthsInPost(teacher: LedgerTeacher, rule: CreditRule, year: number): number {
  const first = Math.max(year * 12, monthOf(teacher.started) ?? year * 12);
  const last = Math.min(year * 12 + 11, (monthOf(teacher.leaves) ?? Number.POSITIVE_INFINITY) - 1);
  const inPost = Math.max(0, last - first + 1);
  return inPost - absentMonths(teacher, rule, year, first, last);
}

/**
 * Months of a long absence within [first, last]: 人员状态 holds the status now and since when, so
 * an absence lasts from its date on; shorter than `minMonths` in the year, it reduces nothing.
 */
function absentMonths(
  teacher: LedgerTeacher,
  rule: CreditRule,
  year: number,
  first: number,
  last: number,
): number {
  const status = teacher.status;
  const absence = rule.absence;
  if (!status || absence === undefined || !absence.codes.includes(status.code)) return 0;
  const since = monthOf(status.since);
  if (since === null) return 0;
  const months = Math.max(0, last - Math.max(first, since) + 1);
  return months >= absence.minMonths && since <= year * 12 + 11 ? months : 0;
}

/** Months of `year` within a new teacher's probation: the twelve months from 参加工作年月. */
function probationMonths(teacher: LedgerTeacher, year: number): number {
  const start = monthOf(teacher.started);
  if (!teacher.newTeacher || start === null) return 0;
  const first = Math.max(start, year * 12);
  const last = Math.min(start + 11, year * 12 + 11);
  return Math.max(0, last - first + 1);
}

/** YYYY-MM(-DD) or YYYY as a month index (year × 12 + month − 1); null when unreadable. */
function monthOf(text: string | null | undefined): number | null {
  const match = /^(\d{4})(?:[-.](\d{1,2}))?/.exec(text ?? "");
  if (match === null) return null;
  return Number(match[1]) * 12 + (match[2] === undefined ? 0 : Number(match[2]) - 1);
}

/** Credits may be halves (0.5 学分); sums keep one decimal so 0.1 + 0.2 shows as 0.3. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
