import { z } from "zod";

/** One message per changed spreadsheet; the version tells a consumer whether it is stale. */
export const SyncMessage = z.object({
  spreadsheetId: z.string().min(1),
  version: z.number().int().nonnegative(),
});
export type SyncMessage = z.infer<typeof SyncMessage>;
