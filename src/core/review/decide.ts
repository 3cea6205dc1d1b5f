/**
 * The review state machine of states.ts, applied to one record: what the sheet shows now, what
 * the registry knew, and what the county decided → the new record, the registry changes and
 * what to write back.
 *
 * Guarantees:
 * - pure: the time, the ids and the decisions are inputs; the same inputs give the same output;
 * - a row with an error is never approved; a tick on it is cleared with the errors as the reason;
 * - an approval is for the values the principal saw: an edit after it clears the tick, withdraws
 *   the recheck item or supersedes the change request;
 * - a county decision counts only for the version it saw (its hash is the approved hash and the
 *   values are those values); effective values change only through such a decision, or through
 *   the principal's tick on a new row of a person who is already effective;
 * - nothing is dropped: a row gone from the sheet is recorded once (row_removed) and its record
 *   kept, in force when it was effective;
 * - every transition is an event (who, what, when, from which spreadsheet), and `putRecord` is
 *   emitted only when the record changed, so a sync with nothing new changes nothing.
 */

import { fingerprint } from "../sync/fingerprint";
import type {
  ChangeRequest,
  EffectiveVersion,
  PersonKey,
  RecordValues,
  RegistryChange,
  RegistryRecord,
  ReviewEventKind,
} from "../sync/model";
import type { ReviewState } from "./states";
import {
  ERRORS_PREFIX,
  RETURNED_UNCHANGED,
  REVOKED_UNSEEN,
  resultText,
  statusText,
} from "./wording";

/** Actors known by role: the sheet does not say which user ticked or typed. */
export const ACTOR = {
  principal: "principal",
  infoAdmin: "info_admin",
  worker: "worker",
  teacher: "teacher",
} as const;

/** The section whose effective record makes the person effective. */
export const BASIC_SECTION = "basic";

/** One data row as read and validated. */
export interface RowAsRead {
  readonly recordId: string;
  readonly section: string;
  readonly personKey: PersonKey | null;
  readonly values: RecordValues;
  /** `fingerprint(values)`. */
  readonly hash: string;
  /** The 校长审核 box. */
  readonly ticked: boolean;
  /**
   * The 审核状态 cell as read. A tick on a revoked row counts only once the sheet shows the
   * revocation: until then it is the tick whose clearing was lost, not a new approval.
   */
  readonly shownStatus?: string;
  /** Messages of the error findings of this row (its cells, the row, its tab). */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /**
   * The row holds a teacher's portal submission written by this sync: entered by the teacher,
   * and a correction of an effective row waits as 待审核 (nobody at the school approved anything
   * yet); the principal's tick then opens the change request as for any edit of it.
   */
  readonly byTeacher?: boolean;
}

export interface DecideContext {
  readonly schoolCode: string;
  readonly spreadsheetId: string;
  /** ISO time of this sync. */
  readonly at: string;
  /** The person's 基本信息 record is effective: a new row then needs only the principal. */
  readonly teacherEffective: boolean;
  readonly newChangeRequestId: () => string;
}

/** Who decided, when, and in which county spreadsheet. */
interface DecisionSource {
  readonly actor: string;
  readonly at: string;
  readonly spreadsheetId: string;
}

/** The recheck office's decision on one queued record, for the version it saw. */
export type RecheckDecision = DecisionSource & {
  readonly recordId: string;
  readonly hash: string;
} & ({ readonly outcome: "confirmed" } | { readonly outcome: "returned"; readonly reason: string });

/** The leadership group office's decision on one change request. */
export type ChangeDecision = DecisionSource & {
  readonly request: ChangeRequest;
} & ({ readonly outcome: "approved" } | { readonly outcome: "rejected"; readonly reason: string });

/** One step of the machine; `putRecord` is added once, by `decide`, when the record changed. */
export interface Step {
  readonly record: RegistryRecord;
  readonly changes: readonly RegistryChange[];
  readonly newVersion: EffectiveVersion | null;
  /** Why the sheet's tick must be cleared; null when it may stay. */
  readonly clearTick: string | null;
}

export interface WriteIntent {
  readonly state: ReviewState;
  /** 审核状态. */
  readonly status: string;
  /** 校验结果. */
  readonly result: string;
  readonly clearTick: string | null;
  /** The values in force, when the row must show them again (a rejected change). */
  readonly restore: RecordValues | null;
}

export interface Decision {
  readonly record: RegistryRecord;
  readonly changes: readonly RegistryChange[];
  readonly write: WriteIntent;
  /** Which of the given decisions counted (the others were for a version no longer shown). */
  readonly applied: { readonly recheck: boolean; readonly change: boolean };
}

export interface Decisions {
  readonly recheck?: RecheckDecision;
  readonly change?: ChangeDecision;
}

/** Decisions first (they were taken before this read), then the row as it is now. */
export function decide(
  previous: RegistryRecord | undefined,
  row: RowAsRead,
  context: DecideContext,
  decisions: Decisions = {},
): Decision {
  let step: Step = unchanged(previous ?? firstSight(row, context));
  const recheck =
    decisions.recheck === undefined || previous === undefined
      ? null
      : decideRecheck(previous, decisions.recheck, row.values);
  if (recheck !== null) step = recheck;
  const change =
    decisions.change === undefined ? null : decideChange(step.record, decisions.change, context);
  if (change !== null) step = then(step, change);
  // A tick seen in the same read as a return predates it.
  const staleTick =
    decisions.recheck?.outcome === "returned" && recheck !== null
      ? `已退回：${decisions.recheck.reason}`
      : null;
  step = then(
    step,
    decideRow(previous === undefined ? undefined : step.record, row, context, staleTick),
  );
  return {
    record: step.record,
    changes: withPut(previous, step),
    write: intent(step, row),
    applied: { recheck: recheck !== null, change: change !== null },
  };
}

/** The record's row is gone from the sheet (deleted, or emptied down to its 记录编号). */
export function decideRemoved(
  record: RegistryRecord,
  context: Pick<DecideContext, "at" | "spreadsheetId">,
): readonly RegistryChange[] {
  if ((record.removedAt ?? null) !== null) return [];
  const draft = new Draft(record, context);
  if (record.state === "awaiting_recheck") {
    draft.change({ kind: "withdrawRecheck", recordId: record.recordId });
    draft.set({ state: "ready", approvedHash: null });
  }
  if (record.state === "change_pending") {
    draft.supersede();
    draft.set({ state: "revoked", approvedHash: null });
  }
  draft.set({ removedAt: context.at });
  draft.event("row_removed", ACTOR.worker, statusText(draft.record.state));
  return withPut(record, draft.step());
}

/** The county's recheck decision; null when it is not for the version the registry holds. */
export function decideRecheck(
  record: RegistryRecord,
  decision: RecheckDecision,
  values: RecordValues,
): Step | null {
  if (record.state !== "awaiting_recheck" || record.approvedHash !== decision.hash) return null;
  if (fingerprint(values) !== decision.hash) return null;
  const draft = new Draft(record, decision);
  if (decision.outcome === "returned") {
    draft.set({ state: "returned", approvedHash: null, reason: decision.reason });
    draft.event("returned", decision.actor, decision.reason);
    return draft.step();
  }
  draft.event("confirmed", decision.actor, "");
  draft.makeEffective(values, decision.hash);
  if (record.section === BASIC_SECTION && record.personKey !== null)
    draft.change({ kind: "teacherEffective", personKey: record.personKey });
  return draft.step();
}

/** The leadership office's decision; null when it is not for the record's open request. */
export function decideChange(
  record: RegistryRecord,
  decision: ChangeDecision,
  context: Pick<DecideContext, "spreadsheetId">,
): Step | null {
  const { request } = decision;
  if (
    record.state !== "change_pending" ||
    record.changeRequestId !== request.changeRequestId ||
    record.effective?.version !== request.baseVersion
  )
    return null;
  const draft = new Draft(record, { at: decision.at, spreadsheetId: context.spreadsheetId });
  const close = { kind: "closeChangeRequest", changeRequestId: request.changeRequestId } as const;
  if (decision.outcome === "approved") {
    draft.change({ ...close, outcome: "approved" });
    draft.event("change_approved", decision.actor, "");
    draft.makeEffective(request.proposed, request.proposedHash);
    return draft.step();
  }
  draft.change({ ...close, outcome: "rejected", reason: decision.reason });
  draft.event("change_rejected", decision.actor, decision.reason);
  // The row still shows the proposal; `decideRow` sees it unedited and restores the sheet.
  draft.set({
    state: "effective",
    approvedHash: record.effective.hash,
    changeRequestId: null,
    reason: decision.reason,
  });
  return draft.step();
}

/**
 * The row as read against the record: edits, the principal's tick, validation.
 * `previous` is undefined for a row seen for the first time.
 */
export function decideRow(
  previous: RegistryRecord | undefined,
  row: RowAsRead,
  context: DecideContext,
  staleTick: string | null = null,
): Step {
  const record = previous ?? firstSight(row, context);
  const draft = new Draft(record, context);
  const editor = row.byTeacher === true ? ACTOR.teacher : ACTOR.infoAdmin;
  if (previous === undefined) draft.event("entered", editor, "");
  else if ((previous.removedAt ?? null) !== null)
    draft.event("entered", ACTOR.worker, "reappeared");
  const edited = previous !== undefined && isEdit(previous, row);
  if (edited) draft.event("edited", editor, "");
  draft.set({
    seenHash: row.hash,
    personKey: row.personKey,
    removedAt: null,
    reason: edited ? null : record.reason,
  });
  if (staleTick !== null && row.ticked) draft.clearTick(staleTick);
  const ticked = row.ticked && staleTick === null;
  const approved = record.approvedHash;
  if (edited && approved !== null && approved !== row.hash) revoke(draft, row);
  else if (approved === row.hash && isQueued(record.state)) keepApproval(draft, row, ticked);
  else settle(draft, row, ticked, edited, context);
  return draft.step();
}

/** Showing the values in force again (a restore landing) is not an edit of an effective row. */
function isEdit(previous: RegistryRecord, row: RowAsRead): boolean {
  if (previous.seenHash === row.hash) return false;
  return !(previous.state === "effective" && previous.effective?.hash === row.hash);
}

function isQueued(state: ReviewState): boolean {
  return state === "awaiting_recheck" || state === "change_pending";
}

/** An edit after approval: the approval was for other values. */
function revoke(draft: Draft, row: RowAsRead): void {
  const record = draft.record;
  if (row.ticked) draft.clearTick("审核后本行被修改，审核已取消");
  draft.event("approval_revoked", ACTOR.worker, "");
  if (record.state === "awaiting_recheck")
    draft.change({ kind: "withdrawRecheck", recordId: record.recordId });
  if (record.state === "change_pending") draft.supersede();
  const backToEffective = record.effective !== null && record.effective.hash === row.hash;
  const unseen = row.byTeacher === true ? "ready" : "revoked";
  draft.set({
    state: row.errors.length > 0 ? "incomplete" : backToEffective ? "effective" : unseen,
    approvedHash: backToEffective ? row.hash : null,
    changeRequestId: null,
  });
}

/** Queued and unchanged: it stays queued unless the principal unticks or an error appears. */
function keepApproval(draft: Draft, row: RowAsRead, ticked: boolean): void {
  const record = draft.record;
  if (row.errors.length === 0 && ticked) return;
  const pending = record.state === "change_pending";
  if (pending) draft.supersede();
  else draft.change({ kind: "withdrawRecheck", recordId: record.recordId });
  if (row.errors.length > 0) {
    if (row.ticked) draft.clearTick(ERRORS_PREFIX + row.errors.join("；"));
    draft.event("approval_cleared", ACTOR.worker, "errors");
  } else draft.event("approval_withdrawn", ACTOR.principal, "");
  const state = row.errors.length > 0 ? "incomplete" : pending ? "revoked" : "ready";
  draft.set({ state, approvedHash: null, changeRequestId: null });
}

/** Not approved (or effective): validation decides the state, then the principal's tick. */
function settle(
  draft: Draft,
  row: RowAsRead,
  ticked: boolean,
  edited: boolean,
  context: DecideContext,
): void {
  const record = draft.record;
  const effective = record.effective;
  if (effective !== null && effective.hash === row.hash) {
    draft.set({ state: "effective", approvedHash: effective.hash, changeRequestId: null });
    return;
  }
  // Unedited effective row showing other values: a rejected change still to be restored.
  if (record.state === "effective") return;
  if (record.state === "returned" && !edited) {
    if (ticked) {
      draft.clearTick(RETURNED_UNCHANGED);
      draft.event("approval_cleared", ACTOR.worker, "returned");
    }
    return;
  }
  const keepRevoked = record.state === "revoked" && !edited;
  const state = row.errors.length > 0 ? "incomplete" : keepRevoked ? "revoked" : "ready";
  const staleTick =
    keepRevoked && row.shownStatus !== undefined && row.shownStatus !== statusText("revoked");
  // Findings elsewhere (another tab, another row) can change this row's state without an edit.
  if (state !== record.state && !edited) draft.event("validated", ACTOR.worker, statusText(state));
  draft.set({ state, approvedHash: null });
  if (!ticked) return;
  // Not a new decision: the revocation is already logged, this only redoes its write.
  if (staleTick) {
    draft.clearTick(REVOKED_UNSEEN);
    return;
  }
  if (row.errors.length > 0) {
    draft.clearTick(ERRORS_PREFIX + row.errors.join("；"));
    draft.event("approval_cleared", ACTOR.worker, "errors");
    return;
  }
  approve(draft, row, context);
}

/** A valid row the principal ticked: recheck, direct effect, or a change request. */
function approve(draft: Draft, row: RowAsRead, context: DecideContext): void {
  const record = draft.record;
  draft.event("approved", ACTOR.principal, "");
  if (record.effective !== null) {
    const request: ChangeRequest = {
      changeRequestId: context.newChangeRequestId(),
      recordId: record.recordId,
      schoolCode: record.schoolCode,
      section: record.section,
      baseVersion: record.effective.version,
      proposedHash: row.hash,
      proposed: row.values,
    };
    draft.change({ kind: "openChangeRequest", request });
    draft.set({
      state: "change_pending",
      approvedHash: row.hash,
      changeRequestId: request.changeRequestId,
    });
    draft.event("change_requested", ACTOR.worker, "");
  } else if (context.teacherEffective) {
    draft.makeEffective(row.values, row.hash);
  } else {
    const item = {
      recordId: record.recordId,
      schoolCode: record.schoolCode,
      section: record.section,
      hash: row.hash,
    };
    draft.change({ kind: "sendToRecheck", item });
    draft.set({ state: "awaiting_recheck", approvedHash: row.hash });
    draft.event("sent_to_recheck", ACTOR.worker, "");
  }
}

function firstSight(row: RowAsRead, context: DecideContext): RegistryRecord {
  return {
    recordId: row.recordId,
    schoolCode: context.schoolCode,
    section: row.section,
    personKey: row.personKey,
    state: row.errors.length > 0 ? "incomplete" : "ready",
    seenHash: row.hash,
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
    removedAt: null,
  };
}

function unchanged(record: RegistryRecord): Step {
  return { record, changes: [], newVersion: null, clearTick: null };
}

function then(first: Step, next: Step): Step {
  return {
    record: next.record,
    changes: [...first.changes, ...next.changes],
    newVersion: next.newVersion ?? first.newVersion,
    clearTick: next.clearTick ?? first.clearTick,
  };
}

function withPut(previous: RegistryRecord | undefined, step: Step): RegistryChange[] {
  const changed =
    previous === undefined || step.newVersion !== null || !sameRecord(previous, step.record);
  if (!changed) return [...step.changes];
  const put: RegistryChange =
    step.newVersion === null
      ? { kind: "putRecord", record: step.record }
      : { kind: "putRecord", record: step.record, newVersion: step.newVersion };
  return [put, ...step.changes];
}

function sameRecord(a: RegistryRecord, b: RegistryRecord): boolean {
  return (
    a.recordId === b.recordId &&
    a.schoolCode === b.schoolCode &&
    a.section === b.section &&
    a.personKey === b.personKey &&
    a.state === b.state &&
    a.seenHash === b.seenHash &&
    a.approvedHash === b.approvedHash &&
    a.effective?.version === b.effective?.version &&
    a.effective?.hash === b.effective?.hash &&
    a.changeRequestId === b.changeRequestId &&
    a.reason === b.reason &&
    (a.removedAt ?? null) === (b.removedAt ?? null)
  );
}

function intent(step: Step, row: RowAsRead): WriteIntent {
  const { state, reason, effective } = step.record;
  const restore = state === "effective" && effective !== null && effective.hash !== row.hash;
  return {
    state,
    status: statusText(state),
    result: resultText(state, reason, row.errors, row.warnings),
    clearTick: step.clearTick,
    restore: restore ? effective.values : null,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The record being changed and what the change produces, for the step functions above. */
class Draft {
  readonly record: Mutable<RegistryRecord>;
  private readonly changes: RegistryChange[] = [];
  private newVersion: EffectiveVersion | null = null;
  private tick: string | null = null;

  constructor(
    record: RegistryRecord,
    private readonly source: { readonly at: string; readonly spreadsheetId: string },
  ) {
    this.record = { ...record };
  }

  set(fields: Partial<RegistryRecord>): void {
    Object.assign(this.record, fields);
  }

  change(change: RegistryChange): void {
    this.changes.push(change);
  }

  event(kind: ReviewEventKind, actor: string, detail: string): void {
    const { at, spreadsheetId } = this.source;
    const event = { recordId: this.record.recordId, kind, actor, at, spreadsheetId, detail };
    this.changes.push({ kind: "event", event });
  }

  clearTick(reason: string): void {
    this.tick = reason;
  }

  /** The open change request gave way to an edit, an untick or a removal. */
  supersede(): void {
    const id = this.record.changeRequestId;
    if (id !== null)
      this.change({ kind: "closeChangeRequest", changeRequestId: id, outcome: "superseded" });
  }

  makeEffective(values: RecordValues, hash: string): void {
    const version = { version: (this.record.effective?.version ?? 0) + 1, hash, values };
    this.newVersion = version;
    this.set({
      state: "effective",
      approvedHash: hash,
      effective: version,
      changeRequestId: null,
      reason: null,
    });
    this.event("effective", ACTOR.worker, `v${version.version}`);
  }

  step(): Step {
    return {
      record: { ...this.record },
      changes: [...this.changes],
      newVersion: this.newVersion,
      clearTick: this.tick,
    };
  }
}
