/**
 * Who may change what. A protected range blocks every caller except the owner and its listed
 * editors, unless it is warning-only; its unprotectedRanges are holes anyone may edit.
 */
import { permissionDenied } from "../errors";
import { intersect, type Rect, rectOf } from "./ranges";
import type { Actor, ProtectedRange, SpreadsheetDoc } from "./types";

export const PROTECTED_MESSAGE =
  "You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.";

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Owner or a listed editor: may edit inside the range and change or remove the protection. */
export function isEditorOf(pr: ProtectedRange, actor: Actor | undefined): boolean {
  if (!actor) return false;
  return actor.isOwner || pr.editors.users.some((user) => sameEmail(user, actor.email));
}

export function requestingUserCanEdit(pr: ProtectedRange, actor: Actor | undefined): boolean {
  return pr.warningOnly === true || isEditorOf(pr, actor);
}

/** True when every cell of `area` lies in one of `holes` (by coordinate compression). */
function covered(area: Rect, holes: Rect[]): boolean {
  if (holes.length === 0) return false;
  const cuts = (lo: number, hi: number, pairs: [number, number][]) =>
    [...new Set([lo, hi, ...pairs.flat()])].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
  const rows = cuts(
    area.startRow,
    area.endRow,
    holes.map((h) => [h.startRow, h.endRow]),
  );
  const cols = cuts(
    area.startCol,
    area.endCol,
    holes.map((h) => [h.startCol, h.endCol]),
  );
  for (let i = 0; i + 1 < rows.length; i++) {
    for (let j = 0; j + 1 < cols.length; j++) {
      const [r, c] = [rows[i] as number, cols[j] as number];
      const inHole = holes.some(
        (h) => h.startRow <= r && r < h.endRow && h.startCol <= c && c < h.endCol,
      );
      if (!inHole) return false;
    }
  }
  return true;
}

/** Throws 403 when `actor` may not change any cell of `rect`. */
export function assertCanEdit(doc: SpreadsheetDoc, rect: Rect, actor: Actor): void {
  if (actor.isOwner) return;
  const sheet = doc.sheets.find((s) => s.properties.sheetId === rect.sheetId);
  for (const pr of sheet?.protectedRanges ?? []) {
    if (requestingUserCanEdit(pr, actor)) continue;
    const area = intersect(rectOf(pr.range), rect);
    if (!area) continue;
    const holes = (pr.unprotectedRanges ?? [])
      .map((u) => intersect(rectOf(u), area))
      .filter((h): h is Rect => h !== undefined);
    if (!covered(area, holes)) throw permissionDenied(PROTECTED_MESSAGE);
  }
}

/** Throws 403 when `actor` may not change or remove the protection itself. */
export function assertCanManage(pr: ProtectedRange, actor: Actor): void {
  if (!isEditorOf(pr, actor)) throw permissionDenied(PROTECTED_MESSAGE);
}

/**
 * Inserting rows/columns strictly inside a protected range grows it, which changes it; inserting
 * at its edges merely moves it, which Sheets allows.
 */
export function assertCanInsert(
  doc: SpreadsheetDoc,
  sheetId: number,
  dimension: "ROWS" | "COLUMNS",
  at: number,
  actor: Actor,
): void {
  if (actor.isOwner) return;
  const sheet = doc.sheets.find((s) => s.properties.sheetId === sheetId);
  for (const pr of sheet?.protectedRanges ?? []) {
    if (requestingUserCanEdit(pr, actor)) continue;
    const rect = rectOf(pr.range);
    const [start, end] =
      dimension === "ROWS" ? [rect.startRow, rect.endRow] : [rect.startCol, rect.endCol];
    if (start < at && at < end) throw permissionDenied(PROTECTED_MESSAGE);
  }
}
