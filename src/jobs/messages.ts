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
    }),
  }),
  z.object({
    kind: z.literal("recheck"),
    spreadsheetId: z.string().min(1),
    version: z.number().int().nonnegative(),
  }),
]);
export type SyncMessage = z.infer<typeof SyncMessage>;
