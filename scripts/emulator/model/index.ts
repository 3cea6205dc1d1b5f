/**
 * The emulated Google Sheets model: pure functions from (document, request) to (new document,
 * response). No I/O, no clock; the HTTP server owns persistence, auth and quotas.
 */
export { applyBatchUpdate, type BatchUpdateBody } from "./batch";
export { decodeDoc, encodeDoc } from "./codec";
export { createSpreadsheet, renderSpreadsheet, sheetTitles } from "./spreadsheet";
export type {
  Actor,
  Mutation,
  SpreadsheetDoc,
  ValueReadOptions,
  ValueWriteOptions,
} from "./types";
export {
  appendValues,
  batchClearValues,
  batchGetValues,
  batchGetValuesByDataFilter,
  batchUpdateValues,
  clearValues,
  getValues,
  updateValues,
} from "./values";
