/**
 * Stage 5, plan the writes: every feature's planned ops, gathered into the one plan the guard
 * checks and the one batchUpdate sends (Replicache-style: the plan is data, `write.ts` runs it).
 */
import type { SheetLayout } from "../../core/sync/layout";
import type { PlanOp } from "../../core/sync/plan";
import type { Placement } from "../../core/sync/submissions";
import type { RequestRowsOutcome } from "./business";
import type { Decisions } from "./decide";
import type { Following } from "./follow";

export interface WritePlan {
  readonly plan: readonly PlanOp[];
  /** Tab title → layout as read, for the guard and the request builder. */
  readonly layouts: ReadonlyMap<string, SheetLayout>;
}

export function planWrites(
  placed: Placement,
  following: Following,
  decisions: Decisions,
  business: RequestRowsOutcome,
): WritePlan {
  const { sections, statuses } = decisions;
  const { followed } = following;
  const issued = new Set(
    sections.plan.flatMap((op) => (op.kind === "issueRecordId" ? [op.recordId] : [])),
  );
  return {
    plan: [
      ...sections.plan,
      ...submissionOps(placed, sections.plan),
      // A record the section sync gave back to a row needs no appended row as well.
      ...followed.plan.filter((op) => op.kind !== "appendRow" || !issued.has(op.recordId)),
      ...statuses.plan,
      ...business.plan,
    ],
    layouts: new Map([...followed.layouts, ...sections.layouts, ...business.layouts]),
  };
}

/**
 * One `writeSubmission` op per placed submission, for the record the sync found on its row (the
 * corrected one, or the id it issued to the new row): the guard then writes the submission and
 * the row's statuses together, or neither.
 */
function submissionOps(placed: Placement, plan: readonly PlanOp[]): PlanOp[] {
  return placed.writes.flatMap((write) => {
    const onRow = plan.find((op) => op.tab === write.tab && op.readRow === write.row);
    if (onRow === undefined) return [];
    return [
      {
        kind: "writeSubmission" as const,
        tab: write.tab,
        recordId: onRow.recordId,
        readRow: write.row,
        who: onRow.who,
        submissionId: write.submissionId,
        previousId: write.previousId,
        before: write.before,
        cells: write.cells,
        note: write.note,
      },
    ];
  });
}
