import { describe, expect, it } from "vitest";
import {
  cellText,
  isBlank,
  normaliseText,
  removeSpaces,
  stripControls,
  toHalfWidth,
  typedText,
} from "../../../src/core/normalise";

describe("toHalfWidth", () => {
  it.each([
    ["１２３", "123"],
    ["ＡＢｃ", "ABc"],
    ["（０７３０）", "(0730)"],
    ["：，．－", ":,.-"],
    ["a\u3000b", "a b"],
    ["＠～！", "@~!"],
  ])("%s → %s", (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  it("keeps 、 and 。, which are not full-width forms", () => {
    expect(toHalfWidth("语文、数学。")).toBe("语文、数学。");
  });
});

describe("normaliseText", () => {
  it.each<[unknown, string]>([
    ["  张\u3000 三  ", "张 三"],
    ["a\t\n b", "a b"],
    ["\u200B１３８\uFEFF", "138"],
    [42, "42"],
    [-0, "0"],
    [0.5, "0.5"],
    [true, "TRUE"],
    [false, "FALSE"],
    [10n, "10"],
    [new Date(Date.UTC(2017, 2, 10)), "2017-03-10"],
    [null, ""],
    [undefined, ""],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
    [{}, ""],
    [[1, 2], ""],
    [new Date(Number.NaN), ""],
  ])("%o → %j", (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe("isBlank / removeSpaces / cellText", () => {
  it("treats whitespace-only and ideographic spaces as blank", () => {
    expect(isBlank(" \u3000 ")).toBe(true);
    expect(isBlank(0)).toBe(false);
    expect(isBlank(false)).toBe(false);
  });

  it("removes every space", () => {
    expect(removeSpaces(" 138 1234\u30005678 ")).toBe("13812345678");
  });

  it("reports blank and unsupported values as issues", () => {
    expect(cellText("  ")).toEqual({ ok: false, issue: { code: "value.empty" } });
    expect(cellText({ a: 1 })).toEqual({ ok: false, issue: { code: "value.unsupported_type" } });
    expect(cellText(" ａ ")).toEqual({ ok: true, value: "a" });
  });
});

describe("normalisation never makes text look like a formula", () => {
  it.each([
    ['＝HYPERLINK("http://x","点")', '＝HYPERLINK("http://x","点")'],
    ["＋86 138", "＋86 138"],
    ["－1", "－1"],
    ["＠sum", "＠sum"],
    ["\t=1+1", "＝1+1"],
    ["  +1", "＋1"],
    ["\u200b=1", "＝1"],
  ])("%j stays %j: no = + - @ first that the user did not type first", (typed, kept) => {
    expect(normaliseText(typed)).toBe(kept);
    expect(normaliseText(normaliseText(typed))).toBe(kept);
  });

  it("keeps what the user typed exactly, and converts full-width forms after the start", () => {
    expect(normaliseText("=1")).toBe("=1");
    expect(normaliseText("-5")).toBe("-5");
    expect(normaliseText("Ａ＝１")).toBe("A=1");
  });
});

describe("what a person typed loses control and bidi characters", () => {
  const nasty =
    "\u0000\u0007\u001b\u007f\u0080\u009b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c";

  it("stripControls drops C0/C1 controls and bidi marks, turns line breaks into spaces", () => {
    expect(stripControls(`张${nasty}三`)).toBe("张三");
    expect(stripControls("\u202e三张\u202c")).toBe("三张");
    expect(stripControls("编制\r\n已满\t\u0085\u2028")).toBe("编制  已满   ");
    expect(stripControls("湖南（师范）大学、文学。")).toBe("湖南（师范）大学、文学。");
  });

  it("normaliseText holds none of them", () => {
    expect(normaliseText(`\u001b[31m湖南${nasty}师范大学\u0007`)).toBe("[31m湖南师范大学");
    expect(normaliseText("\u202e=1+1")).toBe("＝1+1");
    expect(cellText(`${nasty} `)).toEqual({ ok: false, issue: { code: "value.empty" } });
  });

  it("typedText keeps free text as typed apart from them: no half-width, spaces kept", () => {
    expect(typedText(` 编制已满（见附件）\u202e\u0000 `)).toBe("编制已满（见附件）");
    expect(typedText("第一条\n第二条")).toBe("第一条 第二条");
    expect(typedText(null)).toBe("");
    expect(typedText(3)).toBe("3");
  });
});
