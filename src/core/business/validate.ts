/**
 * Checks one request-tab row against the registry before anything happens to it.
 *
 * The per-column checks (codes, date forms, school-code form, 结束年月 before 开始年月, required
 * cells, how far a planned date may lie ahead: the columns' `ahead` in sheet-templates) are the
 * validation engine's, run by `validateTab` on the tab; the caller passes this row's findings
 * in, so a request reads its dates as the 交流轮岗 tab reads the record it leads to. This module
 * adds:
 * - the ID number: an 18-character resident ID must pass GB 11643 (region, birth date, check
 *   digit), as the tabs have no 身份证件类型 column to tell the engine to check it;
 * - the other school is a known county school, not the initiating one;
 * - the identity: ID number and name name a teacher on post (not left) at the school the flow
 *   needs (transfer: 对方学校代码, the 调出学校; status change and rotation: the initiating
 *   school); a transfer of the school's own teacher is told as such (its own roster);
 * - once the identity holds: the teacher's record is effective; dates fit the flow and the
 *   person (`DATE_BOUNDS`): a transfer or a rotation not before the teacher's 进本校年月 or
 *   参加工作年月, a status change not before 出生日期 or 参加工作年月; no other open request
 *   (of any kind) for the same teacher;
 * - a 离职 or 死亡 is never dated ahead (`NOT_AHEAD`): it records what happened (how far
 *   a planned date may lie ahead is the column's `ahead` in the templates, checked by the engine);
 * - plausibility of a status change, once the identity holds: a 退休 below the county's minimum
 *   retirement age on its date (county.json `retirement`) is a warning naming the age, never an
 *   error, as early retirement is lawful;
 * - a typed 调出 row is refused: transfers are started by the receiving school.
 *
 * And one check on a step rather than a row (`waitsForSettledFile`, `unsettledFileProblem`): a
 * transfer hands over the teacher's file as it stands in force, so its handing-over steps wait
 * while the 调出学校 holds a record of the teacher that is not settled.
 *
 * Guarantees:
 * - pure; never throws on any row; a request comes out only when no error finding does and the
 *   identity holds;
 * - a row reveals nothing about people the school does not hold. A row whose ID number, name and
 *   school do not name a teacher on post there gets one message, the same text on the same
 *   column whatever the reason (ID unknown, held by another school, another name, left), and
 *   nothing else of the registry: the teacher's dates, state and open requests are looked at
 *   only once the identity holds. A row without a usable name or school looks no one up;
 * - registry values are shown only to the school they belong to: a date bound of the school's
 *   own teacher (status change, rotation) shows its value, one of another school's teacher (the
 *   调出学校's, in a transfer) only names the bound; an open request is described only to the
 *   school that started it, to any other the row says only that no request can be taken now.
 */
import { ageAt, checkResidentId, compareIso, parseDate } from "../normalise";
import type { PersonKey } from "../sync/model";
import type { ResolvedSection, RetirementAges, SchoolCategory, Templates } from "../templates";
import { shippedCountyConfig } from "../templates/bundle";
import { toFinding } from "../validate/engine";
import type { Finding, Problem, RowRecord, Value } from "../validate/types";
import { categoryGaps, type FileRecord, gapText } from "./category-gap";
import {
  type BusinessDetails,
  type BusinessRequest,
  type BusinessRequestInput,
  DIED,
  isLeavingCode,
  RESIGNED,
  RETIRED,
  TRANSFER_IN,
  TRANSFER_OUT,
} from "./model";
import {
  type BusinessAction,
  type BusinessKind,
  type BusinessState,
  KIND_LABELS,
  type Party,
  STATE_LABELS,
} from "./states";

/** Section key of each request tab (sheet-templates/sections/2x-*.json) → its kind. */
export const REQUEST_SECTIONS: Readonly<Record<string, BusinessKind>> = {
  transferRequest: "transfer",
  statusChangeRequest: "status_change",
  rotationRequest: "rotation",
};

export function kindOfSection(sectionKey: string): BusinessKind | undefined {
  return REQUEST_SECTIONS[sectionKey];
}

/** What the registry knows of the person the row's ID number names. */
export interface PersonFacts {
  readonly personKey: PersonKey;
  readonly teacherNumber: string;
  readonly name: string;
  /** The school that holds the person (teachers.school_code). */
  readonly holdingSchool: string;
  readonly effective: boolean;
  /** The person's current 在职情况 code, if a status change set one. */
  readonly statusCode: string | null;
  /** 性别 code of the effective 基本信息 record (gender table: 1 男, 2 女), when there is one. */
  readonly sex: string | null;
  /** From the effective 基本信息 record, when there is one: ISO date / YYYY-MM. */
  readonly birthDate: string | null;
  readonly workStart: string | null;
  readonly joinSchool: string | null;
  /**
   * The person's records in force at the holding school (a transfer across school types is
   * checked against them); omitted, nothing is checked.
   */
  readonly file?: readonly FileRecord[];
}

export interface OpenRequestRef {
  readonly id: string;
  readonly kind: BusinessKind;
  readonly state: BusinessState;
  /** Whose request it is: only that school reads what it is. */
  readonly initiatorSchool: string;
}

export interface RequestRowContext {
  /** ISO date; the core never reads the clock. */
  readonly today: string;
  /** The school whose tab holds the row. */
  readonly initiatorSchool: string;
  /** Every county school: code → name. */
  readonly schools: ReadonlyMap<string, string>;
  /** Undefined when the ID number is unreadable or names no teacher the registry knows. */
  readonly person: PersonFacts | undefined;
  /** Open requests for the person, this row's own included or not. */
  readonly openRequests: readonly OpenRequestRef[];
  /**
   * The row's own request, which is not "another" open request: its 申请编号, or for a row still
   * without one, the request it opened before its id was written back (`ownRequestId`).
   */
  readonly requestId: string | null;
  /** Minimum retirement ages; county.json's `retirement.minimumAge` when omitted. */
  readonly retirementAges?: RetirementAges;
  /**
   * The initiating school's 主管学校 (schools CSV): a status change names it as the other school,
   * whose principal confirms before 人事股. Null or absent: a county-direct school.
   */
  readonly supervisor?: string | null;
  /**
   * The initiating school's templates and category: a transfer warns of the columns this
   * category requires that the teacher's file in force lacks. Omitted, nothing is checked.
   */
  readonly receiving?: { readonly templates: Templates; readonly category: SchoolCategory };
}

export interface RequestRowResult {
  readonly findings: readonly Finding[];
  /** The request the row asks for; null while any finding is an error. */
  readonly request: BusinessRequestInput | null;
}

/**
 * The id of the request a row stands for: the 申请编号 in the row, else the open request of the
 * same kind this school opened for the person (a write-back of the id was lost; the next read
 * adopts it instead of calling it a second request). Null for a row that opened nothing yet.
 */
export function ownRequestId(
  rowId: string | null,
  kind: BusinessKind,
  initiatorSchool: string,
  open: readonly Pick<BusinessRequest, "id" | "kind" | "initiatorSchool">[],
): string | null {
  if (rowId !== null && rowId !== "") return rowId;
  return (
    open.find((request) => request.kind === kind && request.initiatorSchool === initiatorSchool)
      ?.id ?? null
  );
}

/** The normalised ID number of a request row, for the caller to key before validating. */
export function requestIdNumber(record: RowRecord, today: string): string | undefined {
  const id = record.values.idNumber;
  if (typeof id !== "string" || id === "" || record.invalid.has("idNumber")) return undefined;
  return idProblem(record, today) === undefined ? id : undefined;
}

/** Looks like a resident ID (digits, 15 or more): then it must be a valid one. */
const RESIDENT_LIKE = /^\d{15,}[\dX]?$/;

function idProblem(record: RowRecord, today: string): Problem | undefined {
  const id = record.values.idNumber;
  if (typeof id !== "string" || !RESIDENT_LIKE.test(id)) return undefined;
  const checked = checkResidentId(id, today);
  return checked.ok
    ? undefined
    : { column: "idNumber", code: checked.issue.code, params: checked.issue.params ?? {} };
}

export function validateRequestRow(
  section: ResolvedSection,
  record: RowRecord,
  columnFindings: readonly Finding[],
  context: RequestRowContext,
): RequestRowResult {
  const kind = kindOfSection(section.key);
  if (kind === undefined) throw new Error(`「${section.title}」不是业务申请表`);
  const { problems, person } = registryProblems(kind, record, context);
  const notAhead = notAheadProblem(kind, record, context.today);
  const findings = [
    ...(notAhead === undefined ? columnFindings : withoutReach(section, record, columnFindings)),
    ...[...problems, ...(notAhead === undefined ? [] : [notAhead])].map((problem) =>
      toFinding(section, record.row, problem),
    ),
  ];
  const details = findings.some((f) => f.severity === "error") ? null : detailsOf(kind, record);
  return {
    findings,
    request:
      details === null || person === undefined
        ? null
        : {
            kind,
            initiatorSchool: context.initiatorSchool,
            otherSchool:
              kind === "status_change"
                ? (context.supervisor ?? null)
                : text(record.values.otherSchool),
            personKey: person.personKey,
            teacherNumber: person.teacherNumber,
            name: person.name,
            details,
          },
  };
}

/** The problems of the row, and the teacher it names once ID, name and school match one. */
interface RegistryCheck {
  readonly problems: readonly Problem[];
  readonly person: PersonFacts | undefined;
}

function registryProblems(
  kind: BusinessKind,
  record: RowRecord,
  context: RequestRowContext,
): RegistryCheck {
  const values = record.values;
  if (kind === "transfer" && values.direction === TRANSFER_OUT)
    return {
      problems: [{ column: "direction", code: "business.transfer_out" }],
      person: undefined,
    };
  const other = kind === "status_change" ? undefined : text(values.otherSchool);
  const otherProblem = otherSchoolProblem(other, record, context);
  const problems = otherProblem === undefined ? [] : [otherProblem];
  const badId = idProblem(record, context.today);
  if (badId !== undefined) return { problems: [...problems, badId], person: undefined };
  const holder = kind === "transfer" ? other : context.initiatorSchool;
  const name = record.invalid.has("name") ? "" : text(values.name);
  // Without a readable ID, a name and a usable school to look in, no one is looked up: the
  // columns' own findings say what is missing, the same whoever the ID names.
  const lookup =
    requestIdNumber(record, context.today) !== undefined &&
    name !== "" &&
    holder !== undefined &&
    holder !== "" &&
    !record.invalid.has("otherSchool") &&
    otherProblem === undefined;
  if (!lookup) return { problems, person: undefined };
  const person = context.person;
  if (isOnPostAt(person, holder, name))
    return {
      problems: [...problems, ...personProblems(kind, person, holder, values, context)],
      person,
    };
  return { problems: [...problems, missProblem(kind, person, name, context)], person: undefined };
}

function otherSchoolProblem(
  other: string | undefined,
  record: RowRecord,
  context: RequestRowContext,
): Problem | undefined {
  if (other === undefined || other === "" || record.invalid.has("otherSchool")) return undefined;
  if (other === context.initiatorSchool)
    return { column: "otherSchool", code: "business.same_school" };
  if (!context.schools.has(other))
    return { column: "otherSchool", code: "business.unknown_school", params: { value: other } };
  return undefined;
}

/**
 * A row naming no teacher on post at the school the flow needs. Every miss (ID unknown, held
 * by another school, another name, left) gets the one message, so that a row cannot be used to
 * learn whom the county holds, where, under which name, or in which state.
 */
function missProblem(
  kind: BusinessKind,
  person: PersonFacts | undefined,
  name: string,
  context: RequestRowContext,
): Problem {
  // The school's own teacher typed as an arrival: the school knows its own roster already.
  if (kind === "transfer" && isOnPostAt(person, context.initiatorSchool, name))
    return { column: "idNumber", code: "business.already_here" };
  const code = kind === "transfer" ? "business.not_at_other_school" : "business.not_at_this_school";
  return { column: "idNumber", code };
}

/** The registry's checks of the teacher the row names, once the identity matched. */
function personProblems(
  kind: BusinessKind,
  person: PersonFacts,
  holder: string,
  values: RowRecord["values"],
  context: RequestRowContext,
): Problem[] {
  const problems: Problem[] = [];
  if (!person.effective) problems.push({ column: "idNumber", code: "business.not_effective" });
  problems.push(...dateProblems(kind, values, person, holder === context.initiatorSchool));
  if (kind === "status_change")
    problems.push(...retirementProblems(values, person, context.retirementAges));
  if (kind === "transfer") problems.push(...categoryGapProblems(person, context));
  const another = context.openRequests.find((request) => request.id !== context.requestId);
  if (another !== undefined) problems.push(openRequestProblem(another, context.initiatorSchool));
  return problems;
}

function isOnPostAt(
  person: PersonFacts | undefined,
  school: string,
  name: string,
): person is PersonFacts {
  return (
    person !== undefined &&
    person.holdingSchool === school &&
    person.name === name &&
    (person.statusCode === null || !isLeavingCode(person.statusCode))
  );
}

/**
 * Another open request of the teacher: described only to the school that started it; one
 * another school started is that school's business, so the row says only that none can be
 * taken now.
 */
export function openRequestProblem(another: OpenRequestRef, initiatorSchool: string): Problem {
  if (another.initiatorSchool !== initiatorSchool)
    return { column: "idNumber", code: "business.open_elsewhere" };
  return {
    column: "idNumber",
    code: "business.open_request",
    params: {
      id: another.id,
      kind: KIND_LABELS[another.kind],
      state: STATE_LABELS[another.state],
    },
  };
}

interface Bound {
  readonly key: keyof Pick<PersonFacts, "birthDate" | "workStart" | "joinSchool">;
  readonly what: string;
}

const BIRTH: Bound = { key: "birthDate", what: "出生日期" };
const WORK: Bound = { key: "workStart", what: "参加工作年月" };
const JOIN: Bound = { key: "joinSchool", what: "进本校年月" };

/** Which column of each kind holds the date, and which person dates it may not precede. */
const DATE_BOUNDS: Readonly<Record<BusinessKind, { column: string; after: readonly Bound[] }>> = {
  transfer: { column: "date", after: [JOIN, WORK] },
  status_change: { column: "date", after: [BIRTH, WORK] },
  rotation: { column: "start", after: [JOIN, WORK] },
};

/**
 * A date before the teacher could have been there. The bound's value is the holding school's
 * data: shown to that school, only named to another one (a transfer's receiving school).
 */
function dateProblems(
  kind: BusinessKind,
  values: RowRecord["values"],
  person: PersonFacts,
  ownTeacher: boolean,
): Problem[] {
  const { column, after } = DATE_BOUNDS[kind];
  const date = values[column];
  if (typeof date !== "string") return [];
  for (const bound of after) {
    const limit = person[bound.key];
    if (limit !== null && (compareIso(date, limit) ?? 0) < 0)
      return [
        ownTeacher
          ? {
              column,
              code: "business.date_before",
              params: { what: bound.what, otherValue: limit },
            }
          : { column, code: "business.date_before_elsewhere", params: { what: bound.what } },
      ];
  }
  return [];
}

/**
 * Status changes that record what has happened, never a plan, by the name the message uses: a
 * resignation is registered once it took effect, a death once it occurred. Dating them ahead
 * would take a teacher off the roster for an event that may never come.
 */
const NOT_AHEAD: ReadonlyMap<string, string> = new Map([
  [RESIGNED, "离职"],
  [DIED, "死亡"],
]);

/** A day no planned date reaches, to read a 变动日期 the column's reach refused. */
const FAR = "9999-12-31";

/**
 * A 离职 or 死亡 dated after today: it is registered once it happened, never ahead. Read from
 * the cell itself, since a date past the column's one-year reach is not in the values.
 */
function notAheadProblem(
  kind: BusinessKind,
  record: RowRecord,
  today: string,
): Problem | undefined {
  const change = kind === "status_change" ? NOT_AHEAD.get(text(record.values.change)) : undefined;
  if (change === undefined) return undefined;
  const date = typeof record.values.date === "string" ? record.values.date : beyondReach(record);
  if (date === undefined || (compareIso(date, today) ?? 0) <= 0) return undefined;
  return { column: "date", code: "business.not_ahead", params: { value: date, today, change } };
}

/** A 变动日期 the column's reach kept out of the values, read from the cell itself. */
function beyondReach(record: RowRecord): string | undefined {
  const read = parseDate(record.raw.date, FAR);
  return read.ok ? read.value : undefined;
}

/** The column findings less the reach of 变动日期, which the not-ahead error says better. */
function withoutReach(
  section: ResolvedSection,
  record: RowRecord,
  findings: readonly Finding[],
): Finding[] {
  const header = section.columns.find((column) => column.key === "date")?.header;
  return findings.filter(
    (f) => !(f.row === record.row && f.column === header && f.code === "date.too_late"),
  );
}

/** 性别 codes (gender table, GB/T 2261.1). */
const MALE = "1";
const FEMALE = "2";

/**
 * A 退休 younger than the minimum age on its date: a warning with the age (the school's own
 * teacher: the birth date is its own data). Sex unknown, the lower of the two ages applies, so
 * that only a retirement implausible for anyone is questioned.
 */
function retirementProblems(
  values: RowRecord["values"],
  person: PersonFacts,
  ages: RetirementAges = shippedCountyConfig.retirement.minimumAge,
): Problem[] {
  const date = values.date;
  if (values.change !== RETIRED || typeof date !== "string" || person.birthDate === null) return [];
  const age = ageAt(person.birthDate, date);
  const minimum =
    person.sex === MALE
      ? ages.male
      : person.sex === FEMALE
        ? ages.female
        : Math.min(ages.male, ages.female);
  if (age === undefined || age >= minimum) return [];
  return [
    {
      column: "change",
      code: "business.retire_young",
      params: { birthDate: person.birthDate, age, male: ages.male, female: ages.female },
    },
  ];
}

/**
 * A transfer across school types: the columns the receiving school's category requires that the
 * teacher's file in force leaves empty, by name (a warning; the request goes on, and the
 * receiving school completes them after the move through the ordinary review chain).
 */
function categoryGapProblems(person: PersonFacts, context: RequestRowContext): Problem[] {
  const receiving = context.receiving;
  if (receiving === undefined || person.file === undefined) return [];
  const gaps = categoryGaps(receiving.templates, receiving.category, person.file);
  if (gaps.length === 0) return [];
  const category = receiving.templates.categories[receiving.category].title;
  return [
    { column: null, code: "business.category_gap", params: { category, fields: gapText(gaps) } },
  ];
}

function detailsOf(kind: BusinessKind, record: RowRecord): BusinessDetails {
  const values = record.values;
  switch (kind) {
    case "transfer":
      return {
        kind,
        direction: TRANSFER_IN,
        date: text(values.date),
        reason: text(values.reason),
      };
    case "status_change":
      return {
        kind,
        change: text(values.change),
        date: text(values.date),
        reason: text(values.reason),
        ...(values.destinationCounty === undefined
          ? {}
          : { destinationCounty: text(values.destinationCounty) }),
        ...(values.destinationUnit === undefined
          ? {}
          : { destinationUnit: text(values.destinationUnit) }),
      };
    case "rotation":
      return {
        kind,
        rotationType: text(values.type),
        start: text(values.start),
        end: values.end === undefined ? null : text(values.end),
        reason: text(values.reason),
      };
  }
}

function text(value: Value | undefined): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

// ── A transfer moves the file as it stands in force ────────────────────────────────────────────

/**
 * The steps that hand a teacher's file over: the 调出学校's confirmation, 人事股's 确认调出 and the
 * completion that moves it (调档完成, or a dated transfer's date).
 * They wait while the teacher has a record at the 调出学校 that is not settled (any state but
 * 已生效; removed rows aside): the registry holds values only of effective versions, so a record
 * not yet in force cannot follow the teacher without losing what its row holds.
 */
export function waitsForSettledFile(
  kind: BusinessKind,
  from: BusinessState,
  action: BusinessAction,
  party: Party,
): boolean {
  if (kind !== "transfer" || action !== "confirm") return false;
  return (
    (from === "counterpart_review" && party === "counterpart") ||
    (from === "release_review" && party === "county") ||
    // The move itself (调档完成, or the date come): what moves must be in force then too.
    (from === "archive_review" && party === "initiator") ||
    (from === "scheduled" && party === "system")
  );
}

/**
 * Why the file cannot be handed over yet, in the words of the party acting (the 调出学校's
 * principal, or 人事股): how many records of the teacher at the 调出学校 are not settled, in which
 * sections (by their tab titles, in template order; no values), and what must happen first.
 * Undefined when every record is settled.
 *
 * `sections` holds the section key of each unsettled record (one entry per record).
 */
export function unsettledFileProblem(
  party: Party,
  sections: readonly string[],
  templates: Templates,
): string | undefined {
  if (sections.length === 0) return undefined;
  const order = new Map<string, { index: number; title: string }>();
  for (const category of Object.values(templates.categories))
    category.sections.forEach((section, index) => {
      if (!order.has(section.key)) order.set(section.key, { index, title: section.title });
    });
  const titles = [...new Set(sections)]
    .sort((a, b) => (order.get(a)?.index ?? 0) - (order.get(b)?.index ?? 0))
    .map((key) => order.get(key)?.title ?? key)
    .join("、");
  const what = `尚有该教师未生效的记录 ${sections.length} 条（${titles}）`;
  if (party === "initiator" || party === "system")
    return `调出学校${what}，须由调出学校完成审核或删除未生效的行后，调动才能完成；「调档完成」已保留，这些记录都生效或删除后自动完成`;
  return party === "county"
    ? `调出学校${what}，须由调出学校完成审核（校长审核、县级复核）或删除未生效的行后，才能确认调出`
    : `本校${what}，请先完成审核或删除未生效的行，再确认调出；「本校确认」已保留，这些记录都生效或删除后自动确认`;
}
