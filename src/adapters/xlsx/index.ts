/**
 * A minimal .xlsx (SpreadsheetML) writer: the few XML parts Excel, WPS and LibreOffice need,
 * zipped with fflate. exceljs needs Node, and the worker runs in workerd; this module uses only
 * fflate and strings, so the worker and Node tests run the very same code.
 *
 * Guarantees:
 * - text is written as inline strings (`t="inlineStr"`), numbers as numbers, and never a
 *   formula: a cell reading `=…` opens as that text;
 * - the first row is bold, the rows named in `highlight` get a light red fill (as the summary
 *   spreadsheet marks overdue schools), and columns are as wide as their longest text;
 * - characters XML 1.0 cannot carry (control characters other than tab and line breaks) are
 *   dropped rather than making a file no program opens.
 */
import { strToU8, zipSync } from "fflate";
import { columnLetters } from "../../core/sheets/a1";

export type XlsxCell = string | number;

export interface XlsxSheet {
  /** The tab's name: at most 31 characters, none of `[]:*?/\`. */
  readonly name: string;
  readonly rows: readonly (readonly XlsxCell[])[];
  /** 0-based row indexes to fill light red. */
  readonly highlight?: readonly number[];
}

export const XLSX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const FORBIDDEN_NAME = /[[\]:*?/\\]/;

export function writeXlsx(sheets: readonly XlsxSheet[]): Uint8Array<ArrayBuffer> {
  if (sheets.length === 0) throw new Error("工作簿至少要有一个工作表");
  for (const sheet of sheets) {
    if (sheet.name.length === 0 || sheet.name.length > 31 || FORBIDDEN_NAME.test(sheet.name))
      throw new Error(`工作表名「${sheet.name}」不合规：应为 1～31 个字符，且不含 []:*?/\\`);
  }
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": xml(contentTypes(sheets.length)),
    "_rels/.rels": xml(
      `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": xml(workbook(sheets)),
    "xl/_rels/workbook.xml.rels": xml(workbookRels(sheets.length)),
    "xl/styles.xml": xml(STYLES),
  };
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = xml(worksheet(sheet));
  });
  // fflate allocates the zip in a fresh (never shared) ArrayBuffer; its types just do not say so.
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

const xml = (body: string) =>
  strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);

function contentTypes(count: number): string {
  const sheets = Array.from(
    { length: count },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join("");
  return (
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `${sheets}</Types>`
  );
}

function workbook(sheets: readonly XlsxSheet[]): string {
  const list = sheets
    .map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("");
  return `<workbook xmlns="${MAIN}" xmlns:r="${OFFICE_RELS}"><sheets>${list}</sheets></workbook>`;
}

function workbookRels(count: number): string {
  const sheets = Array.from(
    { length: count },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${OFFICE_RELS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join("");
  const styles = `<Relationship Id="rId${count + 1}" Type="${OFFICE_RELS}/styles" Target="styles.xml"/>`;
  return `<Relationships xmlns="${PACKAGE_RELS}">${sheets}${styles}</Relationships>`;
}

/** Style 0 plain, 1 bold (the header), 2 light red fill (a highlighted row). */
const STYLES =
  `<styleSheet xmlns="${MAIN}">` +
  `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
  // The first two fills are reserved by the format (none, gray125); ours is the third.
  `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
  `<fill><patternFill patternType="solid"><fgColor rgb="FFF4CCCC"/><bgColor indexed="64"/></patternFill></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
  `<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>` +
  `</styleSheet>`;

function worksheet(sheet: XlsxSheet): string {
  const highlighted = new Set(sheet.highlight ?? []);
  const rows = sheet.rows
    .map((row, r) => {
      const style = r === 0 ? 1 : highlighted.has(r) ? 2 : 0;
      const s = style === 0 ? "" : ` s="${style}"`;
      const cells = row.map((value, c) => cell(`${columnLetters(c)}${r + 1}`, value, s)).join("");
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join("");
  const widths = columnWidths(sheet.rows);
  const cols =
    widths.length === 0
      ? ""
      : `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>`;
  return `<worksheet xmlns="${MAIN}">${cols}<sheetData>${rows}</sheetData></worksheet>`;
}

function cell(ref: string, value: XlsxCell, style: string): string {
  if (typeof value === "number" && Number.isFinite(value))
    return `<c r="${ref}"${style}><v>${value}</v></c>`;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(value))}</t></is></c>`;
}

/** Wide (CJK) characters take two columns of width, as in a terminal; capped so notes wrap. */
function columnWidths(rows: readonly (readonly XlsxCell[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((value, i) => {
      let width = 0;
      for (const char of String(value)) width += (char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1;
      widths[i] = Math.max(widths[i] ?? 8, Math.min(width + 2, 60));
    });
  return widths;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what XML 1.0 forbids.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlText(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
