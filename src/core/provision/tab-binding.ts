/**
 * Binding a school spreadsheet's template tabs to their sheetIds across provisioning runs.
 *
 * Provisioning records each section tab's sheetId on the Drive file (see
 * `core/sync/tab-manifest`); the worker reads tabs only by those ids. When a re-run finds a bound
 * tab under another title — typically renamed so that a look-alike could take its name — it
 * moves the look-alike aside under a name that says what it is and gives the bound tab its title
 * back, so the planner then sees, protects and records the genuine tab. Nothing is deleted: the
 * look-alike's content stays for whoever must look at it.
 */
import type { Plan } from "./plan";
import type { SheetsRequest } from "./requests";

export interface TabIdentity {
  readonly sheetId: number;
  readonly title: string;
}

export interface TabRepairs {
  readonly requests: readonly SheetsRequest[];
  /** Titles given back to their bound tab. */
  readonly restored: readonly string[];
  /** Look-alikes moved aside: their new titles. */
  readonly setAside: readonly string[];
}

/**
 * Template title → the sheetId the manifest records for it, for the tabs (`title`, manifest
 * `key`) of a spreadsheet's layout; a tab the manifest does not name is left out.
 */
export function boundTitles(
  manifest: ReadonlyMap<string, number>,
  tabs: readonly { readonly title: string; readonly key: string }[],
): Map<string, number> {
  return new Map(
    tabs.flatMap((tab) => {
      const sheetId = manifest.get(tab.key);
      return sheetId === undefined ? [] : [[tab.title, sheetId] as const];
    }),
  );
}

/** `bound`: template title → the sheetId recorded for it. */
export function planTabRepairs(
  bound: ReadonlyMap<string, number>,
  sheets: readonly TabIdentity[],
): TabRepairs {
  const titles = new Set(sheets.map((sheet) => sheet.title));
  const requests: SheetsRequest[] = [];
  const restored: string[] = [];
  const setAside: string[] = [];
  for (const [title, sheetId] of bound) {
    const genuine = sheets.find((sheet) => sheet.sheetId === sheetId);
    if (genuine === undefined || genuine.title === title) continue;
    const impostor = sheets.find((sheet) => sheet.title === title);
    if (impostor !== undefined) {
      const aside = freeTitle(`${title}（非系统表）`, titles);
      titles.add(aside);
      requests.push(rename(impostor.sheetId, aside));
      setAside.push(aside);
    }
    titles.delete(genuine.title);
    titles.add(title);
    requests.push(rename(genuine.sheetId, title));
    restored.push(title);
  }
  return { requests, restored, setAside };
}

/** Title → sheetId once `plan` is applied to a spreadsheet whose tabs were `sheets`. */
export function sheetIdsAfter(
  sheets: readonly TabIdentity[],
  plan: Pick<Plan, "requests">,
): Map<string, number> {
  const titleOf = new Map(sheets.map((sheet) => [sheet.sheetId, sheet.title]));
  for (const request of plan.requests) {
    const properties =
      "addSheet" in request
        ? request.addSheet.properties
        : "updateSheetProperties" in request
          ? request.updateSheetProperties.properties
          : undefined;
    if (properties?.title !== undefined) titleOf.set(properties.sheetId, properties.title);
  }
  return new Map([...titleOf].map(([sheetId, title]) => [title, sheetId]));
}

function rename(sheetId: number, title: string): SheetsRequest {
  return { updateSheetProperties: { properties: { sheetId, title }, fields: "title" } };
}

function freeTitle(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}
