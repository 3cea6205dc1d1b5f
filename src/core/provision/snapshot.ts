/**
 * What the planner needs to know about a spreadsheet as it is, read with two
 * `spreadsheets.get` calls: the structure (tabs, grid sizes, protections), then row 1 and 2 of
 * every tab the layout names (headers, header notes, the dropdowns and number formats of the
 * first data row) and
 * the whole guide. The response shapes below are the subset of Sheets v4's `Spreadsheet` that
 * is read; every field is optional because `fields` masks and trimming leave things out.
 */
import type { ReadColour } from "./colours";
import type { TabLayout, Validation } from "./layout";

export interface ProtectionSnapshot {
  readonly id: number;
  /** The planner's key parsed from the description; undefined for protections users made. */
  readonly key: string | undefined;
  readonly editors: readonly string[];
  /** Its holes (unprotectedRanges), as `holeKey` strings, sorted. */
  readonly holes: readonly string[];
}

/** A hole of a protected range, comparable as a string. */
export function holeKey(range: {
  startRowIndex?: Maybe<number>;
  endRowIndex?: Maybe<number>;
  startColumnIndex?: Maybe<number>;
  endColumnIndex?: Maybe<number>;
}): string {
  const at = (n: Maybe<number>) => (n === null || n === undefined ? "" : String(n));
  return `${at(range.startRowIndex)}:${at(range.endRowIndex)}/${at(range.startColumnIndex)}:${at(range.endColumnIndex)}`;
}

export interface SheetSnapshot {
  readonly sheetId: number;
  readonly title: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly frozenRowCount: number;
  readonly frozenColumnCount: number;
  /** Row 1 as displayed, "" for empty cells, trailing empty cells trimmed. */
  readonly headers: readonly string[];
  /** Notes on row 1, by column. */
  readonly notes: readonly string[];
  /** Data validation of row 2, by column. */
  readonly validations: readonly (Validation | undefined)[];
  /** The number format type of row 2 (TEXT for plain text), by column. */
  readonly numberFormats: readonly (string | undefined)[];
  /** Every row read, as displayed (the guide tab is read whole). */
  readonly rows: readonly (readonly string[])[];
  readonly protections: readonly ProtectionSnapshot[];
  /** Text colour of row 1, by column; undefined where none is set (black). */
  readonly headerColours: readonly (ReadColour | undefined)[];
  /** The tab's conditional format rules, in their order (a rule's index is its position). */
  readonly conditionalFormats: readonly ConditionalRuleSnapshot[];
}

/** One conditional format rule, as far as the planner needs to recognise its own. */
export interface ConditionalRuleSnapshot {
  readonly ranges: readonly {
    readonly startRowIndex?: number;
    readonly endRowIndex?: number;
    readonly startColumnIndex?: number;
    readonly endColumnIndex?: number;
  }[];
  /** The boolean rule's condition type; undefined for a gradient rule. */
  readonly type: string | undefined;
  readonly values: readonly string[];
  readonly background: ReadColour | undefined;
  /** The format sets something besides the background (bold, a text colour…). */
  readonly otherFormat: boolean;
}

export interface SpreadsheetSnapshot {
  readonly title: string;
  readonly sheets: readonly SheetSnapshot[];
}

type Maybe<T> = T | null | undefined;

export interface ApiCell {
  formattedValue?: Maybe<string>;
  note?: Maybe<string>;
  userEnteredFormat?: Maybe<{
    numberFormat?: Maybe<{ type?: Maybe<string> }>;
    textFormat?: Maybe<{
      foregroundColor?: Maybe<ApiColour>;
      foregroundColorStyle?: Maybe<{ rgbColor?: Maybe<ApiColour> }>;
    }>;
  }>;
  dataValidation?: Maybe<{
    condition?: Maybe<{
      type?: Maybe<string>;
      values?: Maybe<{ userEnteredValue?: Maybe<string> }[]>;
    }>;
  }>;
}

type ApiColour = { red?: Maybe<number>; green?: Maybe<number>; blue?: Maybe<number> };

interface ApiGridRange {
  startRowIndex?: Maybe<number>;
  endRowIndex?: Maybe<number>;
  startColumnIndex?: Maybe<number>;
  endColumnIndex?: Maybe<number>;
}

export interface ApiSheet {
  properties?: Maybe<{
    sheetId?: Maybe<number>;
    title?: Maybe<string>;
    gridProperties?: Maybe<{
      rowCount?: Maybe<number>;
      columnCount?: Maybe<number>;
      frozenRowCount?: Maybe<number>;
      frozenColumnCount?: Maybe<number>;
    }>;
  }>;
  protectedRanges?: Maybe<
    {
      protectedRangeId?: Maybe<number>;
      description?: Maybe<string>;
      editors?: Maybe<{ users?: Maybe<string[]> }>;
      unprotectedRanges?: Maybe<
        {
          startRowIndex?: Maybe<number>;
          endRowIndex?: Maybe<number>;
          startColumnIndex?: Maybe<number>;
          endColumnIndex?: Maybe<number>;
        }[]
      >;
    }[]
  >;
  data?: Maybe<{ startRow?: Maybe<number>; rowData?: Maybe<{ values?: Maybe<ApiCell[]> }[]> }[]>;
  conditionalFormats?: Maybe<
    {
      ranges?: Maybe<ApiGridRange[]>;
      booleanRule?: Maybe<{
        condition?: Maybe<{
          type?: Maybe<string>;
          values?: Maybe<{ userEnteredValue?: Maybe<string> }[]>;
        }>;
        format?: Maybe<{ backgroundColor?: Maybe<ApiColour> }>;
      }>;
    }[]
  >;
}

export interface ApiSpreadsheet {
  properties?: Maybe<{ title?: Maybe<string> }>;
  sheets?: Maybe<ApiSheet[]>;
}

/**
 * The key is kept at the end of the description, e.g. `表头行：请勿修改 [tmis:header]`; square
 * brackets because headers themselves contain full-width parentheses (合同期限（月）).
 */
export function describeProtection(label: string, key: string): string {
  return `${label} [tmis:${key}]`;
}

const KEY_PATTERN = / \[tmis:(.+)\]$/;

export function protectionKey(description: string): string | undefined {
  return KEY_PATTERN.exec(description)?.[1];
}

/** A1 ranges for the second read: only tabs that exist, or the read would fail. */
export function gridRanges(layout: readonly TabLayout[], structure: ApiSpreadsheet): string[] {
  const existing = new Set((structure.sheets ?? []).map((sheet) => sheet.properties?.title));
  return layout
    .filter((tab) => existing.has(tab.title))
    .map((tab) =>
      tab.kind === "guide" ? `${quoteTitle(tab.title)}!A1:B` : `${quoteTitle(tab.title)}!1:2`,
    );
}

export function quoteTitle(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

/** Joins the structure read with the grid read (absent when no tab of the layout exists yet). */
export function snapshotOf(structure: ApiSpreadsheet, grid?: ApiSpreadsheet): SpreadsheetSnapshot {
  const gridByTitle = new Map(
    (grid?.sheets ?? []).map((sheet) => [sheet.properties?.title, sheet]),
  );
  return {
    title: structure.properties?.title ?? "",
    sheets: (structure.sheets ?? []).map((sheet) =>
      sheetOf(sheet, gridByTitle.get(sheet.properties?.title)),
    ),
  };
}

function sheetOf(sheet: ApiSheet, grid: ApiSheet | undefined): SheetSnapshot {
  const grid0 = sheet.properties?.gridProperties;
  const cells = rowsOf(grid);
  const header = cells[0] ?? [];
  return {
    sheetId: sheet.properties?.sheetId ?? 0,
    title: sheet.properties?.title ?? "",
    rowCount: grid0?.rowCount ?? 0,
    columnCount: grid0?.columnCount ?? 0,
    frozenRowCount: grid0?.frozenRowCount ?? 0,
    frozenColumnCount: grid0?.frozenColumnCount ?? 0,
    headers: trimEnd(header.map((cell) => (cell?.formattedValue ?? "").trim())),
    notes: header.map((cell) => cell?.note ?? ""),
    validations: (cells[1] ?? []).map((cell) => validationOf(cell)),
    numberFormats: (cells[1] ?? []).map(
      (cell) => cell?.userEnteredFormat?.numberFormat?.type ?? undefined,
    ),
    rows: cells.map((row) => trimEnd(row.map((cell) => cell?.formattedValue ?? ""))),
    protections: (sheet.protectedRanges ?? []).map((range) => ({
      id: range.protectedRangeId ?? 0,
      key: protectionKey(range.description ?? ""),
      editors: range.editors?.users ?? [],
      holes: (range.unprotectedRanges ?? []).map(holeKey).sort(),
    })),
    headerColours: header.map((cell) => textColourOf(cell?.userEnteredFormat?.textFormat)),
    conditionalFormats: (sheet.conditionalFormats ?? []).map(conditionalRuleOf),
  };
}

/** Sheets keeps the colour twice (the style wins when both are set); the emulator as written. */
function textColourOf(format: NonNullable<ApiCell["userEnteredFormat"]>["textFormat"]) {
  return colourOf(format?.foregroundColorStyle?.rgbColor ?? format?.foregroundColor);
}

function colourOf(colour: Maybe<ApiColour>): ReadColour | undefined {
  return colour === null || colour === undefined ? undefined : colour;
}

function conditionalRuleOf(
  rule: NonNullable<ApiSheet["conditionalFormats"]>[number],
): ConditionalRuleSnapshot {
  const { condition, format } = rule.booleanRule ?? {};
  const defined = (n: Maybe<number>) => (n === null ? undefined : n);
  return {
    ranges: (rule.ranges ?? []).map((range) => ({
      startRowIndex: defined(range.startRowIndex),
      endRowIndex: defined(range.endRowIndex),
      startColumnIndex: defined(range.startColumnIndex),
      endColumnIndex: defined(range.endColumnIndex),
    })),
    type: condition?.type ?? undefined,
    values: (condition?.values ?? []).map((value) => value.userEnteredValue ?? ""),
    background: colourOf(format?.backgroundColor),
    otherFormat: Object.keys(format ?? {}).some(
      (key) => key !== "backgroundColor" && key !== "backgroundColorStyle",
    ),
  };
}

/** Grid data by absolute row index from 0; rows before `startRow` or missing are empty. */
function rowsOf(grid: ApiSheet | undefined): (ApiCell | undefined)[][] {
  const rows: (ApiCell | undefined)[][] = [];
  for (const block of grid?.data ?? []) {
    const start = block.startRow ?? 0;
    (block.rowData ?? []).forEach((row, offset) => {
      rows[start + offset] = row.values ?? [];
    });
  }
  return Array.from(rows, (row) => row ?? []);
}

function validationOf(cell: ApiCell | undefined): Validation | undefined {
  const condition = cell?.dataValidation?.condition;
  if (condition?.type === "BOOLEAN") return { kind: "checkbox" };
  if (condition?.type === "ONE_OF_LIST")
    return { kind: "list", values: (condition.values ?? []).map((v) => v.userEnteredValue ?? "") };
  return undefined;
}

function trimEnd(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === "") end--;
  return values.slice(0, end);
}
