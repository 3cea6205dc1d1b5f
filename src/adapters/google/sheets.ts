import { z } from "zod";
import type { GridRange } from "../../core/provision/requests";
import { titleOf } from "../../core/sync/read-rows";
import type { GoogleClient } from "./client";
import { withSlash } from "./drive";

const CellValue = z.union([z.string(), z.number(), z.boolean()]);
export type CellValue = z.infer<typeof CellValue>;

const SpreadsheetTabs = z.object({
  properties: z.object({ title: z.string() }),
  sheets: z
    .array(z.object({ properties: z.object({ sheetId: z.number(), title: z.string() }) }))
    .default([]),
});
export type SpreadsheetTabs = z.infer<typeof SpreadsheetTabs>;

const ValueRange = z.object({
  range: z.string(),
  values: z.array(z.array(CellValue)).optional(),
});
const BatchGet = z.object({ valueRanges: z.array(ValueRange).default([]) });

/** Compact JSON: a school's batchGet is about half the size without Google's pretty-printing. */
function spreadsheetUrl(base: string, spreadsheetId: string, suffix = ""): URL {
  const url = new URL(
    `v4/spreadsheets/${encodeURIComponent(spreadsheetId)}${suffix}`,
    withSlash(base),
  );
  url.searchParams.set("prettyPrint", "false");
  return url;
}

const BatchUpdateResponse = z.object({ spreadsheetId: z.string() });

/** One spreadsheets.batchUpdate: the whole write-back of a sync goes in a single request. */
export async function batchUpdate(
  client: GoogleClient,
  sheetsBaseUrl: string,
  spreadsheetId: string,
  body: { requests: readonly unknown[] },
): Promise<void> {
  const url = spreadsheetUrl(sheetsBaseUrl, spreadsheetId, ":batchUpdate");
  await client.request({
    method: "POST",
    url: url.toString(),
    schema: BatchUpdateResponse,
    body,
    label: "sheets.spreadsheets.batchUpdate",
  });
}

/** Title and tab list only: the `fields` mask keeps grid data out of the response. */
export async function getSpreadsheetTabs(
  client: GoogleClient,
  sheetsBaseUrl: string,
  spreadsheetId: string,
): Promise<SpreadsheetTabs> {
  const url = spreadsheetUrl(sheetsBaseUrl, spreadsheetId);
  url.searchParams.set("fields", "properties.title,sheets.properties(sheetId,title)");
  return client.request({
    method: "GET",
    url: url.toString(),
    schema: SpreadsheetTabs,
    label: "sheets.spreadsheets.get",
  });
}

/** A1 reference to a whole tab, quoted so any tab name (Chinese, spaces, apostrophes) works. */
export function wholeTab(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

/**
 * All values of the given ranges in one request, as the worker reads sheets: unformatted, dates
 * as serial numbers (normalisation turns them into dates; a formatted string would depend on the
 * spreadsheet's locale).
 */
export async function batchGetValues(
  client: GoogleClient,
  sheetsBaseUrl: string,
  spreadsheetId: string,
  ranges: readonly string[],
): Promise<{ range: string; values: CellValue[][] }[]> {
  const url = spreadsheetUrl(sheetsBaseUrl, spreadsheetId, "/values:batchGet");
  for (const range of ranges) url.searchParams.append("ranges", range);
  url.searchParams.set("valueRenderOption", "UNFORMATTED_VALUE");
  url.searchParams.set("dateTimeRenderOption", "SERIAL_NUMBER");
  const body = await client.request({
    method: "GET",
    url: url.toString(),
    schema: BatchGet,
    label: "sheets.spreadsheets.values.batchGet",
  });
  return body.valueRanges.map((vr) => ({ range: vr.range, values: vr.values ?? [] }));
}

const MatchedValueRange = z.object({
  valueRange: ValueRange,
  dataFilters: z.array(z.object({ gridRange: z.object({ sheetId: z.number().default(0) }) })),
});
const BatchGetByDataFilter = z.object({ valueRanges: z.array(MatchedValueRange).default([]) });

/**
 * Values of tabs named by sheetId (values.batchGetByDataFilter, one read like batchGet), each with
 * the title the tab has now. Reading by id, not by title, is what keeps a tab a school renamed
 * and replaced with a look-alike from being taken for the provisioned one. A range whose tab no
 * longer exists is absent from the reply.
 */
export async function batchGetByGridRanges(
  client: GoogleClient,
  sheetsBaseUrl: string,
  spreadsheetId: string,
  ranges: readonly GridRange[],
): Promise<{ sheetId: number; title: string; values: CellValue[][] }[]> {
  const url = spreadsheetUrl(sheetsBaseUrl, spreadsheetId, "/values:batchGetByDataFilter");
  const body = await client.request({
    method: "POST",
    url: url.toString(),
    schema: BatchGetByDataFilter,
    body: {
      dataFilters: ranges.map((gridRange) => ({ gridRange })),
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: "SERIAL_NUMBER",
    },
    label: "sheets.spreadsheets.values.batchGetByDataFilter",
  });
  return body.valueRanges.map(({ valueRange, dataFilters }) => ({
    sheetId: dataFilters[0]?.gridRange.sheetId ?? 0,
    title: titleOf(valueRange.range),
    values: valueRange.values ?? [],
  }));
}

const BatchUpdateValuesResponse = z.object({ spreadsheetId: z.string() });

/**
 * One values.batchUpdate with valueInputOption RAW: text is stored as text, never parsed as a
 * formula or a date. A `null` cell is left as it is.
 */
export async function batchUpdateValues(
  client: GoogleClient,
  sheetsBaseUrl: string,
  spreadsheetId: string,
  data: readonly { range: string; values: readonly (readonly (string | number | null)[])[] }[],
): Promise<void> {
  const url = spreadsheetUrl(sheetsBaseUrl, spreadsheetId, "/values:batchUpdate");
  await client.request({
    method: "POST",
    url: url.toString(),
    schema: BatchUpdateValuesResponse,
    body: { valueInputOption: "RAW", data },
    label: "sheets.spreadsheets.values.batchUpdate",
  });
}
