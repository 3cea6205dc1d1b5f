/**
 * Teacher numbers for the persons first entered on 基本信息, issued before the sections are
 * decided: the decision shows each number in its row and counts the teacher as registered.
 *
 * Guarantees:
 * - at most `deps.hashes` numbers per sync (each costs an initial-password hash), first in sheet
 *   order; the others are `deferred` (their rows show 编号待分配) for the continuation message;
 * - its own D1 commit, apart from the sync's registry commit, because the decisions need the
 *   numbers it returns (allocated county-wide under concurrent syncs), and the issued passwords
 *   are kept before anything else of the sync can fail; allocation is idempotent, so a sync that
 *   fails later issues nothing twice.
 */

import { allocateTeacherNumbers } from "../../adapters/store/registry-accounts";
import type { PersonKey, RegistryTeacher, SchoolRegistry } from "../../core/sync/model";
import { personsNeedingTeacherNumbers } from "../../core/sync/sync-school";
import { keepInitialPasswords } from "../accounts";
import type { SyncDeps } from "./context";

export async function withTeacherNumbers(
  deps: SyncDeps,
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
