/**
 * The guarded plan → one `spreadsheets.batchUpdate` body of `updateCells` requests.
 *
 * Guarantees:
 * - one request body for the whole write-back, or null when there is nothing to write;
 * - text is sent as `stringValue`, which Sheets stores as typed and never parses (the RAW
 *   guarantee: `=HYPERLINK(…)` stays text); the approval box is cleared with `boolValue: false`;
 * - contiguous cells of one row with the same field mask go in one `updateCells`; a mask never
 *   covers a cell the op does not mean to touch (an absent field under the mask would clear it);
 * - ops for a tab without a known sheetId are not sent (the adapter reads the ids with the tabs).
 */
import { lastColumn, type SheetLayout } from "./layout";
import type { PlanOp } from "./plan";
import type { Rendered } from "./render";

export interface Color {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

export type ExtendedValue =
  | { readonly stringValue: string }
  | { readonly numberValue: number }
  | { readonly boolValue: boolean };

export interface CellData {
  /** Absent under a mask that names it: the cell is cleared. */
  readonly userEnteredValue?: ExtendedValue;
  readonly note?: string;
  readonly userEnteredFormat?: { readonly backgroundColor: Color };
}

export interface UpdateCellsRequest {
  readonly updateCells: {
    readonly start: {
      readonly sheetId: number;
      readonly rowIndex: number;
      readonly columnIndex: number;
    };
    readonly rows: readonly { readonly values: readonly CellData[] }[];
    readonly fields: string;
  };
}

export interface BatchUpdateBody {
  readonly requests: readonly UpdateCellsRequest[];
}

/** Light red for errors, light yellow for warnings. */
export const ERROR_BACKGROUND: Color = { red: 0.988, green: 0.851, blue: 0.851 };
export const WARNING_BACKGROUND: Color = { red: 1, green: 0.949, blue: 0.8 };

const VALUE_MASK = "userEnteredValue";
const NOTE_MASK = "note,userEnteredFormat.backgroundColor";

interface CellWrite {
  readonly tab: string;
  readonly row: number;
  readonly column: number;
  readonly mask: string;
  readonly data: CellData;
}

export function batchUpdateBody(
  ops: readonly PlanOp[],
  layouts: ReadonlyMap<string, SheetLayout>,
  sheetIds: ReadonlyMap<string, number>,
): BatchUpdateBody | null {
  const writes = ops.flatMap((op) => {
    const layout = layouts.get(op.tab);
    return layout === undefined || !sheetIds.has(op.tab) ? [] : cellsOf(op, layout);
  });
  const requests = groups(writes).map((group) => toRequest(group, sheetIds));
  return requests.length === 0 ? null : { requests };
}

function cellsOf(op: PlanOp, layout: SheetLayout): CellWrite[] {
  const trailing = layout.trailing;
  if (trailing === null) return [];
  const at = (column: number | null | undefined, mask: string, data: CellData): CellWrite[] =>
    column === null || column === undefined
      ? []
      : [{ tab: op.tab, row: op.readRow, column, mask, data }];
  const text = (column: number | null, value: string) =>
    at(column, VALUE_MASK, { userEnteredValue: { stringValue: value } });
  switch (op.kind) {
    case "issueRecordId":
      return text(trailing.recordId, op.recordId);
    case "setStatus":
      return [...text(trailing.reviewStatus, op.status), ...text(trailing.checkResult, op.result)];
    case "clearApproval":
      return at(trailing.approval, VALUE_MASK, { userEnteredValue: { boolValue: false } });
    case "setTeacherNumber":
      return text(trailing.teacherNumber, op.teacherNumber);
    case "setSyncTime":
      return text(trailing.syncedAt, op.text);
    case "restoreRow":
      return op.cells.flatMap((cell) =>
        at(layout.data.get(cell.key), VALUE_MASK, valueData(cell.value)),
      );
    case "appendRow":
      return op.cells.flatMap((cell) =>
        at(cell.column, VALUE_MASK, {
          userEnteredValue:
            typeof cell.value === "boolean"
              ? { boolValue: cell.value }
              : typeof cell.value === "number"
                ? { numberValue: cell.value }
                : { stringValue: cell.value },
        }),
      );
    case "pinRow":
      return [];
    case "clearRow":
      return Array.from({ length: lastColumn(layout) + 1 }, (_, column) => [
        ...at(column, VALUE_MASK, {}),
        ...at(column, NOTE_MASK, {}),
      ]).flat();
    case "writeSubmission":
      return [
        ...op.cells.flatMap((cell) =>
          at(layout.data.get(cell.key), VALUE_MASK, valueData(cell.value)),
        ),
        ...at(trailing.approval, VALUE_MASK, { userEnteredValue: { boolValue: false } }),
        ...at(trailing.recordId, "note", { note: op.note }),
      ];
    case "annotateFindings":
      return op.cells.flatMap((cell) =>
        at(
          layout.data.get(cell.key),
          NOTE_MASK,
          cell.note === null
            ? {}
            : {
                note: cell.note,
                userEnteredFormat: {
                  backgroundColor:
                    cell.severity === "warning" ? WARNING_BACKGROUND : ERROR_BACKGROUND,
                },
              },
        ),
      );
  }
}

function valueData(value: Rendered | null): CellData {
  if (value === null) return {};
  return {
    userEnteredValue: typeof value === "number" ? { numberValue: value } : { stringValue: value },
  };
}

/** Cells sorted by tab, row, mask and column, cut into runs of adjacent columns. */
function groups(writes: readonly CellWrite[]): CellWrite[][] {
  const sorted = [...writes].sort(
    (a, b) =>
      a.tab.localeCompare(b.tab) ||
      a.row - b.row ||
      a.mask.localeCompare(b.mask) ||
      a.column - b.column,
  );
  const out: CellWrite[][] = [];
  for (const write of sorted) {
    const group = out[out.length - 1];
    const last = group?.[group.length - 1];
    const adjacent =
      last !== undefined &&
      last.tab === write.tab &&
      last.row === write.row &&
      last.mask === write.mask &&
      last.column + 1 === write.column;
    if (group !== undefined && adjacent) group.push(write);
    else out.push([write]);
  }
  return out;
}

function toRequest(
  group: readonly CellWrite[],
  sheetIds: ReadonlyMap<string, number>,
): UpdateCellsRequest {
  const first = group[0] as CellWrite;
  return {
    updateCells: {
      start: {
        sheetId: sheetIds.get(first.tab) ?? 0,
        rowIndex: first.row - 1,
        columnIndex: first.column,
      },
      rows: [{ values: group.map((write) => write.data) }],
      fields: first.mask,
    },
  };
}
