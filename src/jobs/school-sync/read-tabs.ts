/**
 * The read stage's one request: a spreadsheet's template tabs by sheetId (the school sync's, and
 * the county recheck sheet's, which binds its tabs the same way).
 */
import type { Google } from "../../adapters/google/index";
import { batchGetByGridRanges, getSpreadsheetTabs, wholeTab } from "../../adapters/google/sheets";
import {
  type BoundTab,
  checkBoundTabs,
  type TabManifest,
  type TabProblem,
} from "../../core/sync/tab-manifest";

export interface TabsRead {
  tabs: { range: string; values: (string | number | boolean)[][] }[];
  /** Title → sheetId of the tabs read and trusted (the write-back goes by these ids). */
  sheetIds: Record<string, number>;
  /** Template tabs not synced: renamed (maybe for a look-alike) or deleted. */
  problems: TabProblem[];
}

/**
 * The template's tabs in one read, by sheetId: the ids provisioning recorded on the file (the
 * manifest), else those this worker saw before, else — for a spreadsheet provisioned before
 * manifests, on first sight — one spreadsheets.get. A tab whose id now bears another title is
 * not read as its section: a look-alike under the old name is never consulted.
 */
export async function readTabs(
  google: Google,
  spreadsheetId: string,
  sections: readonly { key: string; title: string }[],
  manifest: TabManifest | null,
  cached: Record<string, number> | null,
  /** Tabs only checked and located (their first cell read), not read: the worker writes them. */
  options: { boundOnly?: readonly { key: string; title: string }[] } = {},
): Promise<TabsRead> {
  const located = options.boundOnly ?? [];
  const bound = await boundTabs(google, spreadsheetId, [...sections, ...located], manifest, cached);
  if (bound.length === 0) return { tabs: [], sheetIds: {}, problems: [] };
  const locatedOnly = new Set(located.map((tab) => tab.key));
  const found = await batchGetByGridRanges(
    google.client,
    google.sheetsBaseUrl,
    spreadsheetId,
    bound.map((tab) =>
      locatedOnly.has(tab.key)
        ? { sheetId: tab.sheetId, endRowIndex: 1, endColumnIndex: 1 }
        : { sheetId: tab.sheetId },
    ),
  );
  const { trusted, problems } = checkBoundTabs(bound, found);
  const valuesOf = new Map(found.map((tab) => [tab.sheetId, tab.values]));
  return {
    tabs: trusted
      .filter((tab) => !locatedOnly.has(tab.key))
      .map((tab) => ({
        range: wholeTab(tab.title),
        values: valuesOf.get(tab.sheetId) ?? [],
      })),
    sheetIds: Object.fromEntries(trusted.map((tab) => [tab.title, tab.sheetId])),
    problems,
  };
}

async function boundTabs(
  google: Google,
  spreadsheetId: string,
  sections: readonly { key: string; title: string }[],
  manifest: TabManifest | null,
  cached: Record<string, number> | null,
): Promise<BoundTab[]> {
  const byTitle = manifest === null ? (cached ?? (await tabIdsNow(google, spreadsheetId))) : null;
  return sections.flatMap((section) => {
    const sheetId = byTitle === null ? manifest?.get(section.key) : byTitle[section.title];
    return sheetId === undefined ? [] : [{ ...section, sheetId }];
  });
}

/** Title → sheetId as the spreadsheet has them now (one spreadsheets.get). */
async function tabIdsNow(google: Google, spreadsheetId: string): Promise<Record<string, number>> {
  const meta = await getSpreadsheetTabs(google.client, google.sheetsBaseUrl, spreadsheetId);
  return Object.fromEntries(meta.sheets.map((s) => [s.properties.title, s.properties.sheetId]));
}
