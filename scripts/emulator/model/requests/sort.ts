/**
 * sortRange: reorders whole rows of the range (only the range's columns move), stably. Blank
 * keys sort last in either order; otherwise numbers < text (case-insensitive) < booleans, and
 * error cells after those, as Sheets orders mixed columns.
 */
import { invalidArgument, unimplemented } from "../../errors";
import { Evaluator } from "../effective";
import { compareScalars, FormulaError, type Scalar } from "../formula";
import { getCell, setCell } from "../grid";
import { assertCanEdit } from "../protection";
import { int, type Obj, obj, oneOf, onlyKeys, optArr } from "../shape";
import type { Cell, JsonObject } from "../types";
import { type Ctx, targetRect } from "./context";

interface SortSpec {
  column: number;
  descending: boolean;
}

function compareKeys(a: Scalar, b: Scalar, descending: boolean): number {
  const blank = (v: Scalar) => v === null || v === "";
  if (blank(a) || blank(b)) return Number(blank(a)) - Number(blank(b));
  const isError = (v: Scalar) => v instanceof FormulaError;
  if (isError(a) || isError(b)) return Number(isError(a)) - Number(isError(b));
  const order = compareScalars(
    a as Exclude<Scalar, FormulaError>,
    b as Exclude<Scalar, FormulaError>,
  );
  return descending ? -order : order;
}

export function sortRange(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "sortSpecs"], where);
  const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
  const specs: SortSpec[] = (optArr(body.sortSpecs, `${where}.sortSpecs`) ?? []).map((s, i) => {
    const at = `${where}.sortSpecs[${i}]`;
    const spec = obj(s, at);
    onlyKeys(
      spec,
      [
        "dimensionIndex",
        "sortOrder",
        "foregroundColor",
        "backgroundColor",
        "foregroundColorStyle",
        "backgroundColorStyle",
        "dataSourceColumnReference",
      ],
      at,
    );
    if (Object.keys(spec).some((k) => k !== "dimensionIndex" && k !== "sortOrder")) {
      throw unimplemented(
        `${at}: sorting by colour or data source column is not supported by the emulator`,
      );
    }
    const column = int(spec.dimensionIndex, `${at}.dimensionIndex`);
    if (column < rect.startCol || column >= rect.endCol) {
      throw invalidArgument(`${at}: dimensionIndex ${column} is outside the sorted range`);
    }
    const order = oneOf(
      spec.sortOrder,
      ["ASCENDING", "DESCENDING", "SORT_ORDER_UNSPECIFIED"] as const,
      `${at}.sortOrder`,
    );
    return { column, descending: order === "DESCENDING" };
  });
  if (specs.length === 0) throw invalidArgument(`${where}: at least one sort spec is required`);
  assertCanEdit(ctx.doc, rect, ctx.actor);
  const ev = new Evaluator(ctx.doc);
  const rows = [];
  for (let r = rect.startRow; r < rect.endRow; r++) {
    const cells: (Cell | undefined)[] = [];
    for (let c = rect.startCol; c < rect.endCol; c++) cells.push(getCell(sheet, r, c));
    rows.push({ cells, keys: specs.map((s) => ev.effective(sheet, r, s.column)) });
  }
  // Array.prototype.sort is stable, which is what keeps equal rows in their original order.
  rows.sort((a, b) => {
    for (const [i, spec] of specs.entries()) {
      const order = compareKeys(a.keys[i] ?? null, b.keys[i] ?? null, spec.descending);
      if (order !== 0) return order;
    }
    return 0;
  });
  for (const [i, row] of rows.entries()) {
    for (const [j, cell] of row.cells.entries()) {
      setCell(sheet, rect.startRow + i, rect.startCol + j, cell);
    }
  }
  return {};
}
