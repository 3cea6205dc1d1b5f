import { describe, expect, it } from "vitest";
import {
  CURSOR_OVERLAP_MS,
  isSummarySpreadsheet,
  needsSync,
  nextCursor,
  queryModifiedSince,
  syncTargetOf,
} from "../../../src/core/sync/changed-spreadsheets";
import { queueRetryDelaySeconds } from "../../../src/core/sync/retry-delay";

const file = (version: number, modifiedTime = "2026-11-28T10:00:00.000Z") => ({
  id: "s1",
  version,
  modifiedTime,
});

describe("needsSync", () => {
  it("syncs a spreadsheet seen for the first time", () => {
    expect(needsSync(file(1), undefined)).toBe(true);
  });
  it("skips a version already synced", () => {
    expect(needsSync(file(5), { syncedVersion: 5, ownWriteVersion: null })).toBe(false);
  });
  it("skips the version produced by our own write-back", () => {
    expect(needsSync(file(7), { syncedVersion: 5, ownWriteVersion: 7 })).toBe(false);
  });
  it("syncs a user's edit made after our write-back", () => {
    expect(needsSync(file(8), { syncedVersion: 5, ownWriteVersion: 7 })).toBe(true);
  });
});

describe("the Drive cursor", () => {
  it("asks from the beginning when there is no cursor or it is unreadable", () => {
    expect(queryModifiedSince(undefined)).toBeUndefined();
    expect(queryModifiedSince("not a date")).toBeUndefined();
  });
  it("asks with an overlap so a change in the same instant is not missed", () => {
    const since = queryModifiedSince("2026-11-28T10:00:00.000Z");
    expect(Date.parse("2026-11-28T10:00:00.000Z") - Date.parse(since ?? "")).toBe(
      CURSOR_OVERLAP_MS,
    );
  });
  it("moves to the latest modifiedTime listed and never backwards", () => {
    const cursor = "2026-11-28T10:00:00.000Z";
    expect(nextCursor(cursor, [file(1, "2026-11-28T09:59:30.000Z")])).toBe(cursor);
    expect(
      nextCursor(cursor, [
        file(1, "2026-11-28T10:05:00.000Z"),
        file(2, "2026-11-28T10:03:00.000Z"),
      ]),
    ).toBe("2026-11-28T10:05:00.000Z");
    expect(nextCursor(undefined, [])).toBeUndefined();
  });
});

describe("queueRetryDelaySeconds", () => {
  it("waits 30 s, doubling per attempt, capped at 10 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(queueRetryDelaySeconds)).toEqual([
      30, 60, 120, 240, 480, 600, 600,
    ]);
    expect(queueRetryDelaySeconds(0)).toBe(30);
  });
});

describe("syncTargetOf", () => {
  const school = {
    tmisKind: "school",
    schoolCode: "4306230001",
    schoolName: "章华镇中心小学",
    schoolCategory: "primary_secondary",
  };
  it("reads school sheets with who they belong to, and the county recheck sheet", () => {
    expect(syncTargetOf(school)).toEqual({
      kind: "school",
      school: { code: "4306230001", name: "章华镇中心小学", category: "primary_secondary" },
    });
    expect(syncTargetOf({ tmisKind: "recheck" })).toEqual({ kind: "recheck" });
    expect(syncTargetOf({ ...school, schoolTownship: "章华镇" })).toMatchObject({
      school: { township: "章华镇" },
    });
  });
  it("carries the expected headcount: a number, cleared when the list gave none, kept when absent", () => {
    expect(syncTargetOf({ ...school, schoolExpected: "38" })).toMatchObject({
      school: { expectedStaff: 38 },
    });
    expect(syncTargetOf({ ...school, schoolExpected: "" })).toMatchObject({
      school: { expectedStaff: null },
    });
    const before = syncTargetOf(school);
    expect(before?.kind === "school" && "expectedStaff" in before.school).toBe(false);
  });
  it("leaves the summary, unmarked files and incompletely marked school sheets alone", () => {
    expect(syncTargetOf({ tmisKind: "summary" })).toBeUndefined();
    expect(syncTargetOf({})).toBeUndefined();
    expect(syncTargetOf({ ...school, schoolCode: "" })).toBeUndefined();
    expect(syncTargetOf({ ...school, schoolCategory: "university" })).toBeUndefined();
  });
});

describe("isSummarySpreadsheet", () => {
  it("is the spreadsheet provisioning marked tmisKind=summary, and no other", () => {
    expect(isSummarySpreadsheet({ tmisKind: "summary" })).toBe(true);
    expect(isSummarySpreadsheet({ tmisKind: "recheck" })).toBe(false);
    expect(isSummarySpreadsheet({})).toBe(false);
  });
});
