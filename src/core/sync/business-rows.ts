/**
 * A school's request tabs (调动申请, 在职情况变动, 交流轮岗申请) as one sync reads them: which row is
 * which request, what the school did on it, and what every row must show (docs/business-modules.md).
 * Two pure steps around the store: `decideRequestRows` turns the rows into actions (open a request,
 * take a step), the adapter applies them through the business store, and `planRequestRows` plans
 * the write-back from the requests as they are afterwards.
 *
 * Who acts where:
 * - the initiating school's row (its own row, with the request's 申请编号): 本校确认 ticked on a
 *   draft confirms; unticked while 人事股 has not acted withdraws; a draft's row emptied, edited
 *   or deleted withdraws it (before the tick the row is the info admin's);
 * - the row the worker writes into the 调出学校's 调动申请 tab: 本校确认 agrees, 不同意原因 refuses;
 * - nothing else moves a request: a tick on another school's request, or on a copy of a row, is
 *   never taken for that school's decision (the party is the school's role in the request).
 *
 * Guarantees:
 * - a row becomes a request only when `validateRequestRow` finds no error; the errors are shown in
 *   校验结果, each naming its column, with notes on the cells;
 * - a row whose 申请编号 was lost (a failed write-back) gets its open request back, not a second one;
 * - a submitted request's data never changes, and only the principal's boxes move it: once the
 *   principal confirmed, a row emptied, edited or deleted (the data cells are open to every
 *   editor) is written back as the request reads, with a note saying so and how to withdraw; an
 *   edit of a closed request's row is reported, never taken; an edit of a draft withdraws the
 *   draft and opens the request as now typed;
 * - every row of a known request shows 申请编号, 办理状态 and whose turn it is; a row the school
 *   deleted once 人事股 issued the request is written again, with a note why;
 * - a row the school emptied that is no request loses what the worker wrote on it (办理状态,
 *   校验结果, the notes, 同步时间) at the next sync: old text about a person does not outlive the
 *   row, and the row, blank again, is no longer read;
 * - a second sync with nothing changed plans nothing.
 */
import {
  type BusinessAction,
  type BusinessKind,
  type BusinessRequest,
  type BusinessRequestInput,
  type BusinessState,
  counterpartAgreed,
  counterpartAsked,
  counterpartsTurn,
  effectiveDay,
  flowOf,
  isLeavingCode,
  isOpen,
  kindOfSection,
  type OpenRequestRef,
  type Party,
  type PersonFacts,
  rotationRunning,
  type SchoolChannel,
  STATE_LABELS,
  TRANSFER_IN,
  TRANSFER_OUT,
  transition,
  turnText,
  validateRequestRow,
} from "../business";
import { normaliseIdNumber, typedText } from "../normalise";
import type { ResolvedSection, SchoolCategory, Templates } from "../templates";
import { templateFor } from "../templates";
import { type Finding, type RowRecord, validateTab } from "../validate";
import { contentOf, layoutOf, type SheetLayout, whoOf } from "./layout";
import type { PersonKey } from "./model";
import { type AppendedCell, type CellNote, type PlanOp, syncTimeText } from "./plan";
import { isTicked, type SheetRow, sheetRowsOf, tabsOf, type ValueRange } from "./read-rows";
import { type Rendered, render } from "./render";
import type { SyncNotice } from "./sync-school";

export interface RequestSheetInput {
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly category: SchoolCategory;
  readonly tabs: readonly ValueRange[];
  readonly templates: Templates;
  readonly today: string;
  readonly personKeyOf: (idNumber: string) => PersonKey | undefined;
  /** Every request this school is a party to (initiator or other school), by 申请编号. */
  readonly requests: ReadonlyMap<string, BusinessRequest>;
  /** What the registry knows of the persons the rows name. */
  readonly facts: ReadonlyMap<PersonKey, PersonFacts>;
  /** Open requests of the persons the rows name, whichever school made them. */
  readonly openByPerson: ReadonlyMap<PersonKey, readonly OpenRequestRef[]>;
  /** Every county school: code → name. */
  readonly schools: ReadonlyMap<string, string>;
  /** The school's 主管学校 (schools CSV), whose principal confirms its status changes; null: county-direct. */
  readonly supervisor?: string | null;
}

/** What the school does through its principal; the adapter applies these in order. */
export type RequestAction =
  | {
      readonly kind: "open";
      readonly row: number;
      readonly input: BusinessRequestInput;
      /** 本校确认 was already ticked: confirm at once. */
      readonly confirm: boolean;
    }
  | {
      readonly kind: "step";
      /** Index of the row that asked for it; null for a row the school deleted. */
      readonly row: number | null;
      readonly requestId: string;
      readonly from: BusinessState;
      readonly action: BusinessAction;
      readonly party: Party;
      readonly reason: string | null;
      /** The cells that asked for it: the log says who, as far as their protection tells. */
      readonly via: SchoolChannel;
    };

/** What came of an action: the request opened, or why a step or an opening was refused. */
export type ActionResult =
  | { readonly ok: true; readonly requestId: string }
  | { readonly ok: false; readonly reason: string };

type Role = "initiator" | "counterpart";

interface DecidedRow {
  readonly layout: SheetLayout;
  readonly row: SheetRow;
  readonly section: ResolvedSection;
  /** The request the row shows (null: a new or invalid row, until its open action succeeds). */
  readonly requestId: string | null;
  readonly role: Role;
  /** Errors (not a request yet) and warnings, with the notes they put on cells. */
  readonly errors: readonly string[];
  readonly notes: readonly CellNote[] | null;
  /** Lines said before whose turn it is: an edit after submission, a box that cannot count. */
  readonly remarks: readonly string[];
  /** The tick must go: the row has errors. */
  readonly clearTick: string | null;
  /** The request's data cells are written back: the row was emptied or edited after confirmation. */
  readonly restore: boolean;
}

export interface RequestDecision {
  readonly rows: readonly DecidedRow[];
  readonly actions: readonly RequestAction[];
  /** Known requests no row shows (withdrawn now, or to be written again). */
  readonly unshown: readonly { readonly requestId: string; readonly tab: RequestTab }[];
  readonly tabs: readonly RequestTab[];
  readonly notices: readonly SyncNotice[];
  /** The Beijing day the rows were decided on (a running rotation is shown at its 交流学校). */
  readonly today: string;
}

export interface RequestTab {
  readonly layout: SheetLayout;
  readonly section: ResolvedSection;
  readonly kind: BusinessKind;
  /** 0-based index of the last row holding anything, header included. */
  readonly lastUsed: number;
}

interface ReadRequestRow {
  readonly tab: RequestTab;
  readonly row: SheetRow;
  readonly record: RowRecord | undefined;
  readonly findings: readonly Finding[];
  readonly person: PersonKey | null;
  readonly refusal: string;
  /** 调档完成 ticked (调动申请 only). */
  readonly archived: boolean;
}

export function decideRequestRows(input: RequestSheetInput): RequestDecision {
  const { rows, tabs, notices } = readRequestTabs(input);
  const decided: DecidedRow[] = [];
  const actions: RequestAction[] = [];
  const showing = new Set<string>();
  const keeper = keepers(rows, input);
  // Known rows first: a new row may take up a request only if no row shows it.
  for (const read of rows) {
    const request = input.requests.get(read.row.recordId);
    if (request === undefined || keeper.get(request.id) !== read) continue;
    showing.add(request.id);
    decided.push(knownRow(read, request, input, { actions, showing }, decided.length));
  }
  for (const read of rows) {
    const request = input.requests.get(read.row.recordId);
    if (request !== undefined && keeper.get(request.id) === read) continue;
    decided.push(newRow(read, input, showing, actions, decided.length));
  }
  const unshown: { requestId: string; tab: RequestTab }[] = [];
  for (const request of input.requests.values()) {
    if (showing.has(request.id)) continue;
    const role = roleOf(request, input.schoolCode);
    const tab = tabs.find((t) => t.kind === request.kind);
    if (role === null || tab === undefined) continue;
    // A deleted draft is withdrawn; once the principal confirmed, the row is written again.
    if (role === "initiator" && request.state === "draft") {
      actions.push(step(null, request, "withdraw", "initiator", null, "edit"));
      continue;
    }
    if (mustShowAs(request, role, input.today)) unshown.push({ requestId: request.id, tab });
  }
  return { rows: decided, actions, unshown, tabs, notices, today: input.today };
}

/** The school's role in a request; null when it is not a party. */
function roleOf(request: BusinessRequest, schoolCode: string): Role | null {
  if (request.initiatorSchool === schoolCode) return "initiator";
  // The 调出学校, the 交流学校, the 主管学校: one machinery for the three (core/business/counterpart).
  if (request.otherSchool === schoolCode) return "counterpart";
  return null;
}

/**
 * The row must be on the school's sheet: the initiator's from its principal's confirmation until
 * the request closes (only the untick withdraws); the other school's from the moment it is asked
 * until the request closes (调档 and a date still to come included), and a rotation's at its 交流学校 while the rotation runs (read-only).
 */
function mustShowAs(request: BusinessRequest, role: Role, today: string): boolean {
  if (role === "counterpart") return counterpartAsked(request) || rotationRunning(request, today);
  return isOpen(request.state) && request.state !== "draft";
}

/** The initiator's principal may still withdraw by unticking (before 人事股 acts). */
function withdrawable(request: BusinessRequest): boolean {
  return request.state !== "draft" && refusalOf(request, "withdraw", "initiator") === "";
}

function step(
  row: number | null,
  request: BusinessRequest,
  action: BusinessAction,
  party: Party,
  reason: string | null,
  via: SchoolChannel,
): RequestAction {
  const { id: requestId, state: from } = request;
  return { kind: "step", row, requestId, from, action, party, reason, via };
}

/** For each request id on the sheet, the one row that is that request's row here. */
function keepers(
  rows: readonly ReadRequestRow[],
  input: RequestSheetInput,
): Map<string, ReadRequestRow> {
  const keeper = new Map<string, ReadRequestRow>();
  for (const read of rows) {
    const request = input.requests.get(read.row.recordId);
    if (request === undefined || keeper.has(request.id)) continue;
    const role = roleOf(request, input.schoolCode);
    // Same kind of tab, same person (or none readable yet): a copy of the id elsewhere is not it.
    const samePerson = read.person === null || read.person === request.personKey;
    if (role !== null && read.tab.kind === request.kind && samePerson) keeper.set(request.id, read);
  }
  return keeper;
}

function knownRow(
  read: ReadRequestRow,
  request: BusinessRequest,
  input: RequestSheetInput,
  run: { readonly actions: RequestAction[]; readonly showing: Set<string> },
  index: number,
): DecidedRow {
  const { actions } = run;
  const role = roleOf(request, input.schoolCode) as Role;
  const base = {
    layout: read.tab.layout,
    row: read.row,
    section: read.tab.section,
    requestId: request.id,
    role,
    errors: [],
    notes: null,
    clearTick: null,
    restore: false,
  };
  const edits = editsOf(read, request, role);
  const guarded = guardedNote(request, role, input.today);
  if (guarded !== null && (edits.length > 0 || restoredBefore(read, request, guarded))) {
    // Past the principal's confirmation the row is the request as confirmed: the data cells are
    // open to every editor (protection covers only the principal's columns), so clearing or
    // changing them neither withdraws nor changes anything; only the principal's boxes still act.
    const remarks = [guarded, ...tickSteps(read, request, role, actions, index)];
    return { ...base, remarks, restore: edits.length > 0 };
  }
  if (read.row.blank) {
    // Emptied, 申请编号 left, before the principal confirmed: the draft is withdrawn.
    if (role === "initiator" && request.state === "draft") {
      actions.push(step(index, request, "withdraw", "initiator", null, "edit"));
      return { ...base, remarks: [] };
    }
    return { ...base, remarks: ["本行内容不能清空，已按申请恢复"], restore: true };
  }
  if (role === "initiator" && request.state === "draft" && edits.length > 0) {
    // A draft follows its row: the old one is withdrawn, the row is opened again as typed.
    actions.push(step(index, request, "withdraw", "initiator", null, "edit"));
    return newRow(read, input, run.showing, actions, index, request.id);
  }
  const remarks = edits.length > 0 ? [closedEdit(edits, request)] : [];
  return { ...base, remarks: [...remarks, ...tickSteps(read, request, role, actions, index)] };
}

/**
 * What a row says when its data cells are written back because the principal confirmed the
 * request (or, on the 调出学校's row, the worker wrote it); null when the row is not guarded:
 * a draft follows its row, a closed request only reports edits.
 */
function guardedNote(request: BusinessRequest, role: Role, today: string): string | null {
  if (role === "counterpart")
    return mustShowAs(request, role, today)
      ? `本行由系统写入（${WRITTEN_FOR[request.kind]}），内容不能修改，已按申请恢复`
      : null;
  if (withdrawable(request))
    return "本申请已由校长确认，内容不能修改，已按申请恢复；如需撤回，请校长取消勾选「本校确认」";
  if (mustShowAs(request, role, today))
    return "本申请已由校长确认、人事股已下达，内容不能修改，已按申请恢复；撤回须由人事股办理";
  return null;
}

/** Why the worker wrote a row into the other school's tab, by kind. */
const WRITTEN_FOR: Readonly<Record<BusinessKind, string>> = {
  transfer: "人事股已下达调动",
  rotation: "派出学校申请到本校交流轮岗",
  status_change: "所属学校报来在职情况变动",
};

/** The note stays while the request is in the state it was written for, so it is read. */
function restoredBefore(read: ReadRequestRow, request: BusinessRequest, note: string): boolean {
  return (
    read.row.checkResult.includes(note) && read.row.reviewStatus === STATE_LABELS[request.state]
  );
}

/** The steps the principal's boxes ask for, and the lines the row says about them. */
function tickSteps(
  read: ReadRequestRow,
  request: BusinessRequest,
  role: Role,
  actions: RequestAction[],
  index: number,
): string[] {
  const ticked = read.row.approved;
  const refusal = read.refusal;
  const remarks: string[] = [];
  if (role === "initiator") {
    if (refusal !== "") remarks.push("「不同意原因」只用于其他学校发来的申请，本行不必填写");
    if (request.state === "draft" && ticked)
      actions.push(step(index, request, "confirm", role, null, "tick"));
    else if (request.state === "archive_review" && read.archived)
      actions.push(step(index, request, "confirm", role, null, "tick"));
    else if (withdrawable(request) && !ticked)
      actions.push(step(index, request, "withdraw", role, null, "untick"));
    else if (!ticked && isOpen(request.state))
      remarks.push(refusalOf(request, "withdraw", "initiator"));
    remarks.push(...archiveRemark(read, request));
    return remarks;
  }
  if (counterpartsTurn(request)) {
    if (ticked && refusal !== "")
      remarks.push("请只选其一：同意请勾选「本校确认」，不同意请填写「不同意原因」");
    else if (ticked) actions.push(step(index, request, "confirm", role, null, "tick"));
    else if (refusal !== "") actions.push(step(index, request, "refuse", role, refusal, "refusal"));
  } else {
    // The 调出学校's step is taken: its boxes no longer count, and the row says so if they
    // now contradict what was decided.
    const agreed = counterpartAgreed(request);
    if (agreed ? !ticked || refusal !== "" : ticked)
      remarks.push("本校已办理此步，现在修改「本校确认」或「不同意原因」不再生效");
  }
  return remarks;
}

/**
 * 调档完成 ticked before its turn (kept: it counts at the first sync after 确认调出, as a held
 * tick does elsewhere), or unticked after it counted (said, never taken).
 */
function archiveRemark(read: ReadRequestRow, request: BusinessRequest): string[] {
  if (request.kind !== "transfer" || request.state === "archive_review") return [];
  const counted =
    request.state === "completed" ||
    (request.state === "scheduled" && request.details.kind === "transfer");
  if (read.archived && !counted && isOpen(request.state))
    return [
      "「调档完成」在人事股确认调出后才生效：现在的勾选已保留，确认调出后的下一次同步按调档完成办理",
    ];
  if (!read.archived && counted) return ["本校已调档，现在取消「调档完成」不再生效"];
  return [];
}

function refusalOf(request: BusinessRequest, action: BusinessAction, party: Party): string {
  const result = transition(request.kind, request.state, action, party, flowOf(request));
  return result.ok ? "" : result.reason;
}

/** An edit of a closed request's row: kept as typed, it counts for nothing. */
function closedEdit(edits: readonly string[], request: BusinessRequest): string {
  return `申请已办结（${STATE_LABELS[request.state]}），${edits.join("、")}的修改不会生效；如需再办，请新填一行`;
}

function newRow(
  read: ReadRequestRow,
  input: RequestSheetInput,
  showing: Set<string>,
  actions: RequestAction[],
  index: number,
  replacing?: string,
): DecidedRow {
  const section = read.tab.section;
  const person = read.person;
  const own = person === null ? undefined : pairable(input, person, read.tab.kind, showing);
  const base = { layout: read.tab.layout, row: read.row, section, role: "initiator" as const };
  if (read.record === undefined)
    return {
      ...base,
      requestId: null,
      errors: [],
      // The old findings' notes go with the old 校验结果 (they hold the same text).
      notes: notesOf(read.tab.layout, []),
      remarks: [],
      clearTick: null,
      restore: false,
    };
  const open = (person === null ? [] : (input.openByPerson.get(person) ?? [])).filter(
    (ref) => ref.id !== replacing,
  );
  const result = validateRequestRow(section, read.record, read.findings, {
    today: input.today,
    initiatorSchool: input.schoolCode,
    schools: input.schools,
    person: person === null ? undefined : input.facts.get(person),
    openRequests: open,
    requestId: own?.id ?? null,
    supervisor: input.supervisor ?? null,
    receiving: { templates: input.templates, category: input.category },
  });
  const errors = result.findings.filter((f) => f.severity === "error").map((f) => f.message);
  // Warnings (a 退休 below the legal age) do not stop the request, and are said before the turn.
  const warnings = result.findings.filter((f) => f.severity === "warning").map((f) => f.message);
  const notes = notesOf(read.tab.layout, result.findings);
  if (result.request === null) {
    return {
      ...base,
      requestId: null,
      errors,
      notes,
      remarks: warnings,
      clearTick: read.row.approved ? "有错误，不能提交，「本校确认」已取消" : null,
      restore: false,
    };
  }
  if (own !== undefined) {
    // The open request this row asked for, whose 申请编号 never reached the sheet: shown here now.
    showing.add(own.id);
    if (own.state === "draft" && read.row.approved)
      actions.push(step(index, own, "confirm", "initiator", null, "tick"));
    return {
      ...base,
      requestId: own.id,
      errors: [],
      notes,
      remarks: warnings,
      clearTick: null,
      restore: false,
    };
  }
  actions.push({ kind: "open", row: index, input: result.request, confirm: read.row.approved });
  return {
    ...base,
    requestId: null,
    errors: [],
    notes,
    remarks: warnings,
    clearTick: null,
    restore: false,
  };
}

/** An open request this school made for the person, of the tab's kind, that no row shows. */
function pairable(
  input: RequestSheetInput,
  person: PersonKey,
  kind: BusinessKind,
  showing: ReadonlySet<string>,
): BusinessRequest | undefined {
  for (const request of input.requests.values())
    if (
      request.personKey === person &&
      request.kind === kind &&
      request.initiatorSchool === input.schoolCode &&
      isOpen(request.state) &&
      !showing.has(request.id)
    )
      return request;
  return undefined;
}

/** Headers of the data cells that no longer read as the request (its row as the worker writes it). */
function editsOf(read: ReadRequestRow, request: BusinessRequest, role: Role): string[] {
  const wanted = requestValues(request, role);
  const values = read.record?.values ?? {};
  const edits: string[] = [];
  for (const column of read.tab.section.columns) {
    if (!read.tab.layout.data.has(column.key)) continue;
    if (column.key === "idNumber") {
      if (read.person !== request.personKey) edits.push(`「${column.header}」`);
      continue;
    }
    const want = wanted[column.key] ?? "";
    const got = values[column.key];
    if ((got === undefined ? "" : String(got)) !== want) edits.push(`「${column.header}」`);
  }
  return edits;
}

/** The request as the normalised values of its row (codes as codes), ID number aside. */
function requestValues(request: BusinessRequest, role: Role): Record<string, string> {
  const d = request.details;
  const base = { name: request.name };
  switch (d.kind) {
    case "transfer":
      return {
        ...base,
        direction: role === "initiator" ? TRANSFER_IN : TRANSFER_OUT,
        otherSchool: (role === "initiator" ? request.otherSchool : request.initiatorSchool) ?? "",
        date: d.date,
        reason: d.reason,
      };
    case "status_change":
      return { ...base, change: d.change, date: d.date, reason: d.reason };
    case "rotation":
      return {
        ...base,
        type: d.rotationType,
        // Each school's row names the other one: the 交流学校's row names the 派出学校.
        otherSchool: (role === "initiator" ? request.otherSchool : request.initiatorSchool) ?? "",
        start: d.start,
        end: d.end ?? "",
        reason: d.reason,
      };
  }
}

/** The data cells of a request's row as typed (codes as their names), by column key. */
function requestCells(
  request: BusinessRequest,
  role: Role,
  section: ResolvedSection,
  input: Pick<RequestSheetInput, "templates">,
  idNumber?: string,
): Record<string, Rendered> {
  const values: Record<string, string> = { ...requestValues(request, role) };
  if (idNumber !== undefined) values.idNumber = idNumber;
  const out: Record<string, Rendered> = {};
  for (const column of section.columns) {
    const value = values[column.key];
    if (value !== undefined && value !== "")
      out[column.key] = render(column, value, input.templates.codeTables);
  }
  return out;
}

function notesOf(layout: SheetLayout, findings: readonly Finding[]): CellNote[] {
  const keys = new Map(layout.section.columns.map((c) => [c.header, c.key]));
  return [...layout.data.keys()].map((key) => {
    const here = findings.filter((f) => f.column !== null && keys.get(f.column) === key);
    if (here.length === 0) return { key, note: null, severity: null };
    const severity = here.some((f) => f.severity === "error") ? "error" : "warning";
    return { key, note: here.map((f) => f.message).join("\n"), severity };
  });
}

/** The persons the request tabs' rows name (by their ID numbers), for the adapter to look up. */
export function personsOnRequestTabs(
  tabs: readonly ValueRange[],
  templates: Templates,
  category: SchoolCategory,
  personKeyOf: (idNumber: string) => PersonKey | undefined,
): PersonKey[] {
  const raw = tabsOf(tabs);
  const persons = new Set<PersonKey>();
  for (const section of templateFor(templates, category)) {
    const values = raw[section.title];
    if (section.kind !== "request" || values === undefined) continue;
    const at = layoutOf(section, values[0]).data.get("idNumber");
    if (at === undefined) continue;
    for (const cells of values.slice(1)) {
      const key = personKeyOf(normaliseIdNumber(cells?.[at]));
      if (key !== undefined) persons.add(key);
    }
  }
  return [...persons];
}

function readRequestTabs(input: RequestSheetInput): {
  rows: ReadRequestRow[];
  tabs: RequestTab[];
  notices: SyncNotice[];
} {
  const raw = tabsOf(input.tabs);
  const rows: ReadRequestRow[] = [];
  const tabs: RequestTab[] = [];
  const notices: SyncNotice[] = [];
  for (const section of templateFor(input.templates, input.category)) {
    const kind = kindOfSection(section.key);
    const values = raw[section.title];
    if (section.kind !== "request" || kind === undefined || values === undefined) continue;
    const layout = layoutOf(section, values[0]);
    if (layout.trailing === null) {
      const headers = layout.missingTrailing.map((header) => `「${header}」`).join("、");
      notices.push({
        tab: section.title,
        row: null,
        message: `缺少系统列${headers}，本表的申请暂不办理；请恢复这些列的表头`,
      });
      continue;
    }
    const tab: RequestTab = { layout, section, kind, lastUsed: lastUsed(values) };
    tabs.push(tab);
    const validation = validateTab(section, values, {
      today: input.today,
      codeTables: input.templates.codeTables,
      schoolName: input.schoolName,
    });
    const records = new Map(validation.records.map((record) => [record.row, record]));
    const refusalAt = layout.trailing.refusal;
    // An emptied row keeps the old 校验结果 until the worker clears it: it is read for that.
    for (const row of sheetRowsOf(layout, values, true)) {
      const record = records.get(row.row);
      const idAt = layout.data.get("idNumber");
      const id = idAt === undefined ? "" : normaliseIdNumber(row.cells[idAt]);
      rows.push({
        tab,
        row,
        record,
        findings: validation.findings.filter((f) => f.row === row.row),
        person: id === "" ? null : (input.personKeyOf(id) ?? null),
        refusal: refusalAt === null ? "" : typedText(row.cells[refusalAt]),
        archived:
          layout.trailing.archived !== null && isTicked(row.cells[layout.trailing.archived]),
      });
    }
  }
  return { rows, tabs, notices };
}

function lastUsed(rows: readonly (readonly unknown[] | undefined)[]): number {
  for (let index = rows.length - 1; index >= 0; index--)
    if ((rows[index] ?? []).some((cell) => cell !== "" && cell !== null && cell !== undefined))
      return index;
  return 0;
}

// ── The write-back ─────────────────────────────────────────────────────────────────────────────

export interface RequestPlanInput {
  readonly decision: RequestDecision;
  /** Result of each of `decision.actions`, in order. */
  readonly results: readonly ActionResult[];
  /** The requests as they are after the actions, by id (those of the rows and the unshown). */
  readonly requests: ReadonlyMap<string, BusinessRequest>;
  /** Clear ID numbers of the persons of requests written again (unshown or restored rows). */
  readonly idNumbers: ReadonlyMap<PersonKey, string>;
  readonly templates: Templates;
  readonly schoolCode: string;
  readonly now: string;
  /** County schools, code → name: the other school's rows name the school that asks. */
  readonly schools?: ReadonlyMap<string, string>;
}

/** What 办理状态 shows on a row that is not a request yet. */
export const NOT_A_REQUEST = "待完善";

export function planRequestRows(input: RequestPlanInput): PlanOp[] {
  const { decision } = input;
  const syncText = syncTimeText(input.now);
  const remarks = new Map<number, string[]>();
  const opened = new Map<number, string>();
  decision.actions.forEach((action, index) => {
    const result = input.results[index];
    if (result === undefined || action.row === null) return;
    if (result.ok && action.kind === "open") opened.set(action.row, result.requestId);
    if (!result.ok) remarks.set(action.row, [...(remarks.get(action.row) ?? []), result.reason]);
  });
  const plan: PlanOp[] = [];
  decision.rows.forEach((row, index) => {
    const requestId = opened.get(index) ?? row.requestId;
    const request = requestId === null ? undefined : input.requests.get(requestId);
    const restore = row.restore && request !== undefined ? restoredCells(row, request, input) : [];
    const said = [...row.remarks, ...(remarks.get(index) ?? [])];
    const turn =
      request === undefined
        ? ""
        : turnFor(request, row.role, { schools: input.schools, today: decision.today });
    plan.push(...planRow(row, request, said, restore, syncText, turn));
  });
  const next = new Map<string, number>();
  for (const { requestId, tab } of decision.unshown) {
    const request = input.requests.get(requestId);
    const idNumber = request === undefined ? undefined : input.idNumbers.get(request.personKey);
    const role = request === undefined ? null : roleOf(request, input.schoolCode);
    if (request === undefined || idNumber === undefined || role === null) continue;
    if (!mustShowAs(request, role, decision.today)) continue;
    const at = next.get(tab.layout.tab) ?? tab.lastUsed + 2;
    next.set(tab.layout.tab, at + 1);
    plan.push(appendRequestRow(request, role, tab, idNumber, input, syncText, at));
  }
  return plan;
}

function planRow(
  decided: DecidedRow,
  request: BusinessRequest | undefined,
  remarks: readonly string[],
  restore: readonly { key: string; value: Rendered | null }[],
  syncText: string,
  turn: string,
): PlanOp[] {
  const { layout, row } = decided;
  // A row that is no request is keyed by its position, never by the id it may show (a copy of
  // another row's 申请编号 must not draw that row's ops onto itself).
  const recordId = request?.id ?? `\u0000row ${row.row}`;
  const base = { tab: layout.tab, recordId, readRow: row.row, who: whoOf(layout, row.cells) };
  const ops: PlanOp[] = [];
  const pin = { ...base, previousId: row.recordId, content: contentOf(layout, row.cells) };
  if (request !== undefined && row.recordId !== request.id)
    ops.push({ ...pin, kind: "issueRecordId" });
  const status =
    request === undefined ? (row.blank ? "" : NOT_A_REQUEST) : STATE_LABELS[request.state];
  const result =
    request === undefined
      ? decided.errors.length > 0
        ? [`有错误，不能提交：${decided.errors.join("；")}`, ...remarks].join("\n")
        : remarks.join("\n")
      : [...remarks.filter((r) => r !== ""), turn].join("\n");
  if (row.reviewStatus !== status || row.checkResult !== result)
    ops.push({ ...base, kind: "setStatus", status, result });
  if (decided.clearTick !== null && row.approved)
    ops.push({ ...base, kind: "clearApproval", reason: decided.clearTick });
  if (restore.length > 0) ops.push({ ...base, kind: "restoreRow", cells: restore });
  if (decided.notes !== null && row.checkResult !== result)
    ops.push({ ...base, kind: "annotateFindings", cells: decided.notes });
  // An emptied row that is no request goes back to blank, 同步时间 too: nothing is left to read.
  const emptied = request === undefined && row.blank;
  if (emptied && row.syncedAt !== "") ops.push({ ...base, kind: "setSyncTime", text: "" });
  if (ops.length === 0) return ops;
  if (!emptied && row.syncedAt !== syncText)
    ops.push({ ...base, kind: "setSyncTime", text: syncText });
  // A row that is no request (yet) is placed by its content, as a row being given an id is.
  if (request === undefined) ops.push({ ...pin, kind: "pinRow" });
  return ops;
}

/**
 * Every data cell of the row as the request reads: a cell the request leaves blank is cleared,
 * the ID number is written when it is known (it is never kept in the request itself).
 */
function restoredCells(
  decided: DecidedRow,
  request: BusinessRequest,
  input: RequestPlanInput,
): { key: string; value: Rendered | null }[] {
  const idNumber = input.idNumbers.get(request.personKey);
  const cells = requestCells(request, decided.role, decided.section, input, idNumber);
  return [...decided.layout.data.keys()]
    .filter((key) => key !== "idNumber" || idNumber !== undefined)
    .map((key) => ({ key, value: cells[key] ?? null }));
}

/** What the other school's row names: the school that asks, and the day (a rotation's end). */
export interface TurnContext {
  readonly schools?: ReadonlyMap<string, string> | undefined;
  readonly today?: string | undefined;
}

/** Whose turn it is, as the row's school reads it. */
export function turnFor(request: BusinessRequest, role: Role, context: TurnContext = {}): string {
  if (role === "initiator") {
    if (request.kind === "status_change" && request.state === "completed") {
      const d = request.details;
      if (d.kind === "status_change" && isLeavingCode(d.change))
        return "在职情况变动已完成：该教师已不在本校在职名册，其各标签页的行已移出本表，信息仍保存在登记库";
    }
    if (request.state === "scheduled") return scheduledTurn(request, role);
    return turnText(request.kind, request.state);
  }
  if (request.kind !== "transfer") return partyTurn(request, context);
  switch (request.state) {
    case "archive_review":
      return "人事股已确认调出，等待调入学校调档；调档完成前该教师仍属本校";
    case "scheduled":
      return scheduledTurn(request, role);
    case "counterpart_review":
      return "人事股已下达调动：同意调出请校长勾选「本校确认」，不同意请填写「不同意原因」";
    case "release_review":
      return "本校已同意调出，等待人事股确认调出";
    case "completed":
      return "调动已完成，该教师的信息已转入调入学校";
    default:
      return turnText(request.kind, request.state);
  }
}

/** The 交流学校's or 主管学校's row: who asks, whose turn it is, and a running rotation's period. */
function partyTurn(request: BusinessRequest, context: TurnContext): string {
  const from = context.schools?.get(request.initiatorSchool) ?? request.initiatorSchool;
  const d = request.details;
  const rotation = request.kind === "rotation";
  if (counterpartsTurn(request))
    return rotation
      ? `${from}申请该教师到本校交流轮岗：同意请校长勾选「本校确认」，不同意请填写「不同意原因」`
      : `${from}报来在职情况变动：同意请校长勾选「本校确认」报人事股，不同意请填写「不同意原因」`;
  if (request.state === "county_review") return "本校已同意，等待人事股审核";
  if (request.state === "scheduled")
    return rotation
      ? `交流轮岗已批准，该教师将于 ${effectiveDay(request)} 起在本校交流；本行由系统维护（只读）`
      : `本校已同意，人事股已批准，将于 ${effectiveDay(request)} 生效`;
  if (d.kind === "rotation" && context.today !== undefined && request.state === "completed")
    if (!rotationRunning(request, context.today)) return `交流轮岗已于${d.end}结束`;
  if (request.state === "completed" && d.kind === "rotation")
    return `交流轮岗已批准：该教师自${d.start}起${d.end === null ? "" : `至${d.end}`}在本校交流，本行由系统维护（只读）`;
  if (request.state === "completed") return "在职情况变动已完成，已记入登记库";
  return turnText(request.kind, request.state);
}

/** 已批准待生效: when, and who holds the teacher until then. */
function scheduledTurn(request: BusinessRequest, role: Role): string {
  const day = effectiveDay(request);
  const d = request.details;
  if (d.kind === "transfer")
    return role === "initiator"
      ? `已调档，调动将于 ${day} 生效；生效前该教师仍属调出学校`
      : `调入学校已调档，调动将于 ${day} 生效；生效前该教师仍属本校`;
  if (d.kind === "status_change" && isLeavingCode(d.change))
    return `人事股已批准，将于 ${day} 生效：届时该教师移出本校在职名册；生效前仍在名册，登记库不变`;
  return `人事股已批准，将于 ${day} 生效；生效前登记库不变`;
}

function appendRequestRow(
  request: BusinessRequest,
  role: Role,
  tab: RequestTab,
  idNumber: string,
  input: RequestPlanInput,
  syncText: string,
  at: number,
): PlanOp {
  const { layout } = tab;
  const trailing = layout.trailing;
  const data = requestCells(request, role, tab.section, input, idNumber);
  const cells: AppendedCell[] = [];
  for (const [key, value] of Object.entries(data)) {
    const column = layout.data.get(key);
    if (column !== undefined) cells.push({ column, value });
  }
  if (trailing !== null) {
    // The school typed its own row: written again, it was deleted. The 调出学校's row is the
    // worker's from the start; whether it was deleted or is new, it says the same.
    const note =
      role === "counterpart"
        ? `本行由系统写入（${WRITTEN_FOR[request.kind]}），请勿删除`
        : withdrawable(request)
          ? "本申请已由校长确认，不能删除，已恢复；如需撤回，请校长取消勾选「本校确认」"
          : "本行已由人事股下达，不能删除，已恢复";
    cells.push(
      { column: trailing.approval, value: role === "initiator" },
      { column: trailing.recordId, value: request.id },
      { column: trailing.reviewStatus, value: STATE_LABELS[request.state] },
      {
        column: trailing.checkResult,
        value: [
          note,
          turnFor(request, role, { schools: input.schools, today: input.decision.today }),
        ]
          .filter((t) => t !== "")
          .join("\n"),
      },
      { column: trailing.syncedAt, value: syncText },
    );
  }
  const who: unknown[] = [];
  for (const cell of cells) who[cell.column] = cell.value;
  return {
    tab: layout.tab,
    recordId: request.id,
    readRow: at,
    who: whoOf(layout, who as never),
    kind: "appendRow",
    cells,
  };
}

/** Requests whose rows the write-back fills in again (with the ID number): unshown or restored. */
export function rowsWrittenAgain(decision: RequestDecision): string[] {
  const restored = decision.rows.flatMap((row) =>
    row.restore && row.requestId !== null ? [row.requestId] : [],
  );
  return [...decision.unshown.map(({ requestId }) => requestId), ...restored];
}
