/**
 * The stored state of one emulated spreadsheet. Everything here is plain JSON so the server can
 * persist it verbatim and `structuredClone` it for copy-on-write batch updates.
 *
 * Cells keep only what a user (or API caller) entered; effective and formatted values are derived
 * on every read, which is how formulas stay current without a dependency graph.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ErrorValue {
  type: string;
  message: string;
}

/** Google's ExtendedValue: exactly one key is set. */
export interface ExtendedValue {
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  formulaValue?: string;
  errorValue?: ErrorValue;
}

export interface NumberFormat {
  type: string;
  pattern?: string;
}

export type CellFormat = JsonObject;

export interface Cell {
  userEnteredValue?: ExtendedValue;
  userEnteredFormat?: CellFormat;
  note?: string;
  dataValidation?: JsonObject;
  textFormatRuns?: Json[];
  hyperlink?: string;
}

export type Row = (Cell | null)[];

export interface DimensionMeta {
  pixelSize?: number;
  hiddenByUser?: boolean;
}

export interface GridProperties {
  rowCount: number;
  columnCount: number;
  frozenRowCount?: number;
  frozenColumnCount?: number;
  hideGridlines?: boolean;
  rowGroupControlAfter?: boolean;
  columnGroupControlAfter?: boolean;
}

export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  sheetType: "GRID";
  gridProperties: GridProperties;
  hidden?: boolean;
  tabColor?: JsonObject;
  tabColorStyle?: JsonObject;
  rightToLeft?: boolean;
}

/** Google's GridRange: absent bounds mean "unbounded" on that side. */
export interface GridRange {
  sheetId: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface Editors {
  users: string[];
  groups: string[];
  domainUsersCanEdit?: boolean;
}

export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  unprotectedRanges?: GridRange[];
  editors: Editors;
}

export interface ConditionalFormatRule {
  ranges: GridRange[];
  booleanRule?: JsonObject;
  gradientRule?: JsonObject;
}

export interface Chart {
  chartId: number;
  spec: JsonObject;
  position: JsonObject;
}

export interface DeveloperMetadata {
  metadataId: number;
  metadataKey: string;
  metadataValue?: string;
  visibility: string;
  location: { spreadsheet?: true; sheetId?: number; locationType: string };
}

export interface BasicFilter {
  range: GridRange;
  sortSpecs?: Json[];
  filterSpecs?: Json[];
}

export interface SheetDoc {
  properties: SheetProperties;
  rows: (Row | null)[];
  rowMeta: (DimensionMeta | null)[];
  columnMeta: (DimensionMeta | null)[];
  protectedRanges: ProtectedRange[];
  conditionalFormats: ConditionalFormatRule[];
  charts: Chart[];
  merges: GridRange[];
  basicFilter?: BasicFilter;
}

export interface SpreadsheetProperties {
  title: string;
  locale: string;
  timeZone: string;
  autoRecalc: string;
  defaultFormat?: JsonObject;
}

export interface SpreadsheetDoc {
  spreadsheetId: string;
  ownerEmail: string;
  properties: SpreadsheetProperties;
  sheets: SheetDoc[];
  developerMetadata: DeveloperMetadata[];
  /** State of the id generator, so new sheet/range/chart ids are deterministic per document. */
  idSeed: number;
}

/** The caller of a mutation; the owner can always edit protected ranges. */
export interface Actor {
  email: string;
  isOwner: boolean;
}

/** doc is a new object; the input doc is never mutated, so a throw leaves the old state intact. */
export type Mutation<R> = { doc: SpreadsheetDoc; response: R };

export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type DateTimeRenderOption = "SERIAL_NUMBER" | "FORMATTED_STRING";

export interface ValueReadOptions {
  majorDimension?: "ROWS" | "COLUMNS";
  valueRenderOption?: ValueRenderOption;
  dateTimeRenderOption?: DateTimeRenderOption;
}

export interface ValueWriteOptions {
  valueInputOption: "RAW" | "USER_ENTERED";
  includeValuesInResponse?: boolean;
  responseValueRenderOption?: string;
  responseDateTimeRenderOption?: string;
}
