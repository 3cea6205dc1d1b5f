/**
 * The county approval tabs (调动审批, 在职情况变动审批, 交流轮岗审批) inside the two runs that
 * already touch the county recheck spreadsheet: the recheck consumer (`reconcileCountySheet`)
 * appends the steps that reached 人事股 and shows status changes; the recheck sync
 * (`syncRecheckSheet`) applies 人事股's decisions. Neither adds a Google request of its own: the
 * tabs ride in the run's one read and its one write.
 */
import {
  markApprovalRowsShown,
  openApprovalRows,
  type ShownApprovalRow,
  shownSteps,
  stepKey,
} from "../adapters/store/business-county";
import {
  APPROVAL_HEADERS,
  APPROVAL_TITLES,
  type ApprovalRequest,
  currentStep,
  isSettled,
  planApprovalTab,
  REQUEST_KINDS,
  rowStatus,
} from "../core/recheck/approvals";
import type { CountyTab, ValueWrite } from "../core/recheck/sheet";

export const APPROVAL_TAB_TITLES: readonly string[] = REQUEST_KINDS.map((k) => APPROVAL_TITLES[k]);

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
  for (const kind of REQUEST_KINDS) {
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
