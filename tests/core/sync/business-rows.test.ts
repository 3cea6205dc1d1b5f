/**
 * The pure request-row core: which school's tick is which party's step. A tick moves a request
 * only as the school's role in that request allows, whatever the row claims; a row already
 * showing what it should plans nothing.
 */
import { describe, expect, it } from "vitest";
import type { BusinessRequest } from "../../../src/core/business";
import { decideRequestRows, planRequestRows, turnFor } from "../../../src/core/sync/business-rows";
import { syncTimeText } from "../../../src/core/sync/plan";
import { shippedTemplates } from "../../../src/core/templates/bundle";
import { templateFor } from "../../../src/core/templates/index";
import { ID } from "../validate/fixture";

const SECTION = templateFor(shippedTemplates, "primary_secondary").find(
  (s) => s.key === "transferRequest",
);
if (SECTION === undefined) throw new Error("no 调动申请");
const HEADERS = [...SECTION.columns, ...SECTION.trailingColumns].map((c) => c.header);
const NOW = "2024-10-01T02:00:00.000Z";

const REQUEST: BusinessRequest = {
  id: "YW000007",
  kind: "transfer",
  state: "counterpart_review",
  initiatorSchool: "4306230001",
  otherSchool: "4306230002",
  personKey: "pk-zhang",
  teacherNumber: "430623000001",
  name: "张伟",
  details: { kind: "transfer", direction: "1", date: "2024-09-01", reason: "工作需要" },
  createdAt: NOW,
  updatedAt: NOW,
};

function row(cells: Record<string, string | boolean>) {
  return HEADERS.map((header) => cells[header] ?? "");
}

function decide(schoolCode: string, cells: Record<string, string | boolean>) {
  return decideRequestRows({
    schoolCode,
    schoolName: "测试学校",
    category: "primary_secondary",
    tabs: [{ range: "'调动申请'!A1:Z3", values: [HEADERS, row(cells)] }],
    templates: shippedTemplates,
    today: "2024-10-01",
    personKeyOf: (id) => (id === ID.zhang ? "pk-zhang" : undefined),
    requests: new Map([[REQUEST.id, REQUEST]]),
    facts: new Map(),
    openByPerson: new Map([
      [
        "pk-zhang",
        [
          {
            id: REQUEST.id,
            kind: "transfer",
            state: REQUEST.state,
            initiatorSchool: REQUEST.initiatorSchool,
          },
        ],
      ],
    ]),
    schools: new Map([
      ["4306230001", "调入学校"],
      ["4306230002", "调出学校"],
    ]),
  });
}

const OUT_ROW = {
  姓名: "张伟",
  身份证件号: ID.zhang,
  调动方向: "调出",
  对方学校代码: "4306230001",
  调动日期: "2024-09-01",
  调动原因: "工作需要",
  申请编号: REQUEST.id,
  本校确认: true,
};

describe("whose tick is whose step", () => {
  it("the 调出学校's tick on its row confirms as the counterpart", () => {
    expect(decide("4306230002", OUT_ROW).actions).toEqual([
      {
        kind: "step",
        row: 0,
        requestId: REQUEST.id,
        from: "counterpart_review",
        action: "confirm",
        party: "counterpart",
        reason: null,
        via: "tick",
      },
    ]);
  });

  it("the same row, ticked in the receiving school's sheet, takes no step", () => {
    const decision = decide("4306230001", OUT_ROW);
    expect(decision.actions).toEqual([]);
  });

  it("in a third school's sheet the id counts for nothing: a new row, invalid, no step", () => {
    const decision = decide("4306230003", OUT_ROW);
    expect(decision.actions).toEqual([]);
    expect(decision.rows[0]?.requestId).toBeNull();
    expect(decision.rows[0]?.errors.length).toBeGreaterThan(0);
  });
});

describe("a typed 不同意原因", () => {
  it("is taken without control or bidi characters", () => {
    const refused = { ...OUT_ROW, 本校确认: false, 不同意原因: "\u202e编制\u0000已满\u001b\n " };
    expect(decide("4306230002", refused).actions).toMatchObject([
      { kind: "step", action: "refuse", party: "counterpart", reason: "编制已满" },
    ]);
  });
});

describe("a row already showing its request", () => {
  it("plans nothing", () => {
    const shown = {
      ...OUT_ROW,
      本校确认: false,
      办理状态: "待调出学校确认",
      校验结果: turnFor(REQUEST, "counterpart"),
      同步时间: syncTimeText(NOW),
    };
    const decision = decide("4306230002", shown);
    expect(decision.actions).toEqual([]);
    const plan = planRequestRows({
      decision,
      results: [],
      requests: new Map([[REQUEST.id, REQUEST]]),
      idNumbers: new Map(),
      templates: shippedTemplates,
      schoolCode: "4306230002",
      now: NOW,
    });
    expect(plan).toEqual([]);
  });
});

describe("an emptied row that was no request", () => {
  const plan = (cells: Record<string, string | boolean>) =>
    planRequestRows({
      decision: decide("4306230001", cells),
      results: [],
      requests: new Map(),
      idNumbers: new Map(),
      templates: shippedTemplates,
      schoolCode: "4306230001",
      now: NOW,
    });

  it("loses what the worker wrote on it: 办理状态, 校验结果, the notes and 同步时间", () => {
    const ops = plan({
      办理状态: "待完善",
      校验结果: "有错误，不能提交：身份证件号：…",
      同步时间: "2024-09-30 10:00",
    });
    expect(ops.map((op) => op.kind)).toEqual([
      "setStatus",
      "annotateFindings",
      "setSyncTime",
      "pinRow",
    ]);
    expect(ops[0]).toMatchObject({ status: "", result: "" });
    expect(ops[2]).toMatchObject({ text: "" });
    const notes = ops[1]?.kind === "annotateFindings" ? ops[1].cells : [];
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toMatchObject({ note: null, severity: null });
    // Placed only on the row still empty and without a 申请编号, as read.
    expect(ops[3]).toMatchObject({ previousId: "" });
  });

  it("once cleared, it is no row at all: nothing planned", () => {
    expect(plan({})).toEqual([]);
    expect(decide("4306230001", {}).rows).toEqual([]);
  });
});
