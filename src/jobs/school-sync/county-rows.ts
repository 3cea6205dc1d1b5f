import { ID_REFERENCE_PREFIX, type IdCrypto } from "../../adapters/crypto/index";
import type { CountyRows } from "../../adapters/store/recheck";
import { CHANGE_APPROVAL_TITLE } from "../../core/provision/county";
import {
  changeRows,
  recheckRow,
  sectionFor,
  valuesByHash,
  valuesKey,
} from "../../core/recheck/rows";
import type { RecordValues, RegistryChange, SchoolRegistry } from "../../core/sync/model";
import { syncTimeText } from "../../core/sync/plan";
import type { ValueRange } from "../../core/sync/read-rows";
import type { ResolvedSection, Templates } from "../../core/templates";

export interface CountyRowsInput {
  readonly crypto: IdCrypto;
  readonly templates: Templates;
  readonly registry: SchoolRegistry;
  /** The school sync's batchGet, where the approved values are read from. */
  readonly tabs: readonly ValueRange[];
  readonly changes: readonly RegistryChange[];
  readonly today: string;
  readonly now: string;
}

/**
 * Renders what a school sync sends to the county (recheck items, change requests), for the
 * recheck consumer to append. The sync keeps them in D1 in its one registry commit, so a version
 * is never queued without its rows; saving twice keeps the first rows.
 */
export async function countyRowsFor(input: CountyRowsInput): Promise<CountyRows[]> {
  const { registry, templates, changes } = input;
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
  const recheck: { where: ResolvedSection; recordId: string; hash: string; found: RecordValues }[] =
    [];
  for (const item of sent) {
    const found = values.get(valuesKey(item.section, item.hash));
    const where = section(item.section);
    if (found !== undefined && where !== undefined)
      recheck.push({ where, recordId: item.recordId, hash: item.hash, found });
  }
  const requests = changes.flatMap((change) => {
    if (change.kind !== "openChangeRequest") return [];
    const { request } = change;
    const effective = registry.records.get(request.recordId)?.effective;
    const where = section(request.section);
    return effective == null || where === undefined ? [] : [{ where, request, effective }];
  });
  const context = {
    schoolCode: registry.schoolCode,
    schoolName: registry.schoolName,
    codeTables: templates.codeTables,
    mask: await referencesOf(input.crypto, [
      ...recheck.map((r) => ({ section: r.where, values: r.found })),
      ...requests.flatMap(({ where, request, effective }) => [
        { section: where, values: effective.values },
        { section: where, values: request.proposed },
      ]),
    ]),
  };
  const rows: CountyRows[] = recheck.map(({ where, recordId, hash, found }) => ({
    kind: "recheck",
    recordId,
    versionKey: hash,
    tab: where.title,
    rows: [recheckRow(where, recordId, found, context)],
  }));
  for (const { where, request, effective } of requests)
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
  return rows;
}

/**
 * How many changes concern the county sheet (sent, withdrawn, superseded), so the caller knows
 * whether to wake the recheck consumer.
 */
export function countyChangeCount(changes: readonly RegistryChange[]): number {
  return changes.filter((c) => COUNTY_KINDS.has(c.kind)).length;
}

const COUNTY_KINDS: ReadonlySet<RegistryChange["kind"]> = new Set([
  "sendToRecheck",
  "withdrawRecheck",
  "openChangeRequest",
  "closeChangeRequest",
]);

/** Shown for an ID whose reference was not computed: nothing of it at all. */
const HIDDEN = `${ID_REFERENCE_PREFIX}（已隐去）`;

/**
 * The render context's `mask`: the core renders synchronously, and a keyed reference takes an
 * HMAC, so every ID the rows can show is looked up beforehand.
 */
async function referencesOf(
  crypto: IdCrypto,
  records: readonly { section: ResolvedSection; values: RecordValues }[],
): Promise<(idNumber: string) => string> {
  const references = new Map<string, string>();
  for (const { section, values } of records)
    for (const column of section.columns) {
      const id = values[column.key];
      if (column.type === "id_number" && typeof id === "string" && !references.has(id))
        references.set(id, await crypto.reference(id));
    }
  return (idNumber) => references.get(idNumber) ?? HIDDEN;
}
