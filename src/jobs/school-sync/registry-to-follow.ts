/**
 * What the registry holds that a school's sheet must follow (`core/sync/follow.ts`), read from
 * D1 for one sync: records its rows show that another school holds now, the persons who left,
 * the 在职情况 to write, and the records business requests brought.
 */
import { requestsForSchool } from "../../adapters/store/business";
import {
  recordsHeldElsewhere,
  statusesOfSchool,
  transferredRecords,
} from "../../adapters/store/business-sheets";
import { type BusinessRequest, rotationRecordId } from "../../core/business";
import { type HeldElsewhere, type PersonStatus, recordIdsShown } from "../../core/sync/follow";
import type { PersonKey, SchoolRegistry } from "../../core/sync/model";
import type { ValueRange } from "../../core/sync/read-rows";
import type { Templates } from "../../core/templates";

export interface RegistryToFollow {
  readonly elsewhere: ReadonlyMap<string, HeldElsewhere>;
  readonly transferredOut: ReadonlySet<PersonKey>;
  readonly left: ReadonlySet<PersonKey>;
  readonly statuses: ReadonlyMap<PersonKey, PersonStatus>;
  readonly arrivals: ReadonlySet<string>;
  /** Every request the school is a party to, as read (the request rows start from these). */
  readonly requests: readonly BusinessRequest[];
}

export async function registryToFollow(
  db: D1Database,
  schoolCode: string,
  tabs: readonly ValueRange[],
  registry: SchoolRegistry,
  templates: Templates,
): Promise<RegistryToFollow> {
  const foreign = recordIdsShown(tabs, templates, registry.category).filter(
    (id) => !registry.records.has(id),
  );
  const elsewhere =
    foreign.length > 0 ? await recordsHeldElsewhere(db, schoolCode, foreign) : new Map();
  const { left, statuses } = await statusesOfSchool(db, schoolCode);
  const requests = await requestsForSchool(db, schoolCode);
  const done = requests.filter((request) => request.state === "completed");
  const transferredOut = new Set(
    done
      .filter((request) => request.kind === "transfer" && request.otherSchool === schoolCode)
      .map((request) => request.personKey),
  );
  const completed = done.filter((request) => request.initiatorSchool === schoolCode);
  const transfers = completed
    .filter((request) => request.kind === "transfer")
    .map((request) => ({ personKey: request.personKey, completedAt: request.updatedAt }));
  const arrivals =
    transfers.length > 0 ? await transferredRecords(db, schoolCode, transfers) : new Set<string>();
  for (const request of completed)
    if (request.kind === "rotation") arrivals.add(rotationRecordId(request.id));
  return { elsewhere, transferredOut, left, statuses, arrivals, requests };
}
