/**
 * The manual as one self-contained HTML page for printing on A4: each chapter starts a new page,
 * table headers repeat on every page, and the fonts fall back through the usual Chinese faces.
 */
import { type Block, type Manual, numberedTitle } from "./document";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};

function esc(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char] ?? char);
}

/** Cells this short (序号, 必填, 错误) never wrap: a one-character column reads badly. */
const SHORT_CELL = 4;

function cell(tag: "th" | "td", text: string): string {
  const short = [...text].length <= SHORT_CELL ? ' class="short"' : "";
  return `<${tag}${short}>${lines(text)}</${tag}>`;
}

function lines(text: string): string {
  return esc(text).replace(/\n/g, "<br>");
}

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; line-height: 1.6; color: #111; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 22pt; margin: 0 0 6mm; }
h2 { font-size: 16pt; border-bottom: 1.5pt solid #333; padding-bottom: 1mm; margin-top: 0; }
h3 { font-size: 12.5pt; margin: 6mm 0 2mm; break-after: avoid; }
section.chapter { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #888; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; }
.short { white-space: nowrap; }
img { max-width: 100%; max-height: 120mm; border: 0.5pt solid #aaa; display: block; margin: 2mm 0; }
pre { font-size: 8.5pt; background: #f6f6f6; padding: 2mm; white-space: pre-wrap; }
nav ol { columns: 2; }
a { color: inherit; }
@media screen { body { padding: 12mm; } section.chapter { margin-top: 12mm; } }
`;

function block(b: Block): string {
  switch (b.kind) {
    case "p":
      return `<p>${lines(b.text)}</p>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      return `<${tag}>${b.items.map((item) => `<li>${lines(item)}</li>`).join("")}</${tag}>`;
    }
    case "table":
      return [
        "<table>",
        `<thead><tr>${b.head.map((h) => cell("th", h)).join("")}</tr></thead>`,
        "<tbody>",
        ...b.rows.map((row) => `<tr>${row.map((c) => cell("td", c)).join("")}</tr>`),
        "</tbody>",
        "</table>",
      ].join("\n");
    case "image":
      return `<img src="${esc(b.src)}" alt="${esc(b.alt)}">`;
    case "pre":
      return `<pre>${esc(b.text)}</pre>`;
    case "heading":
      return `<h3${b.id === undefined ? "" : ` id="${esc(b.id)}"`}>${esc(b.text)}</h3>`;
  }
}

export function renderHtml(manual: Manual): string {
  const toc = manual.chapters
    .map((chapter) => `<li><a href="#${esc(chapter.id)}">${esc(chapter.title)}</a></li>`)
    .join("");
  const chapters = manual.chapters.map((chapter) =>
    [
      `<section class="chapter">`,
      `<h2 id="${esc(chapter.id)}">${esc(numberedTitle(manual, chapter))}</h2>`,
      ...chapter.blocks.map(block),
      "</section>",
    ].join("\n"),
  );
  return `<!doctype html>
<!-- 本文件由 npm run manual 生成（scripts/manual/），请勿手工修改。 -->
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(manual.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(manual.title)}</h1>
${manual.intro.map(block).join("\n")}
<nav><h2>目录</h2><ol>${toc}</ol></nav>
${chapters.join("\n")}
</body>
</html>
`;
}
