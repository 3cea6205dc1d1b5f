/**
 * The tabs of the county's two spreadsheets that the worker reads or writes, each with the key
 * it has in the tab manifest (see `tab-manifest.ts`). Provisioning records their sheetIds under
 * these keys; the worker reads and writes them by those ids only.
 *
 * Why the county sheets too: every office is a writer on the recheck spreadsheet, so any of them
 * can rename a tab and put an unprotected look-alike under its name, with decisions in another
 * office's columns. Only the protected tab provisioning made says which office decided.
 */
import { BUSINESS_KINDS } from "../business/index";
import { CONFIRM_TITLE } from "../credits/confirm";
import { COUNTY_LEDGER_TITLE, CREDITS_TITLE } from "../credits/tables";
import { CHANGE_APPROVAL_TITLE } from "../provision/county";
import { APPROVAL_TITLES } from "../recheck/approvals";
import { CONFLICT_TITLE } from "../recheck/conflicts";
import { BUSINESS_LOG_TITLE } from "../reports/business-log";
import { OVERVIEW_TITLE } from "../reports/overview";
import { PROGRESS_TITLE } from "../reports/progress";
import { STATISTICS_TITLE } from "../reports/statistics";
import { SchoolCategory, type Templates } from "../templates/index";

export interface KeyedTab {
  readonly key: string;
  readonly title: string;
}

/**
 * The recheck spreadsheet's decision tabs: one per data section (keyed by the section's key),
 * then 变更审批, 冲突处理, the approval tabs and 学分确认 (keyed `county.*`, so no section key
 * can collide with them).
 */
export function recheckTabs(templates: Templates): KeyedTab[] {
  const sections = new Map<string, string>();
  for (const category of SchoolCategory.options)
    for (const section of templates.categories[category].sections)
      if (section.kind === "section" && !sections.has(section.key))
        sections.set(section.key, section.title);
  return [
    ...[...sections].map(([key, title]) => ({ key, title })),
    { key: "county.change", title: CHANGE_APPROVAL_TITLE },
    { key: "county.conflicts", title: CONFLICT_TITLE },
    ...BUSINESS_KINDS.map((kind) => ({ key: `county.${kind}`, title: APPROVAL_TITLES[kind] })),
    { key: "county.credits", title: CONFIRM_TITLE },
  ];
}

/** The summary spreadsheet's tabs the summary build writes, keyed as its sheetIds are. */
export const SUMMARY_TABS = [
  { key: "overview", title: OVERVIEW_TITLE },
  { key: "progress", title: PROGRESS_TITLE },
  { key: "statistics", title: STATISTICS_TITLE },
  { key: "credits", title: CREDITS_TITLE },
  { key: "ledger", title: COUNTY_LEDGER_TITLE },
  { key: "business", title: BUSINESS_LOG_TITLE },
] as const satisfies readonly KeyedTab[];

/** Title → manifest key, as provisioning's `tabKeys` takes it. */
export function tabKeysOf(tabs: readonly KeyedTab[]): Record<string, string> {
  return Object.fromEntries(tabs.map((tab) => [tab.title, tab.key]));
}
