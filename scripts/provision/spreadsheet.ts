/**
 * Brings one spreadsheet up to its layout: find or create the file, read it (two
 * spreadsheets.get), plan in the core, then apply the plan with at most one batchUpdate, one RAW
 * values.batchUpdate and one permissions.create per missing grant. A spreadsheet that already
 * matches costs the two reads and nothing else.
 */
import type { sheets_v4 } from "googleapis";
import {
  type Change,
  gridRanges,
  isEmptyPlan,
  type Plan,
  planSpreadsheet,
  type SpreadsheetLayout,
  snapshotOf,
} from "../../src/core/provision/index";
import type { GoogleClients } from "./auth";
import { createManaged, type FileKey, type ManagedFile, updateAppProperties } from "./drive-files";
import { type RetryOptions, withRetry } from "./retry";

export type Result = "created" | "completed" | "unchanged";

export interface Target {
  readonly key: FileKey;
  readonly layout: SpreadsheetLayout;
  readonly appProperties: Record<string, string>;
}

export interface Outcome {
  readonly result: Result;
  readonly spreadsheetId: string;
  readonly url: string;
  readonly changes: readonly Change[];
}

export interface ApplyOptions {
  readonly retry: RetryOptions;
  /** Send Google's "shared with you" e-mail to each new reader or writer. */
  readonly notify: boolean;
}

const STRUCTURE_FIELDS =
  "properties.title,sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,description,editors.users))";
const GRID_FIELDS =
  "sheets(properties.title,data(startRow,rowData.values(formattedValue,note,dataValidation.condition,userEnteredFormat.numberFormat)))";

export async function provisionSpreadsheet(
  clients: GoogleClients,
  target: Target,
  existing: ManagedFile | undefined,
  options: ApplyOptions,
): Promise<Outcome> {
  const { drive, sheets } = clients;
  const { retry } = options;
  const file =
    existing ??
    (await createManaged(drive, target.layout.title, target.appProperties, target.key, retry));
  const plan = planSpreadsheet(
    target.layout,
    await read(sheets, file.id, target, retry),
    file.permissions,
  );
  await apply(clients, file.id, plan, options);
  const marked =
    existing !== undefined && (await updateAppProperties(drive, file, target.appProperties, retry));
  const result: Result =
    existing === undefined ? "created" : isEmptyPlan(plan) && !marked ? "unchanged" : "completed";
  return { result, spreadsheetId: file.id, url: file.url, changes: plan.changes };
}

async function read(
  sheets: sheets_v4.Sheets,
  spreadsheetId: string,
  target: Target,
  retry: RetryOptions,
) {
  const structure = (
    await withRetry(
      () => sheets.spreadsheets.get({ spreadsheetId, fields: STRUCTURE_FIELDS }),
      retry,
    )
  ).data;
  const ranges = gridRanges(target.layout.tabs, structure);
  if (ranges.length === 0) return snapshotOf(structure);
  const grid = (
    await withRetry(
      () =>
        sheets.spreadsheets.get({
          spreadsheetId,
          ranges,
          includeGridData: true,
          fields: GRID_FIELDS,
        }),
      retry,
    )
  ).data;
  return snapshotOf(structure, grid);
}

async function apply(
  clients: GoogleClients,
  spreadsheetId: string,
  plan: Plan,
  options: ApplyOptions,
) {
  const { sheets, drive } = clients;
  const { retry } = options;
  if (plan.requests.length > 0) {
    // The core's request types are the same JSON, only readonly: googleapis' are mutable.
    const requests = plan.requests as sheets_v4.Schema$Request[];
    await withRetry(
      () => sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
      retry,
    );
  }
  if (plan.values.length > 0) {
    const data = plan.values.map((write) => ({
      range: write.range,
      values: write.values.map((row) => [...row]),
    }));
    await withRetry(
      () =>
        sheets.spreadsheets.values.batchUpdate({
          spreadsheetId,
          requestBody: { valueInputOption: "RAW", data },
        }),
      retry,
    );
  }
  for (const grant of plan.grants) {
    await withRetry(
      () =>
        drive.permissions.create({
          fileId: spreadsheetId,
          sendNotificationEmail: options.notify,
          requestBody: { type: "user", role: grant.role, emailAddress: grant.email },
          fields: "id",
        }),
      retry,
    );
  }
}
