/**
 * A short fingerprint of what a layout asks of its tabs (titles, headers, notes, dropdowns),
 * stored on the Drive file as `templateVersion`: the worker can tell which template a
 * spreadsheet was last brought up to without reading it. People (accounts, school names) are
 * left out, so only a template change changes it.
 */
import type { SpreadsheetLayout } from "./layout";

export function layoutVersion(layout: SpreadsheetLayout): string {
  const shape = layout.tabs.map((tab) =>
    tab.kind === "guide"
      ? [tab.title]
      : [tab.title, tab.columns.map((c) => [c.header, c.note, c.validation ?? null])],
  );
  return fnv1a(JSON.stringify(shape));
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, stable, and enough to tell templates apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
