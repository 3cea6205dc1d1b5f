/** Shapes shared by the validation modules: what comes in from a sheet and what goes out. */
import type { IssueParams } from "../normalise";
import type { CodeTables, SchoolCategory } from "../templates";
import type { FindingCode } from "./codes";

/** A cell as the Sheets API returns it with UNFORMATTED_VALUE and SERIAL_NUMBER dates. */
export type Cell = string | number | boolean | null | undefined;

/** One tab as read: row 0 is the header row; rows and trailing cells may be missing. */
export type TabRows = readonly (readonly Cell[] | undefined)[];

/** A normalised value: codes and ISO dates as strings, lists of codes, numbers. */
export type Value = string | number | readonly string[];

export type Severity = "error" | "warning";

export type Params = IssueParams;

export interface Finding {
  readonly tab: string;
  /** Sheet row number, 1-based including the header row; null for a tab-level finding. */
  readonly row: number | null;
  /** Header text of the column; null for a row- or tab-level finding. */
  readonly column: string | null;
  readonly severity: Severity;
  readonly code: FindingCode;
  readonly params: Params;
  readonly message: string;
}

/** A finding before it knows its tab and row, as the checks of one row produce it. */
export interface Problem {
  /** Column key; null for the whole row. */
  readonly column: string | null;
  readonly code: FindingCode;
  readonly params?: Params;
}

/** One data row after normalisation. */
export interface RowRecord {
  readonly row: number;
  /** Normalised values by column key; blank cells without a default are absent. */
  readonly values: Readonly<Record<string, Value>>;
  /** The cells as read, by column key, so the original text (an old title name) is kept. */
  readonly raw: Readonly<Record<string, Cell>>;
  /** Column keys whose cell could not be read; rules that need them stay silent. */
  readonly invalid: ReadonlySet<string>;
  /** Column keys whose cell was blank (before defaults). */
  readonly blank: ReadonlySet<string>;
}

export interface CheckContext {
  /** ISO date; the core never reads the clock. */
  readonly today: string;
  readonly codeTables: CodeTables;
  readonly schoolName: string;
  /** The most 学分 one 学时 earns; county.json's `credits.creditsPerHour` when omitted. */
  readonly creditsPerHour?: number;
}

export interface SchoolRef {
  readonly schoolCode: string;
  readonly schoolName: string;
}

/**
 * What the county knows of an ID number another school also entered or holds (one person, one
 * number). First come does not win: both schools' new rows wait for 人事股, who decides.
 */
export interface IdConflict {
  /** The other schools (names and codes only: neither side sees the other's data). */
  readonly others: readonly SchoolRef[];
  /** 人事股's decision: the school the person belongs to; absent while undecided. */
  readonly decidedFor?: SchoolRef;
  /** This school holds the person's effective record, which stays in force meanwhile. */
  readonly effectiveHere?: boolean;
}

/** Looks an ID number up county-wide; the caller decides how IDs are stored (plain or hashed). */
export type IdLookup = (idNumber: string) => IdConflict | undefined;

export interface SchoolInput {
  readonly code: string;
  readonly name: string;
  readonly category: SchoolCategory;
  /** Tab title → rows as read. */
  readonly tabs: Readonly<Record<string, TabRows>>;
}
