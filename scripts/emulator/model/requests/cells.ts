/** Cell-content requests: repeatCell, updateCells, setDataValidation. */
import { invalidArgument } from "../../errors";
import { twinColours, twinPaths } from "../colours";
import { applyMask, checkPaths, type FieldPath, parseFieldMask } from "../fields";
import { updateCell } from "../grid";
import { internPart } from "../intern";
import { assertCanEdit } from "../protection";
import type { Rect } from "../ranges";
import { type Obj, obj, oneOf, onlyKeys, optArr, optBool, optInt, optStr } from "../shape";
import type { JsonObject, SheetDoc } from "../types";
import { type Ctx, targetRect } from "./context";

/** CellData fields a request may write; the effective/formatted ones are computed by Sheets. */
const CELL_FIELDS = [
  "userEnteredValue",
  "userEnteredFormat",
  "note",
  "dataValidation",
  "textFormatRuns",
] as const;
const READ_ONLY_CELL_FIELDS = ["effectiveValue", "formattedValue", "effectiveFormat", "hyperlink"];

const CONDITION_TYPES = [
  "BOOLEAN",
  "ONE_OF_LIST",
  "ONE_OF_RANGE",
  "NUMBER_GREATER",
  "NUMBER_GREATER_THAN_EQ",
  "NUMBER_LESS",
  "NUMBER_LESS_THAN_EQ",
  "NUMBER_EQ",
  "NUMBER_NOT_EQ",
  "NUMBER_BETWEEN",
  "NUMBER_NOT_BETWEEN",
  "TEXT_CONTAINS",
  "TEXT_NOT_CONTAINS",
  "TEXT_EQ",
  "TEXT_IS_EMAIL",
  "TEXT_IS_URL",
  "DATE_IS_VALID",
  "DATE_EQ",
  "DATE_BEFORE",
  "DATE_AFTER",
  "DATE_ON_OR_BEFORE",
  "DATE_ON_OR_AFTER",
  "DATE_BETWEEN",
  "DATE_NOT_BETWEEN",
  "CUSTOM_FORMULA",
] as const;

/** A DataValidationRule: the condition type is checked, list rules need values. */
export function readValidationRule(value: unknown, where: string): JsonObject {
  const rule = obj(value, where);
  onlyKeys(rule, ["condition", "inputMessage", "strict", "showCustomUi"], where);
  const condition = obj(rule.condition, `${where}.condition`);
  onlyKeys(condition, ["type", "values"], `${where}.condition`);
  const type = oneOf(condition.type, CONDITION_TYPES, `${where}.condition.type`);
  const values = optArr(condition.values, `${where}.condition.values`) ?? [];
  values.forEach((v, i) => {
    const at = `${where}.condition.values[${i}]`;
    onlyKeys(obj(v, at), ["userEnteredValue", "relativeDate"], at);
    optStr(obj(v, at).userEnteredValue, `${at}.userEnteredValue`);
  });
  if ((type === "ONE_OF_LIST" || type === "ONE_OF_RANGE") && values.length === 0) {
    throw invalidArgument(`${where}: ${type} rules need at least one condition value`);
  }
  if (type === "BOOLEAN" && values.length !== 0 && values.length !== 2) {
    throw invalidArgument(`${where}: BOOLEAN rules take zero or two values (checked, unchecked)`);
  }
  optStr(rule.inputMessage, `${where}.inputMessage`);
  optBool(rule.strict, `${where}.strict`);
  optBool(rule.showCustomUi, `${where}.showCustomUi`);
  return structuredClone(rule) as JsonObject;
}

const VALUE_KINDS = ["numberValue", "stringValue", "boolValue", "formulaValue", "errorValue"];

/** Validates a CellData body so a bad cell fails the whole batch before anything is applied. */
function readCellData(value: unknown, where: string): Obj {
  const cell = obj(value, where);
  onlyKeys(cell, [...CELL_FIELDS, ...READ_ONLY_CELL_FIELDS], where);
  if (cell.userEnteredValue !== undefined) {
    const at = `${where}.userEnteredValue`;
    const entered = obj(cell.userEnteredValue, at);
    onlyKeys(entered, VALUE_KINDS, at);
    if (Object.keys(entered).length !== 1) {
      throw invalidArgument(`${at}: exactly one of ${VALUE_KINDS.join(", ")} must be set`);
    }
    if (entered.numberValue !== undefined && typeof entered.numberValue !== "number") {
      throw invalidArgument(`Invalid value at '${at}.numberValue' (TYPE_DOUBLE)`);
    }
    optStr(entered.stringValue, `${at}.stringValue`);
    optBool(entered.boolValue, `${at}.boolValue`);
    optStr(entered.formulaValue, `${at}.formulaValue`);
  }
  if (cell.userEnteredFormat !== undefined)
    obj(cell.userEnteredFormat, `${where}.userEnteredFormat`);
  optStr(cell.note, `${where}.note`);
  if (cell.dataValidation !== undefined) {
    readValidationRule(cell.dataValidation, `${where}.dataValidation`);
  }
  optArr(cell.textFormatRuns, `${where}.textFormatRuns`);
  return cell;
}

/** The mask's paths; a colour named by one of its two fields is written under both. */
function cellPaths(fields: unknown, where: string): FieldPath[] {
  return twinPaths(
    checkPaths(parseFieldMask(fields, where), CELL_FIELDS, where, [
      "userEnteredValue",
      "note",
      "dataValidation",
      "textFormatRuns",
    ]),
  );
}

function forEachCell(rect: Rect, visit: (row: number, col: number) => void): void {
  for (let r = rect.startRow; r < rect.endRow; r++) {
    for (let c = rect.startCol; c < rect.endCol; c++) visit(r, c);
  }
}

function writeCell(sheet: SheetDoc, row: number, col: number, source: Obj, paths: FieldPath[]) {
  updateCell(sheet, row, col, (cell) => {
    applyMask(cell as Record<string, unknown>, source, paths);
  });
}

export function repeatCell(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "cell", "fields"], where);
  const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
  const cell = twinColours(readCellData(body.cell ?? {}, `${where}.cell`));
  const paths = cellPaths(body.fields, where);
  assertCanEdit(ctx.doc, rect, ctx.actor);
  forEachCell(rect, (r, c) => writeCell(sheet, r, c, cell, paths));
  return {};
}

export function updateCells(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["rows", "fields", "start", "range"], where);
  const rows = (optArr(body.rows, `${where}.rows`) ?? []).map((row, i) => {
    const at = `${where}.rows[${i}]`;
    const o = obj(row, at);
    onlyKeys(o, ["values"], at);
    return (optArr(o.values, `${at}.values`) ?? []).map((v, j) =>
      twinColours(readCellData(v, `${at}.values[${j}]`)),
    );
  });
  const paths = cellPaths(body.fields, where);
  if ((body.start === undefined) === (body.range === undefined)) {
    throw invalidArgument(`${where}: exactly one of 'start' or 'range' must be set`);
  }
  if (body.range !== undefined) {
    // With a range, every cell in it is written; cells the rows do not mention get cleared.
    const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
    assertCanEdit(ctx.doc, rect, ctx.actor);
    forEachCell(rect, (r, c) =>
      writeCell(sheet, r, c, rows[r - rect.startRow]?.[c - rect.startCol] ?? {}, paths),
    );
    return {};
  }
  const start = obj(body.start, `${where}.start`);
  onlyKeys(start, ["sheetId", "rowIndex", "columnIndex"], `${where}.start`);
  const row0 = optInt(start.rowIndex, `${where}.start.rowIndex`) ?? 0;
  const col0 = optInt(start.columnIndex, `${where}.start.columnIndex`) ?? 0;
  const width = Math.max(1, ...rows.map((r) => r.length));
  const { sheet, rect } = targetRect(
    ctx,
    {
      sheetId: start.sheetId ?? 0,
      startRowIndex: row0,
      endRowIndex: row0 + Math.max(1, rows.length),
      startColumnIndex: col0,
      endColumnIndex: col0 + width,
    },
    `${where}.start`,
  );
  assertCanEdit(ctx.doc, rect, ctx.actor);
  for (const [i, cells] of rows.entries()) {
    for (const [j, cell] of cells.entries()) writeCell(sheet, row0 + i, col0 + j, cell, paths);
  }
  return {};
}

export function setDataValidation(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "rule", "filteredRowsIncluded"], where);
  const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
  const rule =
    body.rule === undefined || body.rule === null
      ? undefined
      : readValidationRule(body.rule, `${where}.rule`);
  assertCanEdit(ctx.doc, rect, ctx.actor);
  // One rule object for the whole range: cells are immutable once committed, so sharing is safe.
  const shared = rule && internPart(rule);
  forEachCell(rect, (r, c) =>
    updateCell(sheet, r, c, (cell) => {
      if (shared) cell.dataValidation = shared;
      else delete cell.dataValidation;
    }),
  );
  return {};
}
