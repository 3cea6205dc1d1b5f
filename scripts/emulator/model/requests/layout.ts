/**
 * Presentation requests that do not change cell contents: conditional formats, merges and the
 * basic filter. They are stored and returned by spreadsheets.get (colours as Sheets answers them,
 * colours.ts); the API does not compute their visual effect (the 本地表格 page paints TEXT_EQ
 * backgrounds).
 */
import { invalidArgument } from "../../errors";
import { twinColours } from "../colours";
import { intersect, rectOf, requireSheet } from "../ranges";
import { int, jsonObj, type Obj, obj, oneOf, onlyKeys, optArr, optInt } from "../shape";
import type { ConditionalFormatRule, GridRange, JsonObject } from "../types";
import { type Ctx, targetRect } from "./context";

function readRule(ctx: Ctx, value: unknown, where: string): ConditionalFormatRule {
  const o = obj(value, where);
  onlyKeys(o, ["ranges", "booleanRule", "gradientRule"], where);
  const ranges = (optArr(o.ranges, `${where}.ranges`) ?? []).map((r, i) => {
    const { rect } = targetRect(ctx, r, `${where}.ranges[${i}]`);
    return { ...obj(r, `${where}.ranges[${i}]`), sheetId: rect.sheetId } as GridRange;
  });
  const [first] = ranges;
  if (!first) throw invalidArgument(`${where}: at least one range is required`);
  if (ranges.some((r) => r.sheetId !== first.sheetId)) {
    throw invalidArgument(`${where}: all ranges must be on the same sheet`);
  }
  if ((o.booleanRule === undefined) === (o.gradientRule === undefined)) {
    throw invalidArgument(`${where}: exactly one of booleanRule or gradientRule must be set`);
  }
  const rule: ConditionalFormatRule = { ranges };
  if (o.booleanRule !== undefined)
    rule.booleanRule = twinColours(jsonObj(o.booleanRule, `${where}.booleanRule`));
  if (o.gradientRule !== undefined)
    rule.gradientRule = jsonObj(o.gradientRule, `${where}.gradientRule`);
  return rule;
}

export function addConditionalFormatRule(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["rule", "index"], where);
  const rule = readRule(ctx, body.rule, `${where}.rule`);
  const sheet = requireSheet(ctx.doc, rule.ranges[0]?.sheetId ?? 0);
  const index = optInt(body.index, `${where}.index`) ?? 0;
  if (index < 0 || index > sheet.conditionalFormats.length) {
    throw invalidArgument(`${where}: index ${index} is out of bounds`);
  }
  sheet.conditionalFormats.splice(index, 0, rule);
  return {};
}

export function deleteConditionalFormatRule(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["sheetId", "index"], where);
  const sheet = requireSheet(ctx.doc, optInt(body.sheetId, `${where}.sheetId`) ?? 0);
  const index = int(body.index, `${where}.index`);
  const [rule] = sheet.conditionalFormats.splice(index, 1);
  if (!rule) throw invalidArgument(`${where}: no conditional format rule at index ${index}`);
  return { rule: structuredClone(rule) as unknown as JsonObject };
}

export function mergeCells(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range", "mergeType"], where);
  const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
  const type =
    oneOf(
      body.mergeType,
      ["MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS"] as const,
      `${where}.mergeType`,
    ) ?? "MERGE_ALL";
  const pieces = [];
  if (type === "MERGE_ALL") pieces.push(rect);
  for (let c = rect.startCol; type === "MERGE_COLUMNS" && c < rect.endCol; c++) {
    pieces.push({ ...rect, startCol: c, endCol: c + 1 });
  }
  for (let r = rect.startRow; type === "MERGE_ROWS" && r < rect.endRow; r++) {
    pieces.push({ ...rect, startRow: r, endRow: r + 1 });
  }
  if (sheet.merges.some((m) => intersect(rectOf(m), rect))) {
    throw invalidArgument("You can't merge cells that are already part of a merge.");
  }
  const real = pieces.filter((p) => (p.endRow - p.startRow) * (p.endCol - p.startCol) > 1);
  sheet.merges.push(
    ...real.map((p) => ({
      sheetId: p.sheetId,
      startRowIndex: p.startRow,
      endRowIndex: p.endRow,
      startColumnIndex: p.startCol,
      endColumnIndex: p.endCol,
    })),
  );
  return {};
}

export function unmergeCells(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["range"], where);
  const { sheet, rect } = targetRect(ctx, body.range, `${where}.range`);
  sheet.merges = sheet.merges.filter((m) => !intersect(rectOf(m), rect));
  return {};
}

export function setBasicFilter(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["filter"], where);
  const filter = obj(body.filter, `${where}.filter`);
  onlyKeys(filter, ["range", "sortSpecs", "filterSpecs"], `${where}.filter`);
  const { sheet, rect } = targetRect(ctx, filter.range, `${where}.filter.range`);
  sheet.basicFilter = {
    ...(jsonObj(filter, `${where}.filter`) as Omit<typeof sheet.basicFilter, "range">),
    range: { ...obj(filter.range, `${where}.filter.range`), sheetId: rect.sheetId } as GridRange,
  };
  return {};
}

export function clearBasicFilter(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["sheetId"], where);
  const sheet = requireSheet(ctx.doc, optInt(body.sheetId, `${where}.sheetId`) ?? 0);
  delete sheet.basicFilter;
  return {};
}
