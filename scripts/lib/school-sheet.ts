import { columnLetters } from "../../src/core/sheets/a1";
import type { GoogleClients } from "./emulator-clients";

/**
 * What school staff do in their spreadsheet, through the emulator with googleapis as that person:
 * type rows, read a tab, tick 校长审核. Shared by the demo and the browser tests.
 */

export async function typeRows(
  user: GoogleClients,
  id: string,
  tab: string,
  rows: Record<string, string>[],
) {
  // Only the data columns: the columns from 校长审核 on are protected from info admins.
  const all = await headerRow(user, id, tab);
  const headers = all.slice(0, all.indexOf("校长审核"));
  await user.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: `'${tab}'!A2`,
    valueInputOption: "USER_ENTERED",
    requestBody: { values: rows.map((row) => headers.map((h) => row[h] ?? null)) },
  });
}

export async function headerRow(user: GoogleClients, id: string, tab: string): Promise<string[]> {
  const got = await user.sheets.spreadsheets.values.get({
    spreadsheetId: id,
    range: `'${tab}'!1:1`,
  });
  return (got.data.values?.[0] ?? []).map(String);
}

export async function readTab(user: GoogleClients, id: string, tab: string): Promise<string[][]> {
  const got = await user.sheets.spreadsheets.values.get({ spreadsheetId: id, range: `'${tab}'` });
  return (got.data.values ?? []).map((row) => row.map(String));
}

/** Ticks 校长审核 on every row the worker marked `status` (待审核 by default). */
export async function tickAll(user: GoogleClients, id: string, tab: string, wanted = "待审核") {
  const [headers = [], ...rows] = await readTab(user, id, tab);
  const tick = headers.indexOf("校长审核");
  const status = headers.indexOf("审核状态");
  const data = rows
    .map((row, i) => ({ row: i + 2, status: row[status] }))
    .filter((r) => r.status === wanted)
    .map((r) => ({ range: `'${tab}'!${columnLetters(tick)}${r.row}`, values: [[true]] }));
  if (data.length === 0) return;
  await user.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: id,
    requestBody: { valueInputOption: "RAW", data },
  });
}
