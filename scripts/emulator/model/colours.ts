/**
 * Colours as Sheets keeps them. A colour is stored once but shown under two fields, the
 * deprecated `foregroundColor` / `backgroundColor` and their `…Style` (`{ rgbColor }`); writing
 * either sets both, the style winning when a request sets the two. A response omits a channel
 * that is 0 (proto3 JSON), so black reads back as `{}`: a reader that expects `green: 0` would
 * pass here and fail on Google if the emulator returned what was written.
 */
import type { FieldPath } from "./fields";
import { isObj } from "./shape";

const TWINS: Readonly<Record<string, string>> = {
  foregroundColor: "foregroundColorStyle",
  foregroundColorStyle: "foregroundColor",
  backgroundColor: "backgroundColorStyle",
  backgroundColorStyle: "backgroundColor",
};

/** A copy of `value` in which each colour field has its twin: the style wins over the colour. */
export function twinColours<T>(value: T): T {
  if (Array.isArray(value)) return value.map(twinColours) as T;
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = twinColours(child);
  for (const colour of ["foregroundColor", "backgroundColor"]) {
    const style = `${colour}Style`;
    const rgb = isObj(out[style]) ? (out[style] as Record<string, unknown>).rgbColor : undefined;
    if (rgb !== undefined) out[colour] = structuredClone(rgb);
    else if (out[colour] !== undefined && out[style] === undefined)
      out[style] = { rgbColor: structuredClone(out[colour]) };
  }
  return out as T;
}

/** Mask paths with each colour field's twin added, so a write of one rewrites both. */
export function twinPaths(paths: readonly FieldPath[]): FieldPath[] {
  const out = [...paths];
  for (const path of paths) {
    const twin = TWINS[path.at(-1) ?? ""];
    if (twin === undefined) continue;
    const other = [...path.slice(0, -1), twin];
    if (!out.some((p) => p.join(".") === other.join("."))) out.push(other);
  }
  return out;
}

const CHANNELS = new Set(["red", "green", "blue", "alpha"]);

/** A copy for a response: colour channels that are 0 left out. */
export function sparseColours<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sparseColours) as T;
  if (!isObj(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const colour = /(?:Color|^rgbColor)$/.test(key) && isObj(child);
    out[key] = colour
      ? Object.fromEntries(Object.entries(child).filter(([k, v]) => !(CHANNELS.has(k) && v === 0)))
      : sparseColours(child);
  }
  return out as T;
}
