/**
 * Applies a plan to a snapshot the way Sheets would, for the parts a snapshot holds, so planner
 * tests can check "planning again after applying gives nothing to do" without a server.
 */
import type {
  Plan,
  SheetSnapshot,
  SpreadsheetSnapshot,
  Validation,
} from "../../src/core/provision/index";
import { holeKey, protectionKey } from "../../src/core/provision/snapshot";

type MutableSheet = {
  -readonly [K in keyof SheetSnapshot]: SheetSnapshot[K] extends readonly (infer T)[]
    ? T[]
    : SheetSnapshot[K];
};

function asMutable(s: SheetSnapshot): MutableSheet {
  return {
    ...s,
    headers: [...s.headers],
    notes: [...s.notes],
    validations: [...s.validations],
    numberFormats: [...s.numberFormats],
    rows: s.rows.map((r) => [...r]),
    protections: [...s.protections],
    headerColours: [...s.headerColours],
    conditionalFormats: [...s.conditionalFormats],
  };
}

export function applyPlan(snapshot: SpreadsheetSnapshot, plan: Plan): SpreadsheetSnapshot {
  let title = snapshot.title;
  const sheets: MutableSheet[] = snapshot.sheets.map(asMutable);
  const byId = (id: number) => {
    const sheet = sheets.find((s) => s.sheetId === id);
    if (!sheet) throw new Error(`no sheet ${id}`);
    return sheet;
  };
  let nextProtection = 1000;
  for (const request of plan.requests) {
    if ("updateSpreadsheetProperties" in request)
      title = request.updateSpreadsheetProperties.properties.title;
    else if ("addSheet" in request) {
      const p = request.addSheet.properties;
      sheets.push({
        sheetId: p.sheetId,
        title: p.title ?? "",
        rowCount: p.gridProperties?.rowCount ?? 1000,
        columnCount: p.gridProperties?.columnCount ?? 26,
        frozenRowCount: p.gridProperties?.frozenRowCount ?? 0,
        frozenColumnCount: p.gridProperties?.frozenColumnCount ?? 0,
        headers: [],
        notes: [],
        validations: [],
        numberFormats: [],
        rows: [],
        protections: [],
        headerColours: [],
        conditionalFormats: [],
      });
    } else if ("deleteSheet" in request) {
      const at = sheets.indexOf(byId(request.deleteSheet.sheetId));
      if (sheets.length === 1) throw new Error("a spreadsheet keeps at least one tab");
      sheets.splice(at, 1);
    } else if ("updateSheetProperties" in request) {
      const p = request.updateSheetProperties.properties;
      const sheet = byId(p.sheetId);
      if (p.title !== undefined) sheet.title = p.title;
      if (p.gridProperties?.frozenRowCount !== undefined)
        sheet.frozenRowCount = p.gridProperties.frozenRowCount;
      if (p.gridProperties?.frozenColumnCount !== undefined)
        sheet.frozenColumnCount = p.gridProperties.frozenColumnCount;
    } else if ("moveDimension" in request) {
      const { source, destinationIndex } = request.moveDimension;
      if (destinationIndex >= source.startIndex || source.endIndex !== source.startIndex + 1)
        throw new Error("the planner moves single columns leftwards only");
      moveColumn(byId(source.sheetId), source.startIndex, destinationIndex);
    } else if ("appendDimension" in request) {
      byId(request.appendDimension.sheetId).columnCount += request.appendDimension.length;
    } else if ("updateCells" in request) {
      const { range, rows, fields } = request.updateCells;
      const sheet = byId(range.sheetId);
      (rows[0]?.values ?? []).forEach((cell, offset) => {
        const column = (range.startColumnIndex ?? 0) + offset;
        if (/\bnote\b/.test(fields)) sheet.notes[column] = cell.note ?? "";
        // As Sheets reads it back: the style's colour, a channel that is 0 left out.
        if (/foregroundColorStyle/.test(fields)) {
          const colour = cell.userEnteredFormat?.textFormat?.foregroundColorStyle?.rgbColor;
          sheet.headerColours[column] = colour === undefined ? undefined : sparse(colour);
        }
      });
    } else if ("addConditionalFormatRule" in request) {
      const { rule, index } = request.addConditionalFormatRule;
      const sheet = byId(rule.ranges[0]?.sheetId ?? -1);
      if (index > sheet.conditionalFormats.length) throw new Error("rule index out of bounds");
      sheet.conditionalFormats.splice(index, 0, {
        ranges: rule.ranges.map(({ sheetId: _, ...range }) => range),
        type: rule.booleanRule.condition.type,
        values: rule.booleanRule.condition.values.map((v) => v.userEnteredValue),
        background: sparse(rule.booleanRule.format.backgroundColor),
        otherFormat: false,
      });
    } else if ("deleteConditionalFormatRule" in request) {
      const { sheetId, index } = request.deleteConditionalFormatRule;
      const sheet = byId(sheetId);
      if (index >= sheet.conditionalFormats.length) throw new Error("no rule at that index");
      sheet.conditionalFormats.splice(index, 1);
    } else if ("setDataValidation" in request) {
      const { range, rule } = request.setDataValidation;
      const validation: Validation =
        rule.condition.type === "BOOLEAN"
          ? { kind: "checkbox" }
          : { kind: "list", values: (rule.condition.values ?? []).map((v) => v.userEnteredValue) };
      byId(range.sheetId).validations[range.startColumnIndex ?? 0] = validation;
    } else if ("repeatCell" in request) {
      const { range, cell } = request.repeatCell;
      const type = cell.userEnteredFormat.numberFormat?.type;
      // Only number formats reach a snapshot; the guide's bold and wrapping are not read back.
      if (type !== undefined && (range.startRowIndex ?? 0) <= 1)
        byId(range.sheetId).numberFormats[range.startColumnIndex ?? 0] = type;
    } else if ("addProtectedRange" in request) {
      const p = request.addProtectedRange.protectedRange;
      byId(p.range.sheetId).protections.push({
        id: nextProtection++,
        key: protectionKey(p.description),
        editors: [...p.editors.users],
        holes: (p.unprotectedRanges ?? []).map(holeKey).sort(),
      });
    } else if ("updateProtectedRange" in request) {
      const p = request.updateProtectedRange.protectedRange;
      const change =
        "editors" in p
          ? { editors: [...p.editors.users] }
          : "description" in p
            ? { key: protectionKey(p.description) }
            : { holes: p.unprotectedRanges.map(holeKey).sort() };
      for (const sheet of sheets) {
        sheet.protections = sheet.protections.map((x) =>
          x.id === p.protectedRangeId ? { ...x, ...change } : x,
        );
      }
    }
  }
  for (const write of plan.values) writeValues(sheets, write.range, write.values);
  return { title, sheets };
}

/** Sheets' moveDimension of one column, on what a snapshot holds (holes are not modelled). */
function moveColumn(sheet: MutableSheet, from: number, to: number): void {
  const move = <T>(list: T[], blank: T) => {
    while (list.length <= from) list.push(blank);
    list.splice(to, 0, ...list.splice(from, 1));
  };
  move(sheet.notes, "");
  move(sheet.validations, undefined);
  move(sheet.numberFormats, undefined);
  move(sheet.headerColours, undefined);
  const now = (column: number) =>
    column === from ? to : column >= to && column < from ? column + 1 : column;
  sheet.conditionalFormats = sheet.conditionalFormats.map((rule) => ({
    ...rule,
    ranges: rule.ranges.map((range) =>
      range.endColumnIndex === (range.startColumnIndex ?? 0) + 1
        ? {
            ...range,
            startColumnIndex: now(range.startColumnIndex ?? 0),
            endColumnIndex: now(range.startColumnIndex ?? 0) + 1,
          }
        : range,
    ),
  }));
  sheet.rows = sheet.rows.map((row) => {
    const moved = [...row];
    move(moved, "");
    return moved;
  });
  const headers = [...sheet.headers];
  move(headers, "");
  sheet.headers = trimEnd(headers);
}

function writeValues(
  sheets: MutableSheet[],
  range: string,
  values: readonly (readonly string[])[],
) {
  const match = /^'((?:[^']|'')+)'!([A-Z]+)(\d+)(?::[A-Z]+\d+)?$/.exec(range);
  if (!match) throw new Error(`unexpected range ${range}`);
  const [, quoted = "", letters = "", row = ""] = match;
  const sheet = sheets.find((s) => s.title === quoted.replaceAll("''", "'"));
  if (!sheet) throw new Error(`no tab for ${range}`);
  const startCol = [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  values.forEach((line, offset) => {
    const r = Number(row) - 1 + offset;
    const target = [...(sheet.rows[r] ?? [])];
    line.forEach((value, c) => {
      target[startCol + c] = value;
    });
    sheet.rows[r] = Array.from(target, (v) => v ?? "");
  });
  sheet.headers = trimEnd(sheet.rows[0] ?? []);
}

function sparse(colour: { red: number; green: number; blue: number }) {
  return Object.fromEntries(Object.entries(colour).filter(([, value]) => value !== 0));
}

function trimEnd(values: readonly string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === "") end--;
  return values.slice(0, end);
}

/** A new spreadsheet as Sheets creates it: one empty tab. */
export function freshSpreadsheet(title = "Untitled spreadsheet"): SpreadsheetSnapshot {
  return {
    title,
    sheets: [
      {
        sheetId: 0,
        title: "工作表1",
        rowCount: 1000,
        columnCount: 26,
        frozenRowCount: 0,
        frozenColumnCount: 0,
        headers: [],
        notes: [],
        validations: [],
        numberFormats: [],
        rows: [],
        protections: [],
        headerColours: [],
        conditionalFormats: [],
      },
    ],
  };
}
