/** Creating a spreadsheet document and rendering it as the Spreadsheet resource. */
import { invalidArgument, unimplemented } from "../errors";
import { parseA1 } from "./a1";
import { sparseColours } from "./colours";
import { Evaluator } from "./effective";
import { seedOf } from "./ids";
import { seal } from "./intern";
import { clampToGrid, type Rect } from "./ranges";
import { renderGridData } from "./render";
import { applyRequests } from "./requests/index";
import { renderProtectedRange } from "./requests/protect";
import { addSheetTo } from "./requests/sheets";
import { isObj, obj, onlyKeys, optArr, optStr } from "./shape";
import type { Actor, JsonObject, SheetDoc, SpreadsheetDoc } from "./types";

const SHEET_PARTS = [
  "properties",
  "data",
  "protectedRanges",
  "conditionalFormats",
  "merges",
  "basicFilter",
] as const;

/**
 * Builds a document from a Spreadsheet body as spreadsheets.create accepts it. Besides the tab
 * properties, initial data, protected ranges, conditional formats, merges and basic filters are
 * honoured by replaying them as the equivalent batchUpdate requests, so they get the same checks.
 */
export function createSpreadsheet(
  spreadsheetId: string,
  body: unknown,
  ownerEmail: string,
): SpreadsheetDoc {
  const input = obj(body ?? {}, "spreadsheet");
  onlyKeys(
    input,
    ["spreadsheetId", "properties", "sheets", "namedRanges", "developerMetadata", "spreadsheetUrl"],
    "spreadsheet",
  );
  if ((optArr(input.namedRanges, "namedRanges") ?? []).length > 0) {
    throw unimplemented("namedRanges are not supported by the emulator");
  }
  const props = obj(input.properties ?? {}, "properties");
  onlyKeys(props, ["title", "locale", "timeZone", "autoRecalc", "defaultFormat"], "properties");
  const doc: SpreadsheetDoc = {
    spreadsheetId,
    ownerEmail,
    properties: {
      title: optStr(props.title, "properties.title") ?? "Untitled spreadsheet",
      locale: optStr(props.locale, "properties.locale") ?? "zh_CN",
      timeZone: optStr(props.timeZone, "properties.timeZone") ?? "Asia/Shanghai",
      autoRecalc: optStr(props.autoRecalc, "properties.autoRecalc") ?? "ON_CHANGE",
    },
    sheets: [],
    developerMetadata: [],
    idSeed: seedOf(spreadsheetId),
  };
  if (isObj(props.defaultFormat))
    doc.properties.defaultFormat = structuredClone(props.defaultFormat) as JsonObject;
  const sheets = (optArr(input.sheets, "sheets") ?? []).map((s, i) => obj(s, `sheets[${i}]`));
  sheets.forEach((sheet, i) => {
    onlyKeys(sheet, SHEET_PARTS, `sheets[${i}]`);
    const sheetProps = obj(sheet.properties ?? {}, `sheets[${i}].properties`);
    // Google gives the first tab id 0 unless the caller chose one.
    const withId =
      i === 0 && sheetProps.sheetId === undefined ? { ...sheetProps, sheetId: 0 } : sheetProps;
    addSheetTo(doc, withId, `sheets[${i}].properties`);
  });
  if (doc.sheets.length === 0) addSheetTo(doc, { sheetId: 0 }, "sheets[0].properties");
  const owner: Actor = { email: ownerEmail, isOwner: true };
  const requests = sheets.flatMap((sheet, i) => initialRequests(sheet, doc.sheets[i] as SheetDoc));
  if (requests.length > 0) applyRequests(doc, requests, owner);
  const metadata = optArr(input.developerMetadata, "developerMetadata") ?? [];
  if (metadata.length > 0) {
    applyRequests(
      doc,
      metadata.map((m) => ({ createDeveloperMetadata: { developerMetadata: m } })),
      owner,
    );
  }
  return seal(doc);
}

function initialRequests(sheet: Record<string, unknown>, created: SheetDoc): unknown[] {
  const sheetId = created.properties.sheetId;
  const list = (key: string) => optArr(sheet[key], key) ?? [];
  return [
    ...list("data").map((grid) => {
      const g = obj(grid, "data");
      onlyKeys(g, ["startRow", "startColumn", "rowData", "rowMetadata", "columnMetadata"], "data");
      return {
        updateCells: {
          rows: g.rowData ?? [],
          fields: "userEnteredValue,userEnteredFormat,note,dataValidation,textFormatRuns",
          start: { sheetId, rowIndex: g.startRow ?? 0, columnIndex: g.startColumn ?? 0 },
        },
      };
    }),
    ...list("protectedRanges").map((pr) => ({ addProtectedRange: { protectedRange: pr } })),
    ...list("conditionalFormats").map((rule, index) => ({
      addConditionalFormatRule: { rule, index },
    })),
    ...list("merges").map((range) => ({ mergeCells: { range, mergeType: "MERGE_ALL" } })),
    ...(sheet.basicFilter === undefined ? [] : [{ setBasicFilter: { filter: sheet.basicFilter } }]),
  ];
}

export function sheetTitles(doc: SpreadsheetDoc): string[] {
  return doc.sheets.map((s) => s.properties.title);
}

export interface RenderSpreadsheetOptions {
  ranges?: string[];
  includeGridData?: boolean;
  actor?: Actor;
}

function renderSheet(
  ev: Evaluator,
  doc: SpreadsheetDoc,
  sheet: SheetDoc,
  rects: Rect[],
  opts: RenderSpreadsheetOptions,
): JsonObject {
  const out: JsonObject = {
    properties: structuredClone(sheet.properties) as unknown as JsonObject,
  };
  if (opts.includeGridData) out.data = rects.map((rect) => renderGridData(ev, sheet, rect));
  if (sheet.merges.length > 0)
    out.merges = structuredClone(sheet.merges) as unknown as JsonObject[];
  if (sheet.conditionalFormats.length > 0) {
    out.conditionalFormats = sparseColours(sheet.conditionalFormats) as unknown as JsonObject[];
  }
  if (sheet.protectedRanges.length > 0) {
    out.protectedRanges = sheet.protectedRanges.map((pr) => renderProtectedRange(pr, opts.actor));
  }
  if (sheet.basicFilter)
    out.basicFilter = structuredClone(sheet.basicFilter) as unknown as JsonObject;
  if (sheet.charts.length > 0)
    out.charts = structuredClone(sheet.charts) as unknown as JsonObject[];
  const metadata = doc.developerMetadata.filter(
    (m) => m.location.sheetId === sheet.properties.sheetId,
  );
  if (metadata.length > 0)
    out.developerMetadata = structuredClone(metadata) as unknown as JsonObject[];
  return out;
}

/**
 * The Spreadsheet resource. With `ranges`, only the tabs they name are returned (and, with grid
 * data, only those ranges' cells). `requestingUserCanEdit` is computed for `actor`; without an
 * actor the caller is treated as someone who is neither owner nor editor.
 */
export function renderSpreadsheet(doc: SpreadsheetDoc, opts: RenderSpreadsheetOptions): object {
  const ev = new Evaluator(doc);
  const selected = new Map<SheetDoc, Rect[]>();
  for (const range of opts.ranges ?? []) {
    const { sheet, rect } = parseA1(doc, range);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    if (rect.startRow >= rowCount || rect.startCol >= columnCount) {
      throw invalidArgument(
        `Range (${range}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
      );
    }
    selected.set(sheet, [...(selected.get(sheet) ?? []), clampToGrid(rect, sheet)]);
  }
  const sheets = (opts.ranges?.length ? doc.sheets.filter((s) => selected.has(s)) : doc.sheets).map(
    (sheet) => {
      const whole = clampToGrid(
        {
          sheetId: sheet.properties.sheetId,
          startRow: 0,
          endRow: Number.POSITIVE_INFINITY,
          startCol: 0,
          endCol: Number.POSITIVE_INFINITY,
        },
        sheet,
      );
      return renderSheet(ev, doc, sheet, selected.get(sheet) ?? [whole], opts);
    },
  );
  const out: JsonObject = {
    spreadsheetId: doc.spreadsheetId,
    properties: structuredClone(doc.properties) as unknown as JsonObject,
    sheets,
  };
  const metadata = doc.developerMetadata.filter((m) => m.location.spreadsheet);
  if (metadata.length > 0)
    out.developerMetadata = structuredClone(metadata) as unknown as JsonObject[];
  out.spreadsheetUrl = `https://docs.google.com/spreadsheets/d/${doc.spreadsheetId}/edit`;
  return out;
}
