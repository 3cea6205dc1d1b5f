/**
 * Stages 6 and 7, guard and write: the plan re-checked against where the rows are now (one
 * re-read of the columns it touches), then sent in one batchUpdate with any tab-problem notes.
 *
 * Guarantees:
 * - at most one guard re-read and one write per sync, none when there is nothing to write;
 * - an op whose row moved or changed since the read is dropped (core/sync/guard.ts): a status
 *   never lands on another person's row; the next sync plans it again.
 */
import type { Google } from "../../adapters/google/index";
import {
  batchGetByGridRanges,
  batchUpdate,
  type CellValue,
  wholeTab,
} from "../../adapters/google/sheets";
import { type Guarded, guard, guardGridRanges } from "../../core/sync/guard";
import { batchUpdateBody, type UpdateCellsRequest } from "../../core/sync/requests";
import { type TabProblem, tabProblemMessage } from "../../core/sync/tab-manifest";
import type { WritePlan } from "./plan";

export async function guardWrites(
  google: Google,
  spreadsheetId: string,
  planned: WritePlan,
  sheetIds: ReadonlyMap<string, number>,
): Promise<Guarded> {
  if (planned.plan.length === 0) return { applied: [], dropped: [] };
  const reads = await reread(google, spreadsheetId, planned, sheetIds);
  return guard(planned.plan, planned.layouts, reads);
}

export interface Written {
  /** Cells and notes the write-back changed; 0 when the sheet already showed everything. */
  readonly writes: number;
  /** Whether a batchUpdate was sent: it makes one more Drive revision of the spreadsheet. */
  readonly sent: boolean;
}

export async function writeSheet(
  google: Google,
  spreadsheetId: string,
  guarded: Guarded,
  layouts: WritePlan["layouts"],
  sheetIds: ReadonlyMap<string, number>,
  problems: { readonly found: readonly TabProblem[]; readonly reported: readonly TabProblem[] },
): Promise<Written> {
  const body = batchUpdateBody(guarded.applied, layouts, sheetIds);
  const warnings = tabProblemNotes(problems.found, problems.reported);
  const requests = [...(body?.requests ?? []), ...warnings];
  if (requests.length > 0) {
    await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, { requests });
  }
  return { writes: body === null ? 0 : guarded.applied.length, sent: requests.length > 0 };
}

/** The guard's re-read, by sheetId; a range whose tab is gone or renamed reads as empty. */
async function reread(
  google: Google,
  spreadsheetId: string,
  planned: WritePlan,
  sheetIds: ReadonlyMap<string, number>,
): Promise<{ range: string; values: CellValue[][] }[]> {
  const reads = guardGridRanges(planned.plan, planned.layouts, sheetIds);
  const found = await batchGetByGridRanges(
    google.client,
    google.sheetsBaseUrl,
    spreadsheetId,
    reads.map((read) => read.range),
  );
  // A reply that lost a range cannot be lined up with the request: nothing is trusted then.
  const aligned = found.length === reads.length;
  return reads.map((read, index) => {
    const got = found[index];
    const same = aligned && got !== undefined && got.title === read.tab;
    return { range: wholeTab(read.tab), values: same ? got.values : [] };
  });
}

/**
 * A note on the first header cell of each template tab found renamed, so the school sees in the
 * tab itself why it is no longer synced; written once, when the problem is new (the registry
 * remembers what it reported), and removed by provisioning's repair, which restores the notes.
 */
function tabProblemNotes(
  problems: readonly TabProblem[],
  reported: readonly TabProblem[],
): UpdateCellsRequest[] {
  const seen = new Set(reported.map((p) => `${p.sheetId}\u0000${p.foundTitle}`));
  return problems
    .filter((p) => p.foundTitle !== null && !seen.has(`${p.sheetId}\u0000${p.foundTitle}`))
    .map((p) => ({
      updateCells: {
        start: { sheetId: p.sheetId, rowIndex: 0, columnIndex: 0 },
        rows: [{ values: [{ note: tabProblemMessage(p) }] }],
        fields: "note",
      },
    }));
}
