/**
 * Field masks (`fields` in update requests): `a.b,c(d,e.f)` names the paths a request writes.
 * A path present in the mask but absent from the body is cleared, which is how Sheets lets a
 * request remove a note or a format.
 */
import { invalidArgument } from "../errors";
import { isObj } from "./shape";

export type FieldPath = string[];

export function parseFieldMask(mask: unknown, where: string): FieldPath[] {
  if (typeof mask !== "string" || mask.trim() === "") {
    throw invalidArgument(`${where}: 'fields' is required (a field mask such as "title")`);
  }
  const paths: FieldPath[] = [];
  let i = 0;
  const text = mask.replace(/\s+/g, "");
  const parseList = (prefix: FieldPath): void => {
    for (;;) {
      const m = /^[A-Za-z_*][A-Za-z0-9_.*]*/.exec(text.slice(i));
      if (!m) throw invalidArgument(`${where}: invalid field mask '${mask}'`);
      i += m[0].length;
      const path = [...prefix, ...m[0].split(".")];
      if (text[i] === "(") {
        i++;
        parseList(path);
        if (text[i] !== ")") throw invalidArgument(`${where}: invalid field mask '${mask}'`);
        i++;
      } else {
        paths.push(path);
      }
      if (text[i] !== ",") return;
      i++;
    }
  };
  parseList([]);
  if (i !== text.length) throw invalidArgument(`${where}: invalid field mask '${mask}'`);
  return paths;
}

/**
 * Checks every path against the writable paths of the target type and expands `*`.
 * `allowed` lists top-level names; a nested path is fine when its root is allowed and the root
 * is not a scalar leaf listed in `leaves`.
 */
export function checkPaths(
  paths: FieldPath[],
  allowed: readonly string[],
  where: string,
  leaves: readonly string[] = [],
): FieldPath[] {
  return paths.flatMap((path) => {
    if (path.length === 1 && path[0] === "*") return allowed.map((name) => [name]);
    const [root = ""] = path;
    if (!allowed.includes(root) || (path.length > 1 && leaves.includes(root))) {
      throw invalidArgument(`${where}: unsupported or unknown field '${path.join(".")}' in fields`);
    }
    return [path];
  });
}

function getPath(source: unknown, path: FieldPath): unknown {
  let node = source;
  for (const key of path) {
    if (!isObj(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Copies each path from `source` to `target` (deleting it when absent in `source`). */
export function applyMask(
  target: Record<string, unknown>,
  source: unknown,
  paths: FieldPath[],
): void {
  for (const path of paths) setPath(target, path, getPath(source, path));
}

/**
 * Writes (or, for undefined, deletes) one path, copying objects on the way so shared structure
 * is never mutated; parents emptied by a deletion are dropped so no `{}` lingers.
 */
function setPath(node: Record<string, unknown>, path: FieldPath, value: unknown): void {
  const [key = "", ...rest] = path;
  if (rest.length === 0) {
    if (value === undefined) delete node[key];
    else node[key] = structuredClone(value);
    return;
  }
  const child = node[key];
  if (!isObj(child) && value === undefined) return;
  const copy = isObj(child) ? { ...child } : {};
  setPath(copy, rest, value);
  if (Object.keys(copy).length === 0) delete node[key];
  else node[key] = copy;
}
