/**
 * Where each column of a section tab is, from the tab's header row as read.
 *
 * Guarantees:
 * - columns are found by header text only (trimmed, half-width folded, as the engine does):
 *   users reorder and insert columns, so a position means nothing until the header says so;
 * - the first of duplicated headers wins, as in the engine, so both read the same cell;
 * - a missing trailing header (校长审核, 审核状态, 校验结果, 记录编号, 同步时间, 教师编号) is
 *   reported and makes the tab unwritable: the sync never guesses where a status goes.
 */
import { normaliseText } from "../normalise";
import type { ResolvedSection } from "../templates";
import type { Cell } from "../validate";
import { fingerprint } from "./fingerprint";

/**
 * 0-based positions of the trailing columns (keys as in trailing.json and 01-basic.json). A
 * request tab's columns take the same roles: 本校确认 is `approval`, 办理状态 `reviewStatus`,
 * 申请编号 `recordId`; only request tabs have 不同意原因 (`refusal`).
 */
export interface TrailingPositions {
  readonly approval: number;
  readonly reviewStatus: number;
  readonly checkResult: number;
  readonly recordId: number;
  readonly syncedAt: number;
  /** Only 基本信息 has 教师编号. */
  readonly teacherNumber: number | null;
  readonly refusal: number | null;
  /** Only 调动申请 has 调档完成 (the receiving school's principal: the file is taken over). */
  readonly archived: number | null;
}

export interface SheetLayout {
  readonly tab: string;
  readonly section: ResolvedSection;
  /** Data column key → 0-based column index; absent when the header is missing. */
  readonly data: ReadonlyMap<string, number>;
  /** Null when a trailing header is missing: then nothing of this tab is read or written. */
  readonly trailing: TrailingPositions | null;
  /** Header texts of the trailing columns not found. */
  readonly missingTrailing: readonly string[];
  /** The header row as read, normalised, so the guard can tell a moved column. */
  readonly headers: readonly string[];
}

export function layoutOf(
  section: ResolvedSection,
  header: readonly Cell[] | undefined,
): SheetLayout {
  const headers = (header ?? []).map(normaliseText);
  const firstIndex = new Map<string, number>();
  headers.forEach((text, index) => {
    if (text !== "" && !firstIndex.has(text)) firstIndex.set(text, index);
  });
  const locate = (columns: readonly { key: string; header: string }[]) =>
    new Map(
      columns.flatMap((column) => {
        const index = firstIndex.get(normaliseText(column.header));
        return index === undefined ? [] : [[column.key, index] as const];
      }),
    );
  const found = locate(section.trailingColumns);
  const missingTrailing = section.trailingColumns
    .filter((column) => !found.has(column.key))
    .map((column) => column.header);
  return {
    tab: section.title,
    section,
    data: locate(section.columns),
    trailing: missingTrailing.length > 0 ? null : positionsOf(found),
    missingTrailing,
    headers,
  };
}

function positionsOf(found: ReadonlyMap<string, number>): TrailingPositions | null {
  const at = (key: string) => found.get(key);
  const approval = at("approval") ?? at("confirmation");
  const reviewStatus = at("reviewStatus") ?? at("requestStatus");
  const checkResult = at("checkResult");
  const recordId = at("recordId") ?? at("requestId");
  const syncedAt = at("syncedAt");
  if (
    approval === undefined ||
    reviewStatus === undefined ||
    checkResult === undefined ||
    recordId === undefined ||
    syncedAt === undefined
  )
    return null;
  return {
    approval,
    reviewStatus,
    checkResult,
    recordId,
    syncedAt,
    teacherNumber: at("teacherNumber") ?? null,
    refusal: at("refusal") ?? null,
    archived: at("archived") ?? null,
  };
}

/** The rightmost 0-based column the sync reads or writes on this tab. */
export function lastColumn(layout: SheetLayout): number {
  const trailing = layout.trailing === null ? [] : Object.values(layout.trailing);
  return Math.max(0, ...layout.data.values(), ...trailing.filter((i) => i !== null));
}

/**
 * A fingerprint of a row's data cells as they read (text, not normalised values), so the guard
 * can tell whether a row without a 记录编号 still holds what was planned for.
 */
export function contentOf(layout: SheetLayout, cells: readonly Cell[] | undefined): string {
  const text: Record<string, string> = {};
  for (const [key, at] of layout.data) text[key] = normaliseText(cells?.[at]);
  return fingerprint(text);
}

/** The columns that say whose row it is, on every section tab. */
export const PERSON_KEYS = ["name", "idNumber"] as const;

/**
 * A fingerprint of whose row this is (姓名 and 身份证件号 as they read), so the guard can refuse
 * to write on a row that shows a record's 记录编号 but another person (a pasted copy).
 */
export function whoOf(layout: SheetLayout, cells: readonly Cell[] | undefined): string {
  const text: Record<string, string> = {};
  for (const key of PERSON_KEYS) {
    const at = layout.data.get(key);
    if (at !== undefined) text[key] = normaliseText(cells?.[at]);
  }
  return fingerprint(text);
}
