/**
 * The 账号 tab's writes addressed by the tab's sheetId instead of its title, as the school sync
 * writes school tabs (core/sync/requests): `updateCells` requests for one spreadsheets.batchUpdate.
 *
 * Why: an editor of the account spreadsheet can rename the 账号 tab and add a look-alike under
 * its name; a write by title would put passwords in the look-alike. The id is the one
 * provisioning recorded in the file's tab manifest (`ACCOUNTS_TAB_KEY`).
 *
 * Guarantees:
 * - each write becomes one `updateCells` over exactly the cells its A1 range names (the plan's
 *   own ranges: `'账号'!A5:E5`, `'账号'!F5`, `'账号'!H2:I3`), under the `userEnteredValue` mask;
 * - text is sent as `stringValue`, which Sheets never parses (the RAW guarantee), an empty text
 *   clears the cell, a box is a `boolValue`;
 * - a range that is not a plain cell reference is refused, never guessed;
 * - a write below the rows a new tab has (NEW_TAB_ROWS) first grows the grid to `lastRow`, the
 *   last row the registry ever gave the school (values.batchUpdate grew it by itself; updateCells
 *   does not), never to fewer rows than any row written: no row the worker wrote is cut.
 */
import { NEW_TAB_ROWS } from "../provision/layout";
import type { ExtendedValue, UpdateCellsRequest } from "../sync/requests";
import type { AccountTabWrite } from "./tab";

interface GrowGrid {
  readonly updateSheetProperties: {
    readonly properties: {
      readonly sheetId: number;
      readonly gridProperties: { rowCount: number };
    };
    readonly fields: "gridProperties.rowCount";
  };
}

const START = /!([A-Z]{1,3})(\d+)(?::[A-Z]{1,3}\d+)?$/;

export function boundTabRequests(
  writes: readonly AccountTabWrite[],
  sheetId: number,
  /** The last row (1-based) the registry assigned the school's tab. */
  lastRow = 0,
): (GrowGrid | UpdateCellsRequest)[] {
  const cells: UpdateCellsRequest[] = writes.map((write) => {
    const { row, column } = startOf(write.range);
    return {
      updateCells: {
        start: { sheetId, rowIndex: row, columnIndex: column },
        rows: write.values.map((cells) => ({ values: cells.map(cellData) })),
        fields: "userEnteredValue",
      },
    };
  });
  const end = Math.max(0, ...cells.map(({ updateCells: u }) => u.start.rowIndex + u.rows.length));
  if (end <= NEW_TAB_ROWS) return cells;
  const rowCount = Math.max(end, lastRow);
  return [
    {
      updateSheetProperties: {
        properties: { sheetId, gridProperties: { rowCount } },
        fields: "gridProperties.rowCount",
      },
    },
    ...cells,
  ];
}

/** Zero-based row and column of a range's first cell. */
function startOf(range: string): { row: number; column: number } {
  const match = START.exec(range);
  const [, letters = "", digits = ""] = match ?? [];
  const row = Number(digits) - 1;
  if (match === null || row < 0) throw new Error(`账号表写入范围无效：${range}`);
  let column = 0;
  for (const letter of letters) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row, column: column - 1 };
}

function cellData(cell: string | boolean): { userEnteredValue?: ExtendedValue } {
  if (typeof cell === "boolean") return { userEnteredValue: { boolValue: cell } };
  return cell === "" ? {} : { userEnteredValue: { stringValue: cell } };
}
