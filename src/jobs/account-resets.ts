/**
 * The 重置密码 boxes of a school's account spreadsheet: a teacher who forgot their password gets a
 * new initial password, shown in their row of the 账号 tab as at first issue.
 *
 * Costs (on the account spreadsheet only): the tab is read (columns A–F, one request, by the
 * tab's sheetId so a look-alike tab named 账号 is never read) only when the poll's listing shows
 * the file at a version that is neither one already read nor one our own write made, so an idle
 * cycle adds no request; then, when a box is ticked or a row is owed (a new password, or a
 * password to blank after a sign-in: the poll sends the message at the version already read for
 * those, so nothing is read), one write (by sheetId too) that shows and blanks them and unticks
 * the boxes read ticked.
 *
 * A tick on a row left by a transferred teacher resets nobody and ends no session: the account
 * went to the receiving school, whose system admin resets it; the row is unticked, its note
 * (where the account went) written again, and the outcome's notice says so.
 *
 * Order, for redelivery: the registry first (new hash, password kept encrypted and owed to the
 * row), then the tab. A delivery that dies between them is redone: the row's password, still
 * owed, is shown and the box unticked, and no second password is issued for the same tick.
 */
import type { IdCrypto } from "../adapters/crypto/index";
import type { Google } from "../adapters/google/index";
import {
  type AccountSpreadsheet,
  accountSheetState,
  leftAccountRows,
  recordAccountSheetRead,
  resetPasswords,
} from "../adapters/store/accounts-tab";
import { type LeftRow, leftText, resetTicks } from "../core/accounts/tab";
import { readAccountTab, writeAccountRows } from "./accounts";
import type { HashBudget } from "./hash-budget";
import type { SyncMessage } from "./messages";

type AccountsMessage = Extract<SyncMessage, { kind: "accounts" }>;

/** Columns A–F: the header row says where 重置密码 is, the boxes are in F. */
const RESET_COLUMNS = 6;

export interface AccountResetDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  now: Date;
  hashes: HashBudget;
}

export interface AccountResetOutcome {
  spreadsheetId: string;
  schoolCode: string;
  status: "synced" | "stale";
  /** Teachers given a new initial password. */
  reset: number;
  notices: string[];
  /** Set when the hash budget left ticked rows: the same message again, for the rest. */
  continuation?: AccountsMessage;
}

export async function syncAccountSheet(
  deps: AccountResetDeps,
  message: AccountsMessage,
): Promise<AccountResetOutcome> {
  const { db, google, crypto, now } = deps;
  const { spreadsheetId, schoolCode, version } = message;
  const outcome = { spreadsheetId, schoolCode, reset: 0, notices: [] };
  const state = await accountSheetState(db, schoolCode, spreadsheetId, version);
  // Not (or no longer) the school's account spreadsheet: nothing is read or written there.
  if (!state.known) return { ...outcome, status: "stale" };
  const sheet = { spreadsheetId, tabSheetId: state.tabSheetId };
  const ticked = state.unread ? await readTicks(google, sheet) : [];
  const done = await resetPasswords(
    db,
    crypto,
    schoolCode,
    ticked,
    now.toISOString(),
    deps.hashes.left,
  );
  deps.hashes.spend(done.issued);
  const deferred = new Set(done.deferred);
  const written = await writeAccountRows(
    deps,
    schoolCode,
    sheet,
    ticked.filter((row) => !deferred.has(row)),
  );
  if (state.unread && deferred.size === 0 && written.notice === undefined)
    await recordAccountSheetRead(db, spreadsheetId, version);
  const gone = await leftTicks(db, schoolCode, ticked);
  return {
    ...outcome,
    status: state.unread || written.writes > 0 ? "synced" : "stale",
    reset: done.reset.length,
    notices: [...gone.map(leftNotice), ...(written.notice === undefined ? [] : [written.notice])],
    ...(deferred.size > 0 ? { continuation: message } : {}),
  };
}

/** The ticked rows whose teacher was transferred away: their tick reset nobody. */
async function leftTicks(
  db: D1Database,
  schoolCode: string,
  ticked: readonly number[],
): Promise<LeftRow[]> {
  if (ticked.length === 0) return [];
  const among = new Set(ticked);
  return (await leftAccountRows(db, schoolCode, ticked)).filter((row) => among.has(row.sheetRow));
}

function leftNotice(row: LeftRow): string {
  return `账号第${row.sheetRow}行的重置密码未办理：${leftText(row)}`;
}

/** The rows whose 重置密码 box is ticked: one read of the tab, by its sheetId when bound. */
async function readTicks(google: Google, sheet: AccountSpreadsheet): Promise<number[]> {
  return resetTicks(await readAccountTab(google, sheet, RESET_COLUMNS));
}
