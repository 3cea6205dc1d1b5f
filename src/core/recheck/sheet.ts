/**
 * The county recheck spreadsheet as read, and what to write into it: rows to append and 复核状态
 * cells to set, planned as data for one `values.batchUpdate` (RAW).
 *
 * Guarantees:
 * - a row in the county sheet is identified by content, not position: its 记录编号 and the cells
 *   the worker wrote for one version (`CountyRow`); rows may move, and an old version's row is
 *   never taken for the current one;
 * - appending is idempotent: a version whose rows the sheet already shows, on rows not yet
 *   settled, is not appended again (a redelivered message, a lost acknowledgement);
 * - a row whose 复核状态 is final (`HANDLED_STATUSES`) is never written again; open and undecided
 *   rows keep whatever the worker last wrote there (a problem message stays until it is fixed);
 * - only worker-owned cells are written (the copied data, 复核状态, 同步时间); the offices'
 *   decision cells are left alone (`null` in a values write leaves a cell as it is);
 * - pure: the time text is an input.
 */
import { columnLetters } from "../sheets/a1";
import { titleOf, type ValueRange } from "../sync/read-rows";
import type { Cell } from "../validate";
import { HANDLED_STATUSES, RECORD_ID_HEADER, STATUS_HEADER } from "./decisions";
import type { CountyRow } from "./rows";

export const SYNC_TIME_HEADER = "同步时间";

/** One range of a `values.batchUpdate` (RAW); `null` leaves a cell as it is. */
export interface ValueWrite {
  readonly range: string;
  readonly values: readonly (readonly (string | number | null)[])[];
}

export type HandledStatus = (typeof HANDLED_STATUSES)[number];

/** Where a version sent to the county stands, as the registry says. */
export type EntryState =
  /** Waiting for the office: a decision on its rows counts. */
  | { readonly kind: "open" }
  /** Decided, not yet applied to the school's sheet: nothing to write yet. */
  | { readonly kind: "deciding" }
  | { readonly kind: "closed"; readonly status: HandledStatus };

export type EntryKind = "recheck" | "change";

/** What the registry knows of one version sent to the county. */
export interface EntryFacts {
  /** recheck_items.state of (record, hash); null when there is no such item. */
  readonly itemState: string | null;
  readonly recordState: string | null;
  readonly recordApprovedHash: string | null;
  /** change_requests.state; null when there is no such request. */
  readonly requestState: string | null;
  /** The leadership office's decision on the request is recorded (not necessarily applied). */
  readonly changeDecided: boolean;
}

/**
 * Recheck: waiting while queued or appended; a recorded decision is pending while the record
 * still awaits that version. Change: waiting while open and undecided. Anything else is final.
 */
export function entryState(kind: EntryKind, versionKey: string, facts: EntryFacts): EntryState {
  const closed = (status: HandledStatus): EntryState => ({ kind: "closed", status });
  if (kind === "change") {
    if (facts.requestState === "open")
      return facts.changeDecided ? { kind: "deciding" } : { kind: "open" };
    if (facts.requestState === "approved") return closed("已批准");
    return closed(facts.requestState === "rejected" ? "已驳回" : "已撤回");
  }
  const { itemState } = facts;
  if (itemState === "queued" || itemState === "appended") return { kind: "open" };
  if (itemState !== "confirmed" && itemState !== "returned") return closed("已撤回");
  const awaiting =
    facts.recordState === "awaiting_recheck" && facts.recordApprovedHash === versionKey;
  if (awaiting) return { kind: "deciding" };
  return closed(itemState === "confirmed" ? "已通过" : "已退回");
}

/** One version sent to the county, and the rows that show it. */
export interface Entry {
  readonly kind: EntryKind;
  readonly recordId: string;
  /** Section key: the office the rows are routed to follows from it. */
  readonly section: string;
  /** The approved hash (recheck) or the change request id (change). */
  readonly versionKey: string;
  readonly tab: string;
  readonly rows: readonly CountyRow[];
  readonly state: EntryState;
  /** True while its rows still have to be added to the sheet. */
  readonly needsAppend: boolean;
}

/** 复核状态 of a row just appended. */
export const PENDING_STATUS: Readonly<Record<EntryKind, string>> = {
  recheck: "待复核",
  change: "待审批",
};

export interface CountyTab {
  readonly title: string;
  readonly headers: readonly string[];
  /** Data rows by sheet row number (1-based, header = 1). */
  readonly rows: ReadonlyMap<number, readonly Cell[]>;
  /** The sheet row after the last non-empty one. */
  readonly nextRow: number;
}

export function countyTabsOf(ranges: readonly ValueRange[]): Map<string, CountyTab> {
  const tabs = new Map<string, CountyTab>();
  for (const range of ranges) {
    const [header = [], ...data] = range.values ?? [];
    const rows = new Map<number, readonly Cell[]>();
    data.forEach((cells, index) => {
      if (cells.some((cell) => text(cell) !== "")) rows.set(index + 2, cells);
    });
    const title = titleOf(range.range);
    tabs.set(title, {
      title,
      headers: header.map(text),
      rows,
      nextRow: Math.max(1, ...rows.keys()) + 1,
    });
  }
  return tabs;
}

/** Sheet rows of `tab` that show one of the entry's rows and are not settled yet. */
export function rowsShowing(tab: CountyTab, entry: Entry): Map<number, number> {
  const at = (header: string) => tab.headers.indexOf(header);
  const idAt = at(RECORD_ID_HEADER);
  const statusAt = at(STATUS_HEADER);
  const found = new Map<number, number>();
  if (idAt < 0) return found;
  for (const [row, cells] of tab.rows) {
    if (text(cells[idAt]) !== entry.recordId || isFinal(text(cells[statusAt]))) continue;
    const index = entry.rows.findIndex(
      (wanted, i) =>
        ![...found.values()].includes(i) &&
        Object.entries(wanted).every(([header, cell]) => {
          const column = at(header);
          return column >= 0 && text(cells[column]) === text(cell);
        }),
    );
    if (index >= 0) found.set(row, index);
  }
  return found;
}

/** A 复核状态 to show on one row (a problem found in the office's input). */
export interface RowStatus {
  readonly tab: string;
  readonly row: number;
  readonly status: string;
}

export interface CountyPlan {
  readonly writes: readonly ValueWrite[];
  /** Entries now on the sheet, with the first sheet row showing them. */
  readonly appended: readonly { readonly entry: Entry; readonly row: number }[];
  /** Entries whose final status was written (or already shown). */
  readonly settled: readonly Entry[];
  /** Tabs that could not be written: missing, or without the worker's columns. */
  readonly unusable: readonly string[];
}

/** Appends what is pending and writes the final status of settled versions and problems. */
export function planCounty(
  tabs: ReadonlyMap<string, CountyTab>,
  entries: readonly Entry[],
  problems: readonly RowStatus[],
  syncText: string,
): CountyPlan {
  const writes: ValueWrite[] = [];
  const appended: { entry: Entry; row: number }[] = [];
  const settled: Entry[] = [];
  const unusable = new Set<string>();
  const next = new Map<string, number>();
  const status = (tab: CountyTab, row: number, value: string) => {
    const cells = tab.rows.get(row) ?? [];
    const at = tab.headers.indexOf(STATUS_HEADER);
    if (text(cells[at]) === value) return;
    writes.push(cellWrite(tab, row, STATUS_HEADER, value));
    if (tab.headers.includes(SYNC_TIME_HEADER))
      writes.push(cellWrite(tab, row, SYNC_TIME_HEADER, syncText));
  };
  for (const entry of entries) {
    const tab = tabs.get(entry.tab);
    if (tab === undefined || !writable(tab)) {
      unusable.add(entry.tab);
      continue;
    }
    const showing = rowsShowing(tab, entry);
    if (entry.needsAppend && entry.state.kind === "open") {
      const shown = new Set(showing.values());
      let row = next.get(tab.title) ?? tab.nextRow;
      const first = Math.min(...showing.keys(), row);
      entry.rows.forEach((wanted, index) => {
        if (shown.has(index)) return;
        writes.push(rowWrite(tab, row, wanted, PENDING_STATUS[entry.kind], syncText));
        row += 1;
      });
      next.set(tab.title, row);
      appended.push({ entry, row: first });
    } else if (entry.state.kind === "closed") {
      for (const row of showing.keys()) status(tab, row, entry.state.status);
      settled.push(entry);
    }
  }
  for (const problem of problems) {
    const tab = tabs.get(problem.tab);
    if (tab !== undefined && writable(tab)) status(tab, problem.row, problem.status);
  }
  return { writes, appended, settled, unusable: [...unusable] };
}

export function isFinal(status: string): boolean {
  return (HANDLED_STATUSES as readonly string[]).includes(status);
}

function writable(tab: CountyTab): boolean {
  return tab.headers.includes(RECORD_ID_HEADER) && tab.headers.includes(STATUS_HEADER);
}

function rowWrite(
  tab: CountyTab,
  row: number,
  cells: CountyRow,
  pending: string,
  syncText: string,
): ValueWrite {
  return headerRowWrite(tab, row, {
    ...cells,
    [STATUS_HEADER]: pending,
    [SYNC_TIME_HEADER]: syncText,
  });
}

/** One row of `tab` by header text; a header `own` does not name is left as it is (`null`). */
export function headerRowWrite(
  tab: CountyTab,
  row: number,
  own: Readonly<Record<string, string | number>>,
): ValueWrite {
  const values = tab.headers.map((header) => own[header] ?? null);
  return { range: `${quoted(tab.title)}!A${row}`, values: [values] };
}

function cellWrite(tab: CountyTab, row: number, header: string, value: string): ValueWrite {
  const column = columnLetters(tab.headers.indexOf(header));
  return { range: `${quoted(tab.title)}!${column}${row}`, values: [[value]] };
}

function quoted(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

function text(cell: Cell | string | number): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}
