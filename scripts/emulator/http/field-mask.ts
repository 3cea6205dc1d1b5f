import { invalidArgument } from "../errors";

/**
 * Google's partial-response `fields` parameter: `a,b(c,d),e/f`, with `.` accepted for `/` as
 * Sheets' masks use it (`sheets.properties.title`), and `*` meaning every field at that level.
 * A `null` leaf selects the whole subtree.
 */
export type FieldMask = Map<string, FieldMask | null>;

export function parseFieldMask(text: string): FieldMask {
  let at = 0;
  const fail = (): never => {
    throw invalidArgument(`Invalid field selection ${text}`);
  };
  const name = (): string => {
    const match = /^[A-Za-z0-9_*@$-]+/.exec(text.slice(at));
    if (!match) return fail();
    at += match[0].length;
    return match[0];
  };
  const list = (into: FieldMask): void => {
    for (;;) {
      while (text[at] === " ") at += 1;
      const path = [name()];
      while (text[at] === "/" || text[at] === ".") {
        at += 1;
        path.push(name());
      }
      let sub: FieldMask | null = null;
      if (text[at] === "(") {
        at += 1;
        sub = new Map();
        list(sub);
        if (text[at] !== ")") fail();
        at += 1;
      }
      insert(into, path, sub);
      while (text[at] === " ") at += 1;
      if (text[at] !== ",") return;
      at += 1;
    }
  };
  const root: FieldMask = new Map();
  list(root);
  if (at !== text.length) fail();
  return root;
}

function insert(into: FieldMask, path: string[], leaf: FieldMask | null): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    const existing = into.get(head);
    if (existing === null) return;
    if (leaf === null || existing === undefined) into.set(head, leaf);
    else for (const [k, v] of leaf) insert(existing, [k], v);
    return;
  }
  let next = into.get(head);
  if (next === null) return;
  if (next === undefined) {
    next = new Map();
    into.set(head, next);
  }
  insert(next, rest, leaf);
}

export function applyFieldMask(value: unknown, mask: FieldMask): unknown {
  if (mask.has("*")) return value;
  if (Array.isArray(value)) return value.map((item) => applyFieldMask(item, mask));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    if (!(key in source)) continue;
    picked[key] = sub === null ? source[key] : applyFieldMask(source[key], sub);
  }
  return picked;
}

/** The shape of a resource, for rejecting masks that name fields it does not have. */
export type Shape = { readonly [field: string]: true | Shape };

/** Paths in `mask` that `shape` lacks, like `files.nmae`; Drive answers these with a 400. */
export function unknownFields(mask: FieldMask, shape: Shape, prefix = ""): string[] {
  const unknown: string[] = [];
  for (const [key, sub] of mask) {
    if (key === "*") continue;
    const field = shape[key];
    if (field === undefined) unknown.push(prefix + key);
    else if (sub !== null && field !== true)
      unknown.push(...unknownFields(sub, field, `${prefix}${key}.`));
  }
  return unknown;
}
