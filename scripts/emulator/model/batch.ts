/** spreadsheets.batchUpdate: all requests apply to one working copy, or none do. */
import { mutate } from "./intern";
import { applyRequests } from "./requests/index";
import { isObj } from "./shape";
import { renderSpreadsheet } from "./spreadsheet";
import type { Actor, JsonObject, Mutation, SpreadsheetDoc } from "./types";

export interface BatchUpdateBody {
  requests?: unknown[];
  includeSpreadsheetInResponse?: boolean;
  responseRanges?: string[];
  responseIncludeGridData?: boolean;
}

export function applyBatchUpdate(
  doc: SpreadsheetDoc,
  body: BatchUpdateBody,
  actor: Actor,
): Mutation<object> {
  return mutate(doc, (next) => {
    const replies = applyRequests(next, isObj(body) ? body.requests : undefined, actor);
    const response: JsonObject = { spreadsheetId: next.spreadsheetId, replies };
    if (body.includeSpreadsheetInResponse) {
      response.updatedSpreadsheet = renderSpreadsheet(next, {
        ranges: body.responseRanges,
        includeGridData: body.responseIncludeGridData,
        actor,
      }) as JsonObject;
    }
    return response as object;
  });
}
