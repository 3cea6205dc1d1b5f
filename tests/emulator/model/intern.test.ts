import { describe, expect, it } from "vitest";
import { decodeDoc, encodeDoc, type SpreadsheetDoc } from "../../../scripts/emulator/model/index";
import { batch, newDoc, read, write } from "./helpers";

const RULE = { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "是" }] } };

/** A tab whose rows 2–1000 of columns B:C carry the same rule, as provisioning leaves a school. */
function provisioned(): SpreadsheetDoc {
  const doc = write(newDoc("表"), "表!A1:C1", [["姓名", "党员", "团员"]]);
  return batch(doc, [
    {
      setDataValidation: {
        range: {
          sheetId: 0,
          startRowIndex: 1,
          endRowIndex: 1000,
          startColumnIndex: 1,
          endColumnIndex: 3,
        },
        rule: RULE,
      },
    },
  ]).doc;
}

const rowsOf = (doc: SpreadsheetDoc) => doc.sheets[0]?.rows ?? [];

describe("sealed documents", () => {
  it("share one rule object, one cell and one row among equal decorations", () => {
    const rows = rowsOf(provisioned());
    const [second, third, last] = [rows[1], rows[2], rows[999]];
    expect(second?.[1]?.dataValidation).toEqual(RULE);
    expect(second?.[1]?.dataValidation).toBe(second?.[2]?.dataValidation);
    expect(second?.[1]).toBe(second?.[2]);
    expect(second).toBe(third);
    expect(second).toBe(last);
  });

  it("are frozen, and a write replaces only what it touches", () => {
    const before = provisioned();
    expect(Object.isFrozen(rowsOf(before))).toBe(true);
    expect(Object.isFrozen(rowsOf(before)[1]?.[1]?.dataValidation)).toBe(true);
    const after = write(before, "表!A2", [["张三"]]);
    expect(read(before, "表!A2")).toBeUndefined();
    expect(read(after, "表!A2")).toEqual([["张三"]]);
    expect(rowsOf(after)[1]).not.toBe(rowsOf(before)[1]);
    expect(rowsOf(after)[2]).toBe(rowsOf(before)[2]);
    expect(rowsOf(after)[1]?.[1]).toBe(rowsOf(before)[1]?.[1]);
  });
});

describe("the file format", () => {
  it("round-trips a document through JSON, writing each distinct row once", () => {
    const doc = write(provisioned(), "表!A2:A3", [["张三"], ['=A2&"!"']], "USER_ENTERED");
    const encoded = JSON.parse(JSON.stringify(encodeDoc(doc)));
    expect(encoded.format).toBe(2);
    expect(encoded.rows).toHaveLength(4);
    const decoded = decodeDoc(encoded);
    expect(decoded).toEqual(doc);
    expect(read(decoded, "表!A1:C3")).toEqual(read(doc, "表!A1:C3"));
    expect(rowsOf(decoded)[5]).toBe(rowsOf(decoded)[999]);
  });

  it("still reads the plain documents earlier emulators wrote, and refuses unknown formats", () => {
    const doc = provisioned();
    const plain = JSON.parse(JSON.stringify(doc));
    const decoded = decodeDoc(plain);
    expect(decoded).toEqual(doc);
    expect(rowsOf(decoded)[1]).toBe(rowsOf(decoded)[998]);
    expect(() => decodeDoc({ ...plain, format: 3 })).toThrow("Unknown spreadsheet file format 3");
  });
});

describe("copy-on-write inside one batch", () => {
  it("keeps a duplicated tab apart from its source even for rows written earlier in the batch", () => {
    const cell = (value: string) => ({ values: [{ userEnteredValue: { stringValue: value } }] });
    const at = (sheetId: number) => ({ sheetId, rowIndex: 1, columnIndex: 0 });
    const fields = "userEnteredValue";
    const { doc } = batch(provisioned(), [
      { updateCells: { rows: [cell("源")], fields, start: at(0) } },
      { duplicateSheet: { sourceSheetId: 0, newSheetId: 9, newSheetName: "副本" } },
      { updateCells: { rows: [cell("副本")], fields, start: at(9) } },
    ]);
    expect(read(doc, "表!A2")).toEqual([["源"]]);
    expect(read(doc, "副本!A2")).toEqual([["副本"]]);
  });
});
