/**
 * The portal has no script (its CSP allows none), yet a conditionally required field should show
 * its * as soon as the teacher picks the value that makes it required. CSS can: `:has()` on the
 * form matches the chosen option, so one rule per `required_when` rule of the templates shows the
 * field's hidden mark. Built from the templates (data, not code): a new rule marks itself.
 *
 * A condition CSS cannot see (a column the form does not show, like the ID number) leaves the
 * mark to the hint under the field, which always states the condition.
 */
import type { Condition, ResolvedSection } from "../templates";
import { conditions } from "../templates";
import { type FieldInput, fixedColumns, inputOf } from "./form";

/** The stylesheet's rules for these sections' conditionally required fields. */
export function conditionalMarkCss(sections: readonly ResolvedSection[]): string {
  const rules = new Set<string>();
  for (const section of sections)
    for (const rule of section.rules) {
      if (rule.rule !== "required_when") continue;
      const selectors = formSelectors(section, conditions(rule.when));
      for (const selector of selectors)
        rules.add(`${selector} [data-field="${rule.column}"] .req-when{display:inline}`);
    }
  return [...rules].join("\n");
}

/** Every way the form can match all the conditions: one selector per alternative value. */
function formSelectors(section: ResolvedSection, all: readonly Condition[]): string[] {
  let selectors = [`form[data-section="${section.key}"]`];
  for (const condition of all) {
    const matches = conditionSelectors(section, condition);
    if (matches === undefined) return [];
    selectors = selectors.flatMap((prefix) => matches.map((match) => `${prefix}:has(${match})`));
  }
  return selectors;
}

function conditionSelectors(section: ResolvedSection, condition: Condition): string[] | undefined {
  if (fixedColumns(section.key).has(condition.column)) return undefined;
  const column = section.columns.find((candidate) => candidate.key === condition.column);
  if (column === undefined) return undefined;
  const input: FieldInput = inputOf(column);
  const field = `#field-${condition.column}`;
  const chosen = input === "checkboxes" ? `${field} input:checked` : `${field} option:checked`;
  if ("filled" in condition) {
    if (input === "select")
      return [`${chosen}${condition.filled ? ':not([value=""])' : '[value=""]'}`];
    if (input === "checkboxes") return condition.filled ? [chosen] : undefined;
    return [`${field}${condition.filled ? ":not(:placeholder-shown)" : ":placeholder-shown"}`];
  }
  if (input !== "select" && input !== "checkboxes") return undefined;
  if ("in" in condition) return condition.in.map((code) => `${chosen}[value="${cssString(code)}"]`);
  if (input === "checkboxes") return undefined;
  const excluded = [...condition.notIn, ""].map((code) => `:not([value="${cssString(code)}"])`);
  return [`${chosen}${excluded.join("")}`];
}

/** Codes are digits and letters; anything else is escaped rather than trusted. */
function cssString(text: string): string {
  return text.replace(/["\\\n]/g, (char) => `\\${char.codePointAt(0)?.toString(16)} `);
}
