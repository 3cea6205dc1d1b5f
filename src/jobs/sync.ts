import type { Google } from "../adapters/google/index";
import { batchGetValues, getSpreadsheetTabs, wholeTab } from "../adapters/google/sheets";
import { getSpreadsheetState, recordSpreadsheetSynced } from "../adapters/store/sync-state";
import type { SyncMessage } from "./messages";

export interface SyncOutcome {
  spreadsheetId: string;
  status: "synced" | "stale";
  title?: string;
  tabs?: { title: string; rows: number }[];
}

/**
 * Reads one changed spreadsheet. Idempotent: a message whose version is already synced (a
 * redelivery, or an older notice overtaken by a newer one) does nothing.
 */
export async function syncSpreadsheet(
  db: D1Database,
  google: Google,
  message: SyncMessage,
  now: Date,
): Promise<SyncOutcome> {
  const known = await getSpreadsheetState(db, message.spreadsheetId);
  if (known && known.syncedVersion >= message.version) {
    return { spreadsheetId: message.spreadsheetId, status: "stale" };
  }
  const meta = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, message.spreadsheetId);
  const titles = meta.sheets.map((s) => s.properties.title);
  const ranges = await batchGetValues(
    google.client,
    google.sheetsBaseUrl,
    message.spreadsheetId,
    titles.map(wholeTab),
  );
  // Row 1 is the header row; everything under it is data.
  const tabs = titles.map((title, i) => ({
    title,
    rows: Math.max(0, (ranges[i]?.values.length ?? 0) - 1),
  }));
  await recordSpreadsheetSynced(db, {
    spreadsheetId: message.spreadsheetId,
    title: meta.properties.title,
    syncedVersion: message.version,
    ownWriteVersion: null,
    sheetIds: Object.fromEntries(
      meta.sheets.map((s) => [s.properties.title, s.properties.sheetId]),
    ),
    tabCount: tabs.length,
    rowCount: tabs.reduce((sum, t) => sum + t.rows, 0),
    syncedAt: now.toISOString(),
  });
  return {
    spreadsheetId: message.spreadsheetId,
    status: "synced",
    title: meta.properties.title,
    tabs,
  };
}
