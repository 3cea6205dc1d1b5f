/** The manual as GitHub-flavoured Markdown, with explicit anchors so links survive renumbering. */
import { type Block, type Manual, numberedTitle } from "./document";

/** Characters Markdown would read as syntax; escaped so template text shows as typed. */
const SPECIAL = /[\\`*_[\]<>|#]/g;

function inline(text: string): string {
  return text.replace(SPECIAL, (char) => `\\${char}`);
}

function cell(text: string): string {
  return inline(text).replace(/\n/g, "<br>");
}

function block(b: Block): string {
  switch (b.kind) {
    case "p":
      return inline(b.text);
    case "list":
      return b.items
        .map((item, i) => `${b.ordered ? `${i + 1}.` : "-"} ${inline(item)}`)
        .join("\n");
    case "table":
      return [
        `| ${b.head.map(cell).join(" | ")} |`,
        `| ${b.head.map(() => "---").join(" | ")} |`,
        ...b.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
      ].join("\n");
    case "image":
      return `![${inline(b.alt)}](${b.src})`;
    case "pre":
      return `\`\`\`text\n${b.text}\n\`\`\``;
    case "heading":
      return `${b.id === undefined ? "" : `<a id="${b.id}"></a>\n\n`}### ${inline(b.text)}`;
  }
}

export function renderMarkdown(manual: Manual): string {
  const toc = manual.chapters.map(
    (chapter) =>
      `${manual.chapters.indexOf(chapter) + 1}. [${inline(chapter.title)}](#${chapter.id})`,
  );
  const parts = [
    "<!-- 本文件由 npm run manual 生成（scripts/manual/），请勿手工修改。 -->",
    `# ${inline(manual.title)}`,
    ...manual.intro.map(block),
    "## 目录",
    toc.join("\n"),
    ...manual.chapters.flatMap((chapter) => [
      `<a id="${chapter.id}"></a>\n\n## ${inline(numberedTitle(manual, chapter))}`,
      ...chapter.blocks.map(block),
    ]),
  ];
  return `${parts.join("\n\n")}\n`;
}
