/**
 * Stage 2, follow the registry: who is on the sheet (keyed person hashes), the school's registry
 * for them, and what the sheet must follow of it (core/sync/follow.ts): rows of persons gone are
 * cleared and hidden from the decisions, records a business request brought are appended.
 *
 * Guarantees:
 * - D1 reads only, but for the revival of a teacher back from another county (调出县外, then
 *   entered again: `adapters/store/returning.ts`), its own batch; no Sheets request (the follow ops join the sync's one guarded write);
 * - the rows of persons gone from the school are not decided, numbered or taken for a conflict:
 *   `people` and `followed.tabs` leave them out.
 */
import { loadSchoolRegistry } from "../../adapters/store/registry";
import { reviveReturning } from "../../adapters/store/returning";
import { type Followed, followRegistry } from "../../core/sync/follow";
import type { PersonKey, SchoolRegistry } from "../../core/sync/model";
import { newEntriesOnBasic } from "../../core/sync/returning";
import { peopleIn } from "../../core/sync/sync-school";
import type { SchoolMessage, SyncDeps } from "./context";
import type { SheetRead } from "./read";
import { type RegistryToFollow, registryToFollow } from "./registry-to-follow";

export interface Following {
  /** The school's registry as loaded, for every person on the sheet. */
  readonly registry: SchoolRegistry;
  /** ID number (as the engine reads it) → keyed person hash, for every ID on the tabs. */
  readonly keyOf: ReadonlyMap<string, PersonKey>;
  readonly personKeyOf: (idNumber: string) => PersonKey | undefined;
  readonly toFollow: RegistryToFollow;
  readonly followed: Followed;
  /** The school's persons on the rows the sync decides, with their 基本信息 names. */
  readonly people: ReturnType<typeof peopleIn>;
}

export async function followTheRegistry(
  deps: SyncDeps,
  { school, spreadsheetId }: Pick<SchoolMessage, "school" | "spreadsheetId">,
  sheet: SheetRead,
): Promise<Following> {
  const { db, crypto, templates, now } = deps;
  const { tabs } = sheet.placed;
  const schoolRef = { schoolCode: school.code, schoolName: school.name, category: school.category };
  const everyone = peopleIn(tabs, templates, schoolRef, sheet.today);
  const keyOf = new Map<string, PersonKey>();
  for (const id of everyone.idNumbers) keyOf.set(id, await crypto.personKey(id));
  // A teacher who left by 调出县外, entered again on 基本信息 (a new row), is the same person back in the
  // county: revived before the registry is loaded, so this sync sees them as this school's.
  const entered = newEntriesOnBasic(tabs, templates, school.category).flatMap(
    (id) => keyOf.get(id) ?? [],
  );
  await reviveReturning(db, school.code, entered, now.toISOString(), spreadsheetId);
  const registry = await loadSchoolRegistry(db, school.code, [...keyOf.values()], crypto);
  if (!registry) throw new Error(`学校 ${school.code} 未登记`);
  const personKeyOf = (id: string) => keyOf.get(id);
  const toFollow = await registryToFollow(db, school.code, tabs, registry, templates);
  const followed = followRegistry({
    registry,
    tabs,
    templates,
    personKeyOf,
    ...toFollow,
    now: now.toISOString(),
  });
  // Rows of persons gone from the school are not the school's: no conflict, no number for them.
  const people =
    followed.hidden > 0 ? peopleIn(followed.tabs, templates, schoolRef, sheet.today) : everyone;
  return { registry, keyOf, personKeyOf, toFollow, followed, people };
}
