import type { Protection, SpreadsheetLayout, TabLayout } from "./layout";

/**
 * A layout shared with the worker's whole pool of service accounts: wherever the default account
 * is a writer or an editor of a protected range, the others are too. Every account can then
 * serve any request of any spreadsheet, so the quota keeper spreads the county's requests over
 * the pool request by request, and one account's Drive listing still sees every file (an idle
 * tick stays one request). At most five accounts fill the project's quota, four grants more per
 * spreadsheet, far under Drive's limit of people one file is shared with (600).
 */
export function sharedWithPool(
  layout: SpreadsheetLayout,
  primary: string,
  others: readonly string[],
): SpreadsheetLayout {
  const extra = others.filter((email) => email !== primary);
  if (extra.length === 0) return layout;
  const widen = <P extends Protection>(p: P): P =>
    p.editors.includes(primary)
      ? { ...p, editors: [...p.editors, ...extra.filter((e) => !p.editors.includes(e))] }
      : p;
  const tab = (t: TabLayout): TabLayout =>
    t.kind === "guide"
      ? { ...t, protection: widen(t.protection) }
      : {
          ...t,
          headerProtection: widen(t.headerProtection),
          ...(t.protection === undefined ? {} : { protection: widen(t.protection) }),
          columns: t.columns.map((c) =>
            c.protection === undefined ? c : { ...c, protection: widen(c.protection) },
          ),
        };
  return {
    ...layout,
    tabs: layout.tabs.map(tab),
    grants: layout.grants.flatMap((g) =>
      g.email === primary ? [g, ...extra.map((email) => ({ email, role: g.role }))] : [g],
    ),
  };
}
