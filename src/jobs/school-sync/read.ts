/**
 * Stage 1, read: the school's template tabs in one batchGet, with the teachers' pending portal
 * submissions laid into them, so everything after decides on one picture of the sheet.
 *
 * Guarantees:
 * - one Sheets read (`readTabs`), plus one spreadsheets.get on the first sync of a spreadsheet
 *   provisioned without a manifest; the worker-written tabs are only located, not read;
 * - a submission is laid in as the teacher made it, against the registry's effective values
 *   (core/sync/submissions.ts); nothing is written here but the school's own registration.
 */
import { loadSchoolRegistry, upsertSchools } from "../../adapters/store/registry";
import { pendingSubmissions } from "../../adapters/store/submissions";
import type { SpreadsheetState } from "../../adapters/store/sync-state";
import { type Placement, placeSubmissions } from "../../core/sync/submissions";
import { BOUND_WORKER_TABS } from "../../core/sync/tab-manifest";
import { templateFor } from "../../core/templates";
import type { SchoolMessage, SyncDeps } from "./context";
import { readTabs, type TabsRead } from "./read-tabs";

export interface SheetRead {
  /** The template tabs exactly as read (the request rows and the county rows are read here). */
  readonly read: TabsRead;
  /** The section tabs with the pending submissions laid in: what the sections are decided on. */
  readonly placed: Placement;
  /** The county's calendar day of this sync: date rules and "in the future". */
  readonly today: string;
}

export async function readSheet(
  deps: SyncDeps,
  message: SchoolMessage,
  known: SpreadsheetState | undefined,
): Promise<SheetRead> {
  const { db, google, templates } = deps;
  const { spreadsheetId, school } = message;
  // The school's registration, not a decision of the sync: the registry reads that follow need
  // the school (its first sync), and the spreadsheet it is synced from.
  await upsertSchools(db, [{ ...school, township: school.township ?? "", spreadsheetId }]);
  const sections = templateFor(templates, school.category).map(({ key, title }) => ({
    key,
    title,
  }));
  const manifest = message.tabs === undefined ? null : new Map(Object.entries(message.tabs));
  const read = await readTabs(google, spreadsheetId, sections, manifest, known?.sheetIds ?? null, {
    boundOnly: BOUND_WORKER_TABS,
  });
  const today = isoDate(deps.now);
  const placed = await placePending(deps, school, read.tabs, today);
  return { read, placed, today };
}

/**
 * The school's pending portal submissions laid into the tabs as read (core/sync/submissions.ts);
 * the tabs as read when there are none. The registry's effective values are what a correction
 * was made against.
 */
async function placePending(
  deps: SyncDeps,
  school: SchoolMessage["school"],
  tabs: TabsRead["tabs"],
  today: string,
): Promise<Placement> {
  const pending = await pendingSubmissions(deps.db, school.code, deps.crypto);
  if (pending.length === 0) return { tabs, writes: [], present: [], dropped: [] };
  const registry = await loadSchoolRegistry(deps.db, school.code, [], deps.crypto);
  return placeSubmissions({
    tabs,
    templates: deps.templates,
    category: school.category,
    schoolName: school.name,
    today,
    submissions: pending,
    effectiveOf: (recordId) => registry?.records.get(recordId)?.effective?.values,
  });
}

/** The county's calendar day (UTC+8): date rules and "in the future" follow Beijing time. */
function isoDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
