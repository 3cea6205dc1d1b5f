/**
 * Row/column requests: insertDimension, deleteDimension, moveDimension, appendDimension,
 * updateDimensionProperties, autoResizeDimensions.
 */
import { invalidArgument } from "../../errors";
import { applyMask, checkPaths, parseFieldMask } from "../fields";
import { assertCanEdit, assertCanInsert } from "../protection";
import { requireSheet } from "../ranges";
import { int, type Obj, obj, oneOf, onlyKeys, optBool, optInt } from "../shape";
import {
  deleteDimension as deleteSpan,
  insertDimension as insertSpan,
  moveDimension as moveSpan,
} from "../structure";
import type { DimensionMeta, JsonObject } from "../types";
import { type Ctx, countOf, readDimensionRange, spanRect } from "./context";

export function insertDimension(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "inheritFromBefore"], where);
  const range = obj(body.range, `${where}.range`);
  const sheet = requireSheet(ctx.doc, optInt(range.sheetId, `${where}.range.sheetId`) ?? 0);
  const dimension = oneOf(
    range.dimension,
    ["ROWS", "COLUMNS"] as const,
    `${where}.range.dimension`,
  );
  if (!dimension) throw invalidArgument(`${where}.range: dimension must be ROWS or COLUMNS`);
  onlyKeys(range, ["sheetId", "dimension", "startIndex", "endIndex"], `${where}.range`);
  const start = int(range.startIndex, `${where}.range.startIndex`);
  const end = int(range.endIndex, `${where}.range.endIndex`);
  const count = countOf(sheet, dimension);
  if (start < 0 || end <= start || start > count) {
    throw invalidArgument(
      `${where}: invalid span [${start}, ${end}) for a sheet with ${count} ${dimension.toLowerCase()}`,
    );
  }
  const before = optBool(body.inheritFromBefore, `${where}.inheritFromBefore`) ?? false;
  if (before && start === 0) {
    throw invalidArgument(`${where}: cannot inherit from before when inserting at index 0`);
  }
  assertCanInsert(ctx.doc, sheet.properties.sheetId, dimension, start, ctx.actor);
  const inheritFrom = before ? start - 1 : start < count ? start : undefined;
  insertSpan(sheet, dimension, start, end - start, inheritFrom);
  return {};
}

export function deleteDimension(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range"], where);
  const span = readDimensionRange(ctx, body.range, `${where}.range`);
  if (span.start === span.end) throw invalidArgument(`${where}: the range is empty`);
  if (span.start === 0 && span.end === countOf(span.sheet, span.dimension)) {
    throw invalidArgument(
      `You can't delete all the ${span.dimension === "ROWS" ? "rows" : "columns"} on the sheet.`,
    );
  }
  assertCanEdit(ctx.doc, spanRect(span), ctx.actor);
  deleteSpan(span.sheet, span.dimension, span.start, span.end);
  return {};
}

export function moveDimension(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["source", "destinationIndex"], where);
  const span = readDimensionRange(ctx, body.source, `${where}.source`);
  const destination = int(body.destinationIndex, `${where}.destinationIndex`);
  if (destination < 0 || destination > countOf(span.sheet, span.dimension)) {
    throw invalidArgument(`${where}: destinationIndex ${destination} is outside the sheet`);
  }
  const low = Math.min(span.start, destination);
  const high = Math.max(span.end, destination);
  assertCanEdit(ctx.doc, spanRect(span, low, high), ctx.actor);
  moveSpan(span.sheet, span.dimension, span.start, span.end, destination);
  return {};
}

export function appendDimension(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["sheetId", "dimension", "length"], where);
  const sheet = requireSheet(ctx.doc, optInt(body.sheetId, `${where}.sheetId`) ?? 0);
  const dimension = oneOf(body.dimension, ["ROWS", "COLUMNS"] as const, `${where}.dimension`);
  if (!dimension) throw invalidArgument(`${where}: dimension must be ROWS or COLUMNS`);
  const length = int(body.length, `${where}.length`);
  if (length <= 0) throw invalidArgument(`${where}: length must be positive, got ${length}`);
  const grid = sheet.properties.gridProperties;
  if (dimension === "ROWS") grid.rowCount += length;
  else grid.columnCount += length;
  return {};
}

export function updateDimensionProperties(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "properties", "fields"], where);
  const span = readDimensionRange(ctx, body.range, `${where}.range`);
  const props = obj(body.properties, `${where}.properties`);
  onlyKeys(props, ["pixelSize", "hiddenByUser"], `${where}.properties`);
  optInt(props.pixelSize, `${where}.properties.pixelSize`);
  optBool(props.hiddenByUser, `${where}.properties.hiddenByUser`);
  const paths = checkPaths(
    parseFieldMask(body.fields, where),
    ["pixelSize", "hiddenByUser"],
    where,
    ["pixelSize", "hiddenByUser"],
  );
  const list = span.dimension === "ROWS" ? span.sheet.rowMeta : span.sheet.columnMeta;
  while (list.length < span.end) list.push(null);
  for (let i = span.start; i < span.end; i++) {
    const meta: DimensionMeta = { ...list[i] };
    applyMask(meta as Record<string, unknown>, props, paths);
    list[i] = Object.keys(meta).length > 0 ? meta : null;
  }
  return {};
}

/** Sizes are not measured by the emulator, so this only validates the request. */
export function autoResizeDimensions(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["dimensions"], where);
  readDimensionRange(ctx, body.dimensions, `${where}.dimensions`);
  return {};
}
