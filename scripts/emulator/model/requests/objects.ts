/** Objects attached to a spreadsheet: charts (addChart) and developer metadata. */
import { invalidArgument, unimplemented } from "../../errors";
import { nextId } from "../ids";
import { requireSheet } from "../ranges";
import { jsonObj, type Obj, obj, oneOf, onlyKeys, optInt, str } from "../shape";
import type { Chart, DeveloperMetadata, JsonObject } from "../types";
import { type Ctx, targetRect } from "./context";

export function addChart(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["chart"], where);
  const at = `${where}.chart`;
  const input = obj(body.chart, at);
  onlyKeys(input, ["chartId", "spec", "position", "border"], at);
  const position = obj(input.position, `${at}.position`);
  onlyKeys(position, ["overlayPosition", "sheetId", "newSheet"], `${at}.position`);
  if (position.overlayPosition === undefined) {
    throw unimplemented(
      `${at}.position: only overlayPosition charts are supported by the emulator`,
    );
  }
  const overlay = obj(position.overlayPosition, `${at}.position.overlayPosition`);
  const anchor = obj(overlay.anchorCell, `${at}.position.overlayPosition.anchorCell`);
  const sheetId = optInt(anchor.sheetId, `${at}.position.overlayPosition.anchorCell.sheetId`) ?? 0;
  const row = optInt(anchor.rowIndex, `${at}.position.overlayPosition.anchorCell.rowIndex`) ?? 0;
  const col =
    optInt(anchor.columnIndex, `${at}.position.overlayPosition.anchorCell.columnIndex`) ?? 0;
  const { sheet } = targetRect(
    ctx,
    {
      sheetId,
      startRowIndex: row,
      endRowIndex: row + 1,
      startColumnIndex: col,
      endColumnIndex: col + 1,
    },
    `${at}.position.overlayPosition.anchorCell`,
  );
  const requested = optInt(input.chartId, `${at}.chartId`);
  const taken = ctx.doc.sheets.some((s) => s.charts.some((c) => c.chartId === requested));
  if (requested !== undefined && taken) {
    throw invalidArgument(`A chart with id ${requested} already exists.`);
  }
  const chart: Chart = {
    chartId: requested ?? nextId(ctx.doc),
    spec: jsonObj(input.spec, `${at}.spec`),
    position: jsonObj(position, `${at}.position`),
  };
  sheet.charts.push(chart);
  return { chart: structuredClone(chart) as unknown as JsonObject };
}

export function createDeveloperMetadata(ctx: Ctx, body: Obj, where: string): JsonObject {
  onlyKeys(body, ["developerMetadata"], where);
  const at = `${where}.developerMetadata`;
  const input = obj(body.developerMetadata, at);
  onlyKeys(input, ["metadataId", "metadataKey", "metadataValue", "location", "visibility"], at);
  const location = obj(input.location, `${at}.location`);
  onlyKeys(
    location,
    ["spreadsheet", "sheetId", "dimensionRange", "locationType"],
    `${at}.location`,
  );
  if (location.dimensionRange !== undefined) {
    throw unimplemented(
      `${at}.location.dimensionRange: only spreadsheet and sheet metadata are supported by the emulator`,
    );
  }
  const sheetId = optInt(location.sheetId, `${at}.location.sheetId`);
  if (sheetId !== undefined) requireSheet(ctx.doc, sheetId);
  else if (location.spreadsheet !== true) {
    throw invalidArgument(`${at}.location: set spreadsheet: true or a sheetId`);
  }
  const visibility = oneOf(input.visibility, ["DOCUMENT", "PROJECT"] as const, `${at}.visibility`);
  if (!visibility) throw invalidArgument(`${at}.visibility is required (DOCUMENT or PROJECT)`);
  const requested = optInt(input.metadataId, `${at}.metadataId`);
  if (
    requested !== undefined &&
    ctx.doc.developerMetadata.some((m) => m.metadataId === requested)
  ) {
    throw invalidArgument(`Developer metadata with id ${requested} already exists.`);
  }
  const meta: DeveloperMetadata = {
    metadataId: requested ?? nextId(ctx.doc),
    metadataKey: str(input.metadataKey, `${at}.metadataKey`),
    visibility,
    location:
      sheetId === undefined
        ? { locationType: "SPREADSHEET", spreadsheet: true }
        : { locationType: "SHEET", sheetId },
  };
  if (typeof input.metadataValue === "string") meta.metadataValue = input.metadataValue;
  ctx.doc.developerMetadata.push(meta);
  return { developerMetadata: structuredClone(meta) as unknown as JsonObject };
}
