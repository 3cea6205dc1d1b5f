/**
 * The county approval tabs (调动审批, 在职情况变动审批, 交流轮岗审批) inside the two runs that
 * already touch the county recheck spreadsheet: the recheck consumer (`reconcileCountySheet`)
 * appends the steps that reached 人事股 and shows status changes; the recheck sync
 * (`syncRecheckSheet`) applies 人事股's decisions. Neither adds a Google request of its own: the
 * tabs ride in the run's one read and its one write.
 */
import { type IdCrypto, idReference } from "../adapters/crypto/index";
import { applyTransition, personFacts } from "../adapters/store/business";
import {
  awaitingCounty,
  type CountyRequestFacts,
  countyRequestsById,
  markApprovalRowsShown,
  openApprovalRows,
  type ShownApprovalRow,
  shownSteps,
  stepKey,
} from "../adapters/store/business-county";
import { schoolsByCode } from "../adapters/store/recheck";
import { categoryGaps, gapText } from "../core/business/category-gap";
import {
  BUSINESS_KINDS,
  type BusinessDetails,
  effectiveDay,
  transition,
} from "../core/business/index";
import {
  APPROVAL_HEADERS,
  APPROVAL_TITLES,
  type ApprovalDecision,
  type ApprovalRequest,
  type CountyAction,
  currentStep,
  detailColumns,
  isSettled,
  planApprovalTab,
  requestSectionOf,
  rowStatus,
} from "../core/recheck/approvals";
import type { CountyTab, ValueWrite } from "../core/recheck/sheet";
import { render } from "../core/sync/render";
import { shippedTemplates } from "../core/templates/bundle";
import { SchoolCategory, templateFor } from "../core/templates/index";

export const APPROVAL_TAB_TITLES: readonly string[] = BUSINESS_KINDS.map((k) => APPROVAL_TITLES[k]);

/**
 * Requests whose approval rows must be written: a county step reached and not shown yet, or a
 * shown row whose status the registry now gives differently. Empty on an idle cycle (D1 only).
 */
export async function approvalWork(
  db: D1Database,
  awaiting: readonly ApprovalRequest[],
  byId: (ids: readonly string[]) => Promise<readonly ApprovalRequest[]>,
): Promise<ApprovalRequest[]> {
  const shown = await shownSteps(
    db,
    awaiting.map((r) => r.requestId),
  );
  const work = new Map<string, ApprovalRequest>();
  for (const request of awaiting) {
    const step = currentStep(request);
    if (step !== undefined && !shown.has(stepKey(request.requestId, step)))
      work.set(request.requestId, request);
  }
  const open = await openApprovalRows(db);
  const known = await byId([...new Set(open.map((row) => row.requestId))]);
  const byRequest = new Map(known.map((r) => [r.requestId, r]));
  for (const row of open) {
    const request = byRequest.get(row.requestId);
    if (request !== undefined && rowStatus(request, row.step) !== row.status)
      work.set(request.requestId, request);
  }
  return [...work.values()];
}

export interface ApprovalsPlan {
  readonly writes: readonly ValueWrite[];
  readonly shown: readonly (ShownApprovalRow & { settled: boolean })[];
  /** Approval tabs the work was for that the county sheet lacks (or lacks the worker's columns on). */
  readonly unusable: readonly string[];
}

/** The writes for every approval tab, as one part of the run's single values.batchUpdate. */
export function planApprovals(
  tabs: ReadonlyMap<string, CountyTab>,
  requests: readonly ApprovalRequest[],
  problems: ReadonlyMap<string, ReadonlyMap<number, string>>,
  syncText: string,
): ApprovalsPlan {
  const writes: ValueWrite[] = [];
  const shown: (ShownApprovalRow & { settled: boolean })[] = [];
  const unusable: string[] = [];
  for (const kind of BUSINESS_KINDS) {
    const title = APPROVAL_TITLES[kind];
    const mine = requests.filter((r) => r.kind === kind);
    const tabProblems = problems.get(title) ?? new Map<number, string>();
    if (mine.length === 0 && tabProblems.size === 0) continue;
    const plan = planApprovalTab(tabs.get(title), mine, tabProblems, syncText);
    if (plan.unusable) {
      unusable.push(title);
      continue;
    }
    writes.push(...plan.writes);
    const settled = new Set(mine.filter(isSettled).map((r) => r.requestId));
    shown.push(...plan.shown.map((row) => ({ ...row, settled: settled.has(row.requestId) })));
  }
  return { writes, shown, unusable };
}

/** Records in D1 what the written sheet now shows. */
export async function markApprovalsShown(
  db: D1Database,
  plan: ApprovalsPlan,
  at: string,
): Promise<void> {
  await markApprovalRowsShown(db, plan.shown, at);
}

/** Requests waiting for 人事股, as the approval tabs show them. */
export async function awaitingApprovals(db: D1Database): Promise<ApprovalRequest[]> {
  return approvalsOf(db, await awaitingCounty(db));
}

/** The requests with these ids, as the approval tabs show them. */
export async function approvalsById(
  db: D1Database,
  ids: readonly string[],
): Promise<ApprovalRequest[]> {
  return ids.length === 0 ? [] : approvalsOf(db, await countyRequestsById(db, ids));
}

/** Whether the approval tabs have anything to append or update (D1 only). */
export async function hasApprovalWork(db: D1Database): Promise<boolean> {
  const work = await approvalWork(db, await awaitingApprovals(db), (ids) => approvalsById(db, ids));
  return work.length > 0;
}

/** The core's refusal of 人事股's action on the request as it stands, if it refuses. */
export function approvalRefusal(
  request: ApprovalRequest,
  action: CountyAction,
): string | undefined {
  const step = transition(request.kind, request.state, action, "county");
  return step.ok ? undefined : step.reason;
}

export type ApprovalApplied =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies one decision through the business core, from the state of the step it was typed on: a
 * redelivered decision lands once, and a request that moved meanwhile is not moved again.
 */
export async function decideApproval(
  deps: { readonly db: D1Database; readonly crypto: IdCrypto },
  decision: ApprovalDecision,
  request: ApprovalRequest,
  actor: string,
  at: string,
): Promise<ApprovalApplied> {
  const outcome = await applyTransition(deps.db, decision.requestId, decision.action, "county", {
    actor,
    reason: decision.action === "refuse" ? decision.reason : null,
    at,
    from: request.state,
    crypto: deps.crypto,
  });
  return outcome.ok ? { ok: true } : outcome;
}

/** Names, the keyed reference and the rendered details of each request. */
async function approvalsOf(
  db: D1Database,
  facts: readonly CountyRequestFacts[],
): Promise<ApprovalRequest[]> {
  const codes = facts.flatMap(({ request }) => [
    request.initiatorSchool,
    ...(request.otherSchool === null ? [] : [request.otherSchool]),
  ]);
  const schools = await schoolsByCode(db, codes);
  const ref = (code: string) => ({ schoolCode: code, schoolName: schools.get(code)?.name ?? code });
  const approvals: ApprovalRequest[] = [];
  for (const { request, county } of facts) {
    const receiving = schools.get(request.initiatorSchool)?.category;
    const sending = schools.get(request.otherSchool ?? "")?.category;
    // Only a transfer across school types can lack what the receiving template requires.
    const gaps =
      request.kind === "transfer" && receiving !== undefined && sending !== receiving
        ? await transferGaps(db, request.personKey, receiving)
        : "";
    approvals.push({
      requestId: request.id,
      kind: request.kind,
      state: request.state,
      school: ref(request.initiatorSchool),
      other: request.otherSchool === null ? null : ref(request.otherSchool),
      teacherNumber: request.teacherNumber,
      name: request.name,
      reference: idReference(request.personKey),
      effectiveOn: effectiveDay(request),
      details: {
        ...detailsOf(request.details),
        ...(gaps === "" ? {} : { [APPROVAL_HEADERS.gaps]: gaps }),
      },
      county,
    });
  }
  return approvals;
}

/**
 * A transfer across school types: the receiving category's required columns the teacher's file in
 * force lacks, by name ("" when none), for 人事股's 调动审批 row.
 */
async function transferGaps(
  db: D1Database,
  personKey: string,
  receiving: SchoolCategory,
): Promise<string> {
  const person = await personFacts(db, personKey);
  return person?.file === undefined
    ? ""
    : gapText(categoryGaps(shippedTemplates, receiving, person.file));
}

/** The request's details under the county tab's headers, rendered as the school typed them. */
function detailsOf(details: BusinessDetails): Record<string, string | number> {
  const section = requestSectionOf(
    SchoolCategory.options.flatMap((category) => templateFor(shippedTemplates, category)),
    details.kind,
  );
  const values: Record<string, string | null> = {
    ...details,
    ...(details.kind === "rotation" ? { type: details.rotationType } : {}),
  };
  const cells: Record<string, string | number> = {};
  for (const column of section === undefined ? [] : detailColumns(section)) {
    const value = values[column.key];
    if (typeof value === "string")
      cells[column.header] = render(column, value, shippedTemplates.codeTables);
  }
  return cells;
}

/** The approval tabs the requests' rows are on. */
export function approvalTitlesOf(requests: readonly ApprovalRequest[]): string[] {
  return BUSINESS_KINDS.filter((kind) => requests.some((r) => r.kind === kind)).map(
    (kind) => APPROVAL_TITLES[kind],
  );
}

/** Request ids on the approval tabs' rows. */
export function approvalIdsOn(tabs: ReadonlyMap<string, CountyTab>): string[] {
  const ids = new Set<string>();
  for (const title of APPROVAL_TAB_TITLES) {
    const tab = tabs.get(title);
    const at = tab?.headers.indexOf(APPROVAL_HEADERS.id) ?? -1;
    if (tab === undefined || at < 0) continue;
    for (const cells of tab.rows.values()) {
      const id = String(cells[at] ?? "").trim();
      if (id !== "") ids.add(id);
    }
  }
  return [...ids];
}
