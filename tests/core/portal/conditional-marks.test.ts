import { describe, expect, it } from "vitest";
import { conditionalMarkCss } from "../../../src/core/portal/conditional-marks";
import { type ResolvedSection, SchoolCategory, templateFor } from "../../../src/core/templates";
import { shippedTemplates } from "../../../src/core/templates/bundle";

const all = SchoolCategory.options.flatMap((category) => templateFor(shippedTemplates, category));
const css = conditionalMarkCss(all);

function section(key: string): ResolvedSection {
  const found = all.find((s) => s.key === key);
  if (found === undefined) throw new Error(key);
  return found;
}

describe("conditionalMarkCss: a live * for every required_when the form can see", () => {
  it("marks on a chosen value (in), on any value but the excluded ones (notIn), and on all of several", () => {
    expect(css).toContain(
      'form[data-section="post"]:has(#field-concurrent option:checked[value="1"]) [data-field="concurrentType"] .req-when{display:inline}',
    );
    expect(css).toContain(
      'form[data-section="education"]:has(#field-education option:checked:not([value="0"]):not([value=""])) [data-field="major"] .req-when{display:inline}',
    );
    // Two conditions that must both hold: one :has() each, one rule per alternative value.
    for (const stage of ["2", "3", "4"])
      expect(css).toContain(
        `form[data-section="teaching"]:has(#field-status option:checked[value="20"]):has(#field-stage option:checked[value="${stage}"]) [data-field="courses"] .req-when`,
      );
  });

  it("marks on a text field once it is filled", () => {
    expect(css).toContain(
      'form[data-section="skills"]:has(#field-otherSkill:not(:placeholder-shown)) [data-field="otherMastery"] .req-when',
    );
  });

  it("has a rule for every required_when of the shipped templates", () => {
    for (const s of all)
      for (const rule of s.rules)
        if (rule.rule === "required_when")
          expect(
            css
              .split("\n")
              .some(
                (line) =>
                  line.startsWith(`form[data-section="${s.key}"]`) &&
                  line.includes(`[data-field="${rule.column}"]`),
              ),
          ).toBe(true);
    expect(conditionalMarkCss([section("contact")])).toBe("");
  });
});
