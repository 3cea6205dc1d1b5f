/**
 * The offices' decisions in the county recheck spreadsheet, matched to the versions sent to the
 * county (`Entry`).
 *
 * Guarantees:
 * - a decision counts only on a row showing the version that is waiting (`rowsShowing`): a row
 *   of a withdrawn or superseded version gets its final status instead, never a decision;
 * - a change request is decided once, whichever of its rows carries the ticks; rows of one request
 *   that disagree are reported on the rows and nothing is decided;
 * - what cannot be used is reported on its row in plain Chinese, never guessed;
 * - pure.
 */
import type { ValueRange } from "../sync/read-rows";
import { titleOf } from "../sync/read-rows";
import { type DecisionTabKind, readDecisions } from "./decisions";
import { type CountyTab, type Entry, type RowStatus, rowsShowing } from "./sheet";

export type Outcome =
  | { readonly outcome: "accepted" }
  | {
      readonly outcome: "rejected";
      readonly reason: string;
    };

export interface EntryDecision {
  readonly entry: Entry;
  readonly decision: Outcome;
}

export interface Collected {
  readonly decisions: readonly EntryDecision[];
  readonly problems: readonly RowStatus[];
  /** Tab title → headers the worker needs and the tab lacks. */
  readonly missingHeaders: ReadonlyMap<string, readonly string[]>;
}

export const UNMATCHED = "本行与学校提交的记录对不上（数据列被改动？），未处理";
export const DISAGREEING = "同一变更的各行决定不一致，请在各行作同样的决定";

export function collectDecisions(
  ranges: readonly ValueRange[],
  tabs: ReadonlyMap<string, CountyTab>,
  kindOf: (title: string) => DecisionTabKind | undefined,
  entries: readonly Entry[],
): Collected {
  const problems: RowStatus[] = [];
  const missingHeaders = new Map<string, readonly string[]>();
  const byEntry = new Map<Entry, { rows: number[]; outcomes: Outcome[] }>();
  for (const range of ranges) {
    const title = titleOf(range.range);
    const kind = kindOf(title);
    const tab = tabs.get(title);
    if (kind === undefined || tab === undefined) continue;
    const read = readDecisions(kind, range.values ?? []);
    if (read.missingHeaders.length > 0) missingHeaders.set(title, read.missingHeaders);
    for (const p of read.problems) problems.push({ tab: title, row: p.row, status: p.message });
    const candidates = entries.filter((e) => e.tab === title && e.kind === kind);
    for (const { row, recordId, decision } of read.decisions) {
      const entry = candidates.find((e) => e.recordId === recordId && rowsShowing(tab, e).has(row));
      if (entry === undefined) problems.push({ tab: title, row, status: UNMATCHED });
      else if (entry.state.kind === "open") {
        const seen = byEntry.get(entry) ?? { rows: [], outcomes: [] };
        seen.rows.push(row);
        seen.outcomes.push(decision);
        byEntry.set(entry, seen);
      }
    }
  }
  const decisions: EntryDecision[] = [];
  for (const [entry, { rows, outcomes }] of byEntry) {
    const agreed = agree(outcomes);
    if (agreed !== undefined) decisions.push({ entry, decision: agreed });
    else for (const row of rows) problems.push({ tab: entry.tab, row, status: DISAGREEING });
  }
  return { decisions, problems, missingHeaders };
}

/** One outcome for all rows; the reasons of a rejection given on several rows are joined. */
function agree(outcomes: readonly Outcome[]): Outcome | undefined {
  const [first] = outcomes;
  if (first === undefined || outcomes.some((o) => o.outcome !== first.outcome)) return undefined;
  if (first.outcome === "accepted") return first;
  const reasons = outcomes.flatMap((o) => (o.outcome === "rejected" ? [o.reason] : []));
  return { outcome: "rejected", reason: [...new Set(reasons)].join("；") };
}
