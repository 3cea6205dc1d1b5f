/**
 * Every transition of the review diagram (src/core/review/states.ts), one test each, through
 * `decide` on plain rows and records: the new state, the events, the recheck and change-request
 * operations, and the write-back intent.
 */
import { describe, expect, it } from "vitest";
import {
  type ChangeDecision,
  type DecideContext,
  decide,
  decideRemoved,
  type RecheckDecision,
  type RowAsRead,
} from "../../../src/core/review/decide";
import {
  ERRORS_PREFIX,
  PASSED,
  RETURNED_UNCHANGED,
  REVOKED_UNSEEN,
} from "../../../src/core/review/wording";
import { fingerprint } from "../../../src/core/sync/fingerprint";
import type { RegistryChange, RegistryRecord } from "../../../src/core/sync/model";

const AT = "2017-03-01T02:00:00.000Z";
const V1 = { name: "张伟", degree: "学士" };
const V2 = { name: "张伟", degree: "硕士" };
const H1 = fingerprint(V1);
const H2 = fingerprint(V2);

function row(fields: Partial<RowAsRead> = {}): RowAsRead {
  const values = fields.values ?? V1;
  return {
    recordId: "R1",
    section: "education",
    personKey: "pk1",
    values,
    hash: fingerprint(values),
    ticked: false,
    errors: [],
    warnings: [],
    ...fields,
  };
}

function record(fields: Partial<RegistryRecord> = {}): RegistryRecord {
  return {
    recordId: "R1",
    schoolCode: "4306230002",
    section: "education",
    personKey: "pk1",
    state: "ready",
    seenHash: H1,
    approvedHash: null,
    effective: null,
    changeRequestId: null,
    reason: null,
    ...fields,
  };
}

const EFFECTIVE_V1 = { version: 1, hash: H1, values: V1 };

function context(fields: Partial<DecideContext> = {}): DecideContext {
  return {
    schoolCode: "4306230002",
    spreadsheetId: "sheet-1",
    at: AT,
    teacherEffective: false,
    newChangeRequestId: () => "C1",
    ...fields,
  };
}

function ops(changes: readonly RegistryChange[]): string[] {
  return changes.map((c) => (c.kind === "event" ? `event:${c.event.kind}` : c.kind));
}

const county = { actor: "personnel", at: "2017-03-20T01:00:00.000Z", spreadsheetId: "county-1" };

describe("entry and validation", () => {
  it("a new valid row is ready (待审核) and entered", () => {
    const d = decide(undefined, row(), context());
    expect(d.record.state).toBe("ready");
    expect(ops(d.changes)).toEqual(["putRecord", "event:entered"]);
    expect(d.write).toMatchObject({ status: "待审核", result: PASSED, clearTick: null });
  });

  it("a new row with errors is incomplete (待完善), errors listed", () => {
    const d = decide(undefined, row({ errors: ["姓名：未填写"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(d.write.status).toBe("待完善");
    expect(d.write.result).toBe(`${ERRORS_PREFIX}姓名：未填写`);
  });

  it("incomplete → ready when an edit fixes the errors", () => {
    const d = decide(record({ state: "incomplete", seenHash: H2 }), row(), context());
    expect(d.record.state).toBe("ready");
    expect(ops(d.changes)).toEqual(["putRecord", "event:edited"]);
  });

  it("ready → incomplete when an edit brings errors", () => {
    const d = decide(record(), row({ values: V2, errors: ["学位：不在可选范围内"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(d.record.seenHash).toBe(H2);
  });

  it("a state change without an edit (another tab changed) is a validated event", () => {
    const d = decide(record(), row({ errors: ["身份证件号：基本信息中没有"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(ops(d.changes)).toEqual(["putRecord", "event:validated"]);
  });

  it("nothing new: no change at all", () => {
    const d = decide(record(), row(), context());
    expect(d.changes).toEqual([]);
    expect(d.record).toEqual({ ...record(), removedAt: null });
  });

  it("warnings never block: a ticked row with a warning goes to the recheck", () => {
    const d = decide(record(), row({ ticked: true, warnings: ["课时：偏多"] }), context());
    expect(d.record.state).toBe("awaiting_recheck");
    expect(d.write.result).toBe("提示：课时：偏多");
  });
});

describe("school review", () => {
  it("ready + principal's tick → awaiting_recheck, queued for the county", () => {
    const d = decide(record(), row({ ticked: true }), context());
    expect(d.record).toMatchObject({ state: "awaiting_recheck", approvedHash: H1 });
    expect(ops(d.changes)).toEqual([
      "putRecord",
      "event:approved",
      "sendToRecheck",
      "event:sent_to_recheck",
    ]);
    expect(d.changes).toContainEqual({
      kind: "sendToRecheck",
      item: { recordId: "R1", schoolCode: "4306230002", section: "education", hash: H1 },
    });
    expect(d.write.status).toBe("已审核待复核");
  });

  it("a tick on a row with errors is cleared with the reason", () => {
    const d = decide(record(), row({ ticked: true, errors: ["学位：不在可选范围内"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(d.write.clearTick).toBe(`${ERRORS_PREFIX}学位：不在可选范围内`);
    expect(ops(d.changes)).toEqual(["putRecord", "event:validated", "event:approval_cleared"]);
  });

  it("awaiting_recheck + principal unticks → ready, recheck withdrawn", () => {
    const before = record({ state: "awaiting_recheck", approvedHash: H1 });
    const d = decide(before, row({ ticked: false }), context());
    expect(d.record).toMatchObject({ state: "ready", approvedHash: null });
    expect(ops(d.changes)).toEqual(["putRecord", "withdrawRecheck", "event:approval_withdrawn"]);
  });

  it("awaiting_recheck + edit → revoked (已修改需重新审核), tick cleared, recheck withdrawn", () => {
    const before = record({ state: "awaiting_recheck", approvedHash: H1 });
    const d = decide(before, row({ values: V2, ticked: true }), context());
    expect(d.record).toMatchObject({ state: "revoked", approvedHash: null, seenHash: H2 });
    expect(ops(d.changes)).toEqual([
      "putRecord",
      "event:edited",
      "event:approval_revoked",
      "withdrawRecheck",
    ]);
    expect(d.write.status).toBe("已修改需重新审核");
    expect(d.write.clearTick).not.toBeNull();
  });

  it("awaiting_recheck + edit with errors → incomplete", () => {
    const before = record({ state: "awaiting_recheck", approvedHash: H1 });
    const d = decide(before, row({ values: V2, ticked: true, errors: ["x"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(ops(d.changes)).toContain("withdrawRecheck");
  });

  it("awaiting_recheck + an error appearing without an edit → incomplete, tick cleared", () => {
    const before = record({ state: "awaiting_recheck", approvedHash: H1 });
    const d = decide(before, row({ ticked: true, errors: ["姓名：与基本信息不一致"] }), context());
    expect(d.record.state).toBe("incomplete");
    expect(d.write.clearTick).toBe(`${ERRORS_PREFIX}姓名：与基本信息不一致`);
    expect(ops(d.changes)).toEqual(["putRecord", "withdrawRecheck", "event:approval_cleared"]);
  });

  it("revoked + edit → ready", () => {
    const d = decide(record({ state: "revoked" }), row({ values: V2 }), context());
    expect(d.record.state).toBe("ready");
  });

  it("revoked, unchanged, stays revoked until the principal ticks → awaiting_recheck", () => {
    expect(decide(record({ state: "revoked" }), row(), context()).changes).toEqual([]);
    const d = decide(record({ state: "revoked" }), row({ ticked: true }), context());
    expect(d.record.state).toBe("awaiting_recheck");
    expect(ops(d.changes)).toContain("sendToRecheck");
  });

  it("revoked, the sheet still showing the old status: the tick is the one whose clearing was lost", () => {
    const stale = row({ ticked: true, shownStatus: "已审核待复核" });
    const d = decide(record({ state: "revoked" }), stale, context());
    expect(d.record.state).toBe("revoked");
    expect(d.changes).toEqual([]);
    expect(d.write).toMatchObject({ clearTick: REVOKED_UNSEEN });
    const seen = row({ ticked: true, shownStatus: "已修改需重新审核" });
    expect(decide(record({ state: "revoked" }), seen, context()).record.state).toBe(
      "awaiting_recheck",
    );
  });
});

describe("county recheck", () => {
  const queued = record({ state: "awaiting_recheck", approvedHash: H1 });
  const confirmed: RecheckDecision = { ...county, recordId: "R1", hash: H1, outcome: "confirmed" };

  it("confirmed → effective (已生效), version 1 with the approved values", () => {
    const d = decide(queued, row({ ticked: true }), context(), { recheck: confirmed });
    expect(d.applied.recheck).toBe(true);
    expect(d.record).toMatchObject({ state: "effective", effective: EFFECTIVE_V1 });
    expect(d.changes[0]).toEqual({ kind: "putRecord", record: d.record, newVersion: EFFECTIVE_V1 });
    expect(ops(d.changes)).toEqual(["putRecord", "event:confirmed", "event:effective"]);
    const confirmedEvent = d.changes.find((c) => c.kind === "event");
    expect(confirmedEvent).toMatchObject({
      event: { actor: "personnel", spreadsheetId: "county-1" },
    });
    expect(d.write.status).toBe("已生效");
  });

  it("confirming a 基本信息 record makes the teacher effective", () => {
    const basic = { ...queued, section: "basic" };
    const d = decide(basic, row({ section: "basic", ticked: true }), context(), {
      recheck: confirmed,
    });
    expect(d.changes).toContainEqual({ kind: "teacherEffective", personKey: "pk1" });
  });

  it("a decision for another version does not count (the county saw other values)", () => {
    const stale = { ...confirmed, hash: H2 };
    const d = decide(queued, row({ ticked: true }), context(), { recheck: stale });
    expect(d.applied.recheck).toBe(false);
    expect(d.record.state).toBe("awaiting_recheck");
    expect(d.changes).toEqual([]);
  });

  it("confirmed, but the row was edited since: the edit wins, recheck withdrawn", () => {
    const d = decide(queued, row({ values: V2, ticked: true }), context(), { recheck: confirmed });
    expect(d.applied.recheck).toBe(false);
    expect(d.record.state).toBe("revoked");
    expect(ops(d.changes)).toContain("withdrawRecheck");
  });

  it("returned → 已退回 with the reason; the tick is cleared", () => {
    const returned: RecheckDecision = {
      ...county,
      recordId: "R1",
      hash: H1,
      outcome: "returned",
      reason: "学历证书与所填不符",
    };
    const d = decide(queued, row({ ticked: true }), context(), { recheck: returned });
    expect(d.record).toMatchObject({
      state: "returned",
      approvedHash: null,
      reason: "学历证书与所填不符",
    });
    expect(ops(d.changes)).toEqual(["putRecord", "event:returned"]);
    expect(d.write).toMatchObject({
      status: "已退回",
      result: "退回原因：学历证书与所填不符",
      clearTick: "已退回：学历证书与所填不符",
    });
  });

  it("returned + a tick without an edit is cleared again", () => {
    const before = record({ state: "returned", reason: "不符" });
    const d = decide(before, row({ ticked: true }), context());
    expect(d.record.state).toBe("returned");
    expect(d.write.clearTick).toBe(RETURNED_UNCHANGED);
  });

  it("returned + edit → ready (reason cleared); with errors → incomplete", () => {
    const before = record({ state: "returned", reason: "不符" });
    expect(decide(before, row({ values: V2 }), context()).record).toMatchObject({
      state: "ready",
      reason: null,
    });
    expect(decide(before, row({ values: V2, errors: ["x"] }), context()).record.state).toBe(
      "incomplete",
    );
  });
});

describe("after the teacher is effective", () => {
  it("a new row ticked by the principal becomes effective directly", () => {
    const d = decide(record(), row({ ticked: true }), context({ teacherEffective: true }));
    expect(d.record).toMatchObject({ state: "effective", effective: EFFECTIVE_V1 });
    expect(d.changes[0]).toMatchObject({ kind: "putRecord", newVersion: EFFECTIVE_V1 });
    expect(ops(d.changes)).toEqual(["putRecord", "event:approved", "event:effective"]);
    expect(ops(d.changes)).not.toContain("sendToRecheck");
  });

  const effective = record({ state: "effective", approvedHash: H1, effective: EFFECTIVE_V1 });

  it("effective + edit → revoked, tick cleared, effective values stay in force", () => {
    const d = decide(effective, row({ values: V2, ticked: true }), context());
    expect(d.record).toMatchObject({ state: "revoked", effective: EFFECTIVE_V1 });
    expect(d.write.clearTick).not.toBeNull();
    expect(d.write.restore).toBeNull();
    expect(ops(d.changes)).toEqual(["putRecord", "event:edited", "event:approval_revoked"]);
  });

  it("edited back to the effective values → effective again", () => {
    const before = { ...effective, state: "revoked" as const, approvedHash: null, seenHash: H2 };
    const d = decide(before, row(), context());
    expect(d.record).toMatchObject({ state: "effective", approvedHash: H1 });
  });

  const revoked = { ...effective, state: "revoked" as const, approvedHash: null, seenHash: H2 };

  it("revoked (effective) + tick → change_pending (变更待审批), change request opened", () => {
    const d = decide(revoked, row({ values: V2, ticked: true }), context());
    expect(d.record).toMatchObject({
      state: "change_pending",
      changeRequestId: "C1",
      approvedHash: H2,
      effective: EFFECTIVE_V1,
    });
    expect(d.changes).toContainEqual({
      kind: "openChangeRequest",
      request: {
        changeRequestId: "C1",
        recordId: "R1",
        schoolCode: "4306230002",
        section: "education",
        baseVersion: 1,
        proposedHash: H2,
        proposed: V2,
      },
    });
    expect(d.write.status).toBe("变更待审批");
  });

  const pending = {
    ...revoked,
    state: "change_pending" as const,
    approvedHash: H2,
    changeRequestId: "C1",
  };
  const request = {
    changeRequestId: "C1",
    recordId: "R1",
    schoolCode: "4306230002",
    section: "education",
    baseVersion: 1,
    proposedHash: H2,
    proposed: V2,
  };

  it("change_pending + another edit → request superseded, tick cleared, revoked", () => {
    const V3 = { ...V2, degree: "博士" };
    const d = decide(pending, row({ values: V3, ticked: true }), context());
    expect(d.record).toMatchObject({ state: "revoked", changeRequestId: null });
    expect(d.changes).toContainEqual({
      kind: "closeChangeRequest",
      changeRequestId: "C1",
      outcome: "superseded",
    });
    expect(d.write.clearTick).not.toBeNull();
  });

  it("change_pending + principal unticks → request superseded, revoked", () => {
    const d = decide(pending, row({ values: V2 }), context());
    expect(d.record.state).toBe("revoked");
    expect(ops(d.changes)).toEqual(["putRecord", "closeChangeRequest", "event:approval_withdrawn"]);
  });

  it("change approved → the proposal is the new effective version", () => {
    const decision: ChangeDecision = { ...county, actor: "office", request, outcome: "approved" };
    const d = decide(pending, row({ values: V2, ticked: true }), context(), { change: decision });
    const v2 = { version: 2, hash: H2, values: V2 };
    expect(d.applied.change).toBe(true);
    expect(d.record).toMatchObject({ state: "effective", effective: v2, changeRequestId: null });
    expect(d.changes[0]).toMatchObject({ kind: "putRecord", newVersion: v2 });
    expect(d.changes).toContainEqual({
      kind: "closeChangeRequest",
      changeRequestId: "C1",
      outcome: "approved",
    });
    expect(d.write.restore).toBeNull();
  });

  it("change rejected → effective values kept, the row restored, the proposal logged", () => {
    const decision: ChangeDecision = {
      ...county,
      actor: "office",
      request,
      outcome: "rejected",
      reason: "无证明材料",
    };
    const d = decide(pending, row({ values: V2, ticked: true }), context(), { change: decision });
    expect(d.record).toMatchObject({
      state: "effective",
      effective: EFFECTIVE_V1,
      reason: "无证明材料",
      changeRequestId: null,
    });
    expect(d.changes).toContainEqual({
      kind: "closeChangeRequest",
      changeRequestId: "C1",
      outcome: "rejected",
      reason: "无证明材料",
    });
    expect(ops(d.changes)).toContain("event:change_rejected");
    expect(d.write.restore).toEqual(V1);
    expect(d.write.result).toBe("变更未获批准，已恢复原信息：无证明材料");
    // The restore landing is not an edit: the record stays effective, reason shown.
    const after = decide(d.record, row({ values: V1, ticked: true }), context());
    expect(after.record).toMatchObject({ state: "effective", reason: "无证明材料" });
    expect(after.write.restore).toBeNull();
  });

  it("a decision for a superseded request does not count", () => {
    const other = { ...request, changeRequestId: "C0" };
    const decision: ChangeDecision = { ...county, request: other, outcome: "approved" };
    const d = decide(pending, row({ values: V2, ticked: true }), context(), { change: decision });
    expect(d.applied.change).toBe(false);
    expect(d.record.state).toBe("change_pending");
  });
});

describe("rows gone from the sheet", () => {
  it("not effective: row_removed once, recheck withdrawn, record kept", () => {
    const queued = record({ state: "awaiting_recheck", approvedHash: H1 });
    const changes = decideRemoved(queued, { at: AT, spreadsheetId: "sheet-1" });
    expect(ops(changes)).toEqual(["putRecord", "withdrawRecheck", "event:row_removed"]);
    const kept = changes[0]?.kind === "putRecord" ? changes[0].record : undefined;
    expect(kept).toMatchObject({ recordId: "R1", state: "ready", removedAt: AT });
    expect(decideRemoved(kept as RegistryRecord, { at: AT, spreadsheetId: "sheet-1" })).toEqual([]);
  });

  it("effective: stays effective (in force), row_removed recorded", () => {
    const effective = record({ state: "effective", approvedHash: H1, effective: EFFECTIVE_V1 });
    const changes = decideRemoved(effective, { at: AT, spreadsheetId: "sheet-1" });
    expect(changes[0]).toMatchObject({
      kind: "putRecord",
      record: { state: "effective", effective: EFFECTIVE_V1, removedAt: AT },
    });
    expect(ops(changes)).toEqual(["putRecord", "event:row_removed"]);
  });

  it("a removed row that comes back is entered again", () => {
    const d = decide(record({ removedAt: AT }), row(), context());
    expect(d.record.removedAt).toBeNull();
    expect(ops(d.changes)).toEqual(["putRecord", "event:entered"]);
  });
});
