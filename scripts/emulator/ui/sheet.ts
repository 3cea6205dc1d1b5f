import type { EmulatorContext } from "../context";
import { apiMessage, callAs, columnLetters, quotedTitle } from "./api";
import { esc, htmlPage, jsonScript, type Page } from "./html";
import { lockedBy, type ProtectionView, protectionLabel } from "./protections";
import { type Who, whoBar } from "./who";

/**
 * One tab of a spreadsheet as a table, rendered here in one pass from three Sheets reads made as
 * the chosen account: the tab list, how many rows are filled, then those rows' grid data (values,
 * notes, validation) with the tab's protections. The page's script only edits; it never asks for
 * cells one by one.
 */

interface SheetProps {
  sheetId: number;
  title: string;
  hidden?: boolean;
  gridProperties?: {
    rowCount?: number;
    columnCount?: number;
    frozenRowCount?: number;
    frozenColumnCount?: number;
  };
}

interface Colour {
  red?: number;
  green?: number;
  blue?: number;
}

interface CellView {
  formattedValue?: string;
  userEnteredFormat?: { backgroundColor?: Colour; textFormat?: { foregroundColor?: Colour } };
  effectiveValue?: { boolValue?: boolean };
  note?: string;
  dataValidation?: { condition?: { type?: string; values?: { userEnteredValue?: string }[] } };
}

interface GridView {
  rowData?: { values?: CellView[] }[];
  columnMetadata?: { pixelSize?: number }[];
}

/** A conditional rule as far as the page shows it: TEXT_EQ backgrounds (the status colours). */
interface RuleView {
  ranges?: {
    startRowIndex?: number;
    endRowIndex?: number;
    startColumnIndex?: number;
    endColumnIndex?: number;
  }[];
  booleanRule?: {
    condition?: { type?: string; values?: { userEnteredValue?: string }[] };
    format?: { backgroundColor?: Colour };
  };
}

interface Spreadsheet {
  properties?: { title?: string };
  sheets?: {
    properties?: SheetProps;
    protectedRanges?: ProtectionView[];
    conditionalFormats?: RuleView[];
    data?: GridView[];
  }[];
}

/** Blank rows shown below the last filled one, to type into; more come with a paste. */
const BLANK_ROWS = 20;
const MIN_ROWS = 30;

const TABS_FIELDS = "properties.title,sheets.properties(sheetId,title,hidden,gridProperties)";
const GRID_FIELDS =
  "sheets(protectedRanges(range,unprotectedRanges,description,requestingUserCanEdit),conditionalFormats," +
  "data(rowData.values(formattedValue,effectiveValue,note,dataValidation," +
  "userEnteredFormat(backgroundColor,textFormat.foregroundColor)),columnMetadata.pixelSize))";

export async function sheetPage(
  ctx: EmulatorContext,
  who: Who,
  id: string,
  tabParam: string | null,
): Promise<Page> {
  const path = `/v4/spreadsheets/${encodeURIComponent(id)}`;
  const meta = await callAs(ctx, who.email, "GET", `${path}?fields=${TABS_FIELDS}`);
  if (meta.status !== 200) return refusedPage(who, meta.status, apiMessage(meta.body));
  const book = meta.body as Spreadsheet;
  const tabs = (book.sheets ?? []).flatMap((s) =>
    s.properties && !s.properties.hidden ? [s.properties] : [],
  );
  const tab = tabs.find((t) => String(t.sheetId) === tabParam) ?? tabs[0];
  if (!tab) return refusedPage(who, 404, "no visible tab");
  const filled = await callAs(
    ctx,
    who.email,
    "GET",
    `${path}/values/${encodeURIComponent(quotedTitle(tab.title))}?fields=values`,
  );
  if (filled.status !== 200) return refusedPage(who, filled.status, apiMessage(filled.body));
  const shown = rowsToShow(tab, (filled.body as { values?: unknown[] }).values?.length ?? 0);
  // Grid data costs far more than values, so it is asked for the shown rows only.
  const ranges = encodeURIComponent(`${quotedTitle(tab.title)}!1:${shown}`);
  const grid = await callAs(
    ctx,
    who.email,
    "GET",
    `${path}?ranges=${ranges}&includeGridData=true&fields=${GRID_FIELDS}`,
  );
  if (grid.status !== 200) return refusedPage(who, grid.status, apiMessage(grid.body));
  const sheet = (grid.body as Spreadsheet).sheets?.[0] ?? {};
  const title = book.properties?.title ?? id;
  const table = renderTable(
    tab,
    shown,
    sheet.data?.[0] ?? {},
    sheet.protectedRanges ?? [],
    sheet.conditionalFormats ?? [],
  );
  const body = `${whoBar(who, `/ui/s/${encodeURIComponent(id)}?tab=${tab.sheetId}`)}
<header class="title"><a href="/ui/files">← 我能打开的表格</a><h1>${esc(title)}</h1></header>
<div class="formula"><span id="addr" data-testid="cell-address"></span><span id="content" data-testid="cell-content"></span><span id="note" class="note" data-testid="cell-note" hidden></span></div>
<div id="message" class="message" role="alert" data-testid="write-message" hidden></div>
<div class="grid-wrap" id="wrap" style="scroll-padding-left:${table.frozenWidth}px">${table.html}<input id="editor" class="editor idle" autocomplete="off" aria-label="编辑单元格"><select id="picker" class="picker" hidden aria-label="选择"></select></div>
<nav class="tabs">${tabs.map((t) => tabLink(id, t, t.sheetId === tab.sheetId)).join("")}</nav>
${jsonScript("sheet-data", { id, tab: tab.title, lists: table.lists, locks: table.locks })}`;
  return htmlPage(title, body, { script: true });
}

function tabLink(id: string, t: SheetProps, current: boolean): string {
  const href = `/ui/s/${encodeURIComponent(id)}?tab=${t.sheetId}`;
  const mark = current ? ' class="current" aria-current="page"' : "";
  return `<a href="${href}"${mark} data-testid="tab">${esc(t.title)}</a>`;
}

interface Table {
  html: string;
  /** Row numbers and frozen columns: a cell scrolled into view must land right of them. */
  frozenWidth: number;
  lists: string[][];
  /** Each protection's label by its index in the tab; a grey cell names it as `data-p`. */
  locks: string[];
}

/** The filled rows (values.get trims trailing empty ones) and some blank rows to type into. */
function rowsToShow(tab: SheetProps, filled: number): number {
  return Math.min(tab.gridProperties?.rowCount ?? 1000, Math.max(filled + BLANK_ROWS, MIN_ROWS));
}

function renderTable(
  tab: SheetProps,
  shown: number,
  grid: GridView,
  protections: ProtectionView[],
  rules: RuleView[],
): Table {
  const rows = grid.rowData ?? [];
  const columns = tab.gridProperties?.columnCount ?? 26;
  const frozen = tab.gridProperties?.frozenRowCount ?? 0;
  const lists = new ListTable();
  const lockOf = (r: number, c: number) => {
    const by = lockedBy(protections, r, c);
    return by ? protections.indexOf(by) : -1;
  };
  const widths = Array.from(
    { length: columns },
    (_, c) => grid.columnMetadata?.[c]?.pixelSize ?? 100,
  );
  const pinned = frozenColumns(widths, tab.gridProperties?.frozenColumnCount ?? 0);
  const line = (r: number) => {
    const cells = Array.from({ length: columns }, (_, c) =>
      cellHtml(
        rows[r]?.values?.[c],
        lockOf(r, c),
        lists,
        ruleColour(rules, r, c, rows[r]?.values?.[c]),
        pinned[c],
      ),
    );
    return `<tr data-r="${r}"><th>${r + 1}</th>${cells.join("")}</tr>`;
  };
  const all = Array.from({ length: shown }, (_, r) => line(r));
  const letters = widths
    .map((_, c) => `<th${frozenAttrs(pinned[c], [])}>${columnLetters(c)}</th>`)
    .join("");
  // As wide as its columns, so a long cell is cut at its column's edge as in Sheets instead of
  // widening the column (a fixed table layout sized to its content would let it).
  const tableWidth = widths.reduce((sum, w) => sum + w, ROW_NUMBER_PX);
  const html = `<table class="grid" id="grid" data-testid="grid" style="width:${tableWidth}px">
<colgroup><col class="rownum">${widths.map((w) => `<col style="width:${w}px">`).join("")}</colgroup>
<thead><tr class="letters"><th></th>${letters}</tr>${all.slice(0, frozen).join("")}</thead>
<tbody>${all.slice(frozen).join("")}</tbody></table>`;
  const frozenWidth = pinned.reduce(
    (right, at, c) => (at === undefined ? right : at.left + (widths[c] ?? 0)),
    ROW_NUMBER_PX,
  );
  return { html, frozenWidth, lists: lists.all, locks: protections.map(protectionLabel) };
}

/** Distinct dropdown lists, so 300 rows of one column share one list in the page's data. */
class ListTable {
  readonly all: string[][] = [];
  private readonly index = new Map<string, number>();

  id(values: string[]): number {
    const key = JSON.stringify(values);
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.all.push(values) - 1;
      this.index.set(key, at);
    }
    return at;
  }
}

/** The background of the first TEXT_EQ rule over the cell that its text matches, as Sheets paints it. */
function ruleColour(
  rules: RuleView[],
  r: number,
  c: number,
  cell: CellView | undefined,
): Colour | undefined {
  const text = cell?.formattedValue;
  if (text === undefined) return undefined;
  const rule = rules.find(({ ranges, booleanRule }) => {
    const condition = booleanRule?.condition;
    if (condition?.type !== "TEXT_EQ" || condition.values?.[0]?.userEnteredValue !== text)
      return false;
    return (ranges ?? []).some(
      (g) =>
        r >= (g.startRowIndex ?? 0) &&
        r < (g.endRowIndex ?? Number.POSITIVE_INFINITY) &&
        c >= (g.startColumnIndex ?? 0) &&
        c < (g.endColumnIndex ?? Number.POSITIVE_INFINITY),
    );
  });
  return rule?.booleanRule?.format?.backgroundColor;
}

function css(colour: Colour): string {
  const byte = (n: number | undefined) => Math.round((n ?? 0) * 255);
  return `rgb(${byte(colour.red)},${byte(colour.green)},${byte(colour.blue)})`;
}

/** Inline colours: a conditional background over the cell's own, and the text colour. */
function styleOf(cell: CellView | undefined, conditional: Colour | undefined): string {
  const background = conditional ?? cell?.userEnteredFormat?.backgroundColor;
  const text = cell?.userEnteredFormat?.textFormat?.foregroundColor;
  const rules = [
    ...(background === undefined ? [] : [`background-color:${css(background)}`]),
    ...(text === undefined ? [] : [`color:${css(text)}`]),
  ];
  return rules.join(";");
}

/** Where a frozen column sticks: its left edge, and whether it is the last frozen one. */
interface Pinned {
  readonly left: number;
  readonly last: boolean;
}

/** Row numbers' width (col.rownum in client.css): frozen columns stick to its right. */
const ROW_NUMBER_PX = 46;

/** The first `count` columns stick at the left, as Sheets freezes them, each after the last. */
function frozenColumns(widths: readonly number[], count: number): (Pinned | undefined)[] {
  let left = ROW_NUMBER_PX;
  return widths.map((width, c) => {
    if (c >= count) return undefined;
    const pinned = { left, last: c === count - 1 };
    left += width;
    return pinned;
  });
}

/** The class and inline position of a frozen column's cell; `classes` its other classes. */
function frozenAttrs(pinned: Pinned | undefined, classes: readonly string[]): string {
  const all = pinned === undefined ? classes : [...classes, pinned.last ? "f fl" : "f"];
  const style = pinned === undefined ? "" : ` style="left:${pinned.left}px"`;
  return `${all.length > 0 ? ` class="${all.join(" ")}"` : ""}${style}`;
}

function cellHtml(
  cell: CellView | undefined,
  lock: number,
  lists: ListTable,
  conditional: Colour | undefined,
  pinned?: Pinned,
): string {
  const classes: string[] = lock >= 0 ? ["l"] : [];
  const attrs: string[] = lock >= 0 ? [`data-p="${lock}"`] : [];
  if (cell?.note) {
    classes.push("n");
    attrs.push(`title="${esc(cell.note)}"`);
  }
  const condition = cell?.dataValidation?.condition;
  const text = esc(cell?.formattedValue ?? "");
  let content = text;
  if (condition?.type === "BOOLEAN") {
    classes.push("k");
    const checked = cell?.effectiveValue?.boolValue === true ? " checked" : "";
    content = `<input type="checkbox" tabindex="-1"${checked}>`;
  } else if (condition?.type === "ONE_OF_LIST") {
    classes.push("d");
    attrs.push(
      `data-l="${lists.id((condition.values ?? []).map((v) => v.userEnteredValue ?? ""))}"`,
    );
  }
  if (pinned !== undefined) classes.push(pinned.last ? "f fl" : "f");
  if (classes.length > 0) attrs.unshift(`class="${classes.join(" ")}"`);
  const style = [styleOf(cell, conditional), pinned === undefined ? "" : `left:${pinned.left}px`]
    .filter((rule) => rule !== "")
    .join(";");
  if (style !== "") attrs.push(`style="${style}"`);
  return `<td${attrs.length ? ` ${attrs.join(" ")}` : ""}>${content}</td>`;
}

function refusedPage(who: Who, status: number, google: string): Page {
  const reason =
    status === 403
      ? "当前身份没有打开这个表格的权限。请换一个身份，或回到自己能打开的表格。"
      : status === 404
        ? "没有这个表格（可能已被删除）。"
        : `读取表格失败（HTTP ${status}）。`;
  const page = htmlPage(
    "无法打开",
    `${whoBar(who, "/ui/files")}<main class="box"><h1>无法打开这个表格</h1>
<p data-testid="open-refused">${esc(reason)}</p><p class="google">Google 接口原文：${esc(google)}</p>
<p><a href="/ui/files">← 我能打开的表格</a></p></main>`,
  );
  return { ...page, status };
}
