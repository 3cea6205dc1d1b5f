/**
 * The write-back of one sync as data: short verbs, each for one record at the row where it was
 * read. A separate step (guard.ts) moves them to where the records are now, and requests.ts
 * turns them into one Sheets request.
 *
 * Guarantees:
 * - an op is planned only when the sheet as read shows something else: a second sync with
 *   nothing changed plans nothing;
 * - 同步时间 is written only on rows where another cell is written, or every cycle would write;
 * - only worker-owned cells are written, plus the approval box (only ever cleared), the data
 *   cells of a row restored to its effective values, and the notes and backgrounds of data cells;
 * - notes are rewritten when 校验结果 changes (the text lists every finding, so the same text means
 *   the same notes); cells without a finding get their note and background cleared then.
 */
import type { WriteIntent } from "../review/decide";
import { PASSED } from "../review/wording";
import type { CodeTables } from "../templates";
import type { Severity } from "../validate";
import type { Identity } from "./identify";
import { contentOf, type SheetLayout, whoOf } from "./layout";
import type { RecordValues } from "./model";
import type { SheetRow } from "./read-rows";
import { type Rendered, render } from "./render";

interface OpBase {
  readonly tab: string;
  /** The record the op is for; the guard applies it only where this record is now. */
  readonly recordId: string;
  /** The sheet row (1-based) where the record was read. */
  readonly readRow: number;
  /** `whoOf` the row as read: the op is applied only on a row that still shows this person. */
  readonly who: string;
}

export interface CellNote {
  /** Data column key. */
  readonly key: string;
  /** Null clears the note and the background. */
  readonly note: string | null;
  readonly severity: Severity | null;
}

export type PlanOp =
  /** The row showed `previousId` ("" or a re-issued id) and data cells with fingerprint `content`. */
  | (OpBase & {
      readonly kind: "issueRecordId";
      readonly previousId: string;
      readonly content: string;
    })
  | (OpBase & { readonly kind: "setStatus"; readonly status: string; readonly result: string })
  | (OpBase & { readonly kind: "clearApproval"; readonly reason: string })
  | (OpBase & { readonly kind: "setTeacherNumber"; readonly teacherNumber: string })
  | (OpBase & { readonly kind: "setSyncTime"; readonly text: string })
  /** Data cells back to the effective values; null clears the cell. */
  | (OpBase & {
      readonly kind: "restoreRow";
      readonly cells: readonly { readonly key: string; readonly value: Rendered | null }[];
    })
  | (OpBase & { readonly kind: "annotateFindings"; readonly cells: readonly CellNote[] })
  /**
   * A row the worker adds (a record or request the sheet must show and does not): `readRow` is
   * the first row below everything the tab held when read; the guard places it only on a row
   * still blank, and only while no row shows `recordId` yet.
   */
  | (OpBase & { readonly kind: "appendRow"; readonly cells: readonly AppendedCell[] })
  /** Every cell of the row showing `recordId` emptied, notes and backgrounds too. */
  | (OpBase & { readonly kind: "clearRow" })
  /**
   * Writes nothing: places the other ops of `recordId` (a row key, not an id) by the row's
   * content and id cell, as `issueRecordId` does, for a row that has no id to be found by.
   */
  | (OpBase & {
      readonly kind: "pinRow";
      readonly previousId: string;
      readonly content: string;
    })
  /**
   * A teacher's portal submission (submissions.ts): its data cells, the 校长审核 box unticked,
   * and the note on the 记录编号 cell; only onto a row still showing `previousId` and `before`.
   */
  | (OpBase & {
      readonly kind: "writeSubmission";
      readonly submissionId: string;
      readonly previousId: string;
      readonly before: string;
      readonly cells: readonly { readonly key: string; readonly value: Rendered | null }[];
      readonly note: string;
    });

/** One cell of an appended row, by 0-based column. */
export interface AppendedCell {
  readonly column: number;
  readonly value: Rendered | boolean;
}

export type Plan = readonly PlanOp[];

/** A finding placed on one data cell of the row. */
export interface CellFinding {
  readonly key: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface RowToPlan {
  readonly layout: SheetLayout;
  readonly row: SheetRow;
  readonly identity: Identity;
  readonly write: WriteIntent;
  /** The row's normalised values as read (to restore only the cells that differ). */
  readonly values: RecordValues;
  readonly cellFindings: readonly CellFinding[];
  /** What 教师编号 should show ("" for none); null on tabs without that column. */
  readonly teacherNumber: string | null;
}

export function planRow(input: RowToPlan, codeTables: CodeTables, syncText: string): PlanOp[] {
  const { layout, row, identity, write } = input;
  const base: OpBase = {
    tab: layout.tab,
    recordId: identity.recordId,
    readRow: row.row,
    who: whoOf(layout, row.cells),
  };
  const ops: PlanOp[] = [];
  if (identity.issued)
    ops.push({
      ...base,
      kind: "issueRecordId",
      previousId: identity.previousId,
      content: contentOf(layout, row.cells),
    });
  if (row.reviewStatus !== write.status || row.checkResult !== write.result)
    ops.push({ ...base, kind: "setStatus", status: write.status, result: write.result });
  if (write.clearTick !== null && row.approved)
    ops.push({ ...base, kind: "clearApproval", reason: write.clearTick });
  if (input.teacherNumber !== null && input.teacherNumber !== row.teacherNumber)
    ops.push({ ...base, kind: "setTeacherNumber", teacherNumber: input.teacherNumber });
  if (write.restore !== null) {
    const cells = restoredCells(layout, input.values, write.restore, codeTables);
    if (cells.length > 0) ops.push({ ...base, kind: "restoreRow", cells });
  }
  if (row.checkResult !== write.result && needsNotes(row.checkResult, input.cellFindings))
    ops.push({ ...base, kind: "annotateFindings", cells: notesOf(layout, input.cellFindings) });
  if (ops.length > 0 && row.syncedAt !== syncText)
    ops.push({ ...base, kind: "setSyncTime", text: syncText });
  return ops;
}

/** Notes exist to clear only where the old text listed findings; an unread row has none. */
function needsNotes(previousResult: string, findings: readonly CellFinding[]): boolean {
  return findings.length > 0 || (previousResult !== "" && previousResult !== PASSED);
}

function notesOf(layout: SheetLayout, findings: readonly CellFinding[]): CellNote[] {
  return [...layout.data.keys()].map((key) => {
    const here = findings.filter((finding) => finding.key === key);
    if (here.length === 0) return { key, note: null, severity: null };
    const severity = here.some((finding) => finding.severity === "error") ? "error" : "warning";
    return { key, note: here.map((finding) => finding.message).join("\n"), severity };
  });
}

function restoredCells(
  layout: SheetLayout,
  current: RecordValues,
  effective: RecordValues,
  codeTables: CodeTables,
): { key: string; value: Rendered | null }[] {
  return layout.section.columns.flatMap((column) => {
    if (!layout.data.has(column.key)) return [];
    const want = effective[column.key];
    if (sameValue(current[column.key], want)) return [];
    return [
      { key: column.key, value: want === undefined ? null : render(column, want, codeTables) },
    ];
  });
}

function sameValue(a: RecordValues[string] | undefined, b: RecordValues[string] | undefined) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** 同步时间 as China Standard Time (UTC+8, no daylight saving), to the minute. */
export function syncTimeText(nowIso: string): string {
  const at = Date.parse(nowIso);
  if (Number.isNaN(at)) return nowIso;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}
