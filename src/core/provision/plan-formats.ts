/**
 * The planner's stage for what a grid tab shows beyond its values: the text colour of each
 * header (required columns, header-marks.ts) and the conditional colours of a status column
 * (status-colours.ts). Column indices come from `sheet.headers` only, so the stage is right
 * wherever earlier stages placed the columns.
 *
 * - Header colours are set when they differ, in one request per tab; columns the layout does not
 *   name keep theirs.
 * - Conditional rules: a rule is the planner's when its one range is exactly a status column
 *   below the header and it is TEXT_EQ on one of that column's labels. Those rules are replaced,
 *   all together, only when they differ from the layout's; every other rule (users' own) is left
 *   where it is. A matching tab plans nothing.
 */
import { type ReadColour, type Rgb, sameColour } from "./colours";
import type { ColumnLayout, GridTab } from "./layout";
import type { Change } from "./plan";
import type { GridRange, SheetsRequest } from "./requests";
import type { ConditionalRuleSnapshot, SheetSnapshot } from "./snapshot";

export interface FormatPlan {
  readonly requests: readonly SheetsRequest[];
  readonly changes: readonly Change[];
}

const BLACK: Rgb = { red: 0, green: 0, blue: 0 };

/**
 * @param sheet the tab as it will be once the earlier requests of the batch are applied (new
 *   columns' headers included); `isNew(index)` tells a column this batch creates, which reports no
 *   change of its own.
 */
export function planFormats(
  tab: GridTab,
  sheet: SheetSnapshot,
  isNew: (index: number) => boolean = () => false,
): FormatPlan {
  const at = firstIndexByHeader(sheet.headers);
  const header = planHeaderColours(tab, sheet, at, isNew);
  const states = planStateColours(tab, sheet, at);
  return {
    requests: [...header.requests, ...states.requests],
    changes: [...header.changes, ...states.changes],
  };
}

function firstIndexByHeader(headers: readonly string[]): Map<string, number> {
  const at = new Map<string, number>();
  headers.forEach((header, index) => {
    if (header !== "" && !at.has(header)) at.set(header, index);
  });
  return at;
}

function planHeaderColours(
  tab: GridTab,
  sheet: SheetSnapshot,
  at: ReadonlyMap<string, number>,
  isNew: (index: number) => boolean,
): FormatPlan {
  const wanted = new Map<number, ColumnLayout>();
  for (const column of tab.columns) {
    const index = at.get(column.header);
    if (index !== undefined) wanted.set(index, column);
  }
  const drifted = [...wanted].filter(
    ([index, column]) => !sameText(sheet.headerColours[index], column.headerColour),
  );
  if (drifted.length === 0) return { requests: [], changes: [] };
  const indices = drifted.map(([index]) => index);
  const from = Math.min(...indices);
  const to = Math.max(...indices) + 1;
  // One request over the span; a column in it that needs nothing gets its own colour again.
  const values = Array.from({ length: to - from }, (_, offset) => {
    const index = from + offset;
    const colour = wanted.has(index)
      ? wanted.get(index)?.headerColour
      : colourOrUndefined(sheet.headerColours[index]);
    return colour === undefined
      ? {}
      : {
          userEnteredFormat: {
            textFormat: { foregroundColor: colour, foregroundColorStyle: { rgbColor: colour } },
          },
        };
  });
  return {
    requests: [
      {
        updateCells: {
          range: {
            sheetId: sheet.sheetId,
            startRowIndex: 0,
            endRowIndex: 1,
            startColumnIndex: from,
            endColumnIndex: to,
          },
          rows: [{ values }],
          fields: "userEnteredFormat.textFormat(foregroundColor,foregroundColorStyle)",
        },
      },
    ],
    changes: drifted
      .filter(([index]) => !isNew(index))
      .map(([, column]) => ({
        kind: "markHeader" as const,
        target: tab.title,
        detail: column.header,
      })),
  };
}

/** No colour and black read alike: both show black text. */
function sameText(actual: ReadColour | undefined, wanted: Rgb | undefined): boolean {
  return sameColour(actual ?? BLACK, wanted ?? BLACK);
}

function colourOrUndefined(colour: ReadColour | undefined): Rgb | undefined {
  if (colour === undefined) return undefined;
  return { red: colour.red ?? 0, green: colour.green ?? 0, blue: colour.blue ?? 0 };
}

function planStateColours(
  tab: GridTab,
  sheet: SheetSnapshot,
  at: ReadonlyMap<string, number>,
): FormatPlan {
  // A grid with no row below the header has nothing to colour yet.
  if (sheet.rowCount <= 1) return { requests: [], changes: [] };
  const stale: number[] = [];
  const added: { range: GridRange; label: string; background: Rgb }[] = [];
  const changes: Change[] = [];
  for (const column of tab.columns) {
    const index = at.get(column.header);
    if (column.stateColours === undefined || index === undefined) continue;
    const labels = new Map(column.stateColours.map((c) => [c.label, c.background]));
    const ours = sheet.conditionalFormats.flatMap((rule, position) =>
      isOurs(rule, index, labels) ? [{ rule, position }] : [],
    );
    const current = ours.every(({ rule }) => isCurrent(rule, sheet.rowCount, labels));
    const covered = new Set(ours.map(({ rule }) => rule.values[0]));
    if (current && ours.length === labels.size && covered.size === labels.size) continue;
    stale.push(...ours.map(({ position }) => position));
    const range = {
      sheetId: sheet.sheetId,
      startRowIndex: 1,
      startColumnIndex: index,
      endColumnIndex: index + 1,
    };
    for (const [label, background] of labels) added.push({ range, label, background });
    changes.push({ kind: "colourStates", target: tab.title, detail: column.header });
  }
  const requests: SheetsRequest[] = [
    // From the last, so that each index still names the rule it was read at.
    ...stale
      .sort((a, b) => b - a)
      .map((index) => ({ deleteConditionalFormatRule: { sheetId: sheet.sheetId, index } })),
    ...added.map(({ range, label, background }, index) => ({
      addConditionalFormatRule: {
        index,
        rule: {
          ranges: [range],
          booleanRule: {
            condition: { type: "TEXT_EQ" as const, values: [{ userEnteredValue: label }] },
            format: { backgroundColor: background },
          },
        },
      },
    })),
  ];
  return { requests, changes };
}

/** Exactly the status column from row 2 on, TEXT_EQ on one of its labels. */
function isOurs(
  rule: ConditionalRuleSnapshot,
  column: number,
  labels: ReadonlyMap<string, Rgb>,
): boolean {
  const [range, ...others] = rule.ranges;
  return (
    range !== undefined &&
    others.length === 0 &&
    (range.startColumnIndex ?? 0) === column &&
    range.endColumnIndex === column + 1 &&
    (range.startRowIndex ?? 0) === 1 &&
    rule.type === "TEXT_EQ" &&
    rule.values.length === 1 &&
    labels.has(rule.values[0] ?? "")
  );
}

/**
 * Ours and as the layout wants it: its colour alone, and down to the last row (Sheets may store
 * "to the end" as the grid's height, which a later growth of the grid leaves behind).
 */
function isCurrent(
  rule: ConditionalRuleSnapshot,
  rowCount: number,
  labels: ReadonlyMap<string, Rgb>,
): boolean {
  const end = rule.ranges[0]?.endRowIndex;
  return (
    (end === undefined || end >= rowCount) &&
    !rule.otherFormat &&
    sameColour(rule.background, labels.get(rule.values[0] ?? ""))
  );
}
