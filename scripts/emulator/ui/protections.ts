/**
 * Protected ranges as spreadsheets.get shows them to the caller (requestingUserCanEdit computed
 * for that caller): which cells the page greys out, and which protections explain a refusal.
 */
export interface GridRangeView {
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface ProtectionView {
  range?: GridRangeView;
  unprotectedRanges?: GridRangeView[];
  description?: string;
  requestingUserCanEdit?: boolean;
}

function contains(range: GridRangeView, row: number, col: number): boolean {
  return (
    row >= (range.startRowIndex ?? 0) &&
    row < (range.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    col >= (range.startColumnIndex ?? 0) &&
    col < (range.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}

/** The first protection that keeps the caller out of this cell, if any. */
export function lockedBy(
  protections: readonly ProtectionView[],
  row: number,
  col: number,
): ProtectionView | undefined {
  return protections.find(
    (p) =>
      p.requestingUserCanEdit === false &&
      p.range !== undefined &&
      contains(p.range, row, col) &&
      !(p.unprotectedRanges ?? []).some((hole) => contains(hole, row, col)),
  );
}

/** The description as people read it: provisioning's ` [tmis:…]` key dropped. */
export function protectionLabel(p: ProtectionView): string {
  return (p.description ?? "").replace(/\s*\[[^\]]*\]$/, "") || "受保护的单元格";
}
