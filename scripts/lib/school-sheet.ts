import { columnLetters } from "../../src/core/sheets/a1";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { GoogleClients } from "./emulator-clients";

/**
 * What school staff do in their spreadsheet, through the emulator with googleapis as that person:
 * type rows, read a tab, tick 校长审核. Shared by the demo and the browser tests.
 */

/** Headers nobody types under: the approval boxes and the worker's columns, of every template. */
const NOT_TYPED = new Set(
  Object.values(shippedTemplates.categories).flatMap((category) =>
    category.sections.flatMap((section) => section.trailingColumns.map((c) => c.header)),
  ),
);

/**
 * Rows written from sheet row `first` on, one range per run of typed columns: 审核状态 and
 * 校验结果 sit among the data columns (frozen after 姓名 and 身份证件号), protected, and a write
 * whose range covers them is refused whole. Cells a row has no value for are left alone.
 */
export function typedRanges(
  tab: string,
  headers: readonly string[],
  first: number,
  rows: readonly Record<string, string>[],
): { range: string; values: (string | null)[][] }[] {
  const runs: number[][] = [];
  headers.forEach((header, index) => {
    if (header === "" || NOT_TYPED.has(header)) return;
    const last = runs.at(-1);
    if (last !== undefined && last.at(-1) === index - 1) last.push(index);
    else runs.push([index]);
  });
  return runs.map((run) => ({
    range: `'${tab}'!${columnLetters(run[0] ?? 0)}${first}`,
    values: rows.map((row) => run.map((index) => row[headers[index] ?? ""] ?? null)),
  }));
}

export async function typeRows(
  user: GoogleClients,
  id: string,
  tab: string,
  rows: Record<string, string>[],
) {
  const headers = await headerRow(user, id, tab);
  await user.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: id,
    requestBody: { valueInputOption: "USER_ENTERED", data: typedRanges(tab, headers, 2, rows) },
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
