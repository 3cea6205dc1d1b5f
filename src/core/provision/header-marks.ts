/**
 * Required columns marked on the sheet: a required column's header is red, a conditionally
 * required one's orange, and the header note opens with 「必填。」 or 「条件必填：…时须填写。」.
 * Everything comes from the templates (`required`, the `required_when` rules), so a column that
 * becomes required marks itself. The header text is never touched: the worker finds columns by it.
 */
import type { CodeTables, Column, ResolvedSection } from "../templates/index";
import { describeWhen, type RuleContext } from "../validate/conditions";
import { type Rgb, rgb } from "./colours";
import type { ColumnLayout } from "./layout";

export type HeaderMark =
  | { readonly kind: "required" }
  | { readonly kind: "conditional"; readonly when: string };

/** Header text colours: Google's dark red 1 and dark orange 2, readable on every header tone. */
export const MARK_COLOURS: Readonly<Record<HeaderMark["kind"], Rgb>> = {
  required: rgb("#cc0000"),
  conditional: rgb("#b45f06"),
};

/** The mark of a data column: required, required under the rules' conditions, or none. */
export function headerMark(
  section: ResolvedSection,
  column: Column,
  tables: CodeTables,
): HeaderMark | undefined {
  if (column.required) return { kind: "required" };
  const context: RuleContext = {
    today: "",
    codeTables: tables,
    schoolName: "",
    columns: new Map(section.columns.map((c) => [c.key, c])),
  };
  const conditions = section.rules.flatMap((rule) =>
    rule.rule === "required_when" && rule.column === column.key
      ? [describeWhen(rule.when, context)]
      : [],
  );
  return conditions.length === 0
    ? undefined
    : { kind: "conditional", when: conditions.join("，或") };
}

/** The header note: the mark first, then the template's note. */
export function markedNote(mark: HeaderMark | undefined, note: string): string {
  if (mark === undefined) return note;
  return mark.kind === "required" ? `必填。${note}` : `条件必填：${mark.when}时须填写。${note}`;
}

/** A data column's layout with its mark: the note prefixed, the header colour to keep. */
export function markColumn(layout: ColumnLayout, mark: HeaderMark | undefined): ColumnLayout {
  if (mark === undefined) return layout;
  return { ...layout, note: markedNote(mark, layout.note), headerColour: MARK_COLOURS[mark.kind] };
}

/** The 说明 tab's line on header colours. */
export const HEADER_MARK_LINE: readonly [string, string] = [
  "表头颜色",
  "红字表头的列必填；橙字表头的列在一定条件下必填（条件写在表头批注的开头）；黑字表头的列有则填写。",
];
