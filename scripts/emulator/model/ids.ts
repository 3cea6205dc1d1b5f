/**
 * New ids for sheets, protected ranges, charts and developer metadata. Google's are random
 * positive int32s; ours come from a per-document generator so runs are reproducible, and are
 * checked against every id already in use.
 */
import type { SpreadsheetDoc } from "./types";

export function seedOf(spreadsheetId: string): number {
  let hash = 2166136261;
  for (const ch of spreadsheetId) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

function usedIds(doc: SpreadsheetDoc): Set<number> {
  const ids = new Set<number>();
  for (const sheet of doc.sheets) {
    ids.add(sheet.properties.sheetId);
    for (const pr of sheet.protectedRanges) ids.add(pr.protectedRangeId);
    for (const chart of sheet.charts) ids.add(chart.chartId);
  }
  for (const meta of doc.developerMetadata) ids.add(meta.metadataId);
  return ids;
}

/** Advances the document's generator (a mutation: call it on the working copy). */
export function nextId(doc: SpreadsheetDoc): number {
  const used = usedIds(doc);
  for (;;) {
    // xorshift32: cheap, full-period, and good enough to spread ids out.
    let x = doc.idSeed || 1;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    doc.idSeed = x >>> 0;
    const id = (doc.idSeed % 2_000_000_000) + 1;
    if (!used.has(id)) return id;
  }
}
