import jsQR from "jsqr";
import encodeQR from "qr";
import { describe, expect, it } from "vitest";
import { qrSvg } from "../../../src/core/accounts/qr";
import {
  passwordGroups,
  SLIP_LINK_RANGE,
  slipAddresses,
  slipLinkWrite,
  slipsFromTab,
} from "../../../src/core/accounts/slips";

const HEADER = ["教师编号", "姓名", "初始密码", "发放时间", "状态", "重置密码"];

describe("slipsFromTab", () => {
  const tab = [
    HEADER,
    ["430623000001", "张伟", "k7m2p9q4x3z8", "2026-12-01 09:00", "有效：…", false],
    ["430623000002", "李娜", "", "2026-12-01 09:00", "已首次登录，密码已清除（…）", false],
    ["", "", "", "", "该教师已调往「华容县第二中学」（…），账号随之转出", false],
    ["430623000003", "王芳", "abcd2345efgh", "2026-12-01 09:00", "有效：…", false],
  ];

  it("gives a slip per row with a password shown, and lists the cleared ones apart", () => {
    expect(slipsFromTab(tab)).toEqual({
      slips: [
        { teacherNumber: "430623000001", name: "张伟", password: "k7m2p9q4x3z8" },
        { teacherNumber: "430623000003", name: "王芳", password: "abcd2345efgh" },
      ],
      cleared: [{ teacherNumber: "430623000002", name: "李娜" }],
    });
  });

  it("keeps one teacher when asked, and nobody for a number not in the tab", () => {
    expect(slipsFromTab(tab, "430623000003")?.slips.map((s) => s.name)).toEqual(["王芳"]);
    expect(slipsFromTab(tab, "430623000002")).toEqual({
      slips: [],
      cleared: [{ teacherNumber: "430623000002", name: "李娜" }],
    });
    expect(slipsFromTab(tab, "430623999999")).toEqual({ slips: [], cleared: [] });
  });

  it("reads nothing from a tab whose header is not the worker's", () => {
    expect(slipsFromTab([["姓名", "教师编号", "初始密码"], ...tab.slice(1)])).toBeNull();
    expect(slipsFromTab([])).toBeNull();
  });

  it("ignores rows without a teacher number (a note, a stray value)", () => {
    expect(slipsFromTab([HEADER, ["编号待分配", "赵六", "abcdabcdabcd"]])).toEqual({
      slips: [],
      cleared: [],
    });
  });
});

describe("the slip's details", () => {
  it("groups a password 4-4-4 for reading aloud", () => {
    expect(passwordGroups("k7m2p9q4x3z8")).toEqual(["k7m2", "p9q4", "x3z8"]);
  });

  it("builds the addresses from the base, with or without a trailing slash", () => {
    for (const base of ["https://tmis.example.cn", "https://tmis.example.cn/"])
      expect(slipAddresses(base, "tok")).toEqual({
        slips: "https://tmis.example.cn/slips/tok",
        portal: "https://tmis.example.cn/portal/",
      });
  });

  it("writes both addresses right of the 账号 columns, below the header row", () => {
    const write = slipLinkWrite({ slips: "https://x/slips/t", portal: "https://x/portal/" });
    expect(SLIP_LINK_RANGE).toBe("'账号'!H2:I3");
    expect(write.values).toEqual([
      ["打印账号条", "https://x/slips/t"],
      ["教师登录地址", "https://x/portal/"],
    ]);
  });
});

/** Paints the SVG's path (only `M x y h w v1 h-w z` runs) into RGBA pixels, `scale` px a module. */
function rasterise(svg: string, scale: number): { data: Uint8ClampedArray; size: number } {
  const modules = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]);
  const size = modules * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  const path = /<path[^>]* d="([^"]*)"/.exec(svg)?.[1] ?? "";
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py += 1)
      for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px += 1)
        data.fill(0, (py * size + px) * 4, (py * size + px) * 4 + 3);
  }
  return { data, size };
}

describe("qrSvg", () => {
  it("draws a code that a QR reader (jsQR) decodes to the address", () => {
    for (const address of [
      "http://127.0.0.1:8787/portal/",
      "https://tmis.hrjy.example.cn/portal/",
    ]) {
      const { data, size } = rasterise(qrSvg(address, "二维码"), 6);
      expect(jsQR(data, size, size)?.data).toBe(address);
    }
  });

  it("draws every dark module of the code and no other", () => {
    const address = "https://tmis.hrjy.example.cn/portal/";
    const matrix = encodeQR(address, "raw", { ecc: "medium", border: 4 });
    const { data, size } = rasterise(qrSvg(address, "二维码"), 1);
    expect(size).toBe(matrix.length);
    matrix.forEach((row, y) => {
      row.forEach((dark, x) => {
        expect(data[(y * size + x) * 4] === 0).toBe(dark);
      });
    });
  });

  it("escapes its label", () => {
    expect(qrSvg("x", '"><script>')).toContain('aria-label="&quot;>&lt;script>"');
  });
});
