/** The write-back request: one batchUpdate, text never a formula, contiguous cells grouped. */
import { describe, expect, it } from "vitest";
import { layoutOf } from "../../../src/core/sync/layout";
import type { PlanOp } from "../../../src/core/sync/plan";
import { batchUpdateBody, ERROR_BACKGROUND } from "../../../src/core/sync/requests";
import { templateFor } from "../../../src/core/templates";
import { templates } from "./harness";

const TAB = "学习经历";
const section = templateFor(templates, "primary_secondary").find((s) => s.title === TAB);
if (section === undefined) throw new Error("no 学习经历");
const headers = [...section.columns, ...section.trailingColumns].map((c) => c.header);
const layouts = new Map([[TAB, layoutOf(section, headers)]]);
const sheetIds = new Map([[TAB, 7]]);
const col = (header: string) => headers.indexOf(header);
const base = { tab: TAB, recordId: "R1", readRow: 5, who: "w" };

describe("batchUpdateBody", () => {
  it("plans no request for an empty plan", () => {
    expect(batchUpdateBody([], layouts, sheetIds)).toBeNull();
  });

  it("sends formulas and user text as stringValue, never as a formula", () => {
    const ops: PlanOp[] = [
      { ...base, kind: "setStatus", status: "=1+1", result: '=HYPERLINK("http://x","点我")' },
      { ...base, kind: "restoreRow", cells: [{ key: "major", value: "=IMPORTXML(A1)" }] },
    ];
    const body = batchUpdateBody(ops, layouts, sheetIds);
    const json = JSON.stringify(body);
    expect(json).not.toContain("formulaValue");
    expect(json).toContain('{"stringValue":"=1+1"}');
    expect(json).toContain('{"stringValue":"=HYPERLINK(\\"http://x\\",\\"点我\\")"}');
    expect(json).toContain('{"stringValue":"=IMPORTXML(A1)"}');
  });

  it("puts every op of the plan in one body and groups adjacent cells of a row", () => {
    const ops: PlanOp[] = [
      { ...base, kind: "issueRecordId", previousId: "", content: "c" },
      { ...base, kind: "setStatus", status: "待审核", result: "校验通过" },
      { ...base, kind: "setSyncTime", text: "2017-03-01 10:00" },
      { ...base, kind: "clearApproval", reason: "有错误" },
      { ...base, readRow: 6, recordId: "R2", kind: "setStatus", status: "待完善", result: "x" },
    ];
    const body = batchUpdateBody(ops, layouts, sheetIds);
    // 校长审核, 审核状态, 校验结果, 记录编号, 同步时间 sit side by side: one request per row.
    expect(body?.requests).toHaveLength(2);
    expect(body?.requests[0]).toEqual({
      updateCells: {
        start: { sheetId: 7, rowIndex: 4, columnIndex: col("校长审核") },
        rows: [
          {
            values: [
              { userEnteredValue: { boolValue: false } },
              { userEnteredValue: { stringValue: "待审核" } },
              { userEnteredValue: { stringValue: "校验通过" } },
              { userEnteredValue: { stringValue: "R1" } },
              { userEnteredValue: { stringValue: "2017-03-01 10:00" } },
            ],
          },
        ],
        fields: "userEnteredValue",
      },
    });
  });

  it("writes notes and backgrounds under their own mask; a fine cell is cleared; numbers stay numbers", () => {
    const ops: PlanOp[] = [
      {
        ...base,
        kind: "annotateFindings",
        cells: [
          { key: "name", note: "姓名：未填写", severity: "error" },
          { key: "idNumber", note: null, severity: null },
        ],
      },
      {
        ...base,
        kind: "restoreRow",
        cells: [
          { key: "major", value: 3 },
          { key: "enrolDate", value: null },
        ],
      },
    ];
    const requests = batchUpdateBody(ops, layouts, sheetIds)?.requests ?? [];
    expect(requests.map((r) => r.updateCells.fields)).toEqual([
      "note,userEnteredFormat.backgroundColor",
      "userEnteredValue",
      "userEnteredValue",
    ]);
    expect(requests[0]?.updateCells.rows[0]?.values).toEqual([
      { note: "姓名：未填写", userEnteredFormat: { backgroundColor: ERROR_BACKGROUND } },
      {},
    ]);
    const values = requests.slice(1).flatMap((r) => r.updateCells.rows[0]?.values ?? []);
    expect(values).toContainEqual({ userEnteredValue: { numberValue: 3 } });
    expect(values).toContainEqual({});
  });
});
