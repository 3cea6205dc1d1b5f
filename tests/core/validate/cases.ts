/**
 * Table-driven rule tests: each case changes some cells of the valid fixture school and lists
 * every finding it expects (none = the school stays valid), so a case also proves that a rule
 * does not set off unrelated findings.
 */
import { expect, it } from "vitest";
import type { SchoolCategory } from "../../../src/core/templates";
import type { Cell, Finding, IdLookup } from "../../../src/core/validate";
import { edit, run, type Tabs, validTabs } from "./fixture";

export interface Case {
  readonly name: string;
  /** Row index within the tab (0 = first data row, sheet row 2). */
  readonly row?: number;
  readonly set?: Readonly<Record<string, Cell>>;
  /** Builds the tabs instead of (or before) `set`, for cases that touch several tabs. */
  readonly tabs?: () => Tabs;
  readonly category?: SchoolCategory;
  readonly lookupId?: IdLookup;
  /**
   * `column code` on the edited row, `- code` for a row-level finding, or
   * `tab!row column code` elsewhere; a trailing ` (warning)` checks the severity.
   */
  readonly expect?: readonly string[];
}

export function describeFinding(finding: Finding): string {
  const severity = finding.severity === "warning" ? " (warning)" : "";
  return `${finding.tab}!${finding.row ?? "-"} ${finding.column ?? "-"} ${finding.code}${severity}`;
}

export function runCases(tab: string, cases: readonly Case[]): void {
  for (const c of cases) {
    const label = c.expect === undefined || c.expect.length === 0 ? "passes" : "fails";
    it(`${c.name} — ${label}`, () => {
      const row = c.row ?? 0;
      const base = c.tabs?.() ?? validTabs();
      const tabs = c.set === undefined ? base : edit(tab, row, c.set, base);
      const findings = run(tabs, { category: c.category, lookupId: c.lookupId });
      const expected = (c.expect ?? []).map((e) =>
        e.includes("!") ? e : `${tab}!${row + 2} ${e}`,
      );
      expect(findings.map(describeFinding).sort()).toEqual([...expected].sort());
      for (const finding of findings) expect(finding.message).toMatch(/^\S/);
    });
  }
}
