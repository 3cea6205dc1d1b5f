/**
 * The 账号 tabs: showing new teachers' initial passwords to the school system admin, blanking
 * them after the first sign-in or 30 days.
 *
 * Costs (Sheets requests): nothing when a school is owed no row, which is every sync that issued
 * no number and saw no sign-in; otherwise one values.batchGet of the tab and at most one
 * values.batchUpdate. The daily run adds the same two per school owed rows, and nothing else.
 *
 * Passwords never leave this module except into the tab write: no log line, outcome or error
 * message carries one.
 */
import { z } from "zod";
import { type IdCrypto, idCryptoFromEnv } from "../adapters/crypto/index";
import { GoogleApiError } from "../adapters/google/client";
import { type Google, googleFromEnv } from "../adapters/google/index";
import { batchGetValues } from "../adapters/google/sheets";
import {
  keepIssuedPasswords,
  owedAccountRows,
  recordAccountRowsShown,
  reissueUnseenPasswords,
  schoolsOwedAccountRows,
} from "../adapters/store/accounts-tab";
import { clearExpiredPasswords, type IssuedAccount } from "../adapters/store/registry-accounts";
import { getCursor, setCursor } from "../adapters/store/sync-state";
import {
  ACCOUNTS_RANGE,
  ACCOUNTS_TITLE,
  type AccountTabWrite,
  planAccountsTab,
} from "../core/accounts/tab";
import type { Env } from "../env";

export interface AccountsDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  now: Date;
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
  /** Why the tab was not written, in Chinese; the owed rows wait for the next attempt. */
  notice?: string;
}

/**
 * Brings a school's 账号 tab up to date with what it is owed. Throws on errors worth retrying
 * soon (429, 5xx, network: the caller's queue retries); a missing tab, a changed header row or a
 * refused write becomes a notice, and the rows stay owed for the daily run.
 */
export async function writeAccountsTab(
  deps: AccountsDeps,
  school: { code: string; spreadsheetId: string },
  /** Tab title → sheetId as the sync knows them; a tab not listed is not asked for. */
  tabs?: Readonly<Record<string, number>>,
): Promise<AccountsTabOutcome> {
  const { db, google, crypto } = deps;
  const now = deps.now.toISOString();
  await reissueUnseenPasswords(db, crypto, school.code, now);
  const owed = await owedAccountRows(db, crypto, school.code);
  if (owed.length === 0) return { writes: 0, rows: 0 };
  // A spreadsheet provisioned before the tab existed would otherwise cost a failing read per sync.
  if (tabs !== undefined && !(ACCOUNTS_TITLE in tabs))
    return { writes: 0, rows: 0, notice: NO_TAB };
  let rows: (string | number | boolean)[][];
  try {
    [{ values: rows } = { values: [] }] = await batchGetValues(
      google.client,
      google.sheetsBaseUrl,
      school.spreadsheetId,
      [ACCOUNTS_RANGE],
    );
  } catch (error) {
    if (permanent(error)) return { writes: 0, rows: 0, notice: NO_TAB };
    throw error;
  }
  const plan = planAccountsTab(
    rows,
    owed.map((row) => row.entry),
  );
  if (plan.problem !== undefined) return { writes: 0, rows: 0, notice: plan.problem };
  try {
    await writeValues(google, school.spreadsheetId, plan.writes);
  } catch (error) {
    if (permanent(error)) return { writes: 0, rows: 0, notice: REFUSED };
    throw error;
  }
  await recordAccountRowsShown(db, plan.shown, now);
  return { writes: 1, rows: plan.shown.length };
}

const NO_TAB =
  "找不到「账号」标签页：请重新运行建表（provision），新教师的初始密码暂存，建表后写入";
const REFUSED = "「账号」标签页写入被拒绝：请检查服务账号的编辑权限，初始密码暂存，之后重试";

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

/** One values.batchUpdate, RAW: nothing written can run as a formula. */
async function writeValues(
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
      const done = await writeAccountsTab(deps, {
        code: school.schoolCode,
        spreadsheetId: school.spreadsheetId,
      });
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
