/**
 * The 账号 tab of a school spreadsheet: where the school system admin (学校系统管理员) reads each
 * new teacher's number and initial password, until the password is cleared (first sign-in, or
 * 30 days after issue).
 *
 * Guarantees of `planAccountsTab`:
 * - rows are found by 教师编号: an entry whose number is listed updates that row (and only its
 *   name, password, time and status cells); an entry whose number is not listed gets a new row;
 * - new rows go below the last row holding anything, so no other teacher's row (nor a row someone
 *   typed by hand) is ever overwritten, and a number already listed is never listed twice;
 * - every value is text meant to be written RAW, so nothing written can run as a formula;
 * - a tab whose header row was changed is reported, not written.
 */
import { columnLetters } from "../sheets/a1";

export const ACCOUNTS_TITLE = "账号";

export const ACCOUNT_HEADERS = {
  number: "教师编号",
  name: "姓名",
  password: "初始密码",
  issuedAt: "发放时间",
  status: "状态",
} as const;

type Field = keyof typeof ACCOUNT_HEADERS;
const FIELDS = Object.keys(ACCOUNT_HEADERS) as Field[];

/** How long an initial password stays shown if the teacher never signs in. */
export const PASSWORD_SHOWN_DAYS = 30;
const DAY_MS = 86_400_000;

/** A teacher's row: with the password to show, or with the time it was cleared (cell blank). */
export type AccountTabEntry = {
  readonly teacherNumber: string;
  readonly name: string;
  /** ISO time the password was issued. */
  readonly issuedAt: string;
} & (
  | { readonly password: string; readonly clearedAt: null }
  | { readonly password: null; readonly clearedAt: string }
);

export type AccountTabCell = string | number | boolean;

/** One A1 range and its values, for a RAW values.batchUpdate. */
export interface AccountTabWrite {
  readonly range: string;
  readonly values: readonly (readonly string[])[];
}

export interface AccountTabPlan {
  readonly writes: readonly AccountTabWrite[];
  /** What the tab shows of each entry once the writes are applied. */
  readonly shown: ReadonlyArray<{ teacherNumber: string; shown: "password" | "cleared" }>;
  /** Set when the tab cannot be written safely; `writes` and `shown` are then empty. */
  readonly problem?: string;
}

/** The tab's range as read and written: the five columns the layout makes, A to E. */
export const ACCOUNTS_RANGE = `'${ACCOUNTS_TITLE}'!A:E`;

export function planAccountsTab(
  rows: readonly (readonly AccountTabCell[])[],
  entries: readonly AccountTabEntry[],
): AccountTabPlan {
  const header = (rows[0] ?? []).map(text);
  const writes: AccountTabWrite[] = [];
  let columnOf: Record<Field, number>;
  if (header.every((cell) => cell === "")) {
    // A tab made by hand, or with its header row emptied: the layout's headers go back first.
    columnOf = { number: 0, name: 1, password: 2, issuedAt: 3, status: 4 };
    writes.push({
      range: `'${ACCOUNTS_TITLE}'!A1:E1`,
      values: [FIELDS.map((f) => ACCOUNT_HEADERS[f])],
    });
  } else {
    const missing = FIELDS.filter((field) => !header.includes(ACCOUNT_HEADERS[field]));
    if (missing.length > 0) {
      const names = missing.map((field) => `「${ACCOUNT_HEADERS[field]}」`).join("");
      return { writes: [], shown: [], problem: `账号标签页的表头被改动，找不到${names}列` };
    }
    columnOf = Object.fromEntries(
      FIELDS.map((field) => [field, header.indexOf(ACCOUNT_HEADERS[field])]),
    ) as Record<Field, number>;
  }

  const rowsOf = new Map<string, number[]>();
  let lastUsed = 0;
  rows.forEach((row, index) => {
    if (index === 0) return;
    if (row.some((cell) => text(cell) !== "")) lastUsed = index;
    const number = text(row[columnOf.number]);
    if (number !== "") rowsOf.set(number, [...(rowsOf.get(number) ?? []), index + 1]);
  });

  const latest = new Map(entries.map((entry) => [entry.teacherNumber, entry]));
  const appended: string[][] = [];
  const width = Math.max(...Object.values(columnOf)) + 1;
  for (const entry of latest.values()) {
    const cells = cellsOf(entry);
    const listed = rowsOf.get(entry.teacherNumber);
    if (listed === undefined) {
      const row = Array.from({ length: width }, () => "");
      for (const field of FIELDS) row[columnOf[field]] = cells[field];
      appended.push(row);
      continue;
    }
    // The teacher's own row(s): every cell but the number, which is what found the row.
    for (const sheetRow of listed)
      for (const field of FIELDS.filter((f) => f !== "number"))
        writes.push({
          range: `'${ACCOUNTS_TITLE}'!${columnLetters(columnOf[field])}${sheetRow}`,
          values: [[cells[field]]],
        });
  }
  if (appended.length > 0) {
    const first = lastUsed + 2;
    writes.push({
      range: `'${ACCOUNTS_TITLE}'!A${first}:${columnLetters(width - 1)}${first + appended.length - 1}`,
      values: appended,
    });
  }
  return {
    writes,
    shown: [...latest.values()].map((entry) => ({
      teacherNumber: entry.teacherNumber,
      shown: entry.password === null ? "cleared" : "password",
    })),
  };
}

function cellsOf(entry: AccountTabEntry): Record<Field, string> {
  return {
    number: entry.teacherNumber,
    name: entry.name,
    password: entry.password ?? "",
    issuedAt: beijingTime(entry.issuedAt),
    status: statusText(entry),
  };
}

/** What the 状态 cell says: until when the password is shown, or why and when it was cleared. */
export function statusText(entry: AccountTabEntry): string {
  const expires = Date.parse(entry.issuedAt) + PASSWORD_SHOWN_DAYS * DAY_MS;
  if (entry.clearedAt === null)
    return `有效：首次登录后清除，最迟 ${beijingTime(new Date(expires).toISOString())}`;
  const expired = Date.parse(entry.clearedAt) >= expires;
  return `${expired ? `已满${PASSWORD_SHOWN_DAYS}天` : "已首次登录"}，密码已清除（${beijingTime(entry.clearedAt)}）`;
}

/** `2017-03-05 14:30`, in the county's time (UTC+8). */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

function text(cell: AccountTabCell | undefined): string {
  return cell === undefined ? "" : String(cell).trim();
}
