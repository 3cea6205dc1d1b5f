import { describe, expect, it } from "vitest";
import {
  type BusinessRequest,
  beijingDay,
  datedNext,
  datedStateText,
  dueRequests,
  effectiveDay,
} from "../../../src/core/business/index";

const base = {
  id: "B1",
  initiatorSchool: "4306230001",
  otherSchool: null,
  personKey: "p",
  teacherNumber: "T1",
  name: "张三",
  createdAt: "",
  updatedAt: "",
} as const;

const retirement = (
  date: string,
  state: BusinessRequest["state"] = "scheduled",
): BusinessRequest => ({
  ...base,
  kind: "status_change",
  state,
  details: { kind: "status_change", change: "902", date, reason: "" },
});

const rotation = (start: string): BusinessRequest => ({
  ...base,
  kind: "rotation",
  state: "scheduled",
  details: { kind: "rotation", rotationType: "1", start, end: null, reason: "" },
});

describe("effects on their date", () => {
  it("a completion dated ahead waits; today or back completes; other steps are untouched", () => {
    expect(datedNext(retirement("2027-02-01"), "completed", "2027-01-31")).toBe("scheduled");
    expect(datedNext(retirement("2027-02-01"), "completed", "2027-02-01")).toBe("completed");
    expect(datedNext(retirement("2026-05-01"), "completed", "2027-02-01")).toBe("completed");
    expect(datedNext(retirement("2027-02-01"), "refused", "2027-01-01")).toBe("refused");
    expect(datedNext(retirement("2027-02-01"), "archive_review", "2027-01-01")).toBe(
      "archive_review",
    );
  });

  it("a rotation starts on the first day of its 开始年月", () => {
    expect(effectiveDay(rotation("2027-03"))).toBe("2027-03-01");
    expect(datedNext(rotation("2027-03"), "completed", "2027-02-28")).toBe("scheduled");
    expect(datedNext(rotation("2027-03"), "completed", "2027-03-01")).toBe("completed");
  });

  it("is due on its date and after (a missed day catches up), oldest first, scheduled only", () => {
    const late = retirement("2027-03-01");
    const early = retirement("2027-01-01");
    const ahead = retirement("2027-09-01");
    const done = retirement("2027-01-01", "completed");
    expect(dueRequests([late, ahead, early, done], "2027-03-05")).toEqual([early, late]);
    expect(dueRequests([late, ahead], "2027-02-28")).toEqual([]);
  });

  it("says the date with the state, on the Beijing day", () => {
    expect(datedStateText(retirement("2027-02-01"), "已批准待生效")).toBe(
      "已批准待生效（2027-02-01 生效）",
    );
    expect(datedStateText(retirement("2027-02-01", "completed"), "已完成")).toBe("已完成");
    expect(beijingDay("2027-01-31T16:00:00.000Z")).toBe("2027-02-01");
    expect(beijingDay(new Date("2027-01-31T15:59:59.000Z"))).toBe("2027-01-31");
  });
});
