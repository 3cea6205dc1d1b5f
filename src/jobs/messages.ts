import { z } from "zod";

import { SchoolCategory } from "../core/templates";

/**
 * One message per changed spreadsheet; the version tells a consumer whether it is stale. A
 * school's identity travels with the message (from the file's appProperties), so the consumer
 * needs no lookup to know whose sheet it reads.
 */
export const SyncMessage = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("school"),
    spreadsheetId: z.string().min(1),
    version: z.number().int().nonnegative(),
    school: z.object({
      code: z.string().min(1),
      name: z.string().min(1),
      category: SchoolCategory,
      township: z.string().optional(),
      /** 主管学校 (schools CSV): confirms the school's 在职情况变动 before 人事股. */
      supervisor: z.string().optional(),
      expectedStaff: z.int().nonnegative().nullable().optional(),
    }),
    /** Section key → sheetId, as provisioning recorded on the file (see core/sync/tab-manifest). */
    tabs: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** Sync even if the version was seen: something in the registry concerns this school. */
    force: z.boolean().optional(),
    /**
     * When the poll listed `version` (ISO). A sync long after it asks Drive for the version it
     * reads (school-sync/fresh-version.ts): the listing's is stale under a backlog.
     */
    listedAt: z.string().optional(),
  }),
  z.object({
    kind: z.literal("recheck"),
    spreadsheetId: z.string().min(1),
    version: z.number().int().nonnegative(),
    /** Tab key → sheetId, as provisioning recorded on the file (see core/sync/county-tabs). */
    tabs: z.record(z.string(), z.number().int().nonnegative()).optional(),
    /** Sync even if the version was seen: decisions recorded are owed to their schools. */
    force: z.boolean().optional(),
  }),
  /** A school's account spreadsheet changed: its 重置密码 boxes are read (jobs/account-resets). */
  z.object({
    kind: z.literal("accounts"),
    spreadsheetId: z.string().min(1),
    version: z.number().int().nonnegative(),
    schoolCode: z.string().min(1),
  }),
]);
export type SyncMessage = z.infer<typeof SyncMessage>;

/**
 * Wakes the recheck consumer: the registry has versions to append to the county recheck sheet,
 * or statuses to show there. The work itself is read from D1, so a message carries no personal
 * data and any number of them in a batch cost one read and one write of the county sheet.
 */
export const RecheckMessage = z.object({
  kind: z.literal("reconcile"),
  /** What sent it, for the logs: a school's spreadsheet id, or `cron`. */
  from: z.string().min(1),
});
export type RecheckMessage = z.infer<typeof RecheckMessage>;
