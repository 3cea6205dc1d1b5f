/**
 * One tab, every rule of the tab: for every section of every category, the single-tab path
 * (`validateTab`, what `npm run validate -- --section` runs) and the whole-workbook path
 * (`validateSchool`) say the same thing about the tab's rows, apart from the rules that need
 * other tabs; and each of those is named in the note the single-tab check prints.
 */
import { describe, expect, it } from "vitest";
import { oneTabNote } from "../../scripts/validate/cli";
import { SchoolCategory, templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import {
  CROSS_TAB_CODES,
  type Finding,
  oneTabSkips,
  validateSchool,
  validateTab,
} from "../../src/core/validate";
import { schoolInput, type Tabs, TODAY, validTabs } from "../core/validate/fixture";

/** The valid fixture with problems planted in every tab: a repeated row, a garbled one. */
function planted(): Tabs {
  const tabs = validTabs();
  const out: Tabs = {};
  for (const [title, rows] of Object.entries(tabs)) {
    const [first] = rows;
    if (first === undefined) continue;
    const garbled = Object.fromEntries(
      Object.entries(first).map(([header, value]) =>
        header === "姓名" || header === "身份证件号" ? [header, value] : [header, "？？"],
      ),
    );
    out[title] = [...rows, { ...first }, garbled];
  }
  // 国内培训: more credits than the hours allow, on a row of its own.
  const training = out.国内培训?.[0];
  if (training !== undefined)
    out.国内培训?.push({ ...training, 培训项目名称: "校本研修", 培训获得学分: 61 });
  return out;
}

const describeFinding = (f: Finding) => `${f.row} ${f.column} ${f.code} ${f.severity}`;

describe("validate --section agrees with the whole workbook on every within-tab rule", () => {
  for (const category of SchoolCategory.options) {
    const sections = templateFor(shippedTemplates, category);
    const basic = sections.find((s) => s.key === "basic");
    const input = schoolInput(planted(), category);
    const whole = validateSchool(input, shippedTemplates, { today: TODAY }).findings;
    for (const section of sections) {
      const rows = input.tabs[section.title];
      if (rows === undefined || basic === undefined) continue;
      it(`${category} · ${section.title}`, () => {
        const mine = whole.filter((f) => f.tab === section.title);
        const single = validateTab(section, rows, {
          today: TODAY,
          codeTables: shippedTemplates.codeTables,
          schoolName: input.name,
        }).findings;
        expect(single.length).toBeGreaterThan(0);
        expect(single.map(describeFinding).sort()).toEqual(
          mine
            .filter((f) => !CROSS_TAB_CODES.has(f.code))
            .map(describeFinding)
            .sort(),
        );
        // What only the whole workbook found is named in the single-tab note.
        const skips = oneTabSkips(section, basic);
        const note = oneTabNote(section, shippedTemplates, category);
        for (const skip of skips) expect(note).toContain(skip);
        for (const f of mine.filter((f) => CROSS_TAB_CODES.has(f.code))) {
          const named = f.code.startsWith("identity.")
            ? skips.some((s) => s.includes("须在“基本信息”中登记"))
            : f.code === "section.missing"
              ? skips.some((s) => s.includes("每人须填的标签页"))
              : skips.some((s) => s.includes(`「${f.column}」`));
          expect(named, `${f.code} on ${f.column}`).toBe(true);
        }
      });
    }
  }

  it("runs 国内培训's credit and duplicate rules on the tab alone", () => {
    const section = templateFor(shippedTemplates, "primary_secondary").find(
      (s) => s.key === "training",
    );
    const input = schoolInput(planted());
    const rows = input.tabs.国内培训;
    if (section === undefined || rows === undefined) throw new Error("no 国内培训");
    const codes = validateTab(section, rows, {
      today: TODAY,
      codeTables: shippedTemplates.codeTables,
      schoolName: input.name,
    }).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["credits.above_hours", "training.duplicate"]));
  });
});
