/**
 * The county 冲突处理 tab: one row per ID conflict (one ID number entered by two schools), where
 * 人事股 names the school the person belongs to. Pure: what to append or update, and which
 * decisions to record, from the tab as read and the conflicts as the registry holds them.
 *
 * Guarantees:
 * - a row is found by its 冲突编号, never by position; a conflict already shown is not appended
 *   again (a redelivered message), and only worker-owned cells are written (`null` elsewhere);
 * - the tab shows schools and teacher numbers, never an ID number or a name;
 * - a decision counts only while the conflict is open and only for one of the schools involved;
 *   anything else is told on the row, in 处理状态.
 */
import { columnLetters } from "../sheets/a1";
import type { Cell, SchoolRef } from "../validate";
import type { ValueWrite } from "./sheet";

export const CONFLICT_TITLE = "冲突处理";

export const CONFLICT_HEADERS = {
  id: "冲突编号",
  schools: "涉及学校",
  teacherNumber: "教师编号",
  openedAt: "发现时间",
  decision: "归属学校代码",
  reason: "裁定理由",
  status: "处理状态",
  syncTime: "同步时间",
} as const;

type Field = keyof typeof CONFLICT_HEADERS;

/** A conflict as the registry holds it (see the store's ConflictFacts). */
export interface Conflict {
  readonly conflictId: string;
  readonly schools: readonly SchoolRef[];
  readonly teacherNumber: string | null;
  /** ISO time. */
  readonly openedAt: string;
  readonly decidedFor: SchoolRef | null;
  readonly reason: string | null;
}

export interface ConflictDecision {
  readonly conflictId: string;
  readonly schoolCode: string;
  readonly reason: string;
}

export interface ConflictTabPlan {
  readonly writes: readonly ValueWrite[];
  /** Conflicts whose row now shows `status`. */
  readonly shown: readonly { conflictId: string; status: string }[];
}

interface RowAsRead {
  readonly row: number;
  readonly cells: readonly Cell[];
}

export function statusOf(conflict: Conflict): string {
  const { decidedFor } = conflict;
  return decidedFor === null
    ? "待人事股裁定：请在「归属学校代码」填写此人所属学校的代码，并写明理由"
    : `已裁定：归属${decidedFor.schoolName}（${decidedFor.schoolCode}）`;
}

export function schoolsText(schools: readonly SchoolRef[]): string {
  return schools.map((s) => `${s.schoolName}（${s.schoolCode}）`).join("、");
}

/** 人事股's decisions on open conflicts, and rows whose input cannot be used (with why). */
export function collectConflictDecisions(
  values: readonly (readonly Cell[])[],
  conflicts: readonly Conflict[],
): { decisions: ConflictDecision[]; problems: Map<string, string> } {
  const at = columnsOf(values[0] ?? []);
  const decisions: ConflictDecision[] = [];
  const problems = new Map<string, string>();
  const byId = new Map(conflicts.map((c) => [c.conflictId, c]));
  for (const { cells } of dataRows(values)) {
    const conflict = byId.get(text(cells, at.id));
    const code = text(cells, at.decision);
    if (conflict === undefined || conflict.decidedFor !== null || code === "") continue;
    const reason = text(cells, at.reason);
    if (!conflict.schools.some((s) => s.schoolCode === code)) {
      problems.set(
        conflict.conflictId,
        `「归属学校代码」须为涉及学校之一：${schoolsText(conflict.schools)}`,
      );
    } else if (reason === "") {
      problems.set(conflict.conflictId, "请填写「裁定理由」，学校会看到裁定结果");
    } else decisions.push({ conflictId: conflict.conflictId, schoolCode: code, reason });
  }
  return { decisions, problems };
}

/**
 * Rows to append for conflicts the tab does not show yet, and 处理状态 (with 同步时间) for rows
 * whose status changed; `problems` override the status of the conflicts they name.
 */
export function planConflictTab(
  values: readonly (readonly Cell[])[],
  conflicts: readonly Conflict[],
  problems: ReadonlyMap<string, string>,
  syncText: string,
): ConflictTabPlan {
  const headers = (values[0] ?? []).map((cell) => String(cell ?? "").trim());
  const at = columnsOf(values[0] ?? []);
  if (Object.values(at).some((index) => index < 0)) return { writes: [], shown: [] };
  const rowOf = new Map(dataRows(values).map((r) => [text(r.cells, at.id), r]));
  let next = values.length + 1;
  const writes: ValueWrite[] = [];
  const shown: { conflictId: string; status: string }[] = [];
  for (const conflict of conflicts) {
    const status = problems.get(conflict.conflictId) ?? statusOf(conflict);
    const existing = rowOf.get(conflict.conflictId);
    if (existing === undefined) {
      const row = next++;
      writes.push(rowWrite(headers.length, row, cellsFor(conflict, status, syncText, at)));
    } else if (text(existing.cells, at.status) !== status) {
      const cells = new Map<number, string>([
        [at.status, status],
        [at.syncTime, syncText],
      ]);
      writes.push(rowWrite(headers.length, existing.row, cells));
    } else continue;
    shown.push({ conflictId: conflict.conflictId, status });
  }
  return { writes, shown };
}

function cellsFor(
  conflict: Conflict,
  status: string,
  syncText: string,
  at: Readonly<Record<Field, number>>,
): Map<number, string> {
  return new Map([
    [at.id, conflict.conflictId],
    [at.schools, schoolsText(conflict.schools)],
    [at.teacherNumber, conflict.teacherNumber ?? ""],
    [at.openedAt, conflict.openedAt.slice(0, 10)],
    [at.status, status],
    [at.syncTime, syncText],
  ]);
}

/** One row's worker cells; `null` leaves the offices' cells (decision, reason) as they are. */
function rowWrite(width: number, row: number, cells: ReadonlyMap<number, string>): ValueWrite {
  const line = Array.from({ length: width }, (_, col) => cells.get(col) ?? null);
  const range = `'${CONFLICT_TITLE}'!A${row}:${columnLetters(width - 1)}${row}`;
  return { range, values: [line] };
}

function columnsOf(header: readonly Cell[]): Readonly<Record<Field, number>> {
  const texts = header.map((cell) => String(cell ?? "").trim());
  const entries = (Object.keys(CONFLICT_HEADERS) as Field[]).map(
    (field) => [field, texts.indexOf(CONFLICT_HEADERS[field])] as const,
  );
  return Object.fromEntries(entries) as Record<Field, number>;
}

function dataRows(values: readonly (readonly Cell[])[]): RowAsRead[] {
  return values.slice(1).map((cells, index) => ({ row: index + 2, cells }));
}

function text(cells: readonly Cell[], index: number): string {
  return index < 0 ? "" : String(cells[index] ?? "").trim();
}
