/**
 * Who on a school's 基本信息 is a new entry: a row with an ID number and no 记录编号. Only such a
 * row can bring back a teacher who left the county (调出县外): the rows the registry wrote or
 * knows (with their 记录编号) are the teacher's old file, which the school's sync clears.
 * Pure: the tabs as read and the templates.
 */
import { normaliseIdNumber } from "../normalise";
import { BASIC_SECTION } from "../review/decide";
import type { SchoolCategory, Templates } from "../templates";
import { templateFor } from "../templates";
import { layoutOf } from "./layout";
import { sheetRowsOf, tabsOf, type ValueRange } from "./read-rows";

/** ID numbers (normalised as the engine reads them) on 基本信息 rows without a 记录编号. */
export function newEntriesOnBasic(
  tabs: readonly ValueRange[],
  templates: Templates,
  category: SchoolCategory,
): string[] {
  const section = templateFor(templates, category).find((s) => s.key === BASIC_SECTION);
  const rows = section === undefined ? undefined : tabsOf(tabs)[section.title];
  if (section === undefined || rows === undefined) return [];
  const layout = layoutOf(section, rows[0]);
  const at = layout.data.get("idNumber");
  if (at === undefined || layout.trailing === null) return [];
  const ids = sheetRowsOf(layout, rows)
    .filter((row) => row.recordId === "")
    .map((row) => normaliseIdNumber(row.cells[at]))
    .filter((id) => id !== "");
  return [...new Set(ids)];
}
