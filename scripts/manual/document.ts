/**
 * The manual as data: chapters of blocks, rendered to Markdown and to print-friendly HTML by
 * `render-markdown.ts` and `render-html.ts`. The chapters are written once, so the two files can
 * never say different things.
 */

export type Block =
  | { readonly kind: "p"; readonly text: string }
  | { readonly kind: "list"; readonly items: readonly string[]; readonly ordered?: boolean }
  | {
      readonly kind: "table";
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: "image"; readonly src: string; readonly alt: string }
  | { readonly kind: "pre"; readonly text: string }
  | { readonly kind: "heading"; readonly id?: string; readonly text: string };

export interface Chapter {
  /** The anchor other documents link to (`操作手册.md#录入`); stable, never numbered. */
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface Manual {
  readonly title: string;
  readonly intro: readonly Block[];
  readonly chapters: readonly Chapter[];
}

export const p = (text: string): Block => ({ kind: "p", text });
export const list = (items: readonly string[], ordered = false): Block => ({
  kind: "list",
  items,
  ordered,
});
export const table = (head: readonly string[], rows: readonly (readonly string[])[]): Block => ({
  kind: "table",
  head,
  rows,
});
export const heading = (text: string, id?: string): Block =>
  id === undefined ? { kind: "heading", text } : { kind: "heading", id, text };

/** Chapter headings carry their number, so the printed table of contents matches the pages. */
export function numberedTitle(manual: Manual, chapter: Chapter): string {
  return `${manual.chapters.indexOf(chapter) + 1}. ${chapter.title}`;
}
