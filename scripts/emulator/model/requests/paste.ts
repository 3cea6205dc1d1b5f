/**
 * copyPaste, after Google's CopyPasteRequest: the source is tiled over a destination that is a
 * multiple of its size, and otherwise pasted once from the destination's top-left corner (past
 * the destination's end if the source is bigger). What is pasted depends on pasteType; the cells
 * written must be editable by the caller, exactly like any other write (403 otherwise).
 */
import { unimplemented } from "../../errors";
import { Evaluator } from "../effective";
import { errorValueOf, FormulaError, type Scalar, tokenize } from "../formula";
import { getCell, setCell } from "../grid";
import { assertCanEdit } from "../protection";
import { assertWithinGrid, intersect, type Rect, rectOf } from "../ranges";
import { type Obj, oneOf, onlyKeys } from "../shape";
import type { Cell, ExtendedValue, JsonObject, SheetDoc } from "../types";
import { type Ctx, targetRect } from "./context";

const PASTE_TYPES = [
  "PASTE_NORMAL",
  "PASTE_VALUES",
  "PASTE_FORMAT",
  "PASTE_NO_BORDERS",
  "PASTE_FORMULA",
  "PASTE_DATA_VALIDATION",
  "PASTE_CONDITIONAL_FORMATTING",
] as const;
/** Conditional formats belong to ranges, not cells: that paste type is refused up front. */
type PasteType = Exclude<(typeof PASTE_TYPES)[number], "PASTE_CONDITIONAL_FORMATTING">;

interface Source {
  cell: Cell | undefined;
  value: Scalar;
}

/** How many times a source span fits the destination span: tiles only when it divides evenly. */
function repeats(destination: number, source: number): number {
  return destination >= source && destination % source === 0 ? destination / source : 1;
}

function literalOf(value: Scalar): ExtendedValue | undefined {
  if (value === null || value === "") return undefined;
  if (value instanceof FormulaError) return { errorValue: errorValueOf(value) };
  if (typeof value === "number") return { numberValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  return { stringValue: value };
}

/** The destination cell after one source cell is pasted onto it. */
function pasted(type: PasteType, source: Source, target: Cell | undefined): Cell {
  const from = source.cell ?? {};
  const out: Cell = { ...target };
  const take = <K extends keyof Cell>(key: K, value: Cell[K]) => {
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  switch (type) {
    case "PASTE_NORMAL":
      return { ...from };
    case "PASTE_NO_BORDERS": {
      // Everything but the borders, which the destination keeps.
      const { borders: _dropped, ...format } = from.userEnteredFormat ?? {};
      const borders = target?.userEnteredFormat?.borders;
      const cell: Cell = { ...from, userEnteredFormat: borders ? { ...format, borders } : format };
      if (Object.keys(cell.userEnteredFormat ?? {}).length === 0) delete cell.userEnteredFormat;
      return cell;
    }
    case "PASTE_VALUES":
      take("userEnteredValue", literalOf(source.value));
      return out;
    case "PASTE_FORMULA":
      take("userEnteredValue", from.userEnteredValue);
      return out;
    case "PASTE_FORMAT":
      take("userEnteredFormat", from.userEnteredFormat);
      return out;
    case "PASTE_DATA_VALIDATION":
      take("dataValidation", from.dataValidation);
      return out;
  }
}

/**
 * Sheets shifts relative references in pasted formulas; the emulator does not, so rather than
 * paste a formula that would silently point elsewhere it refuses moving one that has references.
 */
function assertFormulasStay(cells: Source[][], moved: boolean, type: PasteType, where: string) {
  if (
    !moved ||
    (type !== "PASTE_NORMAL" && type !== "PASTE_NO_BORDERS" && type !== "PASTE_FORMULA")
  )
    return;
  for (const row of cells) {
    for (const { cell } of row) {
      const formula = cell?.userEnteredValue?.formulaValue;
      if (formula !== undefined && hasReference(formula)) {
        throw unimplemented(
          `${where}: pasting formulas with cell references elsewhere (shifting them) is not supported by the emulator`,
        );
      }
    }
  }
}

function hasReference(formula: string): boolean {
  try {
    return tokenize(formula.slice(1)).some((token) => token.t === "ref");
  } catch {
    return true;
  }
}

function assertNoMerges(sheet: SheetDoc, rect: Rect, where: string): void {
  if (sheet.merges.some((merge) => intersect(rectOf(merge), rect))) {
    throw unimplemented(`${where}: pasting merged cells is not supported by the emulator`);
  }
}

function readSource(ctx: Ctx, sheet: SheetDoc, rect: Rect, withValues: boolean): Source[][] {
  const ev = new Evaluator(ctx.doc);
  const rows: Source[][] = [];
  for (let r = rect.startRow; r < rect.endRow; r++) {
    const row: Source[] = [];
    for (let c = rect.startCol; c < rect.endCol; c++) {
      row.push({
        cell: getCell(sheet, r, c),
        value: withValues ? ev.effective(sheet, r, c) : null,
      });
    }
    rows.push(row);
  }
  return rows;
}

export function copyPaste(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["source", "destination", "pasteType", "pasteOrientation"], where);
  const source = targetRect(ctx, body.source, `${where}.source`);
  const destination = targetRect(ctx, body.destination, `${where}.destination`);
  const asked = oneOf(body.pasteType, PASTE_TYPES, `${where}.pasteType`) ?? "PASTE_NORMAL";
  const orientation = oneOf(
    body.pasteOrientation,
    ["NORMAL", "TRANSPOSE"] as const,
    `${where}.pasteOrientation`,
  );
  if (orientation === "TRANSPOSE") {
    throw unimplemented(`${where}: pasteOrientation TRANSPOSE is not supported by the emulator`);
  }
  if (asked === "PASTE_CONDITIONAL_FORMATTING") {
    throw unimplemented(`${where}: pasteType ${asked} is not supported by the emulator`);
  }
  const type: PasteType = asked;
  const src = source.rect;
  const dst = destination.rect;
  const height = src.endRow - src.startRow;
  const width = src.endCol - src.startCol;
  if (height === 0 || width === 0) return {};
  const footprint: Rect = {
    sheetId: dst.sheetId,
    startRow: dst.startRow,
    endRow: dst.startRow + height * repeats(dst.endRow - dst.startRow, height),
    startCol: dst.startCol,
    endCol: dst.startCol + width * repeats(dst.endCol - dst.startCol, width),
  };
  const title = destination.sheet.properties.title;
  assertWithinGrid(destination.sheet, footprint, () => `'${title}'`);
  if (type === "PASTE_NORMAL" || type === "PASTE_FORMAT") assertNoMerges(source.sheet, src, where);
  assertCanEdit(ctx.doc, footprint, ctx.actor);
  // Read everything first: the source and the destination may overlap.
  const cells = readSource(ctx, source.sheet, src, type === "PASTE_VALUES");
  const moved = ["sheetId", "startRow", "endRow", "startCol", "endCol"].some(
    (key) => src[key as keyof Rect] !== footprint[key as keyof Rect],
  );
  assertFormulasStay(cells, moved, type, where);
  for (let r = footprint.startRow; r < footprint.endRow; r++) {
    for (let c = footprint.startCol; c < footprint.endCol; c++) {
      const from = cells[(r - dst.startRow) % height]?.[(c - dst.startCol) % width];
      if (!from) continue;
      setCell(destination.sheet, r, c, pasted(type, from, getCell(destination.sheet, r, c)));
    }
  }
  return {};
}
