import { z } from "zod";

/** Spreadsheet kinds provisioning marks with the `tmisKind` appProperty. */
export const SpreadsheetKind = z.enum(["school", "recheck", "summary"]);
export type SpreadsheetKind = z.infer<typeof SpreadsheetKind>;

/** One message per changed spreadsheet; the version tells a consumer whether it is stale. */
export const SyncMessage = z.object({
  spreadsheetId: z.string().min(1),
  version: z.number().int().nonnegative(),
  kind: SpreadsheetKind.default("school"),
  schoolCode: z.string().optional(),
});
export type SyncMessage = z.infer<typeof SyncMessage>;
