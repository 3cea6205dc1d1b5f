import { describe, expect, it } from "vitest";
import { type SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { type Cell, validateSchool, validateTab } from "../../../src/core/validate";
import { schoolInput, TODAY, validTabs } from "./fixture";

/** Values no user should type but some will, plus what a broken API client could hand us. */
const ODD: readonly Cell[] = [
  null,
  undefined,
  "",
  " ",
  "\u3000",
  true,
  false,
  0,
  -0,
  -1,
  0.5,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  45_000.75,
  '=IMPORTXML("http://x")',
  "１２３",
  "（）",
  "\u0000\u200b",
  "x".repeat(5000),
  "2017-02-30",
  "9999-99-99",
  "0-无",
  "无、无、",
  "、",
  "🙂",
  "是,否",
  "-",
  "null",
];

const CATEGORIES: readonly SchoolCategory[] = [
  "primary_secondary",
  "kindergarten",
  "special",
  "vocational",
];

const context = {
  today: TODAY,
  codeTables: shippedTemplates.codeTables,
  schoolName: "华容县实验小学",
};

describe("validation never throws", () => {
  for (const category of CATEGORIES) {
    it(`on any odd value in any column of a ${category} tab`, () => {
      const base = schoolInput(validTabs(), category);
      let runs = 0;
      for (const section of templateFor(shippedTemplates, category)) {
        const rows = base.tabs[section.title] ?? [];
        const header = rows[0] ?? [];
        for (let column = 0; column < header.length; column++) {
          for (const value of ODD) {
            const edited = [header, ...rows.slice(1), withCell(rows[1], column, value)];
            for (const finding of validateTab(section, edited, context).findings)
              expect(finding.message).toMatch(/\S/);
            runs++;
          }
        }
      }
      expect(runs).toBeGreaterThan(1000);
    });

    it(`on a ${category} school whose every cell holds the same odd value`, () => {
      const base = schoolInput(validTabs(), category);
      for (const value of ODD) {
        const tabs = Object.fromEntries(
          Object.entries(base.tabs).map(([title, rows]) => [
            title,
            [
              rows[0] ?? [],
              ...rows.slice(1).map((row) => (row ?? []).map(() => value)),
              (rows[0] ?? []).map(() => value),
            ],
          ]),
        );
        const result = validateSchool({ ...base, tabs }, shippedTemplates, {
          today: TODAY,
          lookupId: () => ({ others: [{ schoolCode: "4306230006", schoolName: "治河渡镇中学" }] }),
        });
        for (const finding of result.findings) expect(finding.message).toMatch(/\S/);
      }
    });
  }

  it("on headers that are odd values", () => {
    const base = schoolInput(validTabs());
    const tabs = Object.fromEntries(
      Object.entries(base.tabs).map(([title, rows]) => [title, [ODD, ...rows.slice(1)]]),
    );
    expect(() =>
      validateSchool({ ...base, tabs }, shippedTemplates, { today: TODAY }),
    ).not.toThrow();
  });
});

function withCell(row: readonly Cell[] | undefined, index: number, value: Cell): Cell[] {
  const copy = [...(row ?? [])];
  copy[index] = value;
  return copy;
}
