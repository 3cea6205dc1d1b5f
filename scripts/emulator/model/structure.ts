/**
 * Structural edits (insert, delete, move rows or columns). Cells move with their rows, and
 * everything else anchored to the grid — protected ranges, conditional formats, merges, the basic
 * filter, chart anchors — is re-anchored the way Sheets does: ranges straddling an insertion grow,
 * ranges losing all their cells disappear.
 */
import { type Dimension, sliceDimension, spliceDimension } from "./grid";
import { gridRangeOf, type Rect, rectOf, shiftForDelete, shiftForInsert } from "./ranges";
import type { Cell, GridRange, JsonObject, SheetDoc } from "./types";

interface IndexMap {
  span(start: number, end: number): { start: number; end: number } | undefined;
  point(index: number): number;
}

function mapRange(range: GridRange, dimension: Dimension, map: IndexMap): GridRange | undefined {
  const rect: Rect = rectOf(range);
  const [start, end] =
    dimension === "ROWS" ? [rect.startRow, rect.endRow] : [rect.startCol, rect.endCol];
  const moved = map.span(start, end);
  if (!moved) return undefined;
  return gridRangeOf(
    dimension === "ROWS"
      ? { ...rect, startRow: moved.start, endRow: moved.end }
      : { ...rect, startCol: moved.start, endCol: moved.end },
  );
}

function reanchor(sheet: SheetDoc, dimension: Dimension, map: IndexMap): void {
  const mapOne = (range: GridRange) => mapRange(range, dimension, map);
  const mapAll = (ranges: GridRange[]) =>
    ranges.map(mapOne).filter((r): r is GridRange => r !== undefined);
  sheet.protectedRanges = sheet.protectedRanges.flatMap((pr) => {
    const range = mapOne(pr.range);
    if (!range) return [];
    const next = { ...pr, range };
    if (pr.unprotectedRanges) next.unprotectedRanges = mapAll(pr.unprotectedRanges);
    return [next];
  });
  sheet.conditionalFormats = sheet.conditionalFormats
    .map((rule) => ({ ...rule, ranges: mapAll(rule.ranges) }))
    .filter((rule) => rule.ranges.length > 0);
  sheet.merges = mapAll(sheet.merges);
  if (sheet.basicFilter) {
    const range = mapOne(sheet.basicFilter.range);
    if (range) sheet.basicFilter.range = range;
    else delete sheet.basicFilter;
  }
  const indexKey = dimension === "ROWS" ? "rowIndex" : "columnIndex";
  for (const chart of sheet.charts) {
    const overlay = chart.position.overlayPosition as JsonObject | undefined;
    const anchor = overlay?.anchorCell as JsonObject | undefined;
    if (anchor && typeof anchor[indexKey] === "number") {
      anchor[indexKey] = map.point(anchor[indexKey]);
    }
  }
}

/** Cells a new row/column takes from its neighbour: formatting and validation, never values. */
function inherited(cell: Cell | null): Cell | null {
  if (!cell) return null;
  const out: Cell = {};
  if (cell.userEnteredFormat) out.userEnteredFormat = cell.userEnteredFormat;
  if (cell.dataValidation) out.dataValidation = cell.dataValidation;
  return Object.keys(out).length > 0 ? out : null;
}

export function insertDimension(
  sheet: SheetDoc,
  dimension: Dimension,
  start: number,
  count: number,
  inheritFrom: number | undefined,
): void {
  const template =
    inheritFrom === undefined ? undefined : sliceDimension(sheet, dimension, inheritFrom);
  const inserts = Array.from({ length: count }, () => ({
    cells: template ? template.cells.map(inherited) : [],
    meta: template?.meta?.pixelSize ? { pixelSize: template.meta.pixelSize } : null,
  }));
  spliceDimension(sheet, dimension, start, 0, inserts);
  reanchor(sheet, dimension, {
    span: (s, e) => shiftForInsert(s, e, start, count),
    point: (i) => (i >= start ? i + count : i),
  });
}

export function deleteDimension(
  sheet: SheetDoc,
  dimension: Dimension,
  start: number,
  end: number,
): void {
  spliceDimension(sheet, dimension, start, end - start, []);
  reanchor(sheet, dimension, {
    span: (s, e) => shiftForDelete(s, e, start, end),
    point: (i) => (i < start ? i : i >= end ? i - (end - start) : start),
  });
}

/** Moves [start, end) so that it lands before `destination` (an index in pre-move terms). */
export function moveDimension(
  sheet: SheetDoc,
  dimension: Dimension,
  start: number,
  end: number,
  destination: number,
): void {
  if (destination >= start && destination <= end) return;
  const count = end - start;
  const moved = Array.from({ length: count }, (_, i) =>
    sliceDimension(sheet, dimension, start + i),
  );
  spliceDimension(sheet, dimension, start, count, []);
  spliceDimension(
    sheet,
    dimension,
    destination > end ? destination - count : destination,
    0,
    moved,
  );
  const point = (i: number) => {
    if (i >= start && i < end)
      return destination > end ? i + destination - end : i - (start - destination);
    if (destination > end && i >= end && i < destination) return i - count;
    if (destination < start && i >= destination && i < start) return i + count;
    return i;
  };
  reanchor(sheet, dimension, {
    // A span whose cells stay contiguous moves with them; one torn apart by the move stays put.
    span: (s, e) => {
      const next = { start: point(s), end: point(e - 1) + 1 };
      return next.end - next.start === e - s ? next : { start: s, end: e };
    },
    point,
  });
}
