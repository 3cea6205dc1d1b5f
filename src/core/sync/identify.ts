/**
 * Which record each data row is: the row's 记录编号 when the registry vouches for it, otherwise a
 * new one.
 *
 * Guarantees:
 * - an id is kept only when the registry knows it for this school, this section and this person; an
 *   unknown id, one of another school or tab (forged, or pasted from elsewhere), or one whose row
 *   now shows another person (a sort over the data columns that left 记录编号 in place) is not;
 * - such a row is re-paired with its person's own record when the registry has one on the sheet
 *   that no other row keeps (same values first): a record's history never moves to another
 *   person, and a sheet sorted without its 记录编号 column gets its ids back, not new records;
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
import type { PersonKey, RegistryRecord } from "./model";

export interface RowToIdentify {
  readonly tab: string;
  readonly section: string;
  readonly row: number;
  /** The 记录编号 as read; "" when blank. */
  readonly recordId: string;
  /** Fingerprint of the row's values. */
  readonly hash: string;
  /** The person the row's ID number names; null while it is unreadable. */
  readonly personKey: PersonKey | null;
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
  const repaired = repairs(rows, keeper, context);
  for (const recordId of repaired.values()) taken.add(recordId);
  const occurrences = new Map<string, number>();
  return rows.map((row) => {
    if (keeper.get(row.recordId) === row) {
      return { tab: row.tab, row: row.row, recordId: row.recordId, issued: false, previousId: "" };
    }
    const own = repaired.get(row);
    if (own !== undefined) {
      return { tab: row.tab, row: row.row, recordId: own, issued: true, previousId: row.recordId };
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
      record.section === row.section &&
      samePerson(record.personKey, row.personKey);
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

/** Unknown on either side is no evidence of another person (an ID being typed, say). */
function samePerson(recorded: PersonKey | null, read: PersonKey | null): boolean {
  return recorded === null || read === null || recorded === read;
}

/**
 * Rows without a kept id whose person has records in this section that no row keeps: each gets
 * one of them back, the one with its very values first, else the next in registry order. Rows
 * of a person whose records are all kept get new ids as before.
 */
function repairs(
  rows: readonly RowToIdentify[],
  keeper: ReadonlyMap<string, RowToIdentify>,
  context: IdentifyContext,
): Map<RowToIdentify, string> {
  const free = new Map<string, RegistryRecord[]>();
  for (const record of context.records.values()) {
    const removed = record.removedAt !== undefined && record.removedAt !== null;
    if (record.schoolCode !== context.schoolCode || record.personKey === null || removed) continue;
    if (keeper.has(record.recordId)) continue;
    const slot = `${record.section} ${record.personKey}`;
    free.set(slot, [...(free.get(slot) ?? []), record]);
  }
  const unkept = rows.filter((row) => keeper.get(row.recordId) !== row && row.personKey !== null);
  const paired = new Map<RowToIdentify, string>();
  // Exact values first, so a moved row finds its own record before a changed one takes it.
  for (const exact of [true, false]) {
    for (const row of unkept) {
      if (paired.has(row)) continue;
      const candidates = free.get(`${row.section} ${row.personKey}`) ?? [];
      const index = candidates.findIndex((record) => !exact || record.seenHash === row.hash);
      if (index < 0) continue;
      const [record] = candidates.splice(index, 1);
      if (record !== undefined) paired.set(row, record.recordId);
    }
  }
  return paired;
}
