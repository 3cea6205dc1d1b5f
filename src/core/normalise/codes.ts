/**
 * Code-table cells. The dropdown shows names, but people also type or paste the code, an old
 * name (alias), or the national templates' `code-name` form; all resolve to the stored code.
 * Precedence when one text could mean two entries: exact code, then name, then alias — so a
 * table whose names are digits still resolves its codes first.
 */
import { excerpt, fail, ok, type Result } from "./issues";
import { cellText, quoteCell } from "./text";

export interface CodeTableLike {
  readonly entries: readonly {
    readonly code: string;
    readonly name: string;
    readonly aliases?: readonly string[];
  }[];
}

interface CodeIndex {
  readonly codes: ReadonlyMap<string, string>;
  /** Codes without leading zeros: a numeric cell 1 means "01" (sheets drop the zero). */
  readonly numeric: ReadonlyMap<string, string>;
  readonly names: ReadonlyMap<string, string>;
  readonly aliases: ReadonlyMap<string, string>;
}

/** Tables are immutable data; index each once instead of scanning it for every cell. */
const indexes = new WeakMap<CodeTableLike, CodeIndex>();

/** Case, spaces and full-width forms never distinguish two entries. */
function key(text: string): string {
  return text.replace(/\s/g, "").toUpperCase();
}

function withoutLeadingZeros(code: string): string | undefined {
  return /^\d+$/.test(code) ? code.replace(/^0+(?=\d)/, "") : undefined;
}

function buildIndex(table: CodeTableLike): CodeIndex {
  const codes = new Map<string, string>();
  const numeric = new Map<string, string>();
  const names = new Map<string, string>();
  const aliases = new Map<string, string>();
  const add = (map: Map<string, string>, k: string | undefined, code: string): void => {
    // First entry wins: a later duplicate is a table-authoring slip, not a second meaning.
    if (k !== undefined && k !== "" && !map.has(k)) map.set(k, code);
  };
  for (const { code, name, aliases: more = [] } of table.entries) {
    add(codes, key(code), code);
    add(numeric, withoutLeadingZeros(code), code);
    add(names, key(cleanLabel(name)), code);
    for (const alias of more) add(aliases, key(cleanLabel(alias)), code);
  }
  return { codes, numeric, names, aliases };
}

function cleanLabel(label: string): string {
  const text = cellText(label);
  return text.ok ? text.value : "";
}

function indexOf(table: CodeTableLike): CodeIndex {
  let index = indexes.get(table);
  if (index === undefined) {
    index = buildIndex(table);
    indexes.set(table, index);
  }
  return index;
}

function byCode(index: CodeIndex, text: string): string | undefined {
  const k = key(text);
  return index.codes.get(k) ?? index.numeric.get(withoutLeadingZeros(k) ?? "");
}

function byLabel(index: CodeIndex, text: string): string | undefined {
  const k = key(text);
  return index.names.get(k) ?? index.aliases.get(k);
}

const CODE_THEN_NAME = /^(?<code>[0-9A-Za-z]{1,6})(?:\s*[-:_.、]\s*|\s+)(?<name>.+)$/;
const NAME_THEN_CODE = /^(?<name>.+?)\s*\(\s*(?<code>[0-9A-Za-z]{1,6})\s*\)$/;

/** `01-汉族`, `01 汉族`, `汉族(01)`: both halves must name the same entry. */
function byComposite(index: CodeIndex, text: string): Result<string> | undefined {
  const groups = (CODE_THEN_NAME.exec(text) ?? NAME_THEN_CODE.exec(text))?.groups;
  if (groups?.code === undefined || groups.name === undefined) return undefined;
  const fromCode = byCode(index, groups.code);
  const fromName = byLabel(index, groups.name);
  if (fromCode === undefined || fromName === undefined) return undefined;
  if (fromCode !== fromName) {
    return fail("code.conflict", { code: excerpt(groups.code), name: excerpt(groups.name) });
  }
  return ok(fromCode);
}

function resolveText(index: CodeIndex, text: string): Result<string> {
  const direct = byCode(index, text) ?? byLabel(index, text);
  if (direct !== undefined) return ok(direct);
  return byComposite(index, text) ?? fail("code.unknown", { value: excerpt(text) });
}

/** A code cell → the canonical code of `table`. */
export function resolveCode(table: CodeTableLike, value: unknown): Result<string> {
  const text = cellText(value);
  if (!text.ok) return text;
  return typeof value === "boolean"
    ? fail("code.unknown", { value: text.value })
    : resolveText(indexOf(table), text.value);
}

const LIST_SEPARATORS = /[、,;]+/;

/**
 * Several codes in one cell (任教课程: `13、14`, `语文,数学`) → distinct codes in order.
 * "/" also separates, but only inside a part that is not itself an entry, because some names
 * contain it (香港特区护照/身份证明).
 */
export function resolveCodeList(table: CodeTableLike, value: unknown): Result<readonly string[]> {
  const text = cellText(value);
  if (!text.ok) return text;
  const index = indexOf(table);
  const codes: string[] = [];
  for (const part of text.value.split(LIST_SEPARATORS).map((p) => p.trim())) {
    const resolved = resolvePart(index, part);
    if (!resolved.ok) return resolved;
    for (const code of resolved.value) if (!codes.includes(code)) codes.push(code);
  }
  return codes.length === 0 ? fail("value.empty") : ok(codes);
}

function resolvePart(index: CodeIndex, part: string): Result<readonly string[]> {
  if (part === "") return ok([]);
  const whole = resolveText(index, part);
  if (whole.ok) return ok([whole.value]);
  if (!part.includes("/")) return whole;
  const codes: string[] = [];
  for (const piece of part.split("/").map((p) => p.trim())) {
    if (piece === "") continue;
    const resolved = resolveText(index, piece);
    if (!resolved.ok) return resolved;
    codes.push(resolved.value);
  }
  return ok(codes);
}

const YES_NO: CodeTableLike = {
  entries: [
    { code: "1", name: "是", aliases: ["Y", "YES", "TRUE", "T", "有", "√", "✓", "✔"] },
    { code: "0", name: "否", aliases: ["N", "NO", "FALSE", "F", "无", "×", "✗", "✘"] },
  ],
};

/** A 是否 cell (是/否, 1/0, checkbox booleans, TRUE/FALSE, Y/N, 是(1), 1-是) → "1" | "0". */
export function parseYesNo(value: unknown): Result<"1" | "0"> {
  if (typeof value === "boolean") return ok(value ? "1" : "0");
  const resolved = resolveCode(YES_NO, value);
  if (resolved.ok) return ok(resolved.value === "1" ? "1" : "0");
  return resolved.issue.code === "code.unknown" || resolved.issue.code === "code.conflict"
    ? fail("yes_no.unknown", { value: quoteCell(value) })
    : resolved;
}
