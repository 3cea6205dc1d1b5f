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
}

/** Another school already holds this ID number (one person, one number across the county). */
export interface IdHolder {
  readonly schoolCode: string;
  readonly schoolName: string;
  /**
   * "holder": the other school holds the person (this school's row is the conflict);
   * "claimant": this school holds the person and the other school has entered them too. Both
   * schools see the conflict, each worded from its side. Absent means "holder".
   */
  readonly relation?: "holder" | "claimant";
}

/** Looks an ID number up county-wide; the caller decides how IDs are stored (plain or hashed). */
export type IdLookup = (idNumber: string) => IdHolder | undefined;

export interface SchoolInput {
  readonly code: string;
  readonly name: string;
  readonly category: SchoolCategory;
  /** Tab title → rows as read. */
  readonly tabs: Readonly<Record<string, TabRows>>;
}
