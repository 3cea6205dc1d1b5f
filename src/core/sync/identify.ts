/**
 * Which record each data row is: the row's 记录编号 when the registry vouches for it, otherwise a
 * new one.
 *
 * Guarantees:
 * - an id is kept only when the registry knows it for this school and this section; an unknown
 *   id, or one of another school or tab (forged, or pasted from elsewhere), is re-issued;
 * - an id on several rows (a copy-pasted row) stays with one row only: the row whose values the
 *   registry last saw (same fingerprint), else the first; every other row gets a new id;
 * - new ids come from the injected generator, one call per row that needs one, in sheet order,
 *   so a test with a counting generator knows every id in advance.
 */
import type { RegistryRecord } from "./model";

export interface RowToIdentify {
  readonly tab: string;
  readonly section: string;
  readonly row: number;
  /** The 记录编号 as read; "" when blank. */
  readonly recordId: string;
  /** Fingerprint of the row's values. */
  readonly hash: string;
}

export interface Identity {
  readonly tab: string;
  readonly row: number;
  readonly recordId: string;
  /** True when `recordId` is new: the sheet shows `previousId` ("" or a re-issued id). */
  readonly issued: boolean;
  readonly previousId: string;
}

export interface IdentifyContext {
  readonly schoolCode: string;
  readonly records: ReadonlyMap<string, RegistryRecord>;
  readonly newRecordId: () => string;
}

export function identify(rows: readonly RowToIdentify[], context: IdentifyContext): Identity[] {
  const keeper = keepers(rows, context);
  return rows.map((row) =>
    keeper.get(row.recordId) === row
      ? { tab: row.tab, row: row.row, recordId: row.recordId, issued: false, previousId: "" }
      : {
          tab: row.tab,
          row: row.row,
          recordId: context.newRecordId(),
          issued: true,
          previousId: row.recordId,
        },
  );
}

/** For each vouched-for id, the one row that keeps it. */
function keepers(
  rows: readonly RowToIdentify[],
  context: IdentifyContext,
): ReadonlyMap<string, RowToIdentify> {
  const claims = new Map<string, RowToIdentify[]>();
  for (const row of rows) {
    const record = context.records.get(row.recordId);
    const vouched =
      record !== undefined &&
      record.schoolCode === context.schoolCode &&
      record.section === row.section;
    if (vouched) claims.set(row.recordId, [...(claims.get(row.recordId) ?? []), row]);
  }
  const keeper = new Map<string, RowToIdentify>();
  for (const [id, claimants] of claims) {
    const seen = context.records.get(id)?.seenHash;
    const chosen = claimants.find((row) => row.hash === seen) ?? claimants[0];
    if (chosen !== undefined) keeper.set(id, chosen);
  }
  return keeper;
}
