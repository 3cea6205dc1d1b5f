/** Template columns turned into laid-out columns: width, dropdown, tone. */
import { reviewStateList } from "../review/states";
import type { CodeTables, Column, ColumnType, TrailingColumn } from "../templates/index";
import type { ColumnLayout, Protection, Validation } from "./layout";

/** Widths by the kind of value, so an ID number or an e-mail address fits without resizing. */
const TYPE_WIDTHS: Readonly<Record<ColumnType, number>> = {
  text: 120,
  code: 130,
  code_list: 180,
  yes_no: 90,
  year_month: 100,
  date: 110,
  year: 80,
  academic_year: 110,
  integer: 90,
  number: 90,
  id_number: 180,
  mobile: 130,
  fixed_phone: 130,
  email: 190,
  postcode: 90,
  qualification_number: 180,
  division: 150,
  school_code: 120,
};

/** Rough pixels per CJK character of a bold header, plus padding. */
const HEADER_CHAR_PX = 15;
const PADDING_PX = 16;
const LONG_TEXT = 100;
const LONG_TEXT_WIDTH = 220;

export function headerWidth(header: string): number {
  return Math.min(260, [...header].length * HEADER_CHAR_PX + PADDING_PX);
}

export function columnWidth(column: Column): number {
  const byType =
    column.type === "text" && (column.maxLength ?? 0) >= LONG_TEXT
      ? LONG_TEXT_WIDTH
      : TYPE_WIDTHS[column.type];
  return Math.max(byType, headerWidth(column.header));
}

/**
 * The dropdown of a column: the names of its code table (users see names; the worker accepts a
 * code, a name or `code-name`). A multi-valued column (code_list) gets none, because a dropdown
 * holds one value and would flag every correct list as invalid.
 */
export function validationFor(column: Column, tables: CodeTables): Validation | undefined {
  const tableId = column.type === "yes_no" ? "yes_no" : column.codeTable;
  if (column.type !== "code" && column.type !== "yes_no") return undefined;
  const table = tableId === undefined ? undefined : tables.get(tableId);
  return table === undefined
    ? undefined
    : { kind: "list", values: table.entries.map((entry) => entry.name) };
}

export function dataColumn(column: Column, tables: CodeTables): ColumnLayout {
  const validation = validationFor(column, tables);
  return {
    header: column.header,
    tone: "data",
    note: column.note,
    width: columnWidth(column),
    ...(validation === undefined ? {} : { validation }),
    ...(column.plainText === true ? { plainText: true } : {}),
  };
}

/**
 * A column only some people may edit. Every protected column has its own protected range, keyed
 * by its header, so a column added later gets its own range without touching the others.
 */
export function protectedColumn(
  header: string,
  note: string,
  options: {
    tone: "approval" | "system";
    checkbox: boolean;
    width?: number;
    protection: Omit<Protection, "key">;
  },
): ColumnLayout {
  return {
    header,
    tone: options.tone,
    note,
    width:
      options.width ??
      (options.checkbox ? Math.max(90, headerWidth(header)) : Math.max(120, headerWidth(header))),
    ...(options.checkbox ? { validation: { kind: "checkbox" as const } } : {}),
    protection: { key: `column:${header}`, ...options.protection },
  };
}

const CHECK_RESULT_WIDTH = 200;

/** 校长审核 and the like: the principal ticks; the service account may clear a tick. */
export function trailingColumn(
  column: TrailingColumn,
  principals: readonly string[],
  serviceAccount: string,
): ColumnLayout {
  const byPrincipal = column.owner === "principal";
  // The states are listed from the code that writes them, so the note cannot name others.
  const note = column.key === "reviewStatus" ? `${column.note}：${reviewStateList()}` : column.note;
  const layout = protectedColumn(column.header, note, {
    tone: byPrincipal ? "approval" : "system",
    checkbox: column.kind === "checkbox",
    // Narrower than its messages: frozen after 姓名, 身份证件号 and 审核状态, it keeps the frozen
    // block near 600 px, so a laptop screen still shows the columns being typed into.
    width: column.header === "校验结果" ? CHECK_RESULT_WIDTH : undefined,
    protection: byPrincipal
      ? {
          label: `「${column.header}」列：仅校长可${column.kind === "checkbox" ? "勾选" : "填写"}`,
          editors: [...principals, serviceAccount],
        }
      : { label: `「${column.header}」列：仅系统填写`, editors: [serviceAccount] },
  });
  return column.formerHeaders === undefined
    ? layout
    : { ...layout, formerHeaders: column.formerHeaders };
}

export function headerProtection(serviceAccount: string): Protection {
  return { key: "header", label: "表头行：请勿修改", editors: [serviceAccount] };
}
