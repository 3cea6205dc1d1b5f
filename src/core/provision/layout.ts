/**
 * The desired shape of one spreadsheet, as data: tabs, columns, dropdowns, protections and who
 * it is shared with. Builders (`school.ts`, `county.ts`) produce it from the templates; the
 * planner compares it with what a spreadsheet holds. Nothing here knows about Google.
 */
import type { Rgb } from "./colours";
import type { StateColour } from "./status-colours";

export type Validation =
  | { readonly kind: "list"; readonly values: readonly string[] }
  | { readonly kind: "checkbox" };

/** A protected range the planner owns, recognised again by `key` (kept in its description). */
export interface Protection {
  readonly key: string;
  /** Shown in Sheets' "protected sheets and ranges" panel. */
  readonly label: string;
  /** Who besides the file owner may edit; the owner always can. */
  readonly editors: readonly string[];
}

/** Header colour: what users enter, what the principal ticks, what the system writes. */
export type ColumnTone = "data" | "approval" | "system";

export interface ColumnLayout {
  readonly header: string;
  readonly tone: ColumnTone;
  /** The note on the header cell that explains the rule; "" for none. */
  readonly note: string;
  /** Column width in pixels, set when the column is created (users may resize afterwards). */
  readonly width: number;
  /** Applied to rows 2..end of the column. */
  readonly validation?: Validation;
  /**
   * Rows 2..end formatted as plain text (TEXT, `@`), so what is typed stays a string: an 18-digit
   * ID number typed without an apostrophe does not become a float that lost digits.
   */
  readonly plainText?: boolean;
  /** Absent: anyone with edit access to the file may edit the column. */
  readonly protection?: Protection;
  /** Headers an earlier layout gave this column: found there, it is renamed in place. */
  readonly formerHeaders?: readonly string[];
  /**
   * Kept at its place among the tab's first columns (plan-moves.ts): pinned columns come first in
   * a tab's `columns`, and an existing sheet has them moved there, with everything they hold.
   */
  readonly pinned?: boolean;
  /** The header's text colour (required columns, header-marks.ts); absent: the default black. */
  readonly headerColour?: Rgb;
  /** Rows 2..end coloured by the state they show, one conditional rule per label. */
  readonly stateColours?: readonly StateColour[];
}

/** A tab with headers in row 1 and one record per row below. */
export interface GridTab {
  readonly kind: "grid";
  readonly title: string;
  readonly columns: readonly ColumnLayout[];
  /** Protects row 1, so nobody but these editors (and the owner) renames a header. */
  readonly headerProtection: Protection;
  /**
   * Columns frozen at the left (the header row is always frozen); absent leaves a sheet's own
   * choice alone. School tabs freeze their pinned columns so they stay in sight while typing.
   */
  readonly frozenColumnCount?: number;
  /**
   * Protects the whole tab, for tabs only the worker writes (账号 of the account spreadsheet),
   * except the cells below the header of `openColumns`, which their own protection governs.
   */
  readonly protection?: Protection & { readonly openColumns?: readonly string[] };
}

/** A read-only text tab (说明): label in column A, text in column B. */
export interface GuideTab {
  readonly kind: "guide";
  readonly title: string;
  readonly lines: readonly (readonly [string, string])[];
  readonly protection: Protection;
}

export type TabLayout = GridTab | GuideTab;

export type GrantRole = "writer" | "reader";

export interface Grant {
  readonly email: string;
  readonly role: GrantRole;
}

export interface SpreadsheetLayout {
  readonly title: string;
  /** In the order the tabs should appear; new tabs are inserted at their position here. */
  readonly tabs: readonly TabLayout[];
  /**
   * Tabs an earlier layout made that must go, with whatever they hold: the planner's only
   * deletion, for a tab whose very existence is the problem (the old 账号 tab let every role
   * read initial passwords).
   */
  readonly retiredTabs?: readonly string[];
  readonly grants: readonly Grant[];
}

/** Rows a new tab starts with; validations cover every row of the grid below the header. */
export const NEW_TAB_ROWS = 1000;
