/**
 * The 「打印账号条」 link in a school's account spreadsheet (beside the 账号 columns, H2:I3):
 * written with the tab's own write when it is owed (no link yet, a new account spreadsheet, or a
 * new base address), so it costs no request of its own; rotated on the county's demand through
 * the admin API, one write (by the 账号 tab's sheetId, as every write of the tab).
 *
 * The token is in the cell only: D1 keeps its hash (written after the cell, so a failed write
 * leaves the link owed, and the next write issues another). Never logged.
 */
import type { Google } from "../adapters/google/index";
import {
  type AccountSpreadsheet,
  accountSpreadsheetOf,
  recordAccountSheetWritten,
} from "../adapters/store/accounts-tab";
import { newSlipToken, recordSlipLink, slipLinkOf } from "../adapters/store/slip-links";

export { showsPasswords } from "../adapters/store/slip-links";

import { slipAddresses, slipLinkWrite } from "../core/accounts/slips";
import type { AccountTabWrite } from "../core/accounts/tab";
import type { Env } from "../env";

/** The base address teachers reach the worker at (PORTAL_BASE_URL), if it is set. */
export function portalBaseOf(env: Pick<Env, "PORTAL_BASE_URL">): string | undefined {
  const base = env.PORTAL_BASE_URL?.trim().replace(/\/+$/, "");
  return base === undefined || base === "" ? undefined : base;
}

export interface OwedSlipLink {
  readonly write: AccountTabWrite;
  /** Records the token once the write is done. */
  commit(now: string): Promise<void>;
}

/** The link write the school's account spreadsheet is owed, if any (none without a base). */
export async function owedSlipLink(
  db: D1Database,
  schoolCode: string,
  spreadsheetId: string,
  base: string | undefined,
): Promise<OwedSlipLink | undefined> {
  if (base === undefined) return undefined;
  const written = await slipLinkOf(db, schoolCode);
  if (written?.spreadsheetId === spreadsheetId && written.baseUrl === base) return undefined;
  return issue(db, schoolCode, spreadsheetId, base);
}

function issue(
  db: D1Database,
  schoolCode: string,
  spreadsheetId: string,
  base: string,
): OwedSlipLink {
  const token = newSlipToken();
  return {
    write: slipLinkWrite(slipAddresses(base, token)),
    commit: (now) => recordSlipLink(db, schoolCode, token, { spreadsheetId, baseUrl: base }, now),
  };
}

export type RotateOutcome =
  | { readonly status: "rotated"; readonly spreadsheetId: string }
  | { readonly status: "no-spreadsheet" };

/**
 * A new link for the school, written now: the old one opens nothing from the moment the new
 * hash is recorded. Throws what the write throws (the old link then still works).
 */
export async function rotateSlipLink(
  deps: { db: D1Database; google: Google; now: Date },
  schoolCode: string,
  base: string,
  /** The 账号 tab's write (jobs/accounts writeAccountTab): by the tab's sheetId when bound. */
  write: (google: Google, sheet: AccountSpreadsheet, data: AccountTabWrite[]) => Promise<void>,
): Promise<RotateOutcome> {
  const sheet = await accountSpreadsheetOf(deps.db, schoolCode);
  if (sheet === undefined) return { status: "no-spreadsheet" };
  const { spreadsheetId } = sheet;
  const link = issue(deps.db, schoolCode, spreadsheetId, base);
  await write(deps.google, sheet, [link.write]);
  // The poll must not take this revision for a system admin's tick.
  await recordAccountSheetWritten(deps.db, schoolCode);
  await link.commit(deps.now.toISOString());
  return { status: "rotated", spreadsheetId };
}
