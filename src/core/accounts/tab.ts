/**
 * The 账号 tab of a school's account spreadsheet (「<学校名称> 教师账号」): where the school system
 * admin (学校系统管理员) reads each new teacher's number and initial password, until the password
 * is cleared (first sign-in, or 30 days after issue), and ticks 重置密码 for a teacher who forgot
 * theirs. The spreadsheet is shared with the system admins and the service account only; the tab
 * is protected so that only the worker writes columns A–E (each teacher's row is the one the
 * registry assigned, `sheetRow`, so writing needs no read) and only the system admins tick F.
 *
 * Guarantees of `planAccountRows`:
 * - each entry writes its own row, all five cells, and nothing else; a row left by a transferred
 *   teacher is written blank but for the note in 状态 saying where the account went: no other
 *   teacher's row is touched, and the header row (row 1, provisioning's) never is; the 重置密码 box of a row is
 *   written (unticked) only for the rows the caller read ticked, so a tick made meanwhile on
 *   another row is never lost;
 * - every value is text (or the box's false) meant to be written RAW: nothing runs as a formula.
 * - nothing right of column F: the 「打印账号条」 cells (H2:I3) are `slips.ts`'s, written in
 *   the same request by the job when owed.
 *
 * Guarantees of `resetTicks`: a tick counts only on a tab whose 重置密码 header is where the
 * worker put it (column F), and only as a row number; whose row it is, the registry says.
 */

export const ACCOUNTS_TITLE = "账号";
/**
 * The 账号 tab's key in the account spreadsheet's tab manifest (core/sync/tab-manifest): the
 * worker reads and writes the tab by the sheetId provisioning recorded under it, never by title.
 */
export const ACCOUNTS_TAB_KEY = "accounts";

export const ACCOUNT_HEADERS = {
  number: "教师编号",
  name: "姓名",
  password: "初始密码",
  issuedAt: "发放时间",
  status: "状态",
} as const;

/** Column F: the system admin's box asking for a new initial password for that row's teacher. */
export const RESET_HEADER = "重置密码";

/** How long an initial password stays shown if the teacher never signs in. */
export const PASSWORD_SHOWN_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * A teacher's row: with the password to show, or with the time it was cleared (cell blank), or
 * neither — moved here by a transfer after the sending school's tab showed the password, which
 * the teacher still holds (cell blank until they sign in).
 */
export type AccountTabEntry = {
  readonly teacherNumber: string;
  readonly name: string;
  /** ISO time the password was issued. */
  readonly issuedAt: string;
  /** The sheet row (from 2) the registry gave this teacher in the tab. */
  readonly sheetRow: number;
} & (
  | { readonly password: string; readonly clearedAt: null }
  | { readonly password: null; readonly clearedAt: string }
  | { readonly password: null; readonly clearedAt: null }
);

/** A row of the sending school's tab whose teacher was transferred: their account went along. */
export interface LeftRow {
  readonly sheetRow: number;
  readonly toSchoolName: string;
  /** ISO time the transfer completed. */
  readonly leftAt: string;
}

/** One A1 range and its values, for a RAW values.batchUpdate. */
export interface AccountTabWrite {
  readonly range: string;
  readonly values: readonly (readonly (string | boolean)[])[];
}

export interface AccountTabPlan {
  readonly writes: readonly AccountTabWrite[];
  /**
   * What the tab shows of each entry once the writes are applied: `password` while a sign-in or
   * the 30 days will still change the row, `cleared` once nothing will.
   */
  readonly shown: ReadonlyArray<{ teacherNumber: string; shown: "password" | "cleared" }>;
  /** The left rows written blank with their note. */
  readonly left: readonly number[];
}

export function planAccountRows(
  entries: readonly AccountTabEntry[],
  /** Rows read with 重置密码 ticked: their box is cleared in the same write. */
  untick: readonly number[] = [],
  left: readonly LeftRow[] = [],
): AccountTabPlan {
  const rows = [...new Map(entries.map((entry) => [entry.sheetRow, entry])).values()];
  const gone = [...new Map(left.map((row) => [row.sheetRow, row])).values()];
  const cellsOf = [
    ...gone.map((row) => [row.sheetRow, ["", "", "", "", leftText(row)]] as const),
    ...rows.map((entry) => [entry.sheetRow, entryCells(entry)] as const),
  ];
  for (const sheetRow of [...cellsOf.map(([row]) => row), ...untick])
    if (!Number.isInteger(sheetRow) || sheetRow < 2)
      throw new Error(`账号行号无效：${sheetRow}（第1行是表头）`);
  const unticking = new Set(untick);
  const written = new Set(cellsOf.map(([row]) => row));
  return {
    writes: [
      ...cellsOf.map(([sheetRow, cells]) => {
        const box = unticking.has(sheetRow);
        return {
          range: `'${ACCOUNTS_TITLE}'!A${sheetRow}:${box ? "F" : "E"}${sheetRow}`,
          values: [box ? [...cells, false] : cells],
        };
      }),
      ...[...unticking]
        .filter((row) => !written.has(row))
        .map((row) => ({ range: `'${ACCOUNTS_TITLE}'!F${row}`, values: [[false]] })),
    ],
    shown: rows.map((entry) => ({
      teacherNumber: entry.teacherNumber,
      shown: entry.clearedAt === null ? "password" : "cleared",
    })),
    left: gone.map((row) => row.sheetRow),
  };
}

function entryCells(entry: AccountTabEntry): string[] {
  return [
    entry.teacherNumber,
    entry.name,
    entry.password ?? "",
    beijingTime(entry.issuedAt),
    statusText(entry),
  ];
}

/** The 状态 of a left row: where the account went, and why a tick here does nothing. */
export function leftText(row: LeftRow): string {
  return `该教师已调往「${row.toSchoolName}」（${beijingTime(row.leftAt)}），账号随之转出：由调入学校的系统管理员重置密码，本校不能再重置`;
}

/**
 * What the 状态 cell says: until when the password is shown, that the teacher's initial password
 * came from the sending school, or why and when it was cleared.
 */
export function statusText(
  entry: Pick<AccountTabEntry, "issuedAt" | "clearedAt" | "password">,
): string {
  const expires = Date.parse(entry.issuedAt) + PASSWORD_SHOWN_DAYS * DAY_MS;
  if (entry.clearedAt === null && entry.password === null)
    return "初始密码已由调出学校发放，教师仍可使用；如已遗忘，请勾选重置密码";
  if (entry.clearedAt === null)
    return `有效：首次登录后清除，最迟 ${beijingTime(new Date(expires).toISOString())}`;
  const expired = Date.parse(entry.clearedAt) >= expires;
  return `${expired ? `已满${PASSWORD_SHOWN_DAYS}天` : "已首次登录"}，密码已清除（${beijingTime(entry.clearedAt)}）`;
}

/** `2017-03-05 14:30`, in the county's time (UTC+8). */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * The rows (from 2) whose 重置密码 box is ticked, from a read of `'账号'!A1:F` (UNFORMATTED
 * values). Nothing when row 1 does not show 重置密码 in column F: then the tab is not laid out as
 * the worker writes it, and a tick there would mean something else.
 */
export function resetTicks(values: readonly (readonly unknown[])[]): number[] {
  const header = values[0]?.[5];
  if (typeof header !== "string" || header.trim() !== RESET_HEADER) return [];
  return values.flatMap((row, index) => (index > 0 && isTicked(row[5]) ? [index + 1] : []));
}

function isTicked(cell: unknown): boolean {
  return cell === true || (typeof cell === "string" && cell.trim().toUpperCase() === "TRUE");
}
