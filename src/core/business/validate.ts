/**
 * Checks one request-tab row against the registry before anything happens to it.
 *
 * The per-column checks (codes, date forms, school-code form, 结束年月 before 开始年月, required
 * cells) are the validation engine's, run by `validateTab` on the tab; the caller passes this
 * row's findings in. This module adds:
 * - the ID number: an 18-character resident ID must pass GB 11643 (region, birth date, check
 *   digit), as the tabs have no 身份证件类型 column to tell the engine to check it;
 * - the ID names a teacher the county knows, with that name, effective and not left;
 * - the teacher is held by the school the flow needs (transfer: 对方学校代码, the 调出学校;
 *   status change and rotation: the initiating school);
 * - the other school is a known county school, not the initiating one;
 * - dates fit the flow and the person (the bounds, `DATE_BOUNDS` and `FUTURE_BOUNDS`):
 *   not before the person could have been there (a transfer or a rotation not before the
 *   teacher's 进本校年月 or 参加工作年月, a status change not before 出生日期 or 参加工作年月);
 *   a transfer date, a status-change date or a rotation start at most one year after today
 *   (the engine refuses any date after today; a planned transfer or retirement may be dated
 *   ahead, so that one finding is replaced by this bound); a rotation ending at most six years
 *   after it starts (the notice's rotations last one to a few years);
 * - no other open request (of any kind) for the same teacher;
 * - a typed 调出 row is refused: transfers are started by the receiving school.
 *
 * Guarantees: pure; never throws on any row; a request comes out only when no error finding
 * does.
 */
import { addYears, checkResidentId, compareIso, parseDate, parseYearMonth } from "../normalise";
import type { PersonKey } from "../sync/model";
import type { ResolvedSection } from "../templates";
import { toFinding } from "../validate/engine";
import type { Finding, Problem, RowRecord, Value } from "../validate/types";
import {
  type BusinessDetails,
  type BusinessRequest,
  type BusinessRequestInput,
  isLeavingCode,
  TRANSFER_IN,
  TRANSFER_OUT,
} from "./model";
import { type BusinessKind, type BusinessState, KIND_LABELS, STATE_LABELS } from "./states";

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
  /** From the effective 基本信息 record, when there is one: ISO date / YYYY-MM. */
  readonly birthDate: string | null;
  readonly workStart: string | null;
  readonly joinSchool: string | null;
}

export interface OpenRequestRef {
  readonly id: string;
  readonly kind: BusinessKind;
  readonly state: BusinessState;
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
  /** Code-table names of 在职情况变动 codes, for messages (e.g. 902 → 退休). */
  readonly statusNames: ReadonlyMap<string, string>;
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
  const ahead = allowFuture(section, kind, record, columnFindings);
  const problems = registryProblems(kind, ahead.record, context);
  const findings = [
    ...ahead.findings,
    ...problems.map((problem) => toFinding(section, record.row, problem)),
  ];
  const person = context.person;
  const details = findings.some((f) => f.severity === "error")
    ? null
    : detailsOf(kind, ahead.record);
  return {
    findings,
    request:
      details === null || person === undefined
        ? null
        : {
            kind,
            initiatorSchool: context.initiatorSchool,
            otherSchool: kind === "status_change" ? null : text(record.values.otherSchool),
            personKey: person.personKey,
            teacherNumber: person.teacherNumber,
            name: person.name,
            details,
          },
  };
}

function registryProblems(
  kind: BusinessKind,
  record: RowRecord,
  context: RequestRowContext,
): Problem[] {
  const values = record.values;
  const problems: Problem[] = [];
  if (kind === "transfer" && values.direction === TRANSFER_OUT)
    return [{ column: "direction", code: "business.transfer_out" }];

  const other = kind === "status_change" ? undefined : text(values.otherSchool);
  if (other !== undefined && other !== "" && !record.invalid.has("otherSchool")) {
    if (other === context.initiatorSchool)
      problems.push({
        column: "otherSchool",
        code: "business.same_school",
      });
    else if (!context.schools.has(other))
      problems.push({
        column: "otherSchool",
        code: "business.unknown_school",
        params: { value: other },
      });
  }

  problems.push(...futureProblems(kind, values, context));
  const badId = idProblem(record, context.today);
  if (badId !== undefined) return [...problems, badId];
  if (requestIdNumber(record, context.today) === undefined) return problems;
  const person = context.person;
  if (person === undefined)
    return [...problems, { column: "idNumber", code: "business.unknown_person" }];
  if (text(values.name) !== "" && text(values.name) !== person.name)
    problems.push({
      column: "name",
      code: "business.name_mismatch",
      params: { expected: person.name },
    });
  if (!person.effective) problems.push({ column: "idNumber", code: "business.not_effective" });
  if (person.statusCode !== null && isLeavingCode(person.statusCode))
    problems.push({
      column: "idNumber",
      code: "business.person_left",
      params: { status: context.statusNames.get(person.statusCode) ?? person.statusCode },
    });
  problems.push(...holdingProblems(kind, other, person, context));
  problems.push(...dateProblems(kind, values, person));
  const another = context.openRequests.find((request) => request.id !== context.requestId);
  if (another !== undefined)
    problems.push({
      column: "idNumber",
      code: "business.open_request",
      params: {
        id: another.id,
        kind: KIND_LABELS[another.kind],
        state: STATE_LABELS[another.state],
      },
    });
  return problems;
}

function holdingProblems(
  kind: BusinessKind,
  other: string | undefined,
  person: PersonFacts,
  context: RequestRowContext,
): Problem[] {
  const held = {
    school: context.schools.get(person.holdingSchool) ?? person.holdingSchool,
    code: person.holdingSchool,
  };
  if (kind !== "transfer")
    return person.holdingSchool === context.initiatorSchool
      ? []
      : [{ column: "idNumber", code: "business.not_held_here", params: held }];
  if (person.holdingSchool === context.initiatorSchool)
    return [{ column: "idNumber", code: "business.already_here" }];
  if (
    other === undefined ||
    other === "" ||
    other === person.holdingSchool ||
    other === context.initiatorSchool
  )
    return [];
  return [{ column: "otherSchool", code: "business.held_elsewhere", params: held }];
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

function dateProblems(
  kind: BusinessKind,
  values: RowRecord["values"],
  person: PersonFacts,
): Problem[] {
  const { column, after } = DATE_BOUNDS[kind];
  const date = values[column];
  if (typeof date !== "string") return [];
  for (const bound of after) {
    const limit = person[bound.key];
    if (limit !== null && (compareIso(date, limit) ?? 0) < 0)
      return [
        {
          column,
          code: "business.date_before",
          params: { what: bound.what, otherValue: limit },
        },
      ];
  }
  return [];
}

/** Columns whose date may lie ahead of today, and how far: years after today or after a column. */
const FUTURE_BOUNDS: Readonly<
  Record<BusinessKind, readonly { column: string; years: number; after: "today" | string }[]>
> = {
  transfer: [{ column: "date", years: 1, after: "today" }],
  status_change: [{ column: "date", years: 1, after: "today" }],
  rotation: [
    { column: "start", years: 1, after: "today" },
    { column: "end", years: 6, after: "start" },
  ],
};

/**
 * The engine refuses dates after today; for the columns of `FUTURE_BOUNDS` that finding is
 * dropped and the cell read again without it (`futureProblems` then applies the bound).
 */
function allowFuture(
  section: ResolvedSection,
  kind: BusinessKind,
  record: RowRecord,
  findings: readonly Finding[],
): { record: RowRecord; findings: readonly Finding[] } {
  const values: Record<string, Value> = { ...record.values };
  const invalid = new Set(record.invalid);
  const dropped = new Set<string>();
  for (const { column } of FUTURE_BOUNDS[kind]) {
    const header = section.columns.find((c) => c.key === column)?.header;
    const refused = findings.some(
      (f) => f.row === record.row && f.code === "date.future" && f.column === header,
    );
    if (header === undefined || !refused) continue;
    const raw = record.raw[column];
    const read = column === "date" ? parseDate(raw, FAR) : parseYearMonth(raw, FAR);
    if (!read.ok) continue;
    values[column] = read.value;
    invalid.delete(column);
    dropped.add(header);
  }
  if (dropped.size === 0) return { record, findings };
  return {
    record: { ...record, values, invalid },
    findings: findings.filter(
      (f) => !(f.code === "date.future" && f.row === record.row && dropped.has(f.column ?? "")),
    ),
  };
}

/** A "today" no date reaches, to read a cell without the engine's future check. */
const FAR = "9999-12-31";

function futureProblems(
  kind: BusinessKind,
  values: RowRecord["values"],
  context: RequestRowContext,
): Problem[] {
  const problems: Problem[] = [];
  for (const bound of FUTURE_BOUNDS[kind]) {
    const date = values[bound.column];
    const base = bound.after === "today" ? context.today : values[bound.after];
    if (typeof date !== "string" || typeof base !== "string") continue;
    const limit = addYears(base.slice(0, date.length), bound.years);
    if (limit !== undefined && (compareIso(date, limit) ?? 0) > 0)
      problems.push({
        column: bound.column,
        code: "business.date_too_late",
        params: {
          limit,
          what:
            bound.after === "today" ? `今天起${bound.years}年内` : `开始年月起${bound.years}年内`,
        },
      });
  }
  return problems;
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
