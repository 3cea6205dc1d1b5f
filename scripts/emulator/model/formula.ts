/**
 * Formula evaluation — the subset of Sheets' language the emulator understands.
 *
 * Syntax: number, "string" ("" escapes a quote) and TRUE/FALSE literals; error literals such as
 * #N/A; operators + - * / ^ (left-associative, unary minus binds tighter than ^, so -2^2 = 4),
 * postfix %, & (concatenation), = <> < > <= >= (text compares case-insensitively; numbers sort
 * before text before booleans); parentheses; references A1, $A$1, A1:B2, A:A, 1:1, optionally
 * prefixed by a tab (Sheet1!A1, 'My tab'!A1:B2).
 *
 * Functions: SUM AVERAGE MIN MAX COUNT COUNTA IF AND OR NOT CONCATENATE LEN ROUND ABS. As in
 * Sheets, text inside referenced ranges is skipped by numeric aggregates while direct text
 * arguments must be numeric.
 *
 * Errors: unknown function or name → #NAME?; division by zero → #DIV/0!; missing tab, reference
 * beyond the grid, or a circular dependency → #REF!; uncoercible operand → #VALUE!; wrong
 * argument count → #N/A; unparsable formula → #ERROR!. Errors propagate through operators.
 *
 * Not supported: array spilling (a multi-cell range in a scalar position yields its top-left
 * value), named ranges, R1C1 references, locale-specific `;` argument separators.
 */
import { parseCellPart } from "./a1";
import { parseInput } from "./input";
import { formatGeneral } from "./numfmt";
import type { Rect } from "./ranges";

export type ErrorCode =
  | "#NULL!"
  | "#DIV/0!"
  | "#VALUE!"
  | "#REF!"
  | "#NAME?"
  | "#NUM!"
  | "#N/A"
  | "#ERROR!";

export class FormulaError {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

const ERROR_TYPES: Record<ErrorCode, string> = {
  "#NULL!": "NULL_VALUE",
  "#DIV/0!": "DIVIDE_BY_ZERO",
  "#VALUE!": "VALUE",
  "#REF!": "REF",
  "#NAME?": "NAME",
  "#NUM!": "NUM",
  "#N/A": "N_A",
  "#ERROR!": "ERROR",
};

export function errorValueOf(error: FormulaError): { type: string; message: string } {
  return { type: ERROR_TYPES[error.code], message: error.message };
}

/** A computed value: empty cells are null, errors are FormulaError. */
export type Scalar = number | string | boolean | null | FormulaError;

export type Bounds = Omit<Rect, "sheetId">;

/** Where references are read from; `sheet` undefined means the formula's own tab. */
export interface CellSource {
  read(sheet: string | undefined, bounds: Bounds): Scalar[][] | FormulaError;
}

export function evaluateFormula(formula: string, source: CellSource): Scalar {
  let ast: Node;
  try {
    ast = parse(formula.replace(/^=/, ""));
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
  try {
    return scalarOf(evaluate(ast, source));
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
}

// ---- Tokens ----

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "ref"; sheet?: string; bounds: Bounds; text: string }
  | { t: "ident"; v: string }
  | { t: "err"; v: ErrorCode }
  | { t: "op"; v: string };

const parseError = (why: string) => new FormulaError("#ERROR!", `Formula parse error: ${why}`);

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?\d+`;
const COL = String.raw`\$?[A-Za-z]{1,3}`;
const ROW = String.raw`\$?\d+`;
const CELL_PART = new RegExp(
  `^(?:${CELL}:${CELL}|${CELL}:${COL}|${COL}:${COL}|${ROW}:${ROW}|${CELL})(?![A-Za-z0-9_(!])`,
);
const SHEET_PREFIX = /^(?:'((?:[^']|'')+)'|([A-Za-z_\u0080-\uffff][\w.\u0080-\uffff]*))!/;
const ERROR_LITERAL = /^(#NULL!|#DIV\/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#N\/A|#ERROR!)/i;

function readRef(text: string): { token: Token; length: number } | undefined {
  const prefix = SHEET_PREFIX.exec(text);
  const rest = prefix ? text.slice(prefix[0].length) : text;
  const cell = CELL_PART.exec(rest);
  if (!cell) return undefined;
  const bounds = parseCellPart(cell[0].replaceAll("$", ""));
  if (!bounds) return undefined;
  const sheet = prefix ? (prefix[1]?.replaceAll("''", "'") ?? prefix[2]) : undefined;
  const length = (prefix?.[0].length ?? 0) + cell[0].length;
  return { token: { t: "ref", sheet, bounds, text: text.slice(0, length) }, length };
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const ref = readRef(rest);
    if (ref) {
      tokens.push(ref.token);
      i += ref.length;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      tokens.push({ t: "num", v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (rest.startsWith('"')) {
      const str = /^"((?:[^"]|"")*)"/.exec(rest);
      if (!str) throw parseError("unterminated string");
      tokens.push({ t: "str", v: (str[1] ?? "").replaceAll('""', '"') });
      i += str[0].length;
      continue;
    }
    const err = ERROR_LITERAL.exec(rest);
    if (err) {
      tokens.push({ t: "err", v: (err[0] ?? "").toUpperCase() as ErrorCode });
      i += err[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (ident) {
      tokens.push({ t: "ident", v: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>%(),])/.exec(rest);
    if (!op) throw parseError(`unexpected character '${rest.charAt(0)}'`);
    tokens.push({ t: "op", v: op[0] });
    i += op[0].length;
  }
  return tokens;
}

// ---- Parser ----

type Node =
  | { k: "lit"; v: number | string | boolean }
  | { k: "err"; v: ErrorCode }
  | { k: "ref"; sheet?: string; bounds: Bounds }
  | { k: "name"; v: string }
  | { k: "unary"; op: string; e: Node }
  | { k: "percent"; e: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "call"; name: string; args: Node[] };

function parse(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peekOp = (...ops: string[]) => {
    const tok = tokens[pos];
    return tok?.t === "op" && ops.includes(tok.v) ? tok.v : undefined;
  };
  const expect = (op: string) => {
    if (!peekOp(op)) throw parseError(`expected '${op}'`);
    pos++;
  };
  const binary = (ops: string[], next: () => Node) => (): Node => {
    let node = next();
    for (let op = peekOp(...ops); op; op = peekOp(...ops)) {
      pos++;
      node = { k: "bin", op, l: node, r: next() };
    }
    return node;
  };
  const primary = (): Node => {
    const tok = tokens[pos++];
    if (!tok) throw parseError("unexpected end of formula");
    switch (tok.t) {
      case "num":
      case "str":
        return { k: "lit", v: tok.v };
      case "err":
        return { k: "err", v: tok.v };
      case "ref":
        return { k: "ref", sheet: tok.sheet, bounds: tok.bounds };
      case "ident":
        if (peekOp("(")) return { k: "call", name: tok.v.toUpperCase(), args: callArgs() };
        if (/^(TRUE|FALSE)$/i.test(tok.v)) return { k: "lit", v: tok.v.toUpperCase() === "TRUE" };
        return { k: "name", v: tok.v };
      case "op":
        if (tok.v === "(") {
          const inner = comparison();
          expect(")");
          return inner;
        }
        throw parseError(`unexpected '${tok.v}'`);
    }
  };
  const postfix = (): Node => {
    let node = primary();
    while (peekOp("%")) {
      pos++;
      node = { k: "percent", e: node };
    }
    return node;
  };
  const unary = (): Node => {
    const op = peekOp("-", "+");
    if (!op) return postfix();
    pos++;
    return { k: "unary", op, e: unary() };
  };
  const power = binary(["^"], unary);
  const multiplicative = binary(["*", "/"], power);
  const additive = binary(["+", "-"], multiplicative);
  const concat = binary(["&"], additive);
  const comparison = binary(["=", "<>", "<", ">", "<=", ">="], concat);
  const callArgs = (): Node[] => {
    expect("(");
    const args: Node[] = [];
    if (peekOp(")")) {
      pos++;
      return args;
    }
    for (;;) {
      args.push(comparison());
      if (peekOp(")")) {
        pos++;
        return args;
      }
      expect(",");
    }
  };
  const root = comparison();
  if (pos < tokens.length) throw parseError("unexpected trailing input");
  return root;
}

// ---- Evaluation ----

type RangeValue = { range: Scalar[][] };
type Value = Scalar | RangeValue;

const isRange = (v: Value): v is RangeValue =>
  typeof v === "object" && v !== null && !(v instanceof FormulaError);

function scalarOf(v: Value): Scalar {
  if (!isRange(v)) return v;
  return v.range[0]?.[0] ?? null;
}

/** Unwraps a value for an operator, throwing errors so they propagate. */
function operand(v: Value): Exclude<Scalar, FormulaError> {
  const s = scalarOf(v);
  if (s instanceof FormulaError) throw s;
  return s;
}

const valueError = (message: string) => new FormulaError("#VALUE!", message);

function toNumber(v: Exclude<Scalar, FormulaError>): number {
  if (v === null) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v.trim() === "") return 0;
  const parsed = parseInput(v, "USER_ENTERED", "formula").value.numberValue;
  if (parsed === undefined) {
    throw valueError(
      `Function expects number values. But '${v}' is a text and cannot be coerced to a number.`,
    );
  }
  return parsed;
}

export function toText(v: Exclude<Scalar, FormulaError>): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return formatGeneral(v);
  return v;
}

function toBool(v: Exclude<Scalar, FormulaError>): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw valueError(
    `Function expects boolean values. But '${v}' is a text and cannot be coerced to a boolean.`,
  );
}

function finite(n: number): number {
  if (!Number.isFinite(n)) throw new FormulaError("#NUM!", "The result is not a finite number.");
  return n;
}

/** Sheets' ordering: numbers < text < booleans; blank takes the other side's empty value. */
export function compareScalars(
  a: Exclude<Scalar, FormulaError>,
  b: Exclude<Scalar, FormulaError>,
): number {
  const blankLike = (other: typeof a) =>
    typeof other === "string" ? "" : typeof other === "boolean" ? false : 0;
  const x = a === null ? blankLike(b) : a;
  const y = b === null ? blankLike(a) : b;
  const rank = (v: typeof x) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === "string" && typeof y === "string") {
    const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
    return lx < ly ? -1 : lx > ly ? 1 : 0;
  }
  return Number(x) - Number(y);
}

function binaryOp(op: string, l: Value, r: Value): Scalar {
  const a = operand(l);
  const b = operand(r);
  switch (op) {
    case "&":
      return toText(a) + toText(b);
    case "+":
      return finite(toNumber(a) + toNumber(b));
    case "-":
      return finite(toNumber(a) - toNumber(b));
    case "*":
      return finite(toNumber(a) * toNumber(b));
    case "/": {
      const divisor = toNumber(b);
      if (divisor === 0) {
        throw new FormulaError("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.");
      }
      return finite(toNumber(a) / divisor);
    }
    case "^":
      return finite(toNumber(a) ** toNumber(b));
    default: {
      const c = compareScalars(a, b);
      const results: Record<string, boolean> = {
        "=": c === 0,
        "<>": c !== 0,
        "<": c < 0,
        ">": c > 0,
        "<=": c <= 0,
        ">=": c >= 0,
      };
      return results[op] ?? false;
    }
  }
}

function evaluate(node: Node, source: CellSource): Value {
  switch (node.k) {
    case "lit":
      return node.v;
    case "err":
      throw new FormulaError(node.v, `Error literal ${node.v}.`);
    case "name":
      throw new FormulaError("#NAME?", `Unknown range name: '${node.v.toUpperCase()}'.`);
    case "ref": {
      const cells = source.read(node.sheet, node.bounds);
      if (cells instanceof FormulaError) throw cells;
      return { range: cells };
    }
    case "unary": {
      const n = toNumber(operand(evaluate(node.e, source)));
      return node.op === "-" ? -n : n;
    }
    case "percent":
      return toNumber(operand(evaluate(node.e, source))) / 100;
    case "bin":
      return binaryOp(node.op, evaluate(node.l, source), evaluate(node.r, source));
    case "call":
      return callFunction(node.name, node.args, source);
  }
}

// ---- Functions ----

function arity(name: string, args: Node[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  const expected =
    min === max
      ? `${min}`
      : max === Number.POSITIVE_INFINITY
        ? `at least ${min}`
        : `between ${min} and ${max}`;
  throw new FormulaError(
    "#N/A",
    `Wrong number of arguments to ${name}. Expected ${expected} arguments, but got ${args.length} arguments.`,
  );
}

/**
 * Flattens arguments for aggregates: referenced cells keep their type (so text in ranges can
 * be skipped); direct arguments are marked so they can be coerced strictly.
 */
function flatten(args: Node[], source: CellSource): { value: Scalar; direct: boolean }[] {
  const out: { value: Scalar; direct: boolean }[] = [];
  for (const arg of args) {
    const v = evaluate(arg, source);
    if (isRange(v)) {
      for (const row of v.range) for (const value of row) out.push({ value, direct: false });
    } else {
      out.push({ value: v, direct: true });
    }
  }
  return out;
}

function numbersOf(args: Node[], source: CellSource): number[] {
  const numbers: number[] = [];
  for (const { value, direct } of flatten(args, source)) {
    if (value instanceof FormulaError) throw value;
    if (direct) numbers.push(toNumber(value));
    else if (typeof value === "number") numbers.push(value);
  }
  return numbers;
}

function booleansOf(name: string, args: Node[], source: CellSource): boolean[] {
  const bools: boolean[] = [];
  for (const { value, direct } of flatten(args, source)) {
    if (value instanceof FormulaError) throw value;
    if (direct) bools.push(toBool(value));
    else if (typeof value === "number" || typeof value === "boolean") bools.push(toBool(value));
  }
  if (bools.length === 0) {
    throw valueError(`${name} has no valid input data.`);
  }
  return bools;
}

function round(n: number, digits: number): number {
  const factor = 10 ** Math.trunc(digits);
  // Scaling through exponent notation avoids 1.005 * 100 = 100.49999….
  const scaled = Number(`${Math.abs(n)}e${Math.trunc(digits)}`);
  const rounded = Number.isFinite(scaled) ? Math.round(scaled) / factor : Math.abs(n);
  return Math.sign(n) * rounded;
}

const INF = Number.POSITIVE_INFINITY;

function callFunction(name: string, args: Node[], source: CellSource): Scalar {
  const arg = (i: number) => operand(evaluate(args[i] as Node, source));
  switch (name) {
    case "SUM":
      arity(name, args, 1, INF);
      return finite(numbersOf(args, source).reduce((a, b) => a + b, 0));
    case "AVERAGE": {
      arity(name, args, 1, INF);
      const numbers = numbersOf(args, source);
      if (numbers.length === 0) {
        throw new FormulaError(
          "#DIV/0!",
          "Evaluation of function AVERAGE caused a divide by zero error.",
        );
      }
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    }
    case "MIN":
    case "MAX": {
      arity(name, args, 1, INF);
      const numbers = numbersOf(args, source);
      if (numbers.length === 0) return 0;
      return name === "MIN" ? Math.min(...numbers) : Math.max(...numbers);
    }
    case "COUNT":
      arity(name, args, 1, INF);
      return flatten(args, source).filter(({ value, direct }) => {
        if (typeof value === "number") return true;
        if (!direct || value === null || value instanceof FormulaError) return false;
        try {
          toNumber(value);
          return true;
        } catch {
          return false;
        }
      }).length;
    case "COUNTA":
      arity(name, args, 1, INF);
      return flatten(args, source).filter(({ value, direct }) => direct || value !== null).length;
    case "IF":
      arity(name, args, 2, 3);
      if (toBool(arg(0))) return scalarOf(evaluate(args[1] as Node, source));
      return args[2] ? scalarOf(evaluate(args[2], source)) : false;
    case "AND":
      arity(name, args, 1, INF);
      return booleansOf(name, args, source).every(Boolean);
    case "OR":
      arity(name, args, 1, INF);
      return booleansOf(name, args, source).some(Boolean);
    case "NOT":
      arity(name, args, 1, 1);
      return !toBool(arg(0));
    case "CONCATENATE":
      arity(name, args, 1, INF);
      return flatten(args, source)
        .map(({ value }) => {
          if (value instanceof FormulaError) throw value;
          return toText(value);
        })
        .join("");
    case "LEN":
      arity(name, args, 1, 1);
      return toText(arg(0)).length;
    case "ROUND":
      arity(name, args, 1, 2);
      return round(toNumber(arg(0)), args.length > 1 ? toNumber(arg(1)) : 0);
    case "ABS":
      arity(name, args, 1, 1);
      return Math.abs(toNumber(arg(0)));
    default:
      throw new FormulaError("#NAME?", `Unknown function: '${name}'.`);
  }
}
