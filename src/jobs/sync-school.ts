import type { IdCrypto } from "../adapters/crypto/index";
import type { GoogleClient } from "../adapters/google/client";
import { GoogleApiError } from "../adapters/google/client";
import type { Google } from "../adapters/google/index";
import {
  batchGetValues,
  batchUpdate,
  getSpreadsheetTabs,
  wholeTab,
} from "../adapters/google/sheets";
import { otherClaimants } from "../adapters/store/claims";
import {
  applyRegistryChanges,
  loadSchoolRegistry,
  lookupPersons,
  upsertSchools,
} from "../adapters/store/registry";
import { allocateTeacherNumbers } from "../adapters/store/registry-accounts";
import { getSpreadsheetState, recordSpreadsheetSynced } from "../adapters/store/sync-state";
import { BASIC_SECTION, type ChangeDecision, type RecheckDecision } from "../core/review/decide";
import { guard, guardRanges } from "../core/sync/guard";
import type {
  PersonKey,
  RegistryChange,
  RegistryTeacher,
  SchoolRegistry,
} from "../core/sync/model";
import { recordIdFromSeed } from "../core/sync/record-id";
import { batchUpdateBody } from "../core/sync/requests";
import { peopleIn, personsNeedingTeacherNumbers, syncSchool } from "../core/sync/sync-school";
import { type Templates, templateFor } from "../core/templates";
import { keepInitialPasswords, writeAccountRows } from "./accounts";
import { HashBudget } from "./hash-budget";
import type { SyncMessage } from "./messages";
import { saveRowsForCounty } from "./recheck-rows";

type SchoolMessage = Extract<SyncMessage, { kind: "school" }>;

export interface SchoolSyncDeps {
  db: D1Database;
  google: Google;
  crypto: IdCrypto;
  templates: Templates;
  now: Date;
  newId: () => string;
  /**
   * Password hashes the queue message may still spend (teacher numbers, reissued passwords),
   * shared by every sync the message makes; a sync given none gets a budget of its own.
   */
  hashes?: HashBudget;
}

export interface SchoolSyncOutcome {
  spreadsheetId: string;
  schoolCode: string;
  status: "synced" | "stale";
  /** Cells and notes the write-back changed; 0 when the sheet already showed everything. */
  writes: number;
  dropped: number;
  summary: Record<string, Partial<Record<string, number>>>;
  notices: string[];
  /** Registry changes that concern the county recheck sheet (sent, withdrawn, superseded). */
  countyChanges: number;
  /** Codes of schools holding a person this sync newly entered: they need a sync too. */
  conflictsWith: string[];
  /** Which of the given county decisions counted (record ids; change request ids). */
  applied: { recheck: readonly string[]; change: readonly string[] };
  /**
   * Set when the hash budget left teachers without a number or a password: the message that
   * carries on (same school, forced, at the version our writes made). Each continuation issues
   * the next teachers in sheet order; numbers already issued are kept, so none is issued twice.
   */
  continuation?: SchoolMessage;
}

/** The county's decisions for this school, recorded in D1 and not yet applied. */
export interface CountyDecisions {
  recheck?: readonly RecheckDecision[];
  change?: readonly ChangeDecision[];
}

/**
 * One school's sync, end to end: read the sheet (one batchGet), decide in the core, commit the
 * registry, re-read what the write-back touches (the guard), write it in one batchUpdate.
 *
 * Guarantees:
 * - Sheets requests on the school spreadsheet: one read, and when anything must be written one
 *   guard re-read and one write; the first sync of a spreadsheet adds one spreadsheets.get for
 *   the tab ids. A sync that issued teacher numbers (or follows a sign-in) adds one write to the
 *   school's account spreadsheet and no read; the others add nothing (`jobs/accounts.ts`);
 * - CPU: at most `deps.hashes` password hashes; teachers past it show 编号待分配 and are issued
 *   by the `continuation` message;
 * - the registry is committed before the sheet is written: a failed write is redone by the next
 *   delivery from the same registry state, never the other way round;
 * - stale deliveries (a version already synced) do nothing; `force` ignores that, for decisions
 *   made in the registry that the sheet has not shown yet.
 */
export async function syncSchoolSheet(
  given: SchoolSyncDeps,
  message: SchoolMessage,
  force = false,
  decisions: CountyDecisions = {},
): Promise<SchoolSyncOutcome> {
  const deps = { ...given, hashes: given.hashes ?? new HashBudget() };
  const { db, google, crypto, templates, now } = deps;
  const { spreadsheetId, school } = message;
  const known = await getSpreadsheetState(db, spreadsheetId);
  const outcome = {
    spreadsheetId,
    schoolCode: school.code,
    writes: 0,
    dropped: 0,
    notices: [],
    countyChanges: 0,
    conflictsWith: [],
    applied: { recheck: [], change: [] },
  };
  if (!force && known && known.syncedVersion >= message.version) {
    return { ...outcome, status: "stale", summary: {} };
  }
  await upsertSchools(db, [{ ...school, township: school.township ?? "", spreadsheetId }]);
  const titles = templateFor(templates, school.category).map((section) => section.title);
  const read = await readTabs(google, spreadsheetId, titles, known?.sheetIds ?? null);
  const today = isoDate(now);
  const people = peopleIn(
    read.tabs,
    templates,
    { schoolCode: school.code, schoolName: school.name, category: school.category },
    today,
  );
  const keyOf = new Map<string, PersonKey>();
  for (const id of people.idNumbers) keyOf.set(id, await crypto.personKey(id));
  const holders = await lookupPersons(db, [...keyOf.values()]);
  const claimants = await otherClaimants(db, [...keyOf.values()], school.code);
  const heldElsewhere = new Map<PersonKey, string>();
  const loaded = await loadSchoolRegistry(db, school.code, [...keyOf.values()], crypto);
  if (!loaded) throw new Error(`学校 ${school.code} 未登记`);
  const readInput = {
    registry: loaded,
    tabs: read.tabs,
    templates,
    today,
    personKeyOf: (id: string) => keyOf.get(id),
    // Both schools see a cross-school conflict: the other one as holder, this one as claimant.
    lookupId: (id: string) => {
      const key = keyOf.get(id);
      if (key === undefined) return undefined;
      const holder = holders.get(key);
      if (holder && holder.schoolCode !== school.code) {
        heldElsewhere.set(key, holder.schoolCode);
        return { ...holder, relation: "holder" as const };
      }
      const claimant = claimants.get(key);
      return claimant ? { ...claimant, relation: "claimant" as const } : undefined;
    },
  };
  const { registry, deferred } = await withTeacherNumbers(deps, readInput, people.names, keyOf);
  const result = syncSchool({
    ...readInput,
    registry,
    spreadsheetId,
    now: now.toISOString(),
    newRecordId: recordIdFromSeed,
    newChangeRequestId: () => `C${deps.newId()}`,
    recheckDecisions: decisions.recheck,
    changeDecisions: decisions.change,
    numbersPending: deferred,
  });
  const countyChanges = await saveRowsForCounty({
    db,
    templates,
    registry,
    tabs: read.tabs,
    changes: result.registryChanges,
    today,
    now: now.toISOString(),
  });
  await applyRegistryChanges(db, result.registryChanges, crypto, now.toISOString());

  let writes = 0;
  let dropped = 0;
  if (result.plan.length > 0) {
    const ranges = guardRanges(result.plan, result.layouts);
    const reread = await batchGetValues(google.client, google.sheetsBaseUrl, spreadsheetId, ranges);
    const guarded = guard(result.plan, result.layouts, reread);
    dropped = guarded.dropped.length;
    const body = batchUpdateBody(
      guarded.applied,
      result.layouts,
      new Map(Object.entries(read.sheetIds)),
    );
    if (body) {
      await batchUpdate(google.client, google.sheetsBaseUrl, spreadsheetId, body);
      writes = guarded.applied.length;
    }
  }
  // After the write-back, so statuses never wait on it; passwords owed stay in D1 until written.
  const accounts = await writeAccountRows(deps, school.code);
  // Only the write-back is a revision of this spreadsheet; the 账号 rows go to another file.
  const ownWriteVersion = writes > 0 ? message.version + 1 : null;
  await recordSpreadsheetSynced(db, {
    spreadsheetId,
    title: school.name,
    syncedVersion: message.version,
    // Our write is one more Drive revision: the next poll must not take it for an edit.
    ownWriteVersion,
    tabCount: read.tabs.length,
    rowCount: read.tabs.reduce((sum, tab) => sum + Math.max(0, tab.values.length - 1), 0),
    syncedAt: now.toISOString(),
    sheetIds: read.sheetIds,
  });
  return {
    ...outcome,
    status: "synced",
    writes,
    dropped,
    summary: result.summary,
    countyChanges,
    conflictsWith: newlyConflicting(result.registryChanges, heldElsewhere),
    applied: result.applied,
    notices: [
      ...result.notices.map((n) => `${n.tab}${n.row ? `第${n.row}行` : ""}：${n.message}`),
      ...(deferred.size > 0 ? [deferredNotice(deferred.size)] : []),
      ...(accounts.notice === undefined ? [] : [accounts.notice]),
    ],
    ...(deferred.size > 0 || accounts.more
      ? {
          continuation: {
            ...message,
            version: ownWriteVersion ?? message.version,
            force: true,
          },
        }
      : {}),
  };
}

function deferredNotice(count: number): string {
  return `还有 ${count} 名新教师的教师编号待分配，将在下一轮同步中分配`;
}

/**
 * Schools holding a person this sync just (re)entered on 基本信息: they must be synced too, so
 * that the conflict shows on their side as well. Only on a change of the row, so two schools in
 * conflict do not wake each other on every sync.
 */
function newlyConflicting(
  changes: readonly RegistryChange[],
  heldElsewhere: ReadonlyMap<PersonKey, string>,
): string[] {
  const schools = new Set<string>();
  for (const change of changes) {
    if (change.kind !== "putRecord" || change.record.section !== BASIC_SECTION) continue;
    const holder = change.record.personKey && heldElsewhere.get(change.record.personKey);
    if (holder) schools.add(holder);
  }
  return [...schools];
}

/**
 * Issues numbers (and initial passwords) to the persons who need one, first in sheet order, as
 * many as the hash budget allows; `deferred` holds the others, whose rows show 编号待分配.
 */
async function withTeacherNumbers(
  deps: SchoolSyncDeps & { hashes: HashBudget },
  input: Parameters<typeof personsNeedingTeacherNumbers>[0],
  names: ReadonlyMap<string, string>,
  keyOf: ReadonlyMap<string, PersonKey>,
): Promise<{ registry: SchoolRegistry; deferred: ReadonlySet<PersonKey> }> {
  const needing = personsNeedingTeacherNumbers(input);
  const now = new Set(needing.slice(0, deps.hashes.left));
  const deferred = new Set(needing.slice(now.size));
  if (now.size === 0) return { registry: input.registry, deferred };
  deps.hashes.spend(now.size);
  const persons = [...keyOf]
    .filter(([, key]) => now.has(key))
    .map(([idNumber, personKey]) => ({
      personKey,
      idNumber,
      name: names.get(idNumber) ?? "",
      schoolCode: input.registry.schoolCode,
    }));
  const issued = await allocateTeacherNumbers(
    deps.db,
    persons,
    deps.crypto,
    deps.now.toISOString(),
  );
  await keepInitialPasswords(deps, input.registry.schoolCode, issued.values());
  const teachers = new Map<PersonKey, RegistryTeacher>(input.registry.teachers);
  for (const [personKey, account] of issued) {
    teachers.set(personKey, {
      personKey,
      teacherNumber: account.teacherNumber,
      schoolCode: input.registry.schoolCode,
      effective: false,
    });
  }
  return { registry: { ...input.registry, teachers }, deferred };
}

interface TabsRead {
  tabs: { range: string; values: (string | number | boolean)[][] }[];
  sheetIds: Record<string, number>;
}

/**
 * The template's tabs that the spreadsheet has, in one batchGet. Tab ids come from the registry's
 * cache; without one, or when a tab was renamed or deleted since (the read then fails), one
 * spreadsheets.get refreshes them.
 */
export async function readTabs(
  google: Google,
  spreadsheetId: string,
  titles: readonly string[],
  cached: Record<string, number> | null,
): Promise<TabsRead> {
  if (cached) {
    try {
      return {
        tabs: await readExisting(google.client, google, spreadsheetId, titles, cached),
        sheetIds: cached,
      };
    } catch (error) {
      if (!(error instanceof GoogleApiError && error.httpStatus === 400)) throw error;
    }
  }
  const meta = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, spreadsheetId);
  const sheetIds = Object.fromEntries(
    meta.sheets.map((s) => [s.properties.title, s.properties.sheetId]),
  );
  return {
    tabs: await readExisting(google.client, google, spreadsheetId, titles, sheetIds),
    sheetIds,
  };
}

function readExisting(
  client: GoogleClient,
  google: Google,
  spreadsheetId: string,
  titles: readonly string[],
  sheetIds: Record<string, number>,
) {
  const present = titles.filter((title) => title in sheetIds);
  if (present.length === 0) return Promise.resolve([]);
  return batchGetValues(client, google.sheetsBaseUrl, spreadsheetId, present.map(wholeTab));
}

/** The county's calendar day (UTC+8): date rules and "in the future" follow Beijing time. */
function isoDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
