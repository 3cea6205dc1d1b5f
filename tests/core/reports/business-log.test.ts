import { describe, expect, it } from "vitest";
import {
  BUSINESS_LOG_COLUMNS,
  businessLogTable,
  type LogEvent,
  type LogRequest,
} from "../../../src/core/reports/business-log";
import { shippedTemplates } from "../../../src/core/templates/bundle";

const IN = "4306230002";
const OUT = "4306230006";
const SCHOOLS = new Map([
  [IN, "华容县实验小学"],
  [OUT, "华容县第二中学"],
]);
const codeName = (table: string, code: string) =>
  shippedTemplates.codeTables.get(table)?.entries.find((e) => e.code === code)?.name;

const base = {
  personKey: "9f3a7c21e0",
  teacherNumber: "430623000017",
  name: "赵敏",
  reference: "参考码9F3A7C21",
  createdAt: "2026-03-02T01:00:00.000Z",
};

const TRANSFER: LogRequest = {
  ...base,
  id: "YW000002",
  kind: "transfer",
  state: "completed",
  initiatorSchool: IN,
  otherSchool: OUT,
  details: { kind: "transfer", direction: "1", date: "2026-02-01", reason: "夫妻团聚" },
  updatedAt: "2026-03-04T08:30:00.000Z",
};

const RETIREMENT: LogRequest = {
  ...base,
  teacherNumber: "430623000018",
  name: "钱伟",
  reference: "参考码0011AA22",
  id: "YW000001",
  kind: "status_change",
  state: "refused",
  initiatorSchool: OUT,
  otherSchool: null,
  details: { kind: "status_change", change: "902", date: "2026-01-31", reason: "" },
  updatedAt: "2026-03-03T02:00:00.000Z",
};

const ROTATION: LogRequest = {
  ...base,
  id: "YW000003",
  kind: "rotation",
  state: "draft",
  initiatorSchool: IN,
  otherSchool: OUT,
  details: { kind: "rotation", rotationType: "3", start: "2026-09", end: null, reason: "支教" },
  updatedAt: "2026-03-05T00:00:00.000Z",
};

const ev = (
  action: LogEvent["action"],
  party: LogEvent["party"],
  actor: string,
  fromState: LogEvent["fromState"],
  at: string,
  reason: string | null = null,
): LogEvent => ({ action, party, actor, fromState, at, reason });

const EVENTS = new Map<string, LogEvent[]>([
  [
    "YW000002",
    [
      ev("open", "initiator", "华容县实验小学（表格编辑）", null, "2026-03-02T01:00:00.000Z"),
      ev("confirm", "initiator", "华容县实验小学校长（勾选）", "draft", "2026-03-02T02:00:00.000Z"),
      ev("confirm", "county", "personnel", "county_review", "2026-03-03T02:00:00.000Z"),
      ev(
        "confirm",
        "counterpart",
        "华容县第二中学校长（勾选）",
        "counterpart_review",
        "2026-03-03T09:00:00.000Z",
      ),
      ev("confirm", "county", "人事股", "release_review", "2026-03-04T08:30:00.000Z"),
    ],
  ],
  [
    "YW000001",
    [
      ev("open", "initiator", "华容县第二中学（表格编辑）", null, "2026-03-02T00:00:00.000Z"),
      ev("confirm", "initiator", "华容县第二中学校长（勾选）", "draft", "2026-03-02T00:30:00.000Z"),
      ev(
        "refuse",
        "county",
        "personnel",
        "county_review",
        "2026-03-03T02:00:00.000Z",
        "未到退休年龄",
      ),
    ],
  ],
]);

const table = businessLogTable({
  requests: [TRANSFER, RETIREMENT, ROTATION],
  events: EVENTS,
  schools: SCHOOLS,
  codeName,
});

describe("业务台账", () => {
  it("has the header row, then one row per request by 申请编号", () => {
    expect(table[0]).toEqual(BUSINESS_LOG_COLUMNS.map((c) => c.header));
    expect(table.slice(1).map((row) => row[0])).toEqual(["YW000001", "YW000002", "YW000003"]);
    for (const row of table) expect(row).toHaveLength(BUSINESS_LOG_COLUMNS.length);
  });

  it("shows a transfer with both schools, its details and every step", () => {
    expect(table[2]).toEqual([
      "YW000002",
      "调动",
      "430623000017",
      "赵敏",
      "参考码9F3A7C21",
      "华容县实验小学",
      IN,
      "华容县第二中学",
      OUT,
      "调动日期：2026-02-01；原因：夫妻团聚",
      [
        "提交申请：华容县实验小学（表格编辑）填报，2026-03-02 09:00",
        "本校确认：华容县实验小学校长（勾选）确认，2026-03-02 10:00",
        "下达调动：人事股确认，2026-03-03 10:00",
        "调出学校确认：华容县第二中学校长（勾选）确认，2026-03-03 17:00",
        "确认调出：人事股确认，2026-03-04 16:30",
      ].join("\n"),
      "已完成",
      "2026-03-04 16:30",
      "/api/archive/teachers/430623000017",
    ]);
  });

  it("links the teacher's 电子档案 for a completed transfer only (the receiving school's 调档)", () => {
    const archive = BUSINESS_LOG_COLUMNS.findIndex((c) => c.header === "电子档案");
    expect(archive).toBe(BUSINESS_LOG_COLUMNS.length - 1);
    expect(table.slice(1).map((row) => row[archive])).toEqual([
      "",
      "/api/archive/teachers/430623000017",
      "",
    ]);
  });

  it("names codes and gives the reason of a refusal", () => {
    expect(table[1]?.[9]).toBe("变动类型：退休；变动日期：2026-01-31");
    expect(table[1]?.[5]).toBe("华容县第二中学");
    expect(table[1]?.[7]).toBe("");
    expect(table[1]?.[10]?.split("\n").at(-1)).toBe(
      "人事股审核：人事股不同意，2026-03-03 10:00，理由：未到退休年龄",
    );
    expect(table[1]?.[11]).toBe("不同意");
  });

  it("shows an open-ended rotation and a request with no step yet", () => {
    expect(table[3]?.[9]).toBe("交流轮岗类型：支教；期间：2026-09 至 未定；原因：支教");
    expect(table[3]?.[10]).toBe("");
    expect(table[3]?.[11]).toBe("待本校确认");
  });

  it("names a county step by the office protection guarantees, never a stored internal key", () => {
    const steps = table.map((row) => row[10] ?? "").join("\n");
    expect(steps).not.toMatch(/personnel|[A-Za-z@]/);
  });

  it("carries no ID number: only the reference", () => {
    expect(JSON.stringify(table)).not.toMatch(/\d{15,}/);
  });
});
