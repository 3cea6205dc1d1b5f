/**
 * The Sheets v4 batchUpdate requests the planner emits, typed here as the plain JSON they are so
 * that the core needs no googleapis import. Each is structurally a `sheets_v4.Schema$Request`.
 */

export interface GridRange {
  readonly sheetId: number;
  readonly startRowIndex?: number;
  readonly endRowIndex?: number;
  readonly startColumnIndex?: number;
  readonly endColumnIndex?: number;
}

interface Color {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

interface GridProperties {
  readonly rowCount?: number;
  readonly columnCount?: number;
  readonly frozenRowCount?: number;
  readonly frozenColumnCount?: number;
}

interface SheetProperties {
  readonly sheetId: number;
  readonly title?: string;
  readonly index?: number;
  readonly gridProperties?: GridProperties;
}

interface DataValidationRule {
  readonly condition: {
    readonly type: "ONE_OF_LIST" | "BOOLEAN";
    readonly values?: readonly { readonly userEnteredValue: string }[];
  };
  readonly strict: boolean;
  readonly showCustomUi: boolean;
}

/** A background colour for the cells of `ranges` whose text is exactly the value. */
export interface ConditionalFormatRule {
  readonly ranges: readonly GridRange[];
  readonly booleanRule: {
    readonly condition: {
      readonly type: "TEXT_EQ";
      readonly values: readonly { readonly userEnteredValue: string }[];
    };
    readonly format: { readonly backgroundColor: Color };
  };
}

interface CellFormat {
  readonly numberFormat?: { readonly type: "TEXT"; readonly pattern: "@" };
  readonly textFormat?: {
    readonly bold?: boolean;
    readonly foregroundColor?: Color;
    readonly foregroundColorStyle?: { readonly rgbColor: Color };
  };
  readonly backgroundColor?: Color;
  readonly wrapStrategy?: "WRAP";
  readonly verticalAlignment?: "TOP" | "MIDDLE";
}

export type SheetsRequest =
  | { readonly addSheet: { readonly properties: SheetProperties } }
  | { readonly deleteSheet: { readonly sheetId: number } }
  | {
      readonly updateSheetProperties: {
        readonly properties: SheetProperties;
        readonly fields: string;
      };
    }
  | {
      readonly updateSpreadsheetProperties: {
        readonly properties: { readonly title: string };
        readonly fields: "title";
      };
    }
  | {
      readonly appendDimension: {
        readonly sheetId: number;
        readonly dimension: "COLUMNS";
        readonly length: number;
      };
    }
  | {
      readonly moveDimension: {
        readonly source: {
          readonly sheetId: number;
          readonly dimension: "COLUMNS";
          readonly startIndex: number;
          readonly endIndex: number;
        };
        readonly destinationIndex: number;
      };
    }
  | {
      readonly updateDimensionProperties: {
        readonly range: {
          readonly sheetId: number;
          readonly dimension: "COLUMNS";
          readonly startIndex: number;
          readonly endIndex: number;
        };
        readonly properties: { readonly pixelSize: number };
        readonly fields: "pixelSize";
      };
    }
  | {
      readonly repeatCell: {
        readonly range: GridRange;
        readonly cell: { readonly userEnteredFormat: CellFormat };
        readonly fields: string;
      };
    }
  | {
      readonly updateCells: {
        readonly range: GridRange;
        readonly rows: readonly {
          readonly values: readonly {
            readonly note?: string;
            readonly userEnteredFormat?: CellFormat;
          }[];
        }[];
        readonly fields: string;
      };
    }
  | { readonly setDataValidation: { readonly range: GridRange; readonly rule: DataValidationRule } }
  | {
      readonly addConditionalFormatRule: {
        readonly rule: ConditionalFormatRule;
        readonly index: number;
      };
    }
  | { readonly deleteConditionalFormatRule: { readonly sheetId: number; readonly index: number } }
  | {
      readonly addProtectedRange: {
        readonly protectedRange: {
          readonly range: GridRange;
          readonly description: string;
          readonly warningOnly: false;
          readonly editors: { readonly users: readonly string[] };
          readonly unprotectedRanges?: readonly GridRange[];
        };
      };
    }
  | {
      readonly updateProtectedRange:
        | {
            readonly protectedRange: {
              readonly protectedRangeId: number;
              readonly editors: { readonly users: readonly string[] };
            };
            readonly fields: "editors";
          }
        | {
            readonly protectedRange: {
              readonly protectedRangeId: number;
              readonly description: string;
            };
            readonly fields: "description";
          }
        | {
            readonly protectedRange: {
              readonly protectedRangeId: number;
              readonly unprotectedRanges: readonly GridRange[];
            };
            readonly fields: "unprotectedRanges";
          };
    };

/** Values written with valueInputOption RAW, so nothing written can run as a formula. */
export interface ValueWrite {
  readonly range: string;
  readonly values: readonly (readonly string[])[];
}
