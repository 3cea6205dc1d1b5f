/**
 * The other school asked before 人事股 (issue 18, items 6 and 10): the 交流学校 of a rotation and
 * the 主管学校 of a supervised status change, through the same counterpart party as a transfer's
 * 调出学校; and where each stands (`core/business/counterpart.ts`).
 */
import { describe, expect, it } from "vitest";
import {
  type BusinessRequest,
  type BusinessState,
  counterpartAgreed,
  counterpartAsked,
  counterpartsTurn,
  effectsOf,
  flowOf,
  isRotationTransfer,
  partyLabel,
  rotationRunning,
  rotationValues,
  STATE_LABELS,
  stepLabel,
  transition,
} from "../../../src/core/business/index";
import { type ApprovalRequest, schoolsOf } from "../../../src/core/recheck/approvals";

const supervised = { supervised: true };

function request(
  kind: BusinessRequest["kind"],
  state: BusinessState,
  otherSchool: string | null = "4306230002",
): BusinessRequest {
  const details: BusinessRequest["details"] =
    kind === "rotation"
      ? { kind, rotationType: "3", start: "2026-09", end: "2027-07", reason: "" }
      : kind === "transfer"
        ? { kind, direction: "1", date: "2026-09-01", reason: "" }
        : { kind, change: "203", date: "2026-09-01", reason: "" };
  return {
    id: "YW000001",
    kind,
    state,
    initiatorSchool: "4306230020",
    otherSchool,
    personKey: "p",
    teacherNumber: "T1",
    name: "张伟",
    details,
    createdAt: "",
    updatedAt: "",
  };
}

describe("a supervised status change: the 主管学校's principal before 人事股", () => {
  it("goes draft → township_review → county_review → completed", () => {
    const path: [
      BusinessState,
      "confirm",
      "initiator" | "counterpart" | "county",
      BusinessState,
    ][] = [
      ["draft", "confirm", "initiator", "township_review"],
      ["township_review", "confirm", "counterpart", "county_review"],
      ["county_review", "confirm", "county", "completed"],
    ];
    for (const [from, action, party, to] of path)
      expect(transition("status_change", from, action, party, supervised)).toEqual({
        ok: true,
        next: to,
      });
  });

  it("the 主管学校 refuses; the school withdraws while it is asked; 人事股 cannot skip it", () => {
    expect(
      transition("status_change", "township_review", "refuse", "counterpart", supervised),
    ).toEqual({ ok: true, next: "refused" });
    expect(
      transition("status_change", "township_review", "withdraw", "initiator", supervised),
    ).toEqual({ ok: true, next: "withdrawn" });
    expect(transition("status_change", "township_review", "confirm", "county", supervised)).toEqual(
      { ok: false, reason: "该申请正等待主管学校校长确认，人事股不能办理此步" },
    );
  });

  it("a county-direct school's status change goes straight to 人事股; no counterpart there", () => {
    expect(transition("status_change", "draft", "confirm", "initiator")).toEqual({
      ok: true,
      next: "county_review",
    });
    expect(transition("status_change", "township_review", "confirm", "counterpart").ok).toBe(false);
  });

  it("a stored request's flow: a status change is supervised when it names its 主管学校", () => {
    expect(flowOf(request("status_change", "draft"))).toEqual({ supervised: true });
    expect(flowOf(request("status_change", "draft", null))).toEqual({ supervised: false });
    expect(flowOf(request("rotation", "draft"))).toEqual({ supervised: false });
  });
});

describe("words", () => {
  it("names the states, steps and parties", () => {
    expect(STATE_LABELS.exchange_review).toBe("待交流学校确认");
    expect(STATE_LABELS.township_review).toBe("待主管学校确认");
    expect(stepLabel("rotation", "exchange_review")).toBe("交流学校确认");
    expect(stepLabel("status_change", "township_review")).toBe("主管学校确认");
    expect(partyLabel("rotation", "counterpart")).toBe("交流学校");
    expect(partyLabel("status_change", "counterpart")).toBe("主管学校");
    expect(transition("rotation", "exchange_review", "confirm", "county")).toEqual({
      ok: false,
      reason: "该申请正等待交流学校校长确认，人事股不能办理此步",
    });
  });
});

describe("where the counterpart stands", () => {
  it("a rotation: asked in exchange_review, agreed in county_review, shown until it closes", () => {
    expect(counterpartsTurn(request("rotation", "exchange_review"))).toBe(true);
    expect(counterpartsTurn(request("rotation", "county_review"))).toBe(false);
    expect(counterpartAgreed(request("rotation", "county_review"))).toBe(true);
    expect(counterpartAsked(request("rotation", "draft"))).toBe(false);
    expect(counterpartAsked(request("rotation", "exchange_review"))).toBe(true);
    expect(counterpartAsked(request("rotation", "county_review"))).toBe(true);
    expect(counterpartAsked(request("rotation", "completed"))).toBe(false);
  });

  it("a transfer as before: asked from 人事股's issue on", () => {
    expect(counterpartAsked(request("transfer", "county_review"))).toBe(false);
    expect(counterpartsTurn(request("transfer", "counterpart_review"))).toBe(true);
    expect(counterpartAgreed(request("transfer", "release_review"))).toBe(true);
  });

  it("a status change: only a supervised one has a counterpart", () => {
    expect(counterpartsTurn(request("status_change", "township_review"))).toBe(true);
    expect(counterpartAsked(request("status_change", "county_review", null))).toBe(false);
    expect(counterpartAsked(request("status_change", "county_review"))).toBe(true);
  });

  it("a completed rotation runs until its 结束年月 is over (Beijing day)", () => {
    const done = request("rotation", "completed");
    expect(rotationRunning(done, "2026-12-07")).toBe(true);
    expect(rotationRunning(done, "2027-07-31")).toBe(true);
    expect(rotationRunning(done, "2027-08-01")).toBe(false);
    expect(rotationRunning(request("rotation", "county_review"), "2026-12-07")).toBe(false);
    const open = { ...done, details: { ...done.details, end: null } } as BusinessRequest;
    expect(rotationRunning(open, "2040-01-01")).toBe(true);
  });
});

describe("a rotation that changes the personnel relationship runs the transfer flow", () => {
  const transfer = (reason: string) => ({
    ...request("transfer", "release_review"),
    details: { kind: "transfer" as const, direction: "1" as const, date: "2026-09-01", reason },
  });

  it("a transfer whose 调动原因 begins with 交流轮岗 also writes a 交流轮岗 record, 是否调动人事关系 是", () => {
    const effects = effectsOf(transfer("交流轮岗（城乡交流）"), "completed");
    expect(effects.map((e) => e.kind)).toEqual(["movePerson", "moveAccount", "addRotation"]);
    const rotation = effects[2];
    if (rotation?.kind !== "addRotation") throw new Error("no rotation record");
    expect(rotation).toMatchObject({
      schoolCode: "4306230020",
      otherSchool: "4306230002",
      start: "2026-09",
      end: null,
      transferRelation: true,
    });
    expect(
      rotationValues(rotation, { name: "张伟", idNumber: "X" }, { school: "收", other: "出" }),
    ).toMatchObject({ transferRelation: "1", originalUnit: "出", rotationUnit: "收", type: "1" });
  });

  it("any other transfer writes no rotation record; a rotation request's record says 否", () => {
    expect(effectsOf(transfer("工作需要"), "completed").map((e) => e.kind)).toEqual([
      "movePerson",
      "moveAccount",
    ]);
    expect(isRotationTransfer(" 交流轮岗")).toBe(true);
    expect(isRotationTransfer("因交流轮岗")).toBe(false);
    const [own] = effectsOf(request("rotation", "county_review"), "completed");
    if (own?.kind !== "addRotation") throw new Error("no rotation record");
    expect(
      rotationValues(own, { name: "张伟", idNumber: "X" }, { school: "派", other: "交" }),
    ).toMatchObject({ transferRelation: "0", originalUnit: "派", rotationUnit: "交" });
  });
});

describe("人事股's decision wakes every school that shows the request", () => {
  const ref = (code: string) => ({ schoolCode: code, schoolName: code });
  const approval = (kind: BusinessRequest["kind"], other: string | null) =>
    ({ kind, school: ref("A"), other: other === null ? null : ref(other) }) as ApprovalRequest;

  it("the 交流学校 and the 主管学校 as well as a transfer's 调出学校", () => {
    expect(schoolsOf(approval("rotation", "B"))).toEqual(["A", "B"]);
    expect(schoolsOf(approval("status_change", "T"))).toEqual(["A", "T"]);
    expect(schoolsOf(approval("transfer", "B"))).toEqual(["A", "B"]);
    expect(schoolsOf(approval("status_change", null))).toEqual(["A"]);
  });
});
