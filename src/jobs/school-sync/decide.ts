/**
 * Stage 3, decide: each feature's reads and its decision in the core, on the sheet as read and
 * the registry as followed. Nothing is recorded here but teacher numbers (`numbers.ts` says
 * why); the features' D1 writes come out as one `SyncCommit`, their sheet writes as plans.
 *
 * Features, in the order they decide (a later one may depend on an earlier one's outcome):
 * - sections (the collection review, core/sync/sync-school.ts): every row of the section tabs,
 *   typed or laid in from a portal submission, validated and decided by one state machine, with
 *   the county's recheck and change decisions given to it;
 * - statuses: 人员状态 of a completed status change, on rows the sections left settled;
 * - county rows: what the sections send to the county, rendered for its sheets;
 * - conflicts: persons on 基本信息 whom another school claims too, opened for 人事股.
 */
import { idConflictsFor } from "../../adapters/store/conflicts";
import { returnedCredits } from "../../adapters/store/credit-confirm";
import type { SyncCommit } from "../../adapters/store/sync-commit";
import { BASIC_SECTION } from "../../core/review/decide";
import { followStatuses } from "../../core/sync/follow";
import type { PersonKey, RegistryChange, SchoolRegistry } from "../../core/sync/model";
import type { PlanOp } from "../../core/sync/plan";
import { recordIdFromSeed } from "../../core/sync/record-id";
import { type SyncResult, syncSchool } from "../../core/sync/sync-school";
import { templateFor } from "../../core/templates";
import type { IdConflict } from "../../core/validate";
import type { CountyDecisions, SchoolMessage, SyncDeps } from "./context";
import { countyRowsFor } from "./county-rows";
import type { Following } from "./follow";
import { withTeacherNumbers } from "./numbers";
import type { SheetRead } from "./read";

export interface Decisions {
  readonly sections: SyncResult;
  readonly statuses: { readonly plan: readonly PlanOp[]; readonly changes: RegistryChange[] };
  /** Persons whose teacher number waits for the continuation message (the hash budget). */
  readonly deferred: ReadonlySet<PersonKey>;
  readonly commit: SyncCommit;
  /** Schools also claiming a person this sync (re)entered: they must sync to show it too. */
  readonly conflictsWith: readonly string[];
}

export async function decideSchool(
  deps: SyncDeps,
  message: SchoolMessage,
  sheet: SheetRead,
  following: Following,
  county: CountyDecisions,
): Promise<Decisions> {
  const { keyOf, people } = following;
  const conflicts = await idConflictsFor(deps.db, [...keyOf.values()], message.school.code);
  const sections = await decideSections(deps, message, following, sheet, conflicts, county);
  const statuses = decideStatuses(deps, message, following, sections);
  const countyRows = await countyRowsFor({
    crypto: deps.crypto,
    templates: deps.templates,
    registry: sections.registry,
    tabs: sheet.placed.tabs,
    changes: sections.result.registryChanges,
    today: sheet.today,
    now: deps.now.toISOString(),
  });
  return {
    sections: sections.result,
    statuses,
    deferred: sections.deferred,
    commit: {
      changes: [...sections.result.registryChanges, ...statuses.changes],
      countyRows,
      conflicts: undecided(conflicts, people.names, keyOf).map(([personKey, conflict]) => ({
        personKey,
        schools: [message.school.code, ...conflict.others.map((other) => other.schoolCode)],
      })),
    },
    conflictsWith: newlyConflicting(sections.result.registryChanges, conflicts),
  };
}

/** The collection review of the section tabs, after the teacher numbers it shows are issued. */
async function decideSections(
  deps: SyncDeps,
  message: SchoolMessage,
  following: Following,
  sheet: SheetRead,
  conflicts: ReadonlyMap<PersonKey, IdConflict>,
  county: CountyDecisions,
): Promise<{ result: SyncResult; registry: SchoolRegistry; deferred: ReadonlySet<PersonKey> }> {
  const { keyOf, followed } = following;
  const readInput = {
    registry: following.registry,
    tabs: followed.tabs,
    templates: deps.templates,
    today: sheet.today,
    personKeyOf: following.personKeyOf,
    lookupId: (id: string) => {
      const key = keyOf.get(id);
      return key === undefined ? undefined : conflicts.get(key);
    },
  };
  const { registry, deferred } = await withTeacherNumbers(
    deps,
    readInput,
    following.people.names,
    keyOf,
  );
  const result = syncSchool({
    ...readInput,
    registry,
    spreadsheetId: message.spreadsheetId,
    now: deps.now.toISOString(),
    newRecordId: recordIdFromSeed,
    newChangeRequestId: () => `C${deps.newId()}`,
    recheckDecisions: county.recheck,
    changeDecisions: county.change,
    numbersPending: deferred,
    keepUnshown: followed.keepUnshown,
    submittedRows: new Set(sheet.placed.writes.map((w) => `${w.tab}\u0000${w.row}`)),
    creditReturns: await returnedCredits(deps.db, message.school.code),
  });
  return { result, registry, deferred };
}

/** 人员状态 set by a completed status change, written on the rows the sections left settled. */
function decideStatuses(
  deps: SyncDeps,
  message: SchoolMessage,
  following: Following,
  sections: { result: SyncResult; registry: SchoolRegistry },
): Decisions["statuses"] {
  const { followed } = following;
  const changed = sections.result.registryChanges;
  return followStatuses({
    registry: sections.registry,
    statuses: following.toFollow.statuses,
    layouts: followed.layouts,
    rows: followed.rows,
    touched: new Set(changed.flatMap((c) => (c.kind === "putRecord" ? [c.record.recordId] : []))),
    basicSection: templateFor(deps.templates, message.school.category).find(
      (s) => s.key === BASIC_SECTION,
    ),
    codeTables: deps.templates.codeTables,
    now: deps.now.toISOString(),
    spreadsheetId: message.spreadsheetId,
  });
}

/**
 * Schools also claiming a person this sync just (re)entered on 基本信息: they must be synced too,
 * so that the conflict shows on their side as well. Only on a change of the row, so two schools
 * in conflict do not wake each other on every sync.
 */
function newlyConflicting(
  changes: readonly RegistryChange[],
  conflicts: ReadonlyMap<PersonKey, IdConflict>,
): string[] {
  const schools = new Set<string>();
  for (const change of changes) {
    if (change.kind !== "putRecord" || change.record.section !== BASIC_SECTION) continue;
    const conflict = change.record.personKey && conflicts.get(change.record.personKey);
    if (conflict && conflict.decidedFor === undefined)
      for (const other of conflict.others) schools.add(other.schoolCode);
  }
  return [...schools];
}

/** Persons on this school's 基本信息 whom another school claims too, with no decision yet. */
function undecided(
  conflicts: ReadonlyMap<PersonKey, IdConflict>,
  basicIds: ReadonlyMap<string, string>,
  keyOf: ReadonlyMap<string, PersonKey>,
): [PersonKey, IdConflict][] {
  return [...basicIds.keys()].flatMap((id) => {
    const key = keyOf.get(id);
    const conflict = key === undefined ? undefined : conflicts.get(key);
    const open = conflict !== undefined && conflict.decidedFor === undefined;
    return key !== undefined && open && conflict.others.length > 0 ? [[key, conflict]] : [];
  });
}
