import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cellValue, readWorkbook, serialOf } from "../../scripts/validate/read-xlsx";

/** A workbook written by exceljs and read back, as a file from Excel would be. */
async function roundTrip(build: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const result = await readWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer()));
  if (!result.ok) throw new Error(result.problem);
  return result.tabs;
}

async function rowsOf(build: (sheet: ExcelJS.Worksheet) => void) {
  const [tab] = await roundTrip((workbook) => build(workbook.addWorksheet("基本信息")));
  return tab?.rows;
}

describe("serialOf", () => {
  it.each([
    [Date.UTC(1899, 11, 30), 0],
    [Date.UTC(1900, 2, 1), 61],
    [Date.UTC(2017, 2, 1), 42795],
    [Date.UTC(2017, 2, 1, 12), 42795.5],
  ])("%s → %s (days since 1899-12-30, time as a fraction)", (ms, serial) => {
    expect(serialOf(new Date(ms))).toBe(serial);
  });
});

describe("cellValue", () => {
  it.each<[string, ExcelJS.CellValue, unknown]>([
    ["empty", null, ""],
    ["a string", "张伟", "张伟"],
    ["a number", 36, 36],
    ["a boolean", true, true],
    ["a date", new Date(Date.UTC(2017, 2, 1)), 42795],
    ["rich text", { richText: [{ text: "张" }, { text: "伟", font: { bold: true } }] }, "张伟"],
    ["a hyperlink", { text: "a@example.cn", hyperlink: "mailto:a@example.cn" }, "a@example.cn"],
    ["an error", { error: "#N/A" }, "#N/A"],
    ["a formula's number", { formula: "3*12", result: 36 }, 36],
    ["a formula's text", { formula: 'A1&""', result: "是" }, "是"],
    ["a formula's date", { formula: "A1+1", result: new Date(Date.UTC(2017, 2, 2)) }, 42796],
    ["a formula's error", { formula: "1/0", result: { error: "#DIV/0!" } }, "#DIV/0!"],
    ["a shared formula", { sharedFormula: "C1", result: 7 }, 7],
    ["a formula never calculated", { formula: "A1" }, ""],
  ])("%s", (_, value, expected) => {
    expect(cellValue(value)).toEqual(expected);
  });
});

describe("readWorkbook", () => {
  it("reads every worksheet under its title, in order", async () => {
    const tabs = await roundTrip((workbook) => {
      workbook.addWorksheet("说明").getCell("A1").value = "填表说明";
      workbook.addWorksheet("基本信息").getCell("A1").value = "姓名";
      workbook.addWorksheet("联系方式");
    });
    expect(tabs).toEqual([
      { title: "说明", rows: [["填表说明"]] },
      { title: "基本信息", rows: [["姓名"]] },
      { title: "联系方式", rows: [] },
    ]);
  });

  it("turns date cells into serial numbers whatever their display format", async () => {
    const rows = await rowsOf((sheet) => {
      sheet.getCell("A1").value = new Date(Date.UTC(1985, 5, 1));
      sheet.getCell("A1").numFmt = "yyyy-mm-dd";
      sheet.getCell("B1").value = new Date(Date.UTC(2007, 8, 1));
      sheet.getCell("B1").numFmt = 'yyyy"年"m"月"';
      sheet.getCell("C1").value = "2007-09";
    });
    expect(rows).toEqual([[31199, 39326, "2007-09"]]);
  });

  it("gives the same serials for a workbook on the 1904 date system", async () => {
    const [tab] = await roundTrip((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet("基本信息");
      sheet.getCell("A1").value = new Date(Date.UTC(2017, 2, 1));
      sheet.getCell("A1").numFmt = "yyyy-mm-dd";
    });
    expect(tab?.rows).toEqual([[42795]]);
  });

  it("reads rich text, hyperlinks, formulas, errors and booleans as the sheet shows them", async () => {
    const rows = await rowsOf((sheet) => {
      sheet.getCell("A1").value = {
        richText: [{ text: "张" }, { text: "伟", font: { bold: true } }],
      };
      sheet.getCell("B1").value = { text: "a@example.cn", hyperlink: "mailto:a@example.cn" };
      sheet.getCell("C1").value = { formula: "3*12", result: 36 };
      sheet.getCell("D1").value = { error: "#N/A" };
      sheet.getCell("E1").value = true;
      sheet.getCell("F1").value = 414200;
    });
    expect(rows).toEqual([["张伟", "a@example.cn", 36, "#N/A", true, 414200]]);
  });

  it("keeps a merged range's value in its top-left cell only", async () => {
    const rows = await rowsOf((sheet) => {
      sheet.getCell("A1").value = "华容县实验小学";
      sheet.mergeCells("A1:C2");
      sheet.getCell("D1").value = "x";
    });
    expect(rows).toEqual([["华容县实验小学", "", "", "x"]]);
  });

  it("fills gaps with empty cells and rows and drops trailing ones", async () => {
    const rows = await rowsOf((sheet) => {
      sheet.getCell("A1").value = "姓名";
      sheet.getCell("C1").value = "性别";
      sheet.getCell("E1").value = "";
      sheet.getCell("B3").value = "张伟";
      sheet.getCell("A5").value = null;
      sheet.getCell("F6").value = "";
    });
    expect(rows).toEqual([["姓名", "", "性别"], [], ["", "张伟"]]);
  });

  it.each([
    ["text", new TextEncoder().encode("姓名,性别\n"), /^无法读取工作簿：这不是 \.xlsx 文件/],
    ["nothing", new Uint8Array(), /^无法读取工作簿：文件是空的（0 字节）/],
    [
      "an OLE file",
      Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1),
      /旧版 \.xls 文件或设置了打开密码/,
    ],
    [
      "a zip that is no workbook",
      Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0),
      /^无法读取工作簿：文件已损坏/,
    ],
  ])("reports %s as no workbook, in Chinese, instead of throwing", async (_, bytes, message) => {
    const result = await readWorkbook(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toMatch(message);
      expect(result.problem).not.toMatch(/zip|error|signature|central|end of/i);
    }
  });
});
