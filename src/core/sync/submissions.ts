/**
 * Teachers' portal submissions placed into the school spreadsheet as the sync reads it: before
 * the sync decides, each pending submission is laid into the tabs as read (a new row below the
 * last one, or the changed cells of the effective row it corrects), so the review machine decides
 * on the row as it will stand, and the same single batchUpdate writes the submission with the
 * statuses (a `writeSubmission` op per submission, pinned by the guard to a row still as read).
 *
 * Guarantees:
 * - pure: the templates, the registry's effective values and the time are inputs;
 * - never a cell the school typed since: a correction changes only the cells that still show the
 *   effective values the teacher corrected; a cell the school changed meanwhile keeps the school's
 *   content, and the note says so;
 * - never twice: a submission whose values the sheet already shows (a write whose marking was
 *   lost) is reported `present` and planned for no write;
 * - the 校长审核 box of the row is unticked with the write: the teacher approves nothing, and the
 *   principal's tick was for the values replaced;
 * - every written row carries a note on its 记录编号 cell: 教师本人于…通过自助系统提交.
 */
import { normaliseText } from "../normalise";
import { type ResolvedSection, type Templates, templateFor } from "../templates";
import type { Cell, CheckContext } from "../validate";
import { checkField } from "../validate/fields";
import { readRecord } from "../validate/record";
import { fingerprint } from "./fingerprint";
import { contentOf, layoutOf, type SheetLayout } from "./layout";
import type { RecordValues } from "./model";
import { syncTimeText } from "./plan";
import { titleOf, type ValueRange } from "./read-rows";
import { type Rendered, render } from "./render";

export interface Submission {
  readonly id: string;
  /** Section key from the templates. */
  readonly section: string;
  /** The effective record corrected; null for a new row. */
  readonly recordId: string | null;
  /** Normalised values by column key, as the validation engine returned them for the form. */
  readonly values: RecordValues;
  /** ISO time the teacher sent it. */
  readonly createdAt: string;
}

/** One submission's cells at its row (1-based), as the write-back will send them. */
export interface SubmissionWrite {
  readonly submissionId: string;
  readonly tab: string;
  readonly row: number;
  /** The 记录编号 the row shows as read: the corrected record's, "" for a new row. */
  readonly previousId: string;
  /** `contentOf` the row as read, before the submission: the guard writes only onto that. */
  readonly before: string;
  /** Data cells to write; null clears the cell. */
  readonly cells: readonly { readonly key: string; readonly value: Rendered | null }[];
  readonly note: string;
}

export interface Placement {
  /** The tabs as read, with the submissions laid in: what the sync decides on. */
  readonly tabs: readonly ValueRange[];
  readonly writes: readonly SubmissionWrite[];
  /** Already in the sheet as sent (a write whose marking was lost): to mark written. */
  readonly present: readonly string[];
  /** The corrected row is gone from the sheet: set aside. */
  readonly dropped: readonly string[];
}

export interface PlaceInput {
  readonly tabs: readonly ValueRange[];
  readonly templates: Templates;
  readonly category: Parameters<typeof templateFor>[1];
  readonly schoolName: string;
  readonly today: string;
  readonly submissions: readonly Submission[];
  /** The effective values of a record of this school (what a correction was made against). */
  readonly effectiveOf: (recordId: string) => RecordValues | undefined;
}

/** The note on the row's 记录编号 cell. */
export function submittedNote(createdAt: string, kept: readonly string[]): string {
  const base = `教师本人于 ${syncTimeText(createdAt)} 通过自助系统提交，请核对后由校长审核`;
  return kept.length === 0
    ? base
    : `${base}；学校此后已修改的${kept.map((h) => `「${h}」`).join("")}保留学校填写的内容`;
}

export function placeSubmissions(input: PlaceInput): Placement {
  const sections = new Map(
    templateFor(input.templates, input.category).map((section) => [section.key, section]),
  );
  const context: CheckContext = {
    today: input.today,
    codeTables: input.templates.codeTables,
    schoolName: input.schoolName,
  };
  const tabs = input.tabs.map((tab) => ({
    range: tab.range,
    values: (tab.values ?? []).map((row) => [...row]),
  }));
  const writes: SubmissionWrite[] = [];
  const present: string[] = [];
  const dropped: string[] = [];
  for (const submission of input.submissions) {
    const section = sections.get(submission.section);
    const tab = tabs.find((t) => section !== undefined && titleOf(t.range) === section.title);
    if (section === undefined || tab === undefined || section.kind !== "section") continue;
    const layout = layoutOf(section, tab.values[0]);
    const trailing = layout.trailing;
    // A tab the sync cannot write now: the submission waits for the header to be restored.
    if (trailing === null) continue;
    const rows = tab.values;
    const place = { rows, layout, section, context };
    if (submission.recordId === null) {
      if (alreadyThere(place, submission.values)) {
        present.push(submission.id);
        continue;
      }
      const index = rows.length;
      const cells: Cell[] = [];
      const written = dataCells(layout, section, submission.values, input.templates);
      for (const cell of written) setCell(cells, layout.data.get(cell.key), cell.value);
      cells[trailing.approval] = false;
      rows[index] = cells;
      writes.push({
        submissionId: submission.id,
        tab: layout.tab,
        row: index + 1,
        previousId: "",
        before: contentOf(layout, []),
        cells: written,
        note: submittedNote(submission.createdAt, []),
      });
      continue;
    }
    const recordId = submission.recordId;
    const at = rows.flatMap((cells, index) =>
      index > 0 && normaliseText(cells[trailing.recordId]) === recordId ? [index] : [],
    );
    const index = at[0];
    if (index === undefined) {
      dropped.push(submission.id);
      continue;
    }
    // Copies of the row: which one the teacher meant is unclear until the school removes them.
    if (at.length > 1) continue;
    const current = rows[index] ?? [];
    const base = input.effectiveOf(recordId) ?? {};
    const change = corrected(place, current, base, submission.values, input.templates);
    if (change.cells.length === 0) {
      present.push(submission.id);
      continue;
    }
    const cells = [...current];
    for (const cell of change.cells) setCell(cells, layout.data.get(cell.key), cell.value);
    cells[trailing.approval] = false;
    rows[index] = cells;
    writes.push({
      submissionId: submission.id,
      tab: layout.tab,
      row: index + 1,
      previousId: recordId,
      before: contentOf(layout, current),
      cells: change.cells,
      note: submittedNote(submission.createdAt, change.kept),
    });
  }
  return { tabs, writes, present, dropped };
}

interface Place {
  readonly rows: readonly (readonly Cell[])[];
  readonly layout: SheetLayout;
  readonly section: ResolvedSection;
  readonly context: CheckContext;
}

/** A row of the tab already reads as exactly these values. */
function alreadyThere(place: Place, values: RecordValues): boolean {
  const want = fingerprint(values);
  return place.rows.some(
    (cells, index) =>
      index > 0 &&
      fingerprint(
        readRecord(place.section, place.layout.data, cells, index + 1, place.context).record.values,
      ) === want,
  );
}

function dataCells(
  layout: SheetLayout,
  section: ResolvedSection,
  values: RecordValues,
  templates: Templates,
): { key: string; value: Rendered | null }[] {
  return section.columns.flatMap((column) => {
    const value = values[column.key];
    if (!layout.data.has(column.key) || value === undefined) return [];
    return [{ key: column.key, value: render(column, value, templates.codeTables) }];
  });
}

/**
 * The cells a correction changes: those the teacher changed whose sheet cell still shows the
 * effective value; `kept` names the headers where the school typed something else since.
 */
function corrected(
  place: Place,
  current: readonly Cell[],
  base: RecordValues,
  wanted: RecordValues,
  templates: Templates,
): { cells: { key: string; value: Rendered | null }[]; kept: string[] } {
  const cells: { key: string; value: Rendered | null }[] = [];
  const kept: string[] = [];
  for (const column of place.section.columns) {
    const at = place.layout.data.get(column.key);
    if (at === undefined) continue;
    const want = wanted[column.key];
    if (same(want, base[column.key])) continue;
    const checked = checkField(column, current[at], place.context);
    const shown =
      checked.kind === "ok"
        ? checked.value
        : checked.kind === "bad"
          ? current[at]
          : column.defaultFromContext === "schoolName"
            ? place.context.schoolName
            : column.default;
    if (same(shown, want)) continue;
    if (!same(shown, base[column.key])) {
      kept.push(column.header);
      continue;
    }
    cells.push({
      key: column.key,
      value: want === undefined ? null : render(column, want, templates.codeTables),
    });
  }
  return { cells, kept };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function setCell(cells: Cell[], at: number | undefined, value: Rendered | null): void {
  if (at === undefined) return;
  while (cells.length < at) cells.push("");
  cells[at] = value ?? "";
}
