/**
 * Checks one request-tab row against the registry before anything happens to it.
 *
 * The per-column checks (ID check digit, codes, date forms, dates after today, 结束年月 before
 * 开始年月) are the validation engine's, run by `validateTab` on the tab; the caller passes this
 * row's findings in. This module adds what only the registry knows:
 * - the ID number names a teacher the county knows, with that name;
 * - the teacher is effective and has not left;
 * - the teacher is held by the school the flow needs (transfer: 对方学校代码, the 调出学校;
 *   status change and rotation: the initiating school);
 * - the other school is a known county school, not the initiating one;
 * - the dates fit the person: a transfer date not before the teacher's 进本校年月 or 参加工作年月;
 *   a status-change date not before 出生日期 or 参加工作年月; a rotation not starting before
 *   进本校年月 or 参加工作年月 (dates after today are the engine's `date.future`, so "far in the
 *   future" cannot pass);
 * - no other open request (of any kind) for the same teacher;
 * - a typed 调出 row is refused: transfers are started by the receiving school.
 *
 * Guarantees: pure; never throws; a request comes out only when no error finding does.
 */
import { compareIso } from "../normalise/dates";
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
export function requestIdNumber(record: RowRecord): string | undefined {
  const id = record.values.idNumber;
  return typeof id === "string" && id !== "" && !record.invalid.has("idNumber") ? id : undefined;
}

export function validateRequestRow(
  section: ResolvedSection,
  record: RowRecord,
  columnFindings: readonly Finding[],
  context: RequestRowContext,
): RequestRowResult {
  const kind = kindOfSection(section.key);
  if (kind === undefined) throw new Error(`「${section.title}」不是业务申请表`);
  const problems = registryProblems(kind, record, context);
  const findings = [
    ...columnFindings,
    ...problems.map((problem) => toFinding(section, record.row, problem)),
  ];
  const person = context.person;
  const details = findings.some((f) => f.severity === "error") ? null : detailsOf(kind, record);
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

  if (requestIdNumber(record) === undefined) return problems;
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
  if (other === undefined || other === "" || other === person.holdingSchool) return [];
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
