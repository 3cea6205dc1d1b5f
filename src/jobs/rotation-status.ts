/**
 * The daily 205 check (core/business/rotation-status.ts, adapters/store/rotation-status.ts): a
 * rotation's start sets the home school's 人员状态 to 205, its end puts back what was there. Run
 * by every cron tick and by `POST /api/sync` (one D1 query while nothing is due: an idle tick
 * stays cheap), then each home school whose status moved gets a forced sync, which writes 人员状态
 * into 基本信息 (the follow stage's statuses, as for a completed status change).
 *
 * Kept as its own job so that the generic "effects on their date" can take it over at merge.
 */
import { schoolSpreadsheets } from "../adapters/store/claims";
import {
  applyRotationStatuses,
  type RotationStatusOutcome,
} from "../adapters/store/rotation-status";
import type { SyncMessage } from "./messages";
import { chinaDate } from "./summary";

export interface RotationStatusRun extends RotationStatusOutcome {
  /** A forced sync of each home school whose 人员状态 moved (those with a spreadsheet). */
  readonly wake: readonly SyncMessage[];
}

export async function rotationStatusesToday(db: D1Database, now: Date): Promise<RotationStatusRun> {
  const outcome = await applyRotationStatuses(db, chinaDate(now), now.toISOString());
  if (outcome.schools.length === 0) return { ...outcome, wake: [] };
  const sheets = await schoolSpreadsheets(db, outcome.schools);
  const wake = sheets.map(({ spreadsheetId, school }) => ({
    kind: "school" as const,
    spreadsheetId,
    version: 0,
    school,
    force: true,
  }));
  return { ...outcome, wake };
}
