/**
 * Brings one spreadsheet up to its layout: find or create the file, read it (two
 * spreadsheets.get), plan in the core, then apply the plan with at most one batchUpdate, one RAW
 * values.batchUpdate and one Drive permissions call per grant to add, lower or remove. The grants
 * are recorded on the file last (the roster the next run and the worker's audit read): a run that
 * fails midway leaves the old roster, so the next run still knows what to take back. A
 * spreadsheet that already matches costs the two reads and nothing else.
 */
import type { sheets_v4 } from "googleapis";
import {
  boundTitles,
  type Change,
  type ExistingPermission,
  type GrantPlan,
  gridRanges,
  isEmptyPlan,
  type Plan,
  planSpreadsheet,
  planTabRepairs,
  type SheetsRequest,
  type SpreadsheetLayout,
  sheetIdsAfter,
  snapshotOf,
  type TabIdentity,
} from "../../src/core/provision/index";
import { recordedGrants } from "../../src/core/sharing/audit";
import { decodeTabManifest, encodeTabManifest } from "../../src/core/sync/tab-manifest";
import type { GoogleClients } from "./auth";
import { createManaged, type FileKey, type ManagedFile, updateAppProperties } from "./drive-files";
import { type RetryOptions, statusOf, withRetry } from "./retry";

export type Result = "created" | "completed" | "unchanged";

export interface Target {
  readonly key: FileKey;
  readonly layout: SpreadsheetLayout;
  readonly appProperties: Record<string, string>;
  /**
   * Template title → section key of the tabs the worker reads by sheetId: their ids are recorded
   * on the file (the tab manifest), and a bound tab found renamed is given its title back.
   */
  readonly tabKeys?: Readonly<Record<string, string>>;
}

export interface Outcome {
  readonly result: Result;
  readonly spreadsheetId: string;
  readonly url: string;
  readonly changes: readonly Change[];
  /** Grants provisioning did not make, left in place: for people to check. */
  readonly kept: readonly ExistingPermission[];
}

export interface ApplyOptions {
  readonly retry: RetryOptions;
  /** Send Google's "shared with you" e-mail to each new reader or writer. */
  readonly notify: boolean;
}

const STRUCTURE_FIELDS =
  "properties.title,sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount,frozenColumnCount)),protectedRanges(protectedRangeId,description,editors.users,unprotectedRanges),conditionalFormats(ranges,booleanRule))";
const GRID_FIELDS =
  "sheets(properties.title,data(startRow,rowData.values(formattedValue,note,dataValidation.condition,userEnteredFormat(numberFormat,textFormat(foregroundColor,foregroundColorStyle)))))";

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
  const first = await read(sheets, file.id, target, retry);
  const repairs = tabRepairs(file, target, first.sheets);
  if (repairs.requests.length > 0) {
    const requests = repairs.requests as sheets_v4.Schema$Request[];
    await withRetry(
      () => sheets.spreadsheets.batchUpdate({ spreadsheetId: file.id, requestBody: { requests } }),
      retry,
    );
  }
  // Renamed tabs change what the planner must see: read again only then.
  const snapshot = repairs.requests.length > 0 ? await read(sheets, file.id, target, retry) : first;
  const roster = recordedGrants(file.appProperties);
  const plan = planSpreadsheet(target.layout, snapshot, file.permissions, roster);
  await apply(clients, file.id, plan, options);
  const wanted = {
    ...target.appProperties,
    ...manifestOf(target, sheetIdsAfter(snapshot.sheets, plan)),
  };
  const marked = await updateAppProperties(drive, file, wanted, retry);
  const changed = !isEmptyPlan(plan) || marked || repairs.changes.length > 0;
  const result: Result = existing === undefined ? "created" : changed ? "completed" : "unchanged";
  return {
    result,
    spreadsheetId: file.id,
    url: file.url,
    changes: [...repairs.changes, ...plan.changes],
    kept: plan.grants.kept,
  };
}

/**
 * Bound tabs found renamed get their titles back (a look-alike under the title is moved aside),
 * planned from the structure the planner reads anyway; nothing when the file has no manifest.
 */
function tabRepairs(
  file: ManagedFile,
  target: Target,
  tabs: readonly TabIdentity[],
): { requests: readonly SheetsRequest[]; changes: Change[] } {
  const manifest = decodeTabManifest(file.appProperties);
  if (target.tabKeys === undefined || manifest === null) return { requests: [], changes: [] };
  const titled = Object.entries(target.tabKeys).map(([title, key]) => ({ title, key }));
  const bound = boundTitles(manifest, titled);
  const repairs = planTabRepairs(bound, tabs);
  return {
    requests: repairs.requests,
    changes: [
      ...repairs.setAside.map((title) => ({ kind: "setAside" as const, target: title })),
      ...repairs.restored.map((title) => ({ kind: "restoreTab" as const, target: title })),
    ],
  };
}

function manifestOf(target: Target, sheetIds: ReadonlyMap<string, number>): Record<string, string> {
  if (target.tabKeys === undefined) return {};
  const manifest = new Map<string, number>();
  for (const [title, key] of Object.entries(target.tabKeys)) {
    const sheetId = sheetIds.get(title);
    if (sheetId !== undefined) manifest.set(key, sheetId);
  }
  return encodeTabManifest(manifest);
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
  await applyGrants(drive, spreadsheetId, plan.grants, options);
}

async function applyGrants(
  drive: GoogleClients["drive"],
  fileId: string,
  grants: GrantPlan,
  options: ApplyOptions,
) {
  const { retry } = options;
  for (const grant of grants.create) {
    await withRetry(
      () =>
        drive.permissions.create({
          fileId,
          sendNotificationEmail: options.notify,
          requestBody: { type: "user", role: grant.role, emailAddress: grant.email },
          fields: "id",
        }),
      retry,
    );
  }
  for (const grant of grants.lower) {
    await withRetry(
      () =>
        drive.permissions.update({
          fileId,
          permissionId: grant.permissionId,
          requestBody: { role: grant.role },
          fields: "id",
        }),
      retry,
    );
  }
  for (const grant of grants.remove) {
    // Already gone (a retried delete whose first answer was lost, or the owner was quicker) is
    // what was wanted.
    await withRetry(
      () => drive.permissions.delete({ fileId, permissionId: grant.permissionId }),
      retry,
    ).catch((error: unknown) => {
      if (statusOf(error) !== 404) throw error;
    });
  }
}
