import { describe, expect, it } from "vitest";
import { readCsv } from "../../scripts/validate/read-csv";
import { encodeGbk } from "../fixtures/make-fixtures";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("readCsv", () => {
  it("reads UTF-8 with or without a BOM, with CRLF or LF", () => {
    for (const text of ["\uFEFF姓名,性别\r\n张伟,男\r\n", "姓名,性别\n张伟,男"]) {
      expect(readCsv(utf8(text))).toEqual({
        ok: true,
        encoding: "UTF-8",
        rows: [
          ["姓名", "性别"],
          ["张伟", "男"],
        ],
      });
    }
  });

  it("reads bytes that are not UTF-8 as GBK, as Excel saves CSV on a Chinese Windows", () => {
    const bytes = encodeGbk("姓名,移动电话\r\n李娜,139 0730 5678\r\n");
    expect(new TextDecoder("gbk").decode(bytes)).toBe("姓名,移动电话\r\n李娜,139 0730 5678\r\n");
    expect(readCsv(bytes)).toEqual({
      ok: true,
      encoding: "GBK",
      rows: [
        ["姓名", "移动电话"],
        ["李娜", "139 0730 5678"],
      ],
    });
  });

  it("keeps quoted commas and line breaks inside a cell", () => {
    const result = readCsv(utf8('通信地址,备注\r\n"湖南省华容县,章华镇","第一行\n第二行"\r\n'));
    expect(result.ok && result.rows).toEqual([
      ["通信地址", "备注"],
      ["湖南省华容县,章华镇", "第一行\n第二行"],
    ]);
  });

  it("drops the empty cells and rows spreadsheet programs pad a CSV with", () => {
    const result = readCsv(utf8("姓名,性别,,\r\n,,,\r\n张伟,,,\r\n,,,\r\n,,,\r\n"));
    expect(result.ok && result.rows).toEqual([["姓名", "性别"], [], ["张伟"]]);
  });

  it("says which line breaks the CSV rules", () => {
    expect(readCsv(utf8('姓名,性别\r\n"张伟,男\r\n'))).toEqual({
      ok: false,
      problem: "无法读取 CSV 文件：第 2 行引号没有闭合",
    });
  });

  it("reports bytes that are neither UTF-8 nor GBK", () => {
    const result = readCsv(Uint8Array.of(0x81, 0x2c, 0x20));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/^无法识别文件编码（既不是 UTF-8 也不是 GBK）/);
  });
});
