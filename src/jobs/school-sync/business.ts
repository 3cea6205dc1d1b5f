/**
 * The business steps stage of a school's sync, run after the registry commit: the request tabs'
 * reads (`personsNow`), their decision in the core (`decideRequestRows`), the steps taken through
 * the business store (`takeSteps`, `adapters/store/business.ts`), and the write-back of every
 * request row planned (`planRequestRows`). No Sheets request of its own: it works on the sync's
 * one read, and its ops go into the sync's one guarded write. It decides on the registry as the
 * commit left it: a person whose 基本信息 this sync confirmed, or a file this sync settled, counts.
 *
 * Guarantees:
 * - each step goes through the store's `applyTransition` (the core's machine, guarded by the state
 *   the row was read in), so a redelivered sync takes no step twice and a step the county took in
 *   between is reported in the row, not overridden;
 * - an opening refused for an open request another sync made in between is worded as the row
 *   check words it (`openRequestProblem`): described only to the school that started it;
 * - D1 reads are bounded by the request rows: the facts and open requests of the persons the
 *   request tabs name, the school's requests before and after the actions.
 */
import {
  applyTransition,
  openRequest,
  openRequestsFor,
  personFacts,
  requestsForSchool,
} from "../../adapters/store/business";
import { idNumbersOf, schoolNames, supervisorOf } from "../../adapters/store/business-sheets";
import type { BusinessRequest, OpenRequestRef, PersonFacts } from "../../core/business";
import { openRequestProblem, schoolActor } from "../../core/business";
import {
  type ActionResult,
  decideRequestRows,
  personsOnRequestTabs,
  planRequestRows,
  type RequestAction,
  type RequestSheetInput,
  rowsWrittenAgain,
} from "../../core/sync/business-rows";
import type { SheetLayout } from "../../core/sync/layout";
import type { PersonKey } from "../../core/sync/model";
import type { PlanOp } from "../../core/sync/plan";
import type { ValueRange } from "../../core/sync/read-rows";
import type { SyncNotice } from "../../core/sync/sync-school";
import type { SchoolCategory } from "../../core/templates";
import { messageFor } from "../../core/validate";
import type { SchoolSyncDeps } from "./context";

export interface RequestRowsOutcome {
  readonly plan: readonly PlanOp[];
  readonly layouts: ReadonlyMap<string, SheetLayout>;
  readonly notices: readonly SyncNotice[];
  /** The school's requests as they are after this sync's steps, by id. */
  readonly requests: ReadonlyMap<string, BusinessRequest>;
  /** Other schools a step of this sync concerns: their rows must show it. */
  readonly wake: readonly string[];
  /** Steps taken and requests opened (for the outcome). */
  readonly applied: number;
}

export async function syncRequestRows(
  deps: SchoolSyncDeps,
  school: { code: string; name: string; category: SchoolCategory },
  tabs: readonly ValueRange[],
  personKeyOf: (idNumber: string) => PersonKey | undefined,
  today: string,
  /** The school's requests as this sync read them (`registryToFollow`). */
  requests: readonly BusinessRequest[],
): Promise<RequestRowsOutcome> {
  const { db, templates, crypto } = deps;
  const before = byId(requests);
  const persons = personsOnRequestTabs(tabs, templates, school.category, personKeyOf);
  const schools = persons.length > 0 || before.size > 0 ? await schoolNames(db) : new Map();
  const decision = decideRequestRows({
    schoolCode: school.code,
    schoolName: school.name,
    category: school.category,
    tabs,
    templates,
    today,
    personKeyOf,
    requests: before,
    ...(await personsNow(db, persons)),
    schools,
    // Only a row naming a person can open a status change that its 主管学校 must confirm.
    supervisor: persons.length > 0 ? await supervisorOf(db, school.code) : null,
  });
  const steps = await takeSteps(deps, school, decision.actions);
  const after = steps.applied > 0 ? byId(await requestsForSchool(db, school.code)) : before;
  const shownAgain = rowsWrittenAgain(decision).flatMap((requestId) => {
    const request = after.get(requestId);
    return request === undefined ? [] : [request.personKey];
  });
  const idNumbers = shownAgain.length > 0 ? await idNumbersOf(db, shownAgain, crypto) : new Map();
  const plan = planRequestRows({
    decision,
    results: steps.results,
    requests: after,
    idNumbers,
    templates,
    schoolCode: school.code,
    now: deps.now.toISOString(),
    schools,
  });
  return {
    plan,
    layouts: new Map(decision.tabs.map((tab) => [tab.layout.tab, tab.layout])),
    notices: decision.notices,
    requests: after,
    wake: steps.wake,
    applied: steps.applied,
  };
}

/** The feature's reads: what the registry knows of each person the request tabs name. */
async function personsNow(
  db: D1Database,
  persons: readonly PersonKey[],
): Promise<Pick<RequestSheetInput, "facts" | "openByPerson">> {
  const facts = new Map<PersonKey, PersonFacts>();
  const openByPerson = new Map<PersonKey, OpenRequestRef[]>();
  for (const person of persons) {
    const known = await personFacts(db, person);
    if (known !== undefined) facts.set(person, known);
    const open = await openRequestsFor(db, person);
    openByPerson.set(
      person,
      open.map((r) => ({
        id: r.id,
        kind: r.kind,
        state: r.state,
        initiatorSchool: r.initiatorSchool,
      })),
    );
  }
  return { facts, openByPerson };
}

/**
 * The decided actions, each its own guarded transition in D1 (not part of the sync's one
 * registry commit: whether a step was taken, or refused because the request or the file moved
 * in between, is what its row shows). In row order: an opening is confirmed in turn.
 */
async function takeSteps(
  deps: SchoolSyncDeps,
  school: { code: string; name: string },
  actions: readonly RequestAction[],
): Promise<{ results: ActionResult[]; wake: string[]; applied: number }> {
  const at = deps.now.toISOString();
  const results: ActionResult[] = [];
  const wake = new Set<string>();
  let applied = 0;
  for (const action of actions) {
    const result = await apply(deps, school, action, at);
    results.push(result.result);
    if (result.moved !== null) {
      applied++;
      for (const code of [result.moved.initiatorSchool, result.moved.otherSchool])
        if (code !== null && code !== school.code) wake.add(code);
      // A completion (调档完成) moved the registry after this sync's follow stage read it: the
      // school's own sheet follows at its next sync, woken like the other school's.
      if (result.moved.state === "completed") wake.add(school.code);
    }
  }
  return { results, wake: [...wake], applied };
}

async function apply(
  deps: SchoolSyncDeps,
  school: { code: string; name: string },
  action: RequestAction,
  at: string,
): Promise<{ result: ActionResult; moved: BusinessRequest | null }> {
  const { db, crypto } = deps;
  if (action.kind === "open") {
    const actor = schoolActor(school.name, "edit");
    const opened = await openRequest(db, action.input, { actor, at });
    if (!opened.ok) {
      // Opened by another sync since this one read: worded as the row check words it.
      const { code, params } = openRequestProblem(opened.existing, school.code);
      return { result: { ok: false, reason: messageFor(code, params ?? {}, null) }, moved: null };
    }
    let request = opened.request;
    if (action.confirm && request.state === "draft") {
      const step = await applyTransition(db, request.id, "confirm", "initiator", {
        actor: schoolActor(school.name, "tick"),
        reason: null,
        at,
        from: "draft",
        crypto,
      });
      if (step.ok) request = step.request;
    }
    return { result: { ok: true, requestId: request.id }, moved: request };
  }
  const step = await applyTransition(db, action.requestId, action.action, action.party, {
    actor: schoolActor(school.name, action.via),
    reason: action.reason,
    at,
    from: action.from,
    crypto,
  });
  if (!step.ok) return { result: { ok: false, reason: step.reason }, moved: null };
  return {
    result: { ok: true, requestId: action.requestId },
    moved: step.applied ? step.request : null,
  };
}

function byId(requests: readonly BusinessRequest[]): Map<string, BusinessRequest> {
  return new Map(requests.map((request) => [request.id, request]));
}
