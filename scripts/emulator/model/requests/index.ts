/**
 * Dispatches batchUpdate requests to their handlers. Every request kind the emulator does not
 * implement fails with 501 naming it, so a caller never mistakes "ignored" for "applied".
 */
import { ApiError, invalidArgument, unimplemented } from "../../errors";
import { isObj } from "../shape";
import type { Actor, JsonObject, SpreadsheetDoc } from "../types";
import { repeatCell, setDataValidation, updateCells } from "./cells";
import type { Handler } from "./context";
import {
  appendDimension,
  autoResizeDimensions,
  deleteDimension,
  insertDimension,
  moveDimension,
  updateDimensionProperties,
} from "./dimensions";
import {
  addConditionalFormatRule,
  clearBasicFilter,
  deleteConditionalFormatRule,
  mergeCells,
  setBasicFilter,
  unmergeCells,
} from "./layout";
import { addChart, createDeveloperMetadata } from "./objects";
import { copyPaste } from "./paste";
import { addProtectedRange, deleteProtectedRange, updateProtectedRange } from "./protect";
import {
  addSheet,
  deleteSheet,
  duplicateSheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
} from "./sheets";
import { sortRange } from "./sort";

const HANDLERS: Record<string, Handler> = {
  addSheet,
  duplicateSheet,
  deleteSheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
  repeatCell,
  copyPaste,
  updateCells,
  setDataValidation,
  insertDimension,
  deleteDimension,
  moveDimension,
  appendDimension,
  updateDimensionProperties,
  autoResizeDimensions,
  sortRange,
  addProtectedRange,
  updateProtectedRange,
  deleteProtectedRange,
  addConditionalFormatRule,
  deleteConditionalFormatRule,
  mergeCells,
  unmergeCells,
  setBasicFilter,
  clearBasicFilter,
  addChart,
  createDeveloperMetadata,
};

/**
 * Applies requests in order to `doc`, which the caller owns (a working copy): a throw leaves it
 * half-updated, and the caller discards it. Validation errors get Google's
 * `Invalid requests[i].kind: …` prefix.
 */
export function applyRequests(doc: SpreadsheetDoc, requests: unknown, actor: Actor): JsonObject[] {
  if (!Array.isArray(requests) || requests.length === 0) {
    throw invalidArgument("Must specify at least one request.");
  }
  return requests.map((request, i) => {
    const kinds = isObj(request) ? Object.keys(request) : [];
    const [kind] = kinds;
    if (!isObj(request) || kinds.length !== 1 || kind === undefined) {
      throw invalidArgument(`Invalid requests[${i}]: exactly one request kind must be set`);
    }
    const handler = HANDLERS[kind];
    if (!handler) {
      throw unimplemented(
        `Invalid requests[${i}].${kind}: the emulator does not implement '${kind}'`,
      );
    }
    const body = request[kind];
    if (!isObj(body)) throw invalidArgument(`Invalid requests[${i}].${kind}: expected an object`);
    const where = `requests[${i}].${kind}`;
    try {
      return replyOf(kind, handler({ doc, actor }, body, where));
    } catch (error) {
      if (
        error instanceof ApiError &&
        error.status === "INVALID_ARGUMENT" &&
        !error.message.startsWith("Invalid")
      ) {
        throw invalidArgument(`Invalid ${where}: ${error.message.replace(`${where}: `, "")}`);
      }
      throw error;
    }
  });
}

/** Google keys each reply by its request kind, and answers `{}` for kinds that reply nothing. */
function replyOf(kind: string, reply: JsonObject): JsonObject {
  return Object.keys(reply).length === 0 ? {} : { [kind]: reply };
}
