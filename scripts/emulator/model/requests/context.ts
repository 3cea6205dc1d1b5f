/** What every batchUpdate request handler receives, and the range readers they share. */
import { invalidArgument } from "../../errors";
import { formatCellPart } from "../a1";
import type { Dimension } from "../grid";
import {
  assertWithinGrid,
  clampToGrid,
  type Rect,
  readGridRange,
  rectOf,
  requireSheet,
} from "../ranges";
import { type Obj, obj, oneOf, onlyKeys, optInt } from "../shape";
import type { Actor, JsonObject, SheetDoc, SpreadsheetDoc } from "../types";

/** `doc` is the batch's private working copy: handlers mutate it freely. */
export interface Ctx {
  doc: SpreadsheetDoc;
  actor: Actor;
}

/** Applies one request body and returns its reply (`{}` for requests without one). */
export type Handler = (ctx: Ctx, body: Obj, where: string) => JsonObject;

/** A GridRange that must lie within the grid; open ends are clamped to it. */
export function targetRect(
  ctx: Ctx,
  value: unknown,
  where: string,
): { sheet: SheetDoc; rect: Rect } {
  const range = readGridRange(ctx.doc, value, where);
  const sheet = requireSheet(ctx.doc, range.sheetId);
  const rect = rectOf(range);
  assertWithinGrid(sheet, rect, () => {
    const grid = sheet.properties.gridProperties;
    const end = (e: number, start: number, count: number) =>
      Number.isFinite(e) ? e : Math.max(count, start + 1);
    const part = formatCellPart({
      ...rect,
      endRow: end(rect.endRow, rect.startRow, grid.rowCount),
      endCol: end(rect.endCol, rect.startCol, grid.columnCount),
    });
    return `'${sheet.properties.title}'!${part}`;
  });
  return { sheet, rect: clampToGrid(rect, sheet) };
}

export interface DimensionSpan {
  sheet: SheetDoc;
  dimension: Dimension;
  start: number;
  end: number;
}

export function countOf(sheet: SheetDoc, dimension: Dimension): number {
  const grid = sheet.properties.gridProperties;
  return dimension === "ROWS" ? grid.rowCount : grid.columnCount;
}

/** A DimensionRange; open ends default to the whole dimension, and it must fit the grid. */
export function readDimensionRange(ctx: Ctx, value: unknown, where: string): DimensionSpan {
  const o = obj(value, where);
  onlyKeys(o, ["sheetId", "dimension", "startIndex", "endIndex"], where);
  const sheet = requireSheet(ctx.doc, optInt(o.sheetId, `${where}.sheetId`) ?? 0);
  const dimension = oneOf(o.dimension, ["ROWS", "COLUMNS"] as const, `${where}.dimension`);
  if (!dimension) throw invalidArgument(`${where}: dimension must be ROWS or COLUMNS`);
  const count = countOf(sheet, dimension);
  const start = optInt(o.startIndex, `${where}.startIndex`) ?? 0;
  const end = optInt(o.endIndex, `${where}.endIndex`) ?? count;
  if (start < 0 || end < start) {
    throw invalidArgument(`${where}: invalid span [${start}, ${end})`);
  }
  if (end > count) {
    throw invalidArgument(
      `${where}: index ${end} is beyond the ${dimension === "ROWS" ? "rows" : "columns"} of the sheet (${count})`,
    );
  }
  return { sheet, dimension, start, end };
}

/** The whole-width (or whole-height) rectangle a dimension span touches. */
export function spanRect(span: DimensionSpan, start = span.start, end = span.end): Rect {
  const all = { start: 0, end: Number.POSITIVE_INFINITY };
  const sheetId = span.sheet.properties.sheetId;
  return span.dimension === "ROWS"
    ? { sheetId, startRow: start, endRow: end, startCol: all.start, endCol: all.end }
    : { sheetId, startRow: all.start, endRow: all.end, startCol: start, endCol: end };
}
