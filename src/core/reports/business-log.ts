/**
 * The 业务台账: one row per business request (调动, 在职情况变动, 交流轮岗) with every step taken,
 * for the county summary spreadsheet, the admin API's CSV and `npm run report`.
 *
 * Guarantees:
 * - the person is named by 教师编号, 姓名 and the keyed 参考码 (`idReference`): never an ID number
 *   or any digit of one (the builder is never given one);
 * - every step of the request is in its row, in order: which step, who (what the sheets'
 *   protection guarantees, `stepWords`: never an account, never an internal key), when (Beijing
 *   time), the decision, and the reason when one was given;
 * - rows by 申请编号, so a request keeps its place as the log grows.
 */

import { archivePath } from "../archive/view";
import {
  ACTION_LABELS,
  type BusinessDetails,
  type BusinessKind,
  type BusinessRequest,
  datedStateText,
  KIND_LABELS,
  partyLabel,
  STATE_LABELS,
  stepLabel,
} from "../business/index";
import type { BusinessAction, BusinessState, Party } from "../business/states";
import { syncTimeText } from "../sync/plan";

export const BUSINESS_LOG_TITLE = "业务台账";

/** The columns, in order, with what each holds (the tab's header notes, the CSV). */
export const BUSINESS_LOG_COLUMNS: readonly { readonly header: string; readonly note: string }[] = [
  { header: "申请编号", note: "系统发放的全县唯一申请编号" },
  { header: "类型", note: "调动 / 在职情况变动 / 交流轮岗" },
  { header: "教师编号", note: "系统发放的全县唯一教师编号" },
  { header: "姓名", note: "" },
  { header: "参考码", note: "代替身份证件号的参考码，不含证件号的任何数字" },
  { header: "学校", note: "发起学校（调动为调入学校）" },
  { header: "学校代码", note: "" },
  {
    header: "对方学校",
    note: "调动为调出学校，交流轮岗为交流学校，在职情况变动为主管学校（县直学校为空）",
  },
  { header: "对方学校代码", note: "" },
  { header: "申请内容", note: "日期、类型、原因等" },
  {
    header: "办理过程",
    note: "每一步：步骤、办理方（表格保护能确定的角色：校长勾选、本校表格编辑、人事股决定；不记账号）、时间（北京时间）、决定和理由",
  },
  { header: "办理状态", note: "" },
  { header: "最近办理时间", note: "北京时间" },
  {
    header: "电子档案",
    note: "调动办结后：该教师电子档案（县级存档本）在 Worker 上的地址，凭管理令牌打开，供调入学校调档",
  },
];

/** One step of a request, as the store keeps it. */
export interface LogEvent {
  readonly action: BusinessAction | "open";
  readonly party: Party;
  readonly actor: string;
  /** Null for the opening of the request. */
  readonly fromState: BusinessState | null;
  readonly reason: string | null;
  readonly at: string;
}

export interface LogRequest extends BusinessRequest {
  /** The person's 参考码 (persons.id_masked). */
  readonly reference: string;
}

export interface BusinessLogInput {
  readonly requests: readonly LogRequest[];
  /** Steps by request id, each list in order. */
  readonly events: ReadonlyMap<string, readonly LogEvent[]>;
  /** School code → name. */
  readonly schools: ReadonlyMap<string, string>;
  /** The name of a code in a code table (status_change, rotation_type), or undefined. */
  readonly codeName: (table: string, code: string) => string | undefined;
}

export type LogCell = string;

/** Header row, then one row per request by 申请编号. */
export function businessLogTable(input: BusinessLogInput): LogCell[][] {
  const rows = [...input.requests]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((request) => logRow(request, input));
  return [BUSINESS_LOG_COLUMNS.map((column) => column.header), ...rows];
}

function logRow(request: LogRequest, input: BusinessLogInput): LogCell[] {
  const events = input.events.get(request.id) ?? [];
  const other = request.otherSchool;
  return [
    request.id,
    KIND_LABELS[request.kind],
    request.teacherNumber,
    request.name,
    request.reference,
    input.schools.get(request.initiatorSchool) ?? "",
    request.initiatorSchool,
    other === null ? "" : (input.schools.get(other) ?? ""),
    other ?? "",
    detailsText(request.details, input.codeName),
    events.map((event) => stepText(request, event)).join("\n"),
    datedStateText(request, STATE_LABELS[request.state]),
    syncTimeText(request.updatedAt),
    request.kind === "transfer" && request.state === "completed"
      ? archivePath(request.teacherNumber)
      : "",
  ];
}

/**
 * One step in words: which step, which party, who acted and the decision (the log, the API,
 * the portal). Who acted is what protection guarantees: a county step can only come from the
 * 决定 column of 人事股's approval tab, so it is 人事股 whatever an older event stored (an office
 * key); a school's step carries the words the sync wrote (`schoolActor`).
 */
export function stepWords(
  kind: BusinessKind,
  event: Pick<LogEvent, "action" | "party" | "fromState" | "actor">,
): {
  readonly step: string;
  readonly party: string;
  readonly actor: string;
  readonly decision: string;
} {
  const party = partyLabel(kind, event.party);
  const bySchool = event.party === "initiator" || event.party === "counterpart";
  return {
    step: event.fromState === null ? "提交申请" : stepLabel(kind, event.fromState),
    party,
    actor: bySchool ? event.actor : party,
    decision: event.action === "open" ? "填报" : ACTION_LABELS[event.action],
  };
}

/** e.g. 「本校确认：华容县实验小学校长（勾选）确认，2026-03-02 16:10」, with 「理由：…」 when given. */
export function stepText(request: Pick<BusinessRequest, "kind">, event: LogEvent): string {
  const { step, actor, decision } = stepWords(request.kind, event);
  const reason = event.reason === null || event.reason === "" ? "" : `，理由：${event.reason}`;
  return `${step}：${actor}${decision}，${syncTimeText(event.at)}${reason}`;
}

function detailsText(details: BusinessDetails, codeName: BusinessLogInput["codeName"]): string {
  return detailsFields(details, codeName)
    .map((field) => `${field.label}：${field.text}`)
    .join("；");
}

/** What the request asks for, field by field: dates, type, reason (codes by their names). */
export function detailsFields(
  details: BusinessDetails,
  codeName: BusinessLogInput["codeName"],
): { readonly label: string; readonly text: string }[] {
  const named = (table: string, code: string) => codeName(table, code) ?? code;
  const reason = details.reason === "" ? [] : [{ label: "原因", text: details.reason }];
  switch (details.kind) {
    case "transfer":
      return [{ label: "调动日期", text: details.date }, ...reason];
    case "status_change":
      return [
        { label: "变动类型", text: named("status_change", details.change) },
        { label: "变动日期", text: details.date },
        ...reason,
      ];
    case "rotation":
      return [
        { label: "交流轮岗类型", text: named("rotation_type", details.rotationType) },
        { label: "期间", text: `${details.start} 至 ${details.end ?? "未定"}` },
        ...reason,
      ];
  }
}
