import { describe, expect, it } from "vitest";
import { boundTabRequests } from "../../../src/core/accounts/bound-tab";
import { slipLinkWrite } from "../../../src/core/accounts/slips";
import { type AccountTabWrite, planAccountRows } from "../../../src/core/accounts/tab";

/** The updateCells requests only (a grid growth, if any, first). */
function cellRequests(writes: readonly AccountTabWrite[], sheetId: number, lastRow = 0) {
  return boundTabRequests(writes, sheetId, lastRow).flatMap((r) => ("updateCells" in r ? [r] : []));
}

describe("boundTabRequests", () => {
  it("addresses each of the plan's writes by the tab's sheetId, at the cells its range names", () => {
    const plan = planAccountRows(
      [
        {
          teacherNumber: "430623000001",
          name: "张伟",
          issuedAt: "2026-12-01T00:00:00.000Z",
          sheetRow: 5,
          password: "=HYPERLINK(1)",
          clearedAt: null,
        },
      ],
      [5, 9],
    );
    const link = slipLinkWrite({ slips: "https://x/slips/t", portal: "https://x/portal/" });
    const requests = cellRequests([...plan.writes, link], 777);
    expect(requests.map((r) => r.updateCells.start)).toEqual([
      { sheetId: 777, rowIndex: 4, columnIndex: 0 },
      { sheetId: 777, rowIndex: 8, columnIndex: 5 },
      { sheetId: 777, rowIndex: 1, columnIndex: 7 },
    ]);
    expect(requests.every((r) => r.updateCells.fields === "userEnteredValue")).toBe(true);
    const [row, box, cells] = requests.map((r) => r.updateCells.rows);
    // Text is never parsed (a formula stays text); the box is a boolean; the row is A–F.
    expect(row?.[0]?.values[2]).toEqual({ userEnteredValue: { stringValue: "=HYPERLINK(1)" } });
    expect(row?.[0]?.values).toHaveLength(6);
    expect(row?.[0]?.values[5]).toEqual({ userEnteredValue: { boolValue: false } });
    expect(box).toEqual([{ values: [{ userEnteredValue: { boolValue: false } }] }]);
    expect(cells?.map((r) => r.values.length)).toEqual([2, 2]);
  });

  it("clears a cell written as empty text, and refuses a range it cannot place", () => {
    const [request] = cellRequests([{ range: "'账号'!A2:E2", values: [["", "x"]] }], 0);
    expect(request?.updateCells.rows[0]?.values).toEqual([
      {},
      { userEnteredValue: { stringValue: "x" } },
    ]);
    expect(() => boundTabRequests([{ range: "'账号'", values: [["x"]] }], 0)).toThrow();
    expect(() => boundTabRequests([{ range: "'账号'!A0", values: [["x"]] }], 0)).toThrow();
  });

  it("grows the grid before a row below the new tab's 1000, never below the last row assigned", () => {
    const row = (n: number): AccountTabWrite => ({ range: `'账号'!A${n}:E${n}`, values: [["x"]] });
    expect(boundTabRequests([row(1000)], 5, 1000).every((r) => "updateCells" in r)).toBe(true);
    const [grow, write] = boundTabRequests([row(1001)], 5, 1003);
    expect(grow).toEqual({
      updateSheetProperties: {
        properties: { sheetId: 5, gridProperties: { rowCount: 1003 } },
        fields: "gridProperties.rowCount",
      },
    });
    expect(write).toMatchObject({ updateCells: { start: { rowIndex: 1000 } } });
    // Never fewer rows than the write needs, whatever the registry says.
    expect(boundTabRequests([row(1200)], 5, 2)[0]).toMatchObject({
      updateSheetProperties: { properties: { gridProperties: { rowCount: 1200 } } },
    });
  });
});
