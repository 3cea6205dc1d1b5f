/**
 * A teacher's 电子档案 as data: every section's effective records, the review history, the
 * business history and the credits, ready to print (the page is `routes/archive/page.tsx`).
 *
 * Two copies, one builder:
 * - the county's (`county`): the ID number in clear, as the national system and a receiving
 *   school's 调档 need it; only ever built behind the admin token, and audited;
 * - the teacher's own (`teacher`): no digit of any ID number: 身份证件号 shown as its keyed
 *   参考码, anything the registry keeps encrypted shown as hidden, phone numbers masked, and every
 *   free text (a 备注, a reviewer's reason) passed through `redactPersonal`.
 * Who acted is shown as a role, as the business log does (what sheet protection guarantees), never
 * an account.
 */

import { redactPersonal } from "../log/redact";
import { displayValue } from "../portal/form";
import type { CodeTables, ResolvedSection } from "../templates";
import type { Value } from "../validate";

export type ArchiveCopy = "county" | "teacher";

/**
 * The stable address of a teacher's archive (the county's copy) on the worker, relative to its
 * origin: the 业务台账 gives it for a completed transfer, so the receiving school's 调档 finds it.
 */
export function archivePath(teacherNumber: string): string {
  return `/api/archive/teachers/${teacherNumber}`;
}

/** A stored value; `hidden` where the registry keeps it encrypted and the copy may not show it. */
export type ArchiveValue = Value | { readonly hidden: true };

export interface ArchiveRecord {
  readonly recordId: string;
  readonly section: string;
  readonly values: Readonly<Record<string, ArchiveValue>>;
}

export interface ArchiveReviewEvent {
  readonly recordId: string;
  readonly section: string;
  readonly kind: string;
  readonly actor: string;
  readonly at: string;
  readonly detail: string;
}

export interface ArchiveRequest {
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  /** One line per step, as the 业务台账 words it. */
  readonly steps: readonly string[];
  readonly facts: readonly string[];
}

export interface ArchiveCredits {
  readonly year: number;
  readonly yearCredits: number;
  readonly yearRequired: number;
  readonly cycleCredits: number;
  readonly cycleRequired: number;
  readonly pending: number;
  readonly status: string;
}

export interface ArchiveInput {
  readonly copy: ArchiveCopy;
  readonly name: string;
  readonly teacherNumber: string;
  readonly schoolName: string;
  readonly schoolCode: string;
  /** The ID number in clear (county copy) or its 参考码 (teacher copy). */
  readonly idText: string;
  /** Beijing time, e.g. 2026-03-02 16:10. */
  readonly generatedAt: string;
  readonly sections: readonly ResolvedSection[];
  readonly codeTables: CodeTables;
  readonly records: readonly ArchiveRecord[];
  readonly events: readonly ArchiveReviewEvent[];
  readonly requests: readonly ArchiveRequest[];
  readonly credits: ArchiveCredits | undefined;
  /** Office key → name (county.json), to name a county office by its role. */
  readonly offices: ReadonlyMap<string, string>;
}

export interface Field {
  readonly label: string;
  readonly text: string;
}

export interface ArchiveSection {
  readonly key: string;
  readonly title: string;
  /** One list of fields per effective record. */
  readonly records: readonly (readonly Field[])[];
}

export interface ArchiveHistoryLine {
  readonly at: string;
  readonly section: string;
  readonly step: string;
  readonly who: string;
  readonly note: string;
}

export interface ArchiveView {
  readonly copy: ArchiveCopy;
  readonly name: string;
  readonly teacherNumber: string;
  readonly schoolName: string;
  readonly schoolCode: string;
  readonly idLabel: string;
  readonly idText: string;
  readonly generatedAt: string;
  readonly sections: readonly ArchiveSection[];
  readonly review: readonly ArchiveHistoryLine[];
  readonly requests: readonly ArchiveRequest[];
  readonly credits: ArchiveCredits | undefined;
}

const ID_COLUMN = "idNumber";
const HIDDEN = "（含证件号，已隐藏）";

/**
 * The review steps worth a line in the archive (谁填报、谁审核、谁复核), in words; the system's own
 * steps (checks, clearings, queueing, the version made effective with a confirmation) are noise.
 */
const STEP_WORDS: Readonly<Record<string, string>> = {
  entered: "填报",
  edited: "修改",
  approved: "校长审核通过",
  approval_withdrawn: "校长取消审核",
  confirmed: "县级复核通过（生效）",
  returned: "县级复核退回",
  change_requested: "提出变更",
  change_approved: "变更获批准",
  change_rejected: "变更未获批准",
  row_removed: "从学校表格删除",
};

const ROLE_WORDS: Readonly<Record<string, string>> = {
  principal: "校长",
  info_admin: "学校信息管理员",
  teacher: "教师本人（自助）",
  worker: "系统",
};

/** A role, never an account: an e-mail or anything unknown reads as the school sheet's editors. */
export function roleOf(actor: string, offices: ReadonlyMap<string, string>): string {
  const role = ROLE_WORDS[actor] ?? offices.get(actor);
  if (role !== undefined) return role;
  if ([...offices.values()].includes(actor)) return actor;
  return "学校表格编辑";
}

/** A phone number with its middle hidden: 138****1234, 0730****567. */
export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, "");
  if (digits.length < 7) return "****";
  return `${digits.slice(0, digits.startsWith("1") ? 3 : 4)}****${digits.slice(-4)}`;
}

function fieldText(
  column: ResolvedSection["columns"][number],
  value: ArchiveValue,
  input: ArchiveInput,
): string {
  const teacher = input.copy === "teacher";
  // The teacher's copy never holds the ID (the registry keeps a reference): its 参考码 stands in.
  if (column.key === ID_COLUMN) return teacher ? input.idText : String(value);
  if (typeof value === "object" && !Array.isArray(value) && "hidden" in value) return HIDDEN;
  const shown = value as Value;
  // displayValue writes phones as people do (phoneText); the teacher's copy masks their middle.
  const text = displayValue(column, shown, input.codeTables);
  if (teacher && (column.type === "mobile" || column.type === "fixed_phone"))
    return maskPhone(text);
  return teacher ? redactPersonal(text) : text;
}

function sectionView(section: ResolvedSection, input: ArchiveInput): ArchiveSection {
  const records = input.records
    .filter((record) => record.section === section.key)
    .map((record) =>
      section.columns.flatMap((column) => {
        const value = record.values[column.key];
        if (value === undefined || value === "") return [];
        // 姓名 and the ID are in every page's header; in a section they would only repeat.
        if (section.key !== "basic" && (column.key === "name" || column.key === ID_COLUMN))
          return [];
        return [{ label: column.header, text: fieldText(column, value, input) }];
      }),
    );
  return { key: section.key, title: section.title, records };
}

/** Beijing time to the minute. */
export function beijingTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

function reviewLines(input: ArchiveInput): ArchiveHistoryLine[] {
  const titles = new Map(input.sections.map((s) => [s.key, s.title]));
  const order = new Map(input.sections.map((s, i) => [s.key, i]));
  const steps = Object.keys(STEP_WORDS);
  const place = (e: ArchiveReviewEvent) => order.get(e.section) ?? order.size;
  return [...input.events]
    .filter((event) => STEP_WORDS[event.kind] !== undefined)
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        place(a) - place(b) ||
        a.recordId.localeCompare(b.recordId) ||
        steps.indexOf(a.kind) - steps.indexOf(b.kind),
    )
    .map((event) => {
      const note =
        event.kind === "returned" || event.kind === "change_rejected" ? event.detail : "";
      return {
        at: beijingTime(event.at),
        section: titles.get(event.section) ?? event.section,
        step: STEP_WORDS[event.kind] ?? event.kind,
        who: roleOf(event.actor, input.offices),
        note: input.copy === "teacher" ? redactPersonal(note) : note,
      };
    });
}

export function archiveView(input: ArchiveInput): ArchiveView {
  const teacher = input.copy === "teacher";
  const clean = (text: string) => (teacher ? redactPersonal(text) : text);
  return {
    copy: input.copy,
    name: input.name,
    teacherNumber: input.teacherNumber,
    schoolName: input.schoolName,
    schoolCode: input.schoolCode,
    idLabel: teacher ? "证件参考码" : "身份证件号",
    idText: input.idText,
    generatedAt: input.generatedAt,
    sections: input.sections.map((section) => sectionView(section, input)),
    review: reviewLines(input),
    requests: input.requests.map((request) => ({
      ...request,
      steps: request.steps.map(clean),
      facts: request.facts.map(clean),
    })),
    credits: input.credits,
  };
}
