import { maskId } from "../adapters/crypto/index";
import { type CountyRows, saveCountyRows } from "../adapters/store/recheck";
import { CHANGE_APPROVAL_TITLE } from "../core/provision/county";
import { changeRows, recheckRow, sectionFor, valuesByHash, valuesKey } from "../core/recheck/rows";
import type { RegistryChange, SchoolRegistry } from "../core/sync/model";
import { syncTimeText } from "../core/sync/plan";
import type { ValueRange } from "../core/sync/read-rows";
import type { Templates } from "../core/templates";

export interface CountyRowsInput {
  readonly db: D1Database;
  readonly templates: Templates;
  readonly registry: SchoolRegistry;
  /** The school sync's batchGet, where the approved values are read from. */
  readonly tabs: readonly ValueRange[];
  readonly changes: readonly RegistryChange[];
  readonly today: string;
  readonly now: string;
}

/**
 * Renders what a school sync sends to the county (recheck items, change requests) and keeps it
 * in D1 for the recheck consumer. Called before the registry commit, so a version is never
 * queued without its rows; saving twice keeps the first rows.
 *
 * Returns how many changes concern the county sheet (sent, withdrawn, superseded), so the caller
 * knows whether to wake the recheck consumer.
 */
export async function saveRowsForCounty(input: CountyRowsInput): Promise<number> {
  const { registry, templates, changes } = input;
  const context = {
    schoolCode: registry.schoolCode,
    schoolName: registry.schoolName,
    codeTables: templates.codeTables,
    mask: maskId,
  };
  const section = (key: string) => sectionFor(templates, registry.category, key);
  const sent = changes.flatMap((c) => (c.kind === "sendToRecheck" ? [c.item] : []));
  const values =
    sent.length === 0
      ? new Map()
      : valuesByHash(
          input.tabs,
          templates,
          { code: registry.schoolCode, name: registry.schoolName, category: registry.category },
          input.today,
          new Set(sent.map((item) => item.hash)),
        );
  const rows: CountyRows[] = [];
  for (const item of sent) {
    const found = values.get(valuesKey(item.section, item.hash));
    const where = section(item.section);
    if (found === undefined || where === undefined) continue;
    rows.push({
      kind: "recheck",
      recordId: item.recordId,
      versionKey: item.hash,
      tab: where.title,
      rows: [recheckRow(where, item.recordId, found, context)],
    });
  }
  for (const change of changes) {
    if (change.kind !== "openChangeRequest") continue;
    const { request } = change;
    const effective = registry.records.get(request.recordId)?.effective;
    const where = section(request.section);
    if (effective == null || where === undefined) continue;
    rows.push({
      kind: "change",
      recordId: request.recordId,
      versionKey: request.changeRequestId,
      tab: CHANGE_APPROVAL_TITLE,
      rows: changeRows(
        where,
        { recordId: request.recordId, effective: effective.values, proposed: request.proposed },
        syncTimeText(input.now),
        context,
      ),
    });
  }
  await saveCountyRows(input.db, rows, input.now);
  return changes.filter((c) => COUNTY_KINDS.has(c.kind)).length;
}

const COUNTY_KINDS: ReadonlySet<RegistryChange["kind"]> = new Set([
  "sendToRecheck",
  "withdrawRecheck",
  "openChangeRequest",
  "closeChangeRequest",
]);
