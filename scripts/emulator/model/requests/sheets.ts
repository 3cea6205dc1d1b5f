/**
 * Tab- and file-level requests: addSheet, duplicateSheet, deleteSheet, updateSheetProperties,
 * updateSpreadsheetProperties.
 */
import { invalidArgument, unimplemented } from "../../errors";
import { applyMask, checkPaths, parseFieldMask } from "../fields";
import { nextId } from "../ids";
import { seal } from "../intern";
import { assertCanEdit } from "../protection";
import { requireSheet } from "../ranges";
import { type Obj, obj, onlyKeys, optBool, optInt, optStr } from "../shape";
import { deleteDimension } from "../structure";
import type { JsonObject, SheetDoc, SheetProperties, SpreadsheetDoc } from "../types";
import { type Ctx, spanRect } from "./context";

const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

const SHEET_FIELDS = [
  "sheetId",
  "title",
  "index",
  "sheetType",
  "gridProperties",
  "hidden",
  "tabColor",
  "tabColorStyle",
  "rightToLeft",
] as const;
const GRID_FIELDS = [
  "rowCount",
  "columnCount",
  "frozenRowCount",
  "frozenColumnCount",
  "hideGridlines",
  "rowGroupControlAfter",
  "columnGroupControlAfter",
] as const;

/** Sheets names new tabs after the file's locale: "Sheet2" in English, "工作表2" in Chinese. */
export function defaultSheetTitle(doc: SpreadsheetDoc, nth: number): string {
  const stem = doc.properties.locale.startsWith("zh") ? "工作表" : "Sheet";
  for (let n = nth; ; n++) {
    const title = `${stem}${n}`;
    if (!titleTaken(doc, title)) return title;
  }
}

function titleTaken(doc: SpreadsheetDoc, title: string, except?: SheetDoc): boolean {
  return doc.sheets.some(
    (s) => s !== except && s.properties.title.toLowerCase() === title.toLowerCase(),
  );
}

function assertTitleFree(doc: SpreadsheetDoc, title: string, except?: SheetDoc): void {
  if (title.trim() === "") throw invalidArgument("The sheet name cannot be empty.");
  if (titleTaken(doc, title, except)) {
    throw invalidArgument(
      `A sheet with the name "${title}" already exists. Please enter another name.`,
    );
  }
}

/** Validates a SheetProperties body: known keys, right types; values are applied by callers. */
function readSheetProperties(value: unknown, where: string): Obj {
  const o = obj(value, where);
  onlyKeys(o, SHEET_FIELDS, where);
  optInt(o.sheetId, `${where}.sheetId`);
  optStr(o.title, `${where}.title`);
  optInt(o.index, `${where}.index`);
  optBool(o.hidden, `${where}.hidden`);
  optBool(o.rightToLeft, `${where}.rightToLeft`);
  if (o.sheetType !== undefined && o.sheetType !== "GRID") {
    throw unimplemented(`${where}.sheetType: only GRID sheets are supported by the emulator`);
  }
  if (o.tabColor !== undefined) obj(o.tabColor, `${where}.tabColor`);
  if (o.tabColorStyle !== undefined) obj(o.tabColorStyle, `${where}.tabColorStyle`);
  if (o.gridProperties !== undefined) {
    const grid = obj(o.gridProperties, `${where}.gridProperties`);
    onlyKeys(grid, GRID_FIELDS, `${where}.gridProperties`);
    for (const key of GRID_FIELDS) {
      const at = `${where}.gridProperties.${key}`;
      if (key.startsWith("hide") || key.endsWith("After")) optBool(grid[key], at);
      else if ((optInt(grid[key], at) ?? 0) < 0) throw invalidArgument(`${at} must be >= 0`);
    }
  }
  return o;
}

function placeAt(doc: SpreadsheetDoc, sheet: SheetDoc, index: number): void {
  const others = doc.sheets.filter((s) => s !== sheet);
  const at = Math.max(0, Math.min(index, others.length));
  doc.sheets = [...others.slice(0, at), sheet, ...others.slice(at)];
  doc.sheets.forEach((s, i) => {
    s.properties.index = i;
  });
}

/** Builds a new tab from (validated) properties, filling Google's defaults. */
export function addSheetTo(doc: SpreadsheetDoc, props: Obj, where: string): SheetDoc {
  const sheetId = optInt(props.sheetId, `${where}.sheetId`) ?? nextId(doc);
  if (sheetId < 0) throw invalidArgument(`${where}.sheetId must be >= 0`);
  if (doc.sheets.some((s) => s.properties.sheetId === sheetId)) {
    throw invalidArgument(`A sheet with id ${sheetId} already exists.`);
  }
  const title =
    optStr(props.title, `${where}.title`) ?? defaultSheetTitle(doc, doc.sheets.length + 1);
  assertTitleFree(doc, title);
  const properties: SheetProperties = {
    sheetId,
    title,
    index: doc.sheets.length,
    sheetType: "GRID",
    gridProperties: { rowCount: DEFAULT_ROWS, columnCount: DEFAULT_COLUMNS },
  };
  applyMask(
    properties as unknown as Record<string, unknown>,
    props,
    Object.keys(props)
      .filter((k) => k !== "gridProperties" && k !== "sheetId" && k !== "title" && k !== "index")
      .map((k) => [k]),
  );
  const grid = props.gridProperties as Obj | undefined;
  if (grid) {
    applyMask(
      properties.gridProperties as unknown as Record<string, unknown>,
      grid,
      Object.keys(grid).map((k) => [k]),
    );
  }
  const sheet: SheetDoc = {
    properties,
    rows: [],
    rowMeta: [],
    columnMeta: [],
    protectedRanges: [],
    conditionalFormats: [],
    charts: [],
    merges: [],
  };
  doc.sheets.push(sheet);
  placeAt(doc, sheet, optInt(props.index, `${where}.index`) ?? doc.sheets.length);
  return sheet;
}

export function addSheet(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["properties"], where);
  const props = readSheetProperties(body.properties ?? {}, `${where}.properties`);
  const sheet = addSheetTo(ctx.doc, props, `${where}.properties`);
  return { properties: structuredClone(sheet.properties) as unknown as JsonObject };
}

/** Google names a copy "Copy of <title>" ("<title> 的副本" in Chinese), numbered if taken. */
function copyTitle(doc: SpreadsheetDoc, title: string): string {
  const stem = doc.properties.locale.startsWith("zh") ? `${title} 的副本` : `Copy of ${title}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? stem : `${stem} ${n}`;
    if (!titleTaken(doc, candidate)) return candidate;
  }
}

/** A GridRange moved onto the copy. */
const onSheet = <T extends { sheetId: number }>(range: T, sheetId: number): T => ({
  ...structuredClone(range),
  sheetId,
});

/**
 * duplicateSheet: a new tab with the source's properties, cells (values, formats, notes,
 * validation), row/column metadata, merges, conditional formats, basic filter and protected
 * ranges, as Sheets copies them. The copy's protections get new ids and keep the source's
 * editors, so a caller who could not edit the source's protected cells cannot edit the copy's.
 * Without insertSheetIndex the copy goes first: the field is a plain proto3 int32 (default 0).
 */
export function duplicateSheet(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["sourceSheetId", "insertSheetIndex", "newSheetId", "newSheetName"], where);
  const source = requireSheet(ctx.doc, optInt(body.sourceSheetId, `${where}.sourceSheetId`) ?? 0);
  if (source.charts.length > 0) {
    throw unimplemented(`${where}: duplicating a tab with charts is not supported by the emulator`);
  }
  const name = optStr(body.newSheetName, `${where}.newSheetName`);
  const { sheetId: _sourceId, ...props } = structuredClone(source.properties);
  const newId = optInt(body.newSheetId, `${where}.newSheetId`);
  const sheet = addSheetTo(
    ctx.doc,
    {
      ...props,
      ...(newId === undefined ? {} : { sheetId: newId }),
      title: name || copyTitle(ctx.doc, source.properties.title),
      index: optInt(body.insertSheetIndex, `${where}.insertSheetIndex`) ?? 0,
    } as unknown as Obj,
    where,
  );
  copyContent(ctx, source, sheet);
  return { properties: structuredClone(sheet.properties) as unknown as JsonObject };
}

function copyContent(ctx: Ctx, source: SheetDoc, sheet: SheetDoc): void {
  const id = sheet.properties.sheetId;
  // Sealed rows and cells are immutable (intern.ts), so the copy shares them. Rows written earlier
  // in this batch are not sealed yet and would be written into in place: seal them first.
  seal(ctx.doc);
  sheet.rows = source.rows;
  sheet.rowMeta = structuredClone(source.rowMeta);
  sheet.columnMeta = structuredClone(source.columnMeta);
  sheet.merges = source.merges.map((range) => onSheet(range, id));
  sheet.conditionalFormats = source.conditionalFormats.map((rule) => ({
    ...structuredClone(rule),
    ranges: rule.ranges.map((range) => onSheet(range, id)),
  }));
  if (source.basicFilter) {
    sheet.basicFilter = {
      ...structuredClone(source.basicFilter),
      range: onSheet(source.basicFilter.range, id),
    };
  }
  for (const pr of source.protectedRanges) {
    const copy = {
      ...structuredClone(pr),
      protectedRangeId: nextId(ctx.doc),
      range: onSheet(pr.range, id),
    };
    if (pr.unprotectedRanges)
      copy.unprotectedRanges = pr.unprotectedRanges.map((r) => onSheet(r, id));
    sheet.protectedRanges.push(copy);
  }
}

export function deleteSheet(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["sheetId"], where);
  const sheetId = optInt(body.sheetId, `${where}.sheetId`) ?? 0;
  const sheet = ctx.doc.sheets.find((s) => s.properties.sheetId === sheetId);
  if (!sheet) throw invalidArgument(`No sheet with id: ${sheetId}`);
  if (ctx.doc.sheets.length === 1) {
    throw invalidArgument("You can't remove all the sheets in a document.");
  }
  assertCanEdit(
    ctx.doc,
    spanRect({ sheet, dimension: "ROWS", start: 0, end: Number.POSITIVE_INFINITY }),
    ctx.actor,
  );
  ctx.doc.sheets = ctx.doc.sheets.filter((s) => s !== sheet);
  ctx.doc.sheets.forEach((s, i) => {
    s.properties.index = i;
  });
  return {};
}

export function updateSheetProperties(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["properties", "fields"], where);
  const props = readSheetProperties(body.properties, `${where}.properties`);
  const sheet = requireSheet(ctx.doc, optInt(props.sheetId, `${where}.properties.sheetId`) ?? 0);
  const writable = SHEET_FIELDS.filter((f) => f !== "sheetId" && f !== "sheetType");
  const paths = checkPaths(parseFieldMask(body.fields, where), writable, where, [
    "title",
    "index",
    "hidden",
    "rightToLeft",
  ]);
  const next = structuredClone(sheet.properties) as unknown as Record<string, unknown>;
  applyMask(next, props, paths);
  const updated = next as unknown as SheetProperties;
  if (updated.title !== sheet.properties.title) {
    if (typeof updated.title !== "string")
      throw invalidArgument(`${where}: title cannot be cleared`);
    assertTitleFree(ctx.doc, updated.title, sheet);
  }
  const grid = updated.gridProperties ?? { rowCount: 0, columnCount: 0 };
  if (!(grid.rowCount > 0 && grid.columnCount > 0)) {
    throw invalidArgument(`${where}: a sheet needs at least one row and one column`);
  }
  const old = sheet.properties.gridProperties;
  // Shrinking the grid deletes the cut-off rows/columns, with the usual protection checks.
  if (grid.rowCount < old.rowCount) {
    const span = { sheet, dimension: "ROWS" as const, start: grid.rowCount, end: old.rowCount };
    assertCanEdit(ctx.doc, spanRect(span), ctx.actor);
    deleteDimension(sheet, "ROWS", grid.rowCount, old.rowCount);
  }
  if (grid.columnCount < old.columnCount) {
    const span = {
      sheet,
      dimension: "COLUMNS" as const,
      start: grid.columnCount,
      end: old.columnCount,
    };
    assertCanEdit(ctx.doc, spanRect(span), ctx.actor);
    deleteDimension(sheet, "COLUMNS", grid.columnCount, old.columnCount);
  }
  const index = updated.index ?? sheet.properties.index;
  sheet.properties = { ...updated, index: sheet.properties.index };
  placeAt(ctx.doc, sheet, index);
  return {};
}

const SPREADSHEET_FIELDS = ["title", "locale", "timeZone", "autoRecalc", "defaultFormat"] as const;

export function updateSpreadsheetProperties(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["properties", "fields"], where);
  const props = obj(body.properties, `${where}.properties`);
  onlyKeys(props, SPREADSHEET_FIELDS, `${where}.properties`);
  for (const key of ["title", "locale", "timeZone", "autoRecalc"] as const) {
    optStr(props[key], `${where}.properties.${key}`);
  }
  const paths = checkPaths(parseFieldMask(body.fields, where), SPREADSHEET_FIELDS, where, [
    "title",
    "locale",
    "timeZone",
    "autoRecalc",
  ]);
  const next = structuredClone(ctx.doc.properties) as unknown as Record<string, unknown>;
  applyMask(next, props, paths);
  if (typeof next.title !== "string" || typeof next.locale !== "string") {
    throw invalidArgument(`${where}: title and locale cannot be cleared`);
  }
  ctx.doc.properties = next as unknown as SpreadsheetDoc["properties"];
  return {};
}
