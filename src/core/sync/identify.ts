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
 *   so a test with a counting generator knows every id in advance;
 * - the generator is given a seed (school, section, the row's values, which same-valued row it
 *   is, and a retry count): a generator deriving the id from the seed issues the same id again
 *   when a sync is redone after its write-back was lost, so no orphan record is left behind;
 * - a generated id already used by another record or row is never issued: the seed's `retry`
 *   goes up until the id is free.
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

export interface RecordIdSeed {
  readonly schoolCode: string;
  readonly section: string;
  readonly hash: string;
  /** 0 for the first row of the tab with these values, 1 for the second, … */
  readonly occurrence: number;
  readonly retry: number;
}

export interface IdentifyContext {
  readonly schoolCode: string;
  readonly records: ReadonlyMap<string, RegistryRecord>;
  readonly newRecordId: (seed: RecordIdSeed) => string;
}

export function identify(rows: readonly RowToIdentify[], context: IdentifyContext): Identity[] {
  const keeper = keepers(rows, context);
  const taken = new Set(rows.map((row) => row.recordId));
  const occurrences = new Map<string, number>();
  return rows.map((row) => {
    if (keeper.get(row.recordId) === row) {
      return { tab: row.tab, row: row.row, recordId: row.recordId, issued: false, previousId: "" };
    }
    const sameValues = `${row.section} ${row.hash}`;
    const occurrence = occurrences.get(sameValues) ?? 0;
    occurrences.set(sameValues, occurrence + 1);
    const recordId = freeId(context, taken, { ...row, schoolCode: context.schoolCode, occurrence });
    taken.add(recordId);
    return { tab: row.tab, row: row.row, recordId, issued: true, previousId: row.recordId };
  });
}

function freeId(
  context: IdentifyContext,
  taken: ReadonlySet<string>,
  seed: Omit<RecordIdSeed, "retry">,
): string {
  for (let retry = 0; ; retry++) {
    const id = context.newRecordId({
      schoolCode: seed.schoolCode,
      section: seed.section,
      hash: seed.hash,
      occurrence: seed.occurrence,
      retry,
    });
    const known = context.records.get(id);
    // The id a lost write-back had issued for these very values is taken up again; a record
    // the registry holds for other values is someone else's.
    const sameRecord =
      known !== undefined &&
      known.schoolCode === seed.schoolCode &&
      known.section === seed.section &&
      known.seenHash === seed.hash;
    if (!taken.has(id) && (known === undefined || sameRecord)) return id;
  }
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
