/**
 * The account spreadsheets' 账号 tabs: showing new teachers' initial passwords to the school
 * system admin only, blanking them after the first sign-in or 30 days; after a transfer, the
 * teacher's row at the receiving school and the sending school's row blanked with a note.
 *
 * Costs (Sheets requests, on the account spreadsheet only; the school spreadsheet pays nothing):
 * no read ever — only the worker writes the tab, so the registry knows each teacher's row — and
 * one write when there are passwords to show or blank, none otherwise: a spreadsheets.batchUpdate
 * addressed by the 账号 tab's sheetId (the tab manifest's; never by title, which a look-alike tab
 * could take). The daily run adds the same one write per school owed rows, and nothing else.
 *
 * Passwords never leave this module except into the tab write: no log line, outcome or error
 * message carries one.
 */
import { z } from "zod";
import { type IdCrypto, idCryptoFromEnv } from "../adapters/crypto/index";
import { GoogleApiError } from "../adapters/google/client";
import { type Google, googleFromEnv } from "../adapters/google/index";
import {
  batchGetByGridRanges,
  batchGetValues,
  batchUpdate,
  type CellValue,
  wholeTab,
} from "../adapters/google/sheets";
import {
  type AccountSpreadsheet,
  accountSpreadsheetOf,
  assignSheetRows,
  hasOwedAccountRows,
  keepIssuedPasswords,
  lastAccountRow,
  leftAccountRows,
  owedAccountRows,
  recordAccountRowsShown,
  recordAccountSheetWritten,
  recordLeftRowsWritten,
  reissueUnseenPasswords,
  schoolsOwedAccountRows,
} from "../adapters/store/accounts-tab";
import { clearExpiredPasswords, type IssuedAccount } from "../adapters/store/registry-accounts";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import { boundTabRequests } from "../core/accounts/bound-tab";
import { ACCOUNTS_TITLE, type AccountTabWrite, planAccountRows } from "../core/accounts/tab";
import type { Env } from "../env";
import { type HashBudget, hashBudgetFromEnv } from "./hash-budget";
import { owedSlipLink, portalBaseOf, showsPasswords } from "./slip-links";

export interface AccountsDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  now: Date;
  /** Password hashes this queue message (or cron run) may still spend; shared with the sync. */
  hashes: HashBudget;
  /** PORTAL_BASE_URL: with it, the 「打印账号条」 link rides along the tab's write when owed. */
  portalBase?: string | undefined;
}

/** Keeps what an allocation issued (encrypted) before anything else of the sync can fail. */
export async function keepInitialPasswords(
  deps: AccountsDeps,
  schoolCode: string,
  issued: Iterable<IssuedAccount>,
): Promise<void> {
  const passwords = [...issued].flatMap(({ teacherNumber, initialPassword }) =>
    initialPassword === null ? [] : [{ teacherNumber, password: initialPassword }],
  );
  if (passwords.length === 0) return;
  await keepIssuedPasswords(deps.db, deps.crypto, schoolCode, passwords, deps.now.toISOString());
}

export interface AccountsTabOutcome {
  /** Write requests made: 0 or 1. */
  writes: number;
  /** Rows shown or blanked. */
  rows: number;
  /** Teachers still owed a new password that the hash budget left for a later message. */
  more: boolean;
  /** Why the tab was not written, in Chinese; the owed rows wait for the next attempt. */
  notice?: string;
}

/**
 * Brings a school's account spreadsheet up to date with what it is owed, without reading it.
 * Throws on errors worth retrying soon (429, 5xx, network: the caller's queue retries); a school
 * whose account spreadsheet is not known yet, or a refused write, becomes a notice, and the rows
 * stay owed for the next sync or the daily run.
 */
export async function writeAccountRows(
  deps: AccountsDeps,
  schoolCode: string,
  /** When the caller already knows it (the daily run's join); else looked up in D1. */
  known?: AccountSpreadsheet,
  /** Rows read with 重置密码 ticked, to untick in the same write. */
  untick: readonly number[] = [],
): Promise<AccountsTabOutcome> {
  const { db, google, crypto } = deps;
  const sheet = known ?? (await accountSpreadsheetOf(db, schoolCode));
  // Nothing is hashed for a school with nowhere to show a password: the passwords would wait.
  if (sheet === undefined) return noWrite(await hasOwedAccountRows(db, schoolCode));
  const { spreadsheetId } = sheet;
  const now = deps.now.toISOString();
  const reissue = await reissueUnseenPasswords(db, crypto, schoolCode, now, deps.hashes.left);
  deps.hashes.spend(reissue.reissued);
  await assignSheetRows(db, schoolCode);
  const owed = await owedAccountRows(db, crypto, schoolCode);
  const left = await leftAccountRows(db, schoolCode, untick);
  const link = await owedSlipLink(db, schoolCode, spreadsheetId, deps.portalBase);
  const rowsOwed = owed.length > 0 || left.length > 0 || untick.length > 0;
  // The link alone is written only while the tab shows a password, when the system admin needs
  // it (a school from before the links, a new base address): once, then it is recorded.
  if (!rowsOwed && (link === undefined || !(await showsPasswords(db, schoolCode))))
    return { writes: 0, rows: 0, more: reissue.more };
  const plan = planAccountRows(
    owed.map((row) => row.entry),
    untick,
    left,
  );
  try {
    const data = [...plan.writes, ...(link ? [link.write] : [])];
    await writeAccountTab(google, sheet, data, await lastAccountRow(db, schoolCode));
  } catch (error) {
    if (permanent(error))
      return { writes: 0, rows: 0, more: reissue.more, notice: refusedNotice(sheet, error) };
    throw error;
  }
  // Before anything else: the poll must not take this revision for someone's tick.
  await recordAccountSheetWritten(db, schoolCode);
  await recordAccountRowsShown(db, plan.shown, now);
  await recordLeftRowsWritten(db, schoolCode, plan.left, now);
  await link?.commit(now);
  return { writes: 1, rows: plan.shown.length + plan.left.length, more: reissue.more };
}

/** Without an account spreadsheet: a notice only when a password or a blanking is waiting. */
function noWrite(owed: boolean): AccountsTabOutcome {
  return owed
    ? { writes: 0, rows: 0, more: false, notice: NO_SPREADSHEET }
    : { writes: 0, rows: 0, more: false };
}

const NO_SPREADSHEET =
  "找不到本校的「教师账号」表格：请重新运行建表（provision），新教师的初始密码暂存，建表后写入";
const REFUSED = "「教师账号」表格写入被拒绝：请检查服务账号的编辑权限，初始密码暂存，之后重试";
const TAB_GONE =
  "「教师账号」表格中系统建立的「账号」标签页已被删除：初始密码暂存，不会写入同名的新表；请县里重新运行建表（provision）恢复后写入";

/**
 * Why the write was refused. A write by sheetId answered 400 means the bound tab is gone (Sheets:
 * "No grid with id"): the request is otherwise the worker's own, well formed.
 */
function refusedNotice(sheet: AccountSpreadsheet, error: unknown): string {
  const gone = sheet.tabSheetId !== null && error instanceof GoogleApiError;
  return gone && error.httpStatus === 400 ? TAB_GONE : REFUSED;
}

/** 4xx other than 429: retrying the same request cannot succeed until someone fixes the sheet. */
function permanent(error: unknown): boolean {
  return (
    error instanceof GoogleApiError &&
    error.httpStatus >= 400 &&
    error.httpStatus < 500 &&
    error.httpStatus !== 429
  );
}

const ValuesBatchUpdateResponse = z.object({ spreadsheetId: z.string() });

/**
 * The first `columns` columns of the 账号 tab, in one read: by the tab's sheetId
 * (values.batchGetByDataFilter), so a look-alike tab named 账号 is never read; by title only for
 * a file provisioned before the binding. Nothing when the bound tab is gone.
 */
export async function readAccountTab(
  google: Google,
  sheet: AccountSpreadsheet,
  columns: number,
): Promise<CellValue[][]> {
  const { client, sheetsBaseUrl } = google;
  if (sheet.tabSheetId === null) {
    const last = String.fromCharCode(64 + columns);
    const [tab] = await batchGetValues(client, sheetsBaseUrl, sheet.spreadsheetId, [
      `${wholeTab(ACCOUNTS_TITLE)}!A1:${last}`,
    ]);
    return tab?.values ?? [];
  }
  const range = { sheetId: sheet.tabSheetId, startColumnIndex: 0, endColumnIndex: columns };
  const found = await batchGetByGridRanges(client, sheetsBaseUrl, sheet.spreadsheetId, [range]);
  return found.find((tab) => tab.sheetId === sheet.tabSheetId)?.values ?? [];
}

/**
 * The tab's one write: by the 账号 tab's sheetId (one spreadsheets.batchUpdate), so a look-alike
 * tab named 账号 gets nothing; by title (one values.batchUpdate) only for a file provisioned
 * before the binding, until provisioning runs again and records the id.
 */
export async function writeAccountTab(
  google: Google,
  sheet: AccountSpreadsheet,
  data: readonly AccountTabWrite[],
  /** The last row the registry assigned: a write below the grid grows it to there. */
  lastRow = 0,
): Promise<void> {
  if (sheet.tabSheetId === null) return writeValues(google, sheet.spreadsheetId, data);
  await batchUpdate(google.client, google.sheetsBaseUrl, sheet.spreadsheetId, {
    requests: boundTabRequests(data, sheet.tabSheetId, lastRow),
  });
}

/** One values.batchUpdate, RAW: nothing written can run as a formula. */
export async function writeValues(
  google: Google,
  spreadsheetId: string,
  data: readonly AccountTabWrite[],
): Promise<void> {
  const url = new URL(
    `v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values:batchUpdate`,
    google.sheetsBaseUrl.endsWith("/") ? google.sheetsBaseUrl : `${google.sheetsBaseUrl}/`,
  );
  await google.client.request({
    method: "POST",
    url: url.toString(),
    schema: ValuesBatchUpdateResponse,
    body: { valueInputOption: "RAW", data },
    label: "sheets.spreadsheets.values.batchUpdate",
  });
}

const CLEARED_CURSOR = "accounts_cleared_at";
const DAY_MS = 86_400_000;

export interface DailyAccountsOutcome {
  /** False when the last run was less than a day ago: nothing was done. */
  ran: boolean;
  expired: number;
  schools: Array<{ schoolCode: string } & AccountsTabOutcome>;
  failed: Array<{ schoolCode: string; error: string }>;
}

/**
 * Once a day (the cron runs more often): stops showing passwords issued 30 days ago, then brings
 * every school's 账号 tab that is owed rows up to date — expired passwords, sign-ins of schools
 * that did not sync since, and writes that failed. One school's failure does not stop the others.
 * Passwords left to reissue once the run's hash budget is spent wait for the school's next sync.
 */
export async function runDailyAccounts(deps: AccountsDeps): Promise<DailyAccountsOutcome> {
  const now = deps.now.toISOString();
  const last = await getCursor(deps.db, CLEARED_CURSOR);
  if (last !== undefined && deps.now.getTime() - Date.parse(last) < DAY_MS)
    return { ran: false, expired: 0, schools: [], failed: [] };
  const expired = await clearExpiredPasswords(deps.db, now);
  const outcome: DailyAccountsOutcome = {
    ran: true,
    expired: expired.length,
    schools: [],
    failed: [],
  };
  for (const school of await schoolsOwedAccountRows(deps.db)) {
    try {
      const done = await writeAccountRows(deps, school.schoolCode, school);
      outcome.schools.push({ schoolCode: school.schoolCode, ...done });
    } catch (error) {
      outcome.failed.push({
        schoolCode: school.schoolCode,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // Recorded last: a run that died midway is redone by the next cron tick.
  await setCursor(deps.db, CLEARED_CURSOR, now, now);
  return outcome;
}

/** The cron's entry: the daily run with the worker's bindings, logged without personal data. */
export async function dailyAccounts(env: Env, now: Date): Promise<void> {
  const outcome = await runDailyAccounts({
    db: env.DB,
    google: googleFromEnv(env),
    crypto: await idCryptoFromEnv(env),
    now,
    hashes: hashBudgetFromEnv(env),
    portalBase: portalBaseOf(env),
  });
  if (!outcome.ran) return;
  console.log(
    JSON.stringify({
      event: "accounts_daily",
      expired: outcome.expired,
      schools: outcome.schools.map(({ schoolCode, rows, notice }) => ({
        schoolCode,
        rows,
        notice,
      })),
      failed: outcome.failed,
    }),
  );
}
