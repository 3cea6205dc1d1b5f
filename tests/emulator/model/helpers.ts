import {
  type Actor,
  applyBatchUpdate,
  createSpreadsheet,
  getValues,
  type SpreadsheetDoc,
  updateValues,
  type ValueReadOptions,
} from "../../../scripts/emulator/model/index";

export const OWNER = "owner@example.com";
export const owner: Actor = { email: OWNER, isOwner: true };
export const stranger: Actor = { email: "stranger@example.com", isOwner: false };
export const editor: Actor = { email: "editor@example.com", isOwner: false };

/** A file with the tabs named (first one gets sheetId 0). */
export function newDoc(...titles: string[]): SpreadsheetDoc {
  const sheets = (titles.length ? titles : ["Sheet1"]).map((title) => ({ properties: { title } }));
  return createSpreadsheet("file-1", { properties: { title: "Test" }, sheets }, OWNER);
}

export function write(
  doc: SpreadsheetDoc,
  range: string,
  values: unknown[][],
  valueInputOption: "RAW" | "USER_ENTERED" = "USER_ENTERED",
  actor: Actor = owner,
): SpreadsheetDoc {
  return updateValues(doc, range, { values }, { valueInputOption }, actor).doc;
}

export function read(doc: SpreadsheetDoc, range: string, opts: ValueReadOptions = {}): unknown {
  return (getValues(doc, range, opts) as { values?: unknown }).values;
}

export function batch(doc: SpreadsheetDoc, requests: unknown[], actor: Actor = owner) {
  return applyBatchUpdate(doc, { requests }, actor);
}

export function sheetIdOf(doc: SpreadsheetDoc, title: string): number {
  const sheet = doc.sheets.find((s) => s.properties.title === title);
  if (!sheet) throw new Error(`no tab ${title}`);
  return sheet.properties.sheetId;
}
