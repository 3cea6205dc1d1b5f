/**
 * Findings as people read them in a terminal (an aligned table grouped by tab, then a count)
 * or as programs read them (one JSON object per line). The engine's messages are printed as
 * they are: they are written for the user and never spell out a whole ID or phone number that
 * the user did not type into that very cell.
 */
import type { Finding } from "../../src/core/validate";

const HEADERS = ["工作表", "行", "列", "级别", "说明"] as const;
const SEVERITY = { error: "错误", warning: "提醒" } as const;
const GAP = "  ";
/** Row- and tab-level findings have no column (or no row). */
const NONE = "-";

export function formatTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return "未发现问题";
  const lines: string[][] = [];
  let previousTab: string | undefined;
  for (const finding of findings) {
    const tab = finding.tab === previousTab ? "" : finding.tab;
    if (tab !== "" && previousTab !== undefined) lines.push([]);
    previousTab = finding.tab;
    lines.push([
      tab,
      finding.row === null ? NONE : String(finding.row),
      finding.column ?? NONE,
      SEVERITY[finding.severity],
      oneLine(finding.message),
    ]);
  }
  const widths = HEADERS.map((header, index) =>
    Math.max(displayWidth(header), ...lines.map((cells) => displayWidth(cells[index] ?? ""))),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, index) =>
        // Numbers read best right-aligned; the message needs no padding after it.
        index === 1
          ? padStart(cell, widths[index] ?? 0)
          : index === cells.length - 1
            ? cell
            : padEnd(cell, widths[index] ?? 0),
      )
      .join(GAP)
      .trimEnd();
  const rule = widths.map((width, index) =>
    "-".repeat(index === widths.length - 1 ? displayWidth(HEADERS[index] ?? "") : width),
  );
  return [
    render(HEADERS),
    render(rule),
    ...lines.map((cells) => (cells.length === 0 ? "" : render(cells))),
    "",
    summaryLine(findings),
  ].join("\n");
}

export function summaryLine(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  return `共 ${findings.length} 条：错误 ${errors} 条，提醒 ${findings.length - errors} 条`;
}

/** Exactly `{"tab","row","column","severity","message"}`; code and params stay internal. */
export function jsonLine(finding: Finding): string {
  const { tab, row, column, severity, message } = finding;
  return JSON.stringify({ tab, row, column, severity, message });
}

/** A message quotes the cell it is about, and a cell may hold line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\t]+\s*/g, " ");
}

/** Terminal columns: CJK characters and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}
