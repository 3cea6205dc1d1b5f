import { z } from "zod";
import { invalidArgument } from "../errors";

/**
 * Request bodies of the Sheets methods, checked at the door so the model receives the shapes it
 * declares. Unknown fields are refused with Google's own wording, which is what catches a
 * misspelt `valueInputOption` in a body instead of silently writing with the default.
 */

const RenderOption = z.enum(["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"]);
const DateTimeOption = z.enum(["SERIAL_NUMBER", "FORMATTED_STRING"]);

export const ValueRange = z.strictObject({
  range: z.string().optional(),
  majorDimension: z.enum(["ROWS", "COLUMNS"]).optional(),
  values: z.array(z.array(z.unknown())).optional(),
});

export const BatchUpdateValuesBody = z.strictObject({
  valueInputOption: z.enum(["RAW", "USER_ENTERED"]).optional(),
  data: z.array(ValueRange).optional(),
  includeValuesInResponse: z.boolean().optional(),
  responseValueRenderOption: RenderOption.optional(),
  responseDateTimeRenderOption: DateTimeOption.optional(),
});

export const BatchUpdateBody = z.strictObject({
  requests: z.array(z.record(z.string(), z.unknown())).optional(),
  includeSpreadsheetInResponse: z.boolean().optional(),
  responseRanges: z.array(z.string()).optional(),
  responseIncludeGridData: z.boolean().optional(),
});

const GridRange = z.strictObject({
  sheetId: z.number().int().optional(),
  startRowIndex: z.number().int().nonnegative().optional(),
  endRowIndex: z.number().int().nonnegative().optional(),
  startColumnIndex: z.number().int().nonnegative().optional(),
  endColumnIndex: z.number().int().nonnegative().optional(),
});

const DataFilter = z.union([
  z.strictObject({ gridRange: GridRange }),
  z.strictObject({ a1Range: z.string() }),
]);

export const BatchGetByDataFilterBody = z.strictObject({
  dataFilters: z.array(DataFilter).min(1),
  majorDimension: z.enum(["ROWS", "COLUMNS"]).optional(),
  valueRenderOption: RenderOption.optional(),
  dateTimeRenderOption: DateTimeOption.optional(),
});

export const BatchClearBody = z.strictObject({
  ranges: z.array(z.string()).optional(),
});

export function parseSheetsBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const where = issue.path.length ? ` at '${issue.path.join(".")}'` : "";
    throw invalidArgument(
      `Invalid JSON payload received. Unknown name "${issue.keys[0]}"${where}: Cannot find field.`,
    );
  }
  throw invalidArgument(
    `Invalid value at '${issue?.path.join(".") ?? ""}': ${issue?.message ?? "invalid"}`,
  );
}
