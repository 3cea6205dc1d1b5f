import { describe, expect, it } from "vitest";
import {
  CONFLICT_TITLE,
  type Conflict,
  collectConflictDecisions,
  CONFLICT_HEADERS as H,
} from "../../../src/core/recheck/conflicts";
import { countyTabsOf } from "../../../src/core/recheck/sheet";

const HEADERS = Object.values(H);
const CONFLICT: Conflict = {
  conflictId: "CT0001",
  schools: [
    { schoolCode: "4306230001", schoolName: "甲校" },
    { schoolCode: "4306230002", schoolName: "乙校" },
  ],
  teacherNumber: null,
  openedAt: "2026-03-02T08:00:00.000Z",
  decidedFor: null,
  reason: null,
};

function tabOf(decision: string, reason: string) {
  const row: Record<string, string> = {
    [H.id]: CONFLICT.conflictId,
    [H.decision]: decision,
    [H.reason]: reason,
  };
  const values = [HEADERS, HEADERS.map((header) => row[header] ?? "")];
  return countyTabsOf([{ range: `'${CONFLICT_TITLE}'!A1:Z1000`, values }]).get(CONFLICT_TITLE);
}

describe("collectConflictDecisions", () => {
  it("takes the code and 裁定理由 without control or bidi characters", () => {
    const got = collectConflictDecisions(
      tabOf("\u202d4306230002\u0000", "\u202e档案\u0007在乙校\u2066"),
      [CONFLICT],
    );
    expect(got).toEqual({
      decisions: [{ conflictId: "CT0001", schoolCode: "4306230002", reason: "档案在乙校" }],
      problems: new Map(),
    });
  });

  it("refuses a 裁定理由 made only of them", () => {
    const got = collectConflictDecisions(tabOf("4306230002", "\u200e\u001b"), [CONFLICT]);
    expect(got.decisions).toEqual([]);
    expect(got.problems.get("CT0001")).toBe("请填写「裁定理由」，学校会看到裁定结果");
  });
});
