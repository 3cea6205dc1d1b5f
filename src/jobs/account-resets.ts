/**
 * The 重置密码 boxes of a school's account spreadsheet: a teacher who forgot their password gets a
 * new initial password, shown in their row of the 账号 tab as at first issue.
 *
 * Costs (on the account spreadsheet only): run only when the poll's listing shows the file at a
 * version that is neither one already read nor one our own write made, so an idle cycle adds no
 * request; then one read of the tab (columns A–F) and, when a box is ticked or a row is owed,
 * one values.batchUpdate that shows the new passwords and unticks the boxes read ticked.
 *
 * Order, for redelivery: the registry first (new hash, password kept encrypted and owed to the
 * row), then the tab. A delivery that dies between them is redone: the row's password, still
 * owed, is shown and the box unticked, and no second password is issued for the same tick.
 */
import type { IdCrypto } from "../adapters/crypto/index";
import type { Google } from "../adapters/google/index";
import { batchGetValues, wholeTab } from "../adapters/google/sheets";
import {
  accountSheetUnread,
  recordAccountSheetRead,
  resetPasswords,
} from "../adapters/store/accounts-tab";
import { ACCOUNTS_TITLE, resetTicks } from "../core/accounts/tab";
import { writeAccountRows } from "./accounts";
import type { HashBudget } from "./hash-budget";
import type { SyncMessage } from "./messages";

type AccountsMessage = Extract<SyncMessage, { kind: "accounts" }>;

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
  if (!(await accountSheetUnread(db, schoolCode, spreadsheetId, version)))
    return { ...outcome, status: "stale" };
  const [tab] = await batchGetValues(google.client, google.sheetsBaseUrl, spreadsheetId, [
    `${wholeTab(ACCOUNTS_TITLE)}!A1:F`,
  ]);
  const ticked = resetTicks(tab?.values ?? []);
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
    spreadsheetId,
    ticked.filter((row) => !deferred.has(row)),
  );
  if (deferred.size === 0 && written.notice === undefined)
    await recordAccountSheetRead(db, spreadsheetId, version);
  return {
    ...outcome,
    status: "synced",
    reset: done.reset.length,
    notices: written.notice === undefined ? [] : [written.notice],
    ...(deferred.size > 0 ? { continuation: message } : {}),
  };
}
