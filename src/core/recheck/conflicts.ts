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
import { typedText } from "../normalise/text";
import type { Cell, SchoolRef } from "../validate";
import { type CountyTab, headerRowWrite, type ValueWrite } from "./sheet";

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
  tab: CountyTab | undefined,
  conflicts: readonly Conflict[],
): { decisions: ConflictDecision[]; problems: Map<string, string> } {
  const decisions: ConflictDecision[] = [];
  const problems = new Map<string, string>();
  if (tab === undefined) return { decisions, problems };
  const byId = new Map(conflicts.map((c) => [c.conflictId, c]));
  for (const cells of tab.rows.values()) {
    const conflict = byId.get(cellOf(tab, cells, "id"));
    const code = cellOf(tab, cells, "decision");
    if (conflict === undefined || conflict.decidedFor !== null || code === "") continue;
    const reason = cellOf(tab, cells, "reason");
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
  tab: CountyTab | undefined,
  conflicts: readonly Conflict[],
  problems: ReadonlyMap<string, string>,
  syncText: string,
): ConflictTabPlan {
  const h = CONFLICT_HEADERS;
  if (tab === undefined || Object.values(h).some((header) => !tab.headers.includes(header)))
    return { writes: [], shown: [] };
  const rowOf = new Map([...tab.rows].map(([row, cells]) => [cellOf(tab, cells, "id"), row]));
  let next = tab.nextRow;
  const writes: ValueWrite[] = [];
  const shown: { conflictId: string; status: string }[] = [];
  for (const conflict of conflicts) {
    const status = problems.get(conflict.conflictId) ?? statusOf(conflict);
    const row = rowOf.get(conflict.conflictId);
    const cells = row === undefined ? undefined : tab.rows.get(row);
    if (row === undefined) {
      writes.push(
        headerRowWrite(tab, next++, {
          [h.id]: conflict.conflictId,
          [h.schools]: schoolsText(conflict.schools),
          [h.teacherNumber]: conflict.teacherNumber ?? "",
          [h.openedAt]: conflict.openedAt.slice(0, 10),
          [h.status]: status,
          [h.syncTime]: syncText,
        }),
      );
    } else if (cells !== undefined && cellOf(tab, cells, "status") !== status) {
      writes.push(headerRowWrite(tab, row, { [h.status]: status, [h.syncTime]: syncText }));
    } else continue;
    shown.push({ conflictId: conflict.conflictId, status });
  }
  return { writes, shown };
}

function cellOf(tab: CountyTab, cells: readonly Cell[], field: keyof typeof CONFLICT_HEADERS) {
  const index = tab.headers.indexOf(CONFLICT_HEADERS[field]);
  return index < 0 ? "" : typedText(cells[index]);
}
