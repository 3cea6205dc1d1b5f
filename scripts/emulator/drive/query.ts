import { ApiError, invalidArgument } from "../errors";

/**
 * Drive's search language (`q`), the part this project uses:
 *
 *   expr   := or
 *   or     := and ("or" and)*
 *   and    := unary ("and" unary)*
 *   unary  := "not" unary | "(" expr ")" | term
 *   term   := string "in" (parents | owners | writers | readers)
 *           | "appProperties" "has" "{" "key" "=" string "and" "value" "=" string "}"
 *           | field op value
 *
 * Fields: name and mimeType (=, !=, contains), modifiedTime and createdTime (=, !=, <, <=, >,
 * >=, RFC 3339), trashed (=, != with true/false). Other Drive fields (fullText, starred, …) are
 * refused with 501 rather than ignored, since ignoring a clause would widen the result.
 *
 * `name contains` matches, as Drive does, a prefix of any word of the name; text with CJK
 * characters, which Drive does not split into words by spaces, matches anywhere in the name.
 */

export type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "not"; expr: Expr }
  | { kind: "in"; value: string; collection: Collection }
  | { kind: "has"; key: string; value: string }
  | { kind: "compare"; field: Field; op: Op; value: string | boolean };

type Collection = "parents" | "owners" | "writers" | "readers";
type Field = "name" | "mimeType" | "modifiedTime" | "createdTime" | "trashed";
type Op = "=" | "!=" | "<" | "<=" | ">" | ">=" | "contains";

/** What a query is evaluated against; times are epoch milliseconds. */
export interface Candidate {
  name: string;
  mimeType: string;
  modifiedTime: number;
  createdTime: number;
  trashed: boolean;
  parents: readonly string[];
  owners: readonly string[];
  appProperties: Readonly<Record<string, string>>;
  writers: readonly string[];
  readers: readonly string[];
}

type Token =
  | { type: "string"; text: string; at: number }
  | { type: "word"; text: string; at: number }
  | { type: "op"; text: string; at: number };

const UNSUPPORTED_FIELDS = [
  "fullText",
  "starred",
  "sharedWithMe",
  "properties",
  "visibility",
  "viewedByMeTime",
  "shortcutDetails.targetId",
  "memberCount",
  "organizerCount",
];

export function parseQuery(q: string): Expr {
  const tokens = tokenize(q);
  let i = 0;
  const fail = (message: string, at = tokens[i]?.at ?? q.length): never => {
    throw invalidArgument(`Invalid Value: q: ${message} at position ${at} of "${q}"`);
  };
  const peekWord = (word: string) => {
    const t = tokens[i];
    return t?.type === "word" && t.text.toLowerCase() === word;
  };

  const expr = (): Expr => {
    let left = and();
    while (peekWord("or")) {
      i += 1;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = unary();
    while (peekWord("and")) {
      i += 1;
      left = { kind: "and", left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (peekWord("not")) {
      i += 1;
      return { kind: "not", expr: unary() };
    }
    const t = tokens[i];
    if (t?.type === "op" && t.text === "(") {
      i += 1;
      const inner = expr();
      const close = tokens[i];
      if (close?.type !== "op" || close.text !== ")") fail("expected ')'");
      i += 1;
      return inner;
    }
    return term();
  };
  const term = (): Expr => {
    const first = tokens[i];
    if (!first) return fail("expected a search term");
    i += 1;
    if (first.type === "string") {
      if (!peekWord("in")) fail("expected 'in' after a quoted value");
      i += 1;
      const collection = tokens[i];
      i += 1;
      if (collection?.type === "word" && isCollection(collection.text)) {
        return { kind: "in", value: first.text, collection: collection.text };
      }
      return fail("expected parents, owners, writers or readers after 'in'", collection?.at);
    }
    if (first.type !== "word") return fail(`unexpected '${first.text}'`, first.at);
    if (first.text === "appProperties") return hasClause();
    if (UNSUPPORTED_FIELDS.includes(first.text)) {
      throw new ApiError(
        "UNIMPLEMENTED",
        `The emulator's q does not support the field ${first.text}`,
      );
    }
    if (!isField(first.text)) return fail(`unknown field '${first.text}'`, first.at);
    const field = first.text;
    const opToken = tokens[i];
    i += 1;
    const op = opToken?.type === "op" || opToken?.type === "word" ? opToken.text : undefined;
    if (!op || !opsOf[field].includes(op as Op)) {
      return fail(`${field} takes ${opsOf[field].join(", ")}`, opToken?.at);
    }
    const valueToken = tokens[i];
    i += 1;
    if (field === "trashed") {
      if (valueToken?.type !== "word" || !["true", "false"].includes(valueToken.text)) {
        return fail("trashed compares with true or false", valueToken?.at);
      }
      return { kind: "compare", field, op: op as Op, value: valueToken.text === "true" };
    }
    if (valueToken?.type !== "string")
      return fail(`${field} compares with a quoted value`, valueToken?.at);
    if (field === "modifiedTime" || field === "createdTime") {
      if (Number.isNaN(parseRfc3339(valueToken.text))) {
        return fail(`'${valueToken.text}' is not an RFC 3339 date-time`, valueToken.at);
      }
    }
    return { kind: "compare", field, op: op as Op, value: valueToken.text };
  };

  const expectToken = (text: string, type: Token["type"]) => {
    const t = tokens[i];
    if (t?.type !== type || t.text !== text) fail(`expected '${text}'`);
    i += 1;
  };
  const quoted = (): string => {
    const t = tokens[i];
    if (t?.type !== "string") return fail("expected a quoted value");
    i += 1;
    return t.text;
  };
  const hasClause = (): Expr => {
    expectToken("has", "word");
    expectToken("{", "op");
    expectToken("key", "word");
    expectToken("=", "op");
    const key = quoted();
    expectToken("and", "word");
    expectToken("value", "word");
    expectToken("=", "op");
    const value = quoted();
    expectToken("}", "op");
    return { kind: "has", key, value };
  };

  const result = expr();
  if (i < tokens.length) fail(`unexpected '${tokens[i]?.text}'`);
  return result;
}

export function matches(expr: Expr, c: Candidate): boolean {
  switch (expr.kind) {
    case "and":
      return matches(expr.left, c) && matches(expr.right, c);
    case "or":
      return matches(expr.left, c) || matches(expr.right, c);
    case "not":
      return !matches(expr.expr, c);
    case "in":
      return c[expr.collection].includes(expr.value);
    case "has":
      return c.appProperties[expr.key] === expr.value;
    case "compare":
      return compare(expr, c);
  }
}

function compare(expr: Extract<Expr, { kind: "compare" }>, c: Candidate): boolean {
  const { field, op, value } = expr;
  if (field === "trashed") return op === "=" ? c.trashed === value : c.trashed !== value;
  if (field === "modifiedTime" || field === "createdTime") {
    return order(c[field], parseRfc3339(String(value)), op);
  }
  const actual = c[field];
  const wanted = String(value);
  if (op === "contains")
    return field === "name" ? nameContains(actual, wanted) : actual.includes(wanted);
  return op === "=" ? actual === wanted : actual !== wanted;
}

function order(a: number, b: number, op: Op): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "contains":
      return false;
  }
}

const CJK = /[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

function nameContains(name: string, wanted: string): boolean {
  const haystack = name.toLowerCase();
  const needle = wanted.toLowerCase();
  if (CJK.test(needle)) return haystack.includes(needle);
  return (
    haystack.startsWith(needle) ||
    haystack.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(needle))
  );
}

/** RFC 3339 as Drive reads it: a date-time without an offset is UTC. NaN when malformed. */
export function parseRfc3339(text: string): number {
  const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/i;
  const m = shape.exec(text);
  if (!m) return Number.NaN;
  const zoned = m[1] !== undefined && m[4] === undefined ? `${text}Z` : text;
  return Date.parse(zoned);
}

const opsOf: Record<Field, readonly Op[]> = {
  name: ["=", "!=", "contains"],
  mimeType: ["=", "!=", "contains"],
  modifiedTime: ["=", "!=", "<", "<=", ">", ">="],
  createdTime: ["=", "!=", "<", "<=", ">", ">="],
  trashed: ["=", "!="],
};

function isField(text: string): text is Field {
  return text in opsOf;
}

function isCollection(text: string): text is Collection {
  return ["parents", "owners", "writers", "readers"].includes(text);
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < q.length) {
    const ch = q[at] ?? "";
    if (/\s/.test(ch)) {
      at += 1;
    } else if (ch === "'") {
      const start = at;
      let text = "";
      at += 1;
      while (at < q.length && q[at] !== "'") {
        if (q[at] === "\\") at += 1;
        text += q[at] ?? "";
        at += 1;
      }
      if (at >= q.length) {
        throw invalidArgument(
          `Invalid Value: q: unterminated string at position ${start} of "${q}"`,
        );
      }
      at += 1;
      tokens.push({ type: "string", text, at: start });
    } else {
      const op = /^(!=|<=|>=|=|<|>|\(|\)|\{|\})/.exec(q.slice(at))?.[0];
      const word = op ? undefined : /^[A-Za-z][A-Za-z0-9_.]*/.exec(q.slice(at))?.[0];
      const text = op ?? word;
      if (!text)
        throw invalidArgument(`Invalid Value: q: unexpected '${ch}' at position ${at} of "${q}"`);
      tokens.push({ type: op ? "op" : "word", text, at });
      at += text.length;
    }
  }
  return tokens;
}
