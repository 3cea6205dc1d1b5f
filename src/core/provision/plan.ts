/**
 * Plans what to add to a spreadsheet so that it matches its layout. Guarantees:
 *
 * - Additive only: no request deletes a tab, a row, a column or a value, or clears a range, with
 *   one exception the layout names: a retired tab (`retiredTabs`) is deleted. A missing column
 *   goes after the last header of its tab. Grants are the other exception: they follow the
 *   layout both ways (grants.ts).
 * - Moves one thing only: a pinned column (姓名, 身份证件号, 审核状态, 校验结果) not yet among its
 *   tab's first columns is moved there whole with `moveDimension` (plan-moves.ts), values, notes,
 *   dropdowns, formats and protection with it; no cell is rewritten and other columns keep their
 *   order. Safe for the worker, which finds every column by header text (core/sync/layout.ts).
 *   The moves come first in the batch, and everything after them is planned against the sheet
 *   as the moves leave it.
 * - Idempotent: planning against a spreadsheet that already matches gives an empty plan, so a
 *   re-run makes no write at all. Columns are found by header text, protections by the key in
 *   their description, grants by e-mail address.
 * - Respectful: widths and header formatting are set only where a column or tab is created, so a
 *   user's resizing survives; notes, dropdowns, plain-text number formats, protection editors and
 *   the guide are brought back to the template when they differ, since users cannot (or should
 *   not) edit them; so are the header text colours of required columns and the planner's own
 *   conditional colours of status columns (plan-formats.ts), never a user's own rule. Setting a
 *   column's number format changes no value already in it.
 * - One shot: the requests are ordered so that a single batchUpdate applies them (a tab is added
 *   with a chosen sheetId before anything refers to it); header and guide text go to one RAW
 *   values.batchUpdate after it.
 */

import { columnLetters } from "../sheets/a1";
import { type ExistingPermission, type GrantPlan, isEmptyGrantPlan, planGrants } from "./grants";
import {
  type ColumnLayout,
  type ColumnTone,
  type GrantRole,
  type GridTab,
  type GuideTab,
  NEW_TAB_ROWS,
  type Protection,
  type SpreadsheetLayout,
  type Validation,
} from "./layout";
import { planFormats } from "./plan-formats";
import { planMoves } from "./plan-moves";
import type { GridRange, SheetsRequest, ValueWrite } from "./requests";
import {
  describeProtection,
  holeKey,
  type ProtectionSnapshot,
  quoteTitle,
  type SheetSnapshot,
  type SpreadsheetSnapshot,
} from "./snapshot";

export type ChangeKind =
  | "retitle"
  | "addTab"
  | "deleteTab"
  | "freeze"
  | "moveColumn"
  | "addColumn"
  | "setNote"
  | "setValidation"
  | "setPlainText"
  | "protect"
  | "addEditors"
  | "openColumns"
  | "writeGuide"
  | "share"
  | "lowerShare"
  | "unshare"
  | "restoreTab"
  | "setAside"
  | "renameColumn"
  | "markHeader"
  | "colourStates";

export interface Change {
  readonly kind: ChangeKind;
  /** Tab title, or the e-mail address for the grant changes. */
  readonly target: string;
  /** Column header, or the role granted (the role held before, for `unshare`). */
  readonly detail?: string;
  /** The role held before, for `lowerShare`. */
  readonly from?: string;
}

export interface Plan {
  readonly requests: readonly SheetsRequest[];
  readonly values: readonly ValueWrite[];
  readonly grants: GrantPlan;
  readonly changes: readonly Change[];
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.requests.length === 0 && plan.values.length === 0 && isEmptyGrantPlan(plan.grants);
}

interface Builder {
  readonly requests: SheetsRequest[];
  readonly values: ValueWrite[];
  readonly changes: Change[];
}

/**
 * @param roster the grants the last run recorded on the file (core/sharing/audit.ts
 *   `recordedGrants`); none, the default, takes no grant away.
 */
export function planSpreadsheet(
  layout: SpreadsheetLayout,
  snapshot: SpreadsheetSnapshot,
  permissions: readonly ExistingPermission[],
  roster: ReadonlyMap<string, GrantRole> = new Map(),
): Plan {
  const out: Builder = { requests: [], values: [], changes: [] };
  if (snapshot.title !== layout.title) {
    out.requests.push({
      updateSpreadsheetProperties: { properties: { title: layout.title }, fields: "title" },
    });
    out.changes.push({ kind: "retitle", target: layout.title });
  }
  let nextSheetId = Math.max(0, ...snapshot.sheets.map((sheet) => sheet.sheetId)) + 1;
  const spare = spareDefaultSheet(layout, snapshot);
  layout.tabs.forEach((tab, index) => {
    const existing = snapshot.sheets.find((sheet) => sheet.title === tab.title);
    if (existing !== undefined) {
      planTab(tab, existing, false, out);
      return;
    }
    const sheet =
      index === 0 && spare !== undefined
        ? reuseSheet(spare, tab, out)
        : addSheet(tab, nextSheetId++, index, out);
    out.changes.push({ kind: "addTab", target: tab.title });
    planTab(tab, sheet, true, out);
  });
  retire(layout, snapshot, out);
  const grants = planGrants(layout.grants, permissions, roster);
  out.changes.push(...grantChanges(grants));
  return { requests: out.requests, values: out.values, grants, changes: out.changes };
}

/**
 * Deletes the retired tabs the spreadsheet still has. Last in the batch, after the layout's tabs
 * were added: a spreadsheet must keep at least one tab.
 */
function retire(layout: SpreadsheetLayout, snapshot: SpreadsheetSnapshot, out: Builder): void {
  const retired = new Set(layout.retiredTabs ?? []);
  for (const sheet of snapshot.sheets) {
    if (!retired.has(sheet.title) || layout.tabs.some((tab) => tab.title === sheet.title)) continue;
    out.requests.push({ deleteSheet: { sheetId: sheet.sheetId } });
    out.changes.push({ kind: "deleteTab", target: sheet.title });
  }
}

/**
 * A new spreadsheet comes with one empty tab (工作表1 / Sheet1). Only retired tabs are deleted,
 * so that tab becomes the first tab of the layout instead of staying behind as clutter.
 */
function spareDefaultSheet(
  layout: SpreadsheetLayout,
  snapshot: SpreadsheetSnapshot,
): SheetSnapshot | undefined {
  const [only, ...others] = snapshot.sheets;
  if (only === undefined || others.length > 0) return undefined;
  const ours = layout.tabs.some((tab) => tab.title === only.title);
  const untouched = only.rows.length === 0 && only.protections.length === 0;
  return !ours && untouched ? only : undefined;
}

function reuseSheet(spare: SheetSnapshot, tab: GridTab | GuideTab, out: Builder): SheetSnapshot {
  out.requests.push({
    updateSheetProperties: {
      properties: { sheetId: spare.sheetId, title: tab.title, index: 0 },
      fields: "title,index",
    },
  });
  return { ...spare, title: tab.title };
}

function addSheet(tab: GridTab | GuideTab, sheetId: number, index: number, out: Builder) {
  const columnCount = tab.kind === "grid" ? Math.max(26, tab.columns.length) : 26;
  const frozen = {
    frozenRowCount: tab.kind === "grid" ? 1 : 0,
    frozenColumnCount: tab.kind === "grid" ? (tab.frozenColumnCount ?? 0) : 0,
  };
  const gridProperties = {
    rowCount: NEW_TAB_ROWS,
    columnCount,
    frozenRowCount: frozen.frozenRowCount,
    ...(frozen.frozenColumnCount > 0 ? { frozenColumnCount: frozen.frozenColumnCount } : {}),
  };
  out.requests.push({
    addSheet: { properties: { sheetId, title: tab.title, index, gridProperties } },
  });
  return emptySheet(sheetId, tab.title, columnCount, frozen);
}

function emptySheet(
  sheetId: number,
  title: string,
  columnCount: number,
  frozen: { frozenRowCount: number; frozenColumnCount: number },
): SheetSnapshot {
  return {
    sheetId,
    title,
    rowCount: NEW_TAB_ROWS,
    columnCount,
    ...frozen,
    headers: [],
    notes: [],
    validations: [],
    numberFormats: [],
    rows: [],
    protections: [],
    headerColours: [],
    conditionalFormats: [],
  };
}

function planTab(tab: GridTab | GuideTab, sheet: SheetSnapshot, fresh: boolean, out: Builder) {
  if (tab.kind === "grid") planGrid(tab, sheet, out);
  else planGuide(tab, sheet, fresh, out);
}

function planGrid(tab: GridTab, given: SheetSnapshot, out: Builder): void {
  const renamed = renameColumns(tab, given, out);
  // Moves first: every request after them refers to the columns where the moves leave them.
  const moves = planMoves(tab, renamed.sheet);
  out.requests.push(...moves.requests);
  for (const header of moves.moved)
    out.changes.push({ kind: "moveColumn", target: tab.title, detail: header });
  const sheet = moves.sheet;
  const { sheetId } = sheet;
  for (const header of renamed.headers) {
    // Header text goes to the values write after the batch, so after the moves too.
    out.values.push({
      range: `${quoteTitle(tab.title)}!${columnLetters(sheet.headers.indexOf(header))}1`,
      values: [[header]],
    });
  }
  freeze(tab, sheet, out);
  const found = new Map<string, number>();
  sheet.headers.forEach((header, index) => {
    if (header !== "" && !found.has(header)) found.set(header, index);
  });
  const missing = tab.columns.filter((column) => !found.has(column.header));
  const start = sheet.headers.length;
  missing.forEach((column, offset) => {
    found.set(column.header, start + offset);
  });
  if (missing.length > 0) addColumns(tab, sheet, start, missing, out);
  protect(
    sheet,
    tab.headerProtection,
    { sheetId, startRowIndex: 0, endRowIndex: 1 },
    tab.title,
    out,
  );
  if (tab.protection !== undefined) {
    // Computed once every column has its place: a hole is the column's cells below the header.
    const holes = (tab.protection.openColumns ?? []).flatMap((header) => {
      const index = found.get(header);
      return index === undefined ? [] : [{ ...columnRange(sheetId, index), startRowIndex: 1 }];
    });
    protect(sheet, tab.protection, { sheetId }, tab.title, out, holes);
  }
  for (const column of tab.columns) {
    const index = found.get(column.header) ?? 0;
    const isNew = index >= start;
    if (!isNew && (sheet.notes[index] ?? "") !== column.note) {
      out.requests.push({
        updateCells: {
          range: cellRange(sheetId, 0, index),
          rows: [{ values: [{ note: column.note }] }],
          fields: "note",
        },
      });
      out.changes.push({ kind: "setNote", target: tab.title, detail: column.header });
    }
    // A grid with no row below the header has nowhere to put a dropdown yet.
    if (
      sheet.rowCount > 1 &&
      column.validation !== undefined &&
      !sameValidation(sheet.validations[index], column.validation)
    ) {
      out.requests.push({
        setDataValidation: {
          range: { ...columnRange(sheetId, index), startRowIndex: 1, endRowIndex: sheet.rowCount },
          rule: ruleOf(column.validation),
        },
      });
      if (!isNew)
        out.changes.push({ kind: "setValidation", target: tab.title, detail: column.header });
    }
    if (column.plainText === true && sheet.rowCount > 1 && sheet.numberFormats[index] !== "TEXT") {
      out.requests.push({
        repeatCell: {
          range: { ...columnRange(sheetId, index), startRowIndex: 1, endRowIndex: sheet.rowCount },
          cell: { userEnteredFormat: { numberFormat: PLAIN_TEXT } },
          fields: "userEnteredFormat.numberFormat",
        },
      });
      if (!isNew)
        out.changes.push({ kind: "setPlainText", target: tab.title, detail: column.header });
    }
    if (column.protection !== undefined)
      protect(sheet, column.protection, columnRange(sheetId, index), tab.title, out);
  }
  const headers = [...sheet.headers, ...missing.map((column) => column.header)];
  const formats = planFormats(tab, { ...sheet, headers }, (index) => index >= start);
  out.requests.push(...formats.requests);
  out.changes.push(...formats.changes);
}

/**
 * The header row frozen, and the tab's `frozenColumnCount` columns when it names one (a user's
 * unfreezing is undone, as a note is brought back: the status must stay in sight).
 */
function freeze(tab: GridTab, sheet: SheetSnapshot, out: Builder): void {
  const rows = Math.max(1, sheet.frozenRowCount);
  const columns = tab.frozenColumnCount;
  if (
    rows === sheet.frozenRowCount &&
    (columns ?? sheet.frozenColumnCount) === sheet.frozenColumnCount
  )
    return;
  out.requests.push({
    updateSheetProperties: {
      properties: {
        sheetId: sheet.sheetId,
        gridProperties: {
          frozenRowCount: rows,
          ...(columns === undefined ? {} : { frozenColumnCount: columns }),
        },
      },
      fields:
        columns === undefined
          ? "gridProperties.frozenRowCount"
          : "gridProperties.frozenRowCount,gridProperties.frozenColumnCount",
    },
  });
  out.changes.push({ kind: "freeze", target: tab.title });
}

/**
 * Columns the tab still shows under a former header (`formerHeaders`) get the new header in
 * place: the column keeps its values and protected range (whose key follows the header), so
 * nothing is added after it. Returns the sheet as it reads once renamed, and the headers given
 * (their text is written once the moves have placed them).
 */
function renameColumns(
  tab: GridTab,
  sheet: SheetSnapshot,
  out: Builder,
): { sheet: SheetSnapshot; headers: string[] } {
  const renamed: string[] = [];
  const headers = [...sheet.headers];
  let protections = sheet.protections;
  const current = new Set(tab.columns.map((column) => column.header));
  for (const column of tab.columns) {
    if (headers.includes(column.header)) continue;
    const index = headers.findIndex(
      (header) => !current.has(header) && (column.formerHeaders ?? []).includes(header),
    );
    const former = headers[index];
    if (former === undefined) continue;
    headers[index] = column.header;
    renamed.push(column.header);
    out.changes.push({ kind: "renameColumn", target: tab.title, detail: column.header });
    const oldKey = `column:${former}`;
    const held = protections.find((p) => p.key === oldKey);
    if (held === undefined || column.protection === undefined) continue;
    const { key, label } = column.protection;
    out.requests.push({
      updateProtectedRange: {
        protectedRange: { protectedRangeId: held.id, description: describeProtection(label, key) },
        fields: "description",
      },
    });
    protections = protections.map((p) => (p === held ? { ...p, key } : p));
  }
  return { sheet: { ...sheet, headers, protections }, headers: renamed };
}

/** Headers, format, widths and notes of new columns, placed from `start` on. */
function addColumns(
  tab: GridTab,
  sheet: SheetSnapshot,
  start: number,
  columns: readonly ColumnLayout[],
  out: Builder,
): void {
  const { sheetId } = sheet;
  const end = start + columns.length;
  if (end > sheet.columnCount) {
    out.requests.push({
      appendDimension: { sheetId, dimension: "COLUMNS", length: end - sheet.columnCount },
    });
  }
  // Notes and header formats of all new columns in one request; widths one request per run of
  // equal widths. Big batches are slow to apply, on Google as on the emulator.
  out.requests.push({
    updateCells: {
      range: {
        sheetId,
        startRowIndex: 0,
        endRowIndex: 1,
        startColumnIndex: start,
        endColumnIndex: end,
      },
      rows: [
        {
          values: columns.map((column) => ({
            note: column.note,
            userEnteredFormat: {
              textFormat: { bold: true },
              backgroundColor: TONES[column.tone],
              wrapStrategy: "WRAP" as const,
              verticalAlignment: "MIDDLE" as const,
            },
          })),
        },
      ],
      fields:
        "note,userEnteredFormat(textFormat.bold,backgroundColor,wrapStrategy,verticalAlignment)",
    },
  });
  for (const run of runsOf(columns.map((column) => column.width))) {
    out.requests.push({
      updateDimensionProperties: {
        range: {
          sheetId,
          dimension: "COLUMNS",
          startIndex: start + run.from,
          endIndex: start + run.to,
        },
        properties: { pixelSize: run.value },
        fields: "pixelSize",
      },
    });
  }
  for (const column of columns)
    out.changes.push({ kind: "addColumn", target: tab.title, detail: column.header });
  out.values.push({
    range: `${quoteTitle(tab.title)}!${columnLetters(start)}1:${columnLetters(end - 1)}1`,
    values: [columns.map((column) => column.header)],
  });
}

function planGuide(tab: GuideTab, sheet: SheetSnapshot, fresh: boolean, out: Builder): void {
  const { sheetId } = sheet;
  const height = Math.max(tab.lines.length, sheet.rows.length);
  const wanted = Array.from({ length: height }, (_, row) => {
    const [label = "", text = ""] = tab.lines[row] ?? [];
    return [label, text];
  });
  const differs = wanted.some(
    ([label, text], row) =>
      (sheet.rows[row]?.[0] ?? "") !== label || (sheet.rows[row]?.[1] ?? "") !== text,
  );
  if (differs) {
    // Lines the template no longer has are overwritten with "" rather than cleared: same effect
    // for the reader, and the planner never issues a clear.
    out.values.push({ range: `${quoteTitle(tab.title)}!A1:B${height}`, values: wanted });
    out.changes.push({ kind: "writeGuide", target: tab.title });
  }
  if (fresh) {
    out.requests.push(
      ...[GUIDE_LABEL_WIDTH, GUIDE_TEXT_WIDTH].map((pixelSize, index) => ({
        updateDimensionProperties: {
          range: { sheetId, dimension: "COLUMNS" as const, startIndex: index, endIndex: index + 1 },
          properties: { pixelSize },
          fields: "pixelSize" as const,
        },
      })),
      {
        repeatCell: {
          range: columnRange(sheetId, 0),
          cell: { userEnteredFormat: { textFormat: { bold: true }, verticalAlignment: "TOP" } },
          fields: "userEnteredFormat(textFormat.bold,verticalAlignment)",
        },
      },
      {
        repeatCell: {
          range: columnRange(sheetId, 1),
          cell: { userEnteredFormat: { wrapStrategy: "WRAP", verticalAlignment: "TOP" } },
          fields: "userEnteredFormat(wrapStrategy,verticalAlignment)",
        },
      },
    );
  }
  protect(sheet, tab.protection, { sheetId }, tab.title, out);
}

/**
 * Adds the protection if no protection carries its key, or adds the editors it lacks; sets its
 * holes (cells left to another protection) when they differ from `holes`.
 */
function protect(
  sheet: SheetSnapshot,
  protection: Protection,
  range: GridRange,
  tabTitle: string,
  out: Builder,
  holes: readonly GridRange[] = [],
): void {
  const existing: ProtectionSnapshot | undefined = sheet.protections.find(
    (p) => p.key === protection.key,
  );
  if (existing === undefined) {
    out.requests.push({
      addProtectedRange: {
        protectedRange: {
          range,
          description: describeProtection(protection.label, protection.key),
          warningOnly: false,
          editors: { users: protection.editors },
          ...(holes.length === 0 ? {} : { unprotectedRanges: holes }),
        },
      },
    });
    out.changes.push({ kind: "protect", target: tabTitle, detail: protection.label });
    return;
  }
  const wanted = holes.map(holeKey).sort();
  if (wanted.join() !== existing.holes.join()) {
    out.requests.push({
      updateProtectedRange: {
        protectedRange: { protectedRangeId: existing.id, unprotectedRanges: holes },
        fields: "unprotectedRanges",
      },
    });
    out.changes.push({ kind: "openColumns", target: tabTitle, detail: protection.label });
  }
  const lacking = protection.editors.filter((email) => !includesEmail(existing.editors, email));
  if (lacking.length === 0) return;
  // Editors are only ever added: taking someone's rights away is a deliberate act for a person.
  out.requests.push({
    updateProtectedRange: {
      protectedRange: {
        protectedRangeId: existing.id,
        editors: { users: [...existing.editors, ...lacking] },
      },
      fields: "editors",
    },
  });
  out.changes.push({ kind: "addEditors", target: tabTitle, detail: protection.label });
}

function grantChanges(grants: GrantPlan): Change[] {
  return [
    ...grants.create.map((g) => ({ kind: "share" as const, target: g.email, detail: g.role })),
    ...grants.lower.map((g) => ({
      kind: "lowerShare" as const,
      target: g.email,
      detail: g.role,
      from: g.from,
    })),
    ...grants.remove.map((g) => ({ kind: "unshare" as const, target: g.email, detail: g.from })),
  ];
}

function includesEmail(list: readonly string[], email: string): boolean {
  return list.some((entry) => entry.toLowerCase() === email.toLowerCase());
}

function sameValidation(actual: Validation | undefined, wanted: Validation): boolean {
  if (actual === undefined || actual.kind !== wanted.kind) return false;
  if (actual.kind === "checkbox" || wanted.kind === "checkbox") return true;
  return (
    actual.values.length === wanted.values.length &&
    actual.values.every((value, index) => value === wanted.values[index])
  );
}

/**
 * Dropdowns are not strict: the conventions accept a code, a name or `code-name`, and the worker
 * validates every value anyway. A checkbox is strict so it stays a checkbox.
 */
function ruleOf(validation: Validation) {
  return validation.kind === "checkbox"
    ? { condition: { type: "BOOLEAN" as const }, strict: true, showCustomUi: true }
    : {
        condition: {
          type: "ONE_OF_LIST" as const,
          values: validation.values.map((value) => ({ userEnteredValue: value })),
        },
        strict: false,
        showCustomUi: true,
      };
}

/** Runs of equal consecutive values, as half-open index ranges. */
function runsOf(values: readonly number[]): { from: number; to: number; value: number }[] {
  const runs: { from: number; to: number; value: number }[] = [];
  values.forEach((value, index) => {
    const last = runs.at(-1);
    if (last !== undefined && last.value === value && last.to === index) last.to = index + 1;
    else runs.push({ from: index, to: index + 1, value });
  });
  return runs;
}

function cellRange(sheetId: number, row: number, column: number): GridRange {
  return {
    sheetId,
    startRowIndex: row,
    endRowIndex: row + 1,
    startColumnIndex: column,
    endColumnIndex: column + 1,
  };
}

function columnRange(sheetId: number, column: number): GridRange {
  return { sheetId, startColumnIndex: column, endColumnIndex: column + 1 };
}

const TONES: Readonly<Record<ColumnTone, { red: number; green: number; blue: number }>> = {
  data: { red: 0.85, green: 0.91, blue: 0.99 },
  approval: { red: 1, green: 0.95, blue: 0.8 },
  system: { red: 0.9, green: 0.9, blue: 0.9 },
};

const PLAIN_TEXT = { type: "TEXT", pattern: "@" } as const;

const GUIDE_LABEL_WIDTH = 140;
const GUIDE_TEXT_WIDTH = 640;
