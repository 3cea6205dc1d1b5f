/**
 * Normalised values back to what a user would type, for restoring a row to its effective values.
 *
 * Guarantees:
 * - what is rendered reads back as the same value (codes as the names the dropdowns show, 是/否,
 *   lists joined with 、, dates and year-months as ISO text, phones as `phoneText` shows them:
 *   「13401422797」「0730-4221234」), so a restored
 *   row has the effective fingerprint on the next read;
 * - numbers stay numbers; everything else is text (written as a string, never as a formula).
 */
import { phoneText } from "../normalise/phone";
import type { CodeTables, Column } from "../templates";
import type { Value } from "../validate";

export type Rendered = string | number;

export function render(column: Column, value: Value, tables: CodeTables): Rendered {
  if (typeof value === "number") return value;
  const name = (code: string) =>
    tables.get(column.codeTable ?? "")?.entries.find((entry) => entry.code === code)?.name ?? code;
  if (typeof value !== "string") return value.map(name).join("、");
  switch (column.type) {
    case "code":
      return name(value);
    case "yes_no":
      return value === "1" ? "是" : "否";
    case "mobile":
    case "fixed_phone":
      return phoneText(value);
    default:
      return value;
  }
}
