/**
 * Effective (computed) cell values. Formulas are evaluated on read from the current cells, with
 * a per-read memo so a sheet full of formulas is evaluated once, and an in-progress set so a
 * circular reference becomes #REF! instead of infinite recursion.
 */
import { sheetByTitle } from "./a1";
import { type Bounds, type ErrorCode, evaluateFormula, FormulaError, type Scalar } from "./formula";
import { getCell } from "./grid";
import type { ExtendedValue, SheetDoc, SpreadsheetDoc } from "./types";

const ERROR_CODES: Record<string, ErrorCode> = {
  NULL_VALUE: "#NULL!",
  DIVIDE_BY_ZERO: "#DIV/0!",
  VALUE: "#VALUE!",
  REF: "#REF!",
  NAME: "#NAME?",
  NUM: "#NUM!",
  N_A: "#N/A",
  ERROR: "#ERROR!",
};

export class Evaluator {
  private readonly memo = new Map<string, Scalar>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly doc: SpreadsheetDoc) {}

  effective(sheet: SheetDoc, row: number, col: number): Scalar {
    const entered = getCell(sheet, row, col)?.userEnteredValue;
    if (entered?.formulaValue === undefined) return literalOf(entered);
    const key = `${sheet.properties.sheetId}:${row}:${col}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.inProgress.has(key)) {
      return new FormulaError(
        "#REF!",
        "Circular dependency detected. To resolve with iterative calculation, see File > Settings.",
      );
    }
    this.inProgress.add(key);
    const value = evaluateFormula(entered.formulaValue, {
      read: (title, bounds) => this.read(title === undefined ? sheet : title, bounds),
    });
    this.inProgress.delete(key);
    this.memo.set(key, value);
    return value;
  }

  private read(target: SheetDoc | string, bounds: Bounds): Scalar[][] | FormulaError {
    const sheet = typeof target === "string" ? sheetByTitle(this.doc, target) : target;
    if (!sheet) return new FormulaError("#REF!", `Unresolved sheet name '${String(target)}'.`);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const endRow = Number.isFinite(bounds.endRow) ? bounds.endRow : rowCount;
    const endCol = Number.isFinite(bounds.endCol) ? bounds.endCol : columnCount;
    if (endRow > rowCount || endCol > columnCount) {
      return new FormulaError("#REF!", "Reference is outside the grid.");
    }
    const cells: Scalar[][] = [];
    for (let r = bounds.startRow; r < endRow; r++) {
      const row: Scalar[] = [];
      for (let c = bounds.startCol; c < endCol; c++) row.push(this.effective(sheet, r, c));
      cells.push(row);
    }
    return cells;
  }
}

function literalOf(value: ExtendedValue | undefined): Scalar {
  if (!value) return null;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.errorValue) {
    return new FormulaError(
      ERROR_CODES[value.errorValue.type] ?? "#ERROR!",
      value.errorValue.message,
    );
  }
  return null;
}
