import { describe, expect, it } from "vitest";
import { batch, newDoc, read, write } from "./helpers";

const area = (startRowIndex: number, startColumnIndex: number, rows = 1, cols = 1) => ({
  sheetId: 0,
  startRowIndex,
  endRowIndex: startRowIndex + rows,
  startColumnIndex,
  endColumnIndex: startColumnIndex + cols,
});

describe("copyPaste in the model", () => {
  it("pastes a larger source whole from the destination's corner, past its end", () => {
    const doc = write(newDoc("表"), "表!A1:B2", [
      ["a", "b"],
      ["c", "d"],
    ]);
    const { doc: next } = batch(doc, [
      { copyPaste: { source: area(0, 0, 2, 2), destination: area(4, 0) } },
    ]);
    expect(read(next, "表!A5:B6")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("keeps a formula without references where it lands, and refuses to move one with references", () => {
    const doc = write(newDoc("表"), "表!A1:B1", [["=1+2", "=A1*2"]]);
    const constant = batch(doc, [{ copyPaste: { source: area(0, 0), destination: area(3, 0) } }]);
    expect(read(constant.doc, "表!A4", { valueRenderOption: "FORMULA" })).toEqual([["=1+2"]]);
    expect(() =>
      batch(doc, [{ copyPaste: { source: area(0, 1), destination: area(3, 1) } }]),
    ).toThrow(expect.objectContaining({ code: 501, message: expect.stringContaining("shifting") }));
    const values = batch(doc, [
      { copyPaste: { source: area(0, 1), destination: area(3, 1), pasteType: "PASTE_VALUES" } },
    ]);
    expect(read(values.doc, "表!B4", { valueRenderOption: "FORMULA" })).toEqual([[6]]);
  });

  it("answers 501 for what it does not paste", () => {
    const doc = newDoc("表");
    for (const extra of [
      { pasteOrientation: "TRANSPOSE" },
      { pasteType: "PASTE_CONDITIONAL_FORMATTING" },
    ]) {
      expect(() =>
        batch(doc, [{ copyPaste: { source: area(0, 0), destination: area(1, 0), ...extra } }]),
      ).toThrow(expect.objectContaining({ code: 501 }));
    }
  });

  it("refuses a destination beyond the grid, as other batchUpdate requests do", () => {
    const doc = write(newDoc("表"), "表!A1:A2", [["a"], ["b"]]);
    expect(() =>
      batch(doc, [{ copyPaste: { source: area(0, 0, 2, 1), destination: area(999, 0) } }]),
    ).toThrow("exceeds grid limits");
  });
});
