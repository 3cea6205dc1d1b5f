/**
 * The county summary as a local workbook: `GET /api/summary` from the worker, every tab written
 * with exceljs. A county that cannot reach Google still gets its report this way.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { z } from "zod";
import { adminGet } from "../lib/admin-api";
import { displayWidth } from "../validate/format-table";

const Cell = z.union([z.string(), z.number()]);

/** What `GET /api/summary` answers (src/routes/summary.ts), checked: it crossed the network. */
export const SummaryBody = z.object({
  day: z.string(),
  tabs: z.array(
    z.object({
      title: z.string(),
      rows: z.array(z.array(Cell)),
      highlight: z.array(z.int()),
    }),
  ),
});
export type SummaryBody = z.infer<typeof SummaryBody>;
export type SummaryTab = SummaryBody["tabs"][number];

export async function fetchSummary(endpoint: string, token: string): Promise<SummaryBody> {
  return adminGet(endpoint, token, "api/summary", SummaryBody, { noun: "汇总", verb: "取得汇总" });
}

/** Light red, as the summary spreadsheet marks overdue schools. */
const HIGHLIGHT: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFF4CCCC" },
};

/**
 * Every tab, in order: the header row bold and frozen, columns as wide as their text (wide
 * characters count double, a cell of several lines by its longest, capped so long notes do not
 * push the table off screen), cells of several lines wrapped, the rows the data marks (overdue
 * schools) filled light red. Values only, never a formula.
 */
export async function writeSummaryWorkbook(tabs: readonly SummaryTab[], file: string) {
  const workbook = new ExcelJS.Workbook();
  for (const tab of tabs) {
    const sheet = workbook.addWorksheet(tab.title, { views: [{ state: "frozen", ySplit: 1 }] });
    for (const row of tab.rows) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    // A cell of several lines (the 业务台账's 办理过程: one line per step) shows all of them.
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === "string" && cell.value.includes("\n"))
          cell.alignment = { wrapText: true, vertical: "top" };
      }),
    );
    for (const index of tab.highlight)
      sheet.getRow(index + 1).eachCell((cell) => {
        cell.fill = HIGHLIGHT;
      });
    const widths: number[] = [];
    for (const row of tab.rows)
      row.forEach((value, i) => {
        const longest = Math.max(...String(value).split("\n").map(displayWidth));
        widths[i] = Math.max(widths[i] ?? 8, Math.min(longest + 2, 60));
      });
    widths.forEach((width, i) => {
      sheet.getColumn(i + 1).width = width;
    });
  }
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await workbook.xlsx.writeFile(file);
}

/** Rows as a terminal shows them: columns padded to their widest cell, numbers right-aligned. */
export function alignedTable(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(String(cell)));
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const text = String(cell);
          const pad = " ".repeat((widths[i] ?? 0) - displayWidth(text));
          return /^\d+$/.test(text) ? pad + text : text + pad;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
