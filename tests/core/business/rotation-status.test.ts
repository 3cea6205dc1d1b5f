/** The 205 rule's phases (issue 18, item 6): months, Beijing day, idempotent steps. */
import { describe, expect, it } from "vitest";
import { dueRotationStep, rotationPhase } from "../../../src/core/business/rotation-status";

const rotation = { requestId: "YW000001", start: "2026-12", end: "2027-07" };

describe("rotationPhase", () => {
  it("runs from the first day of 开始年月 to the last day of 结束年月", () => {
    expect(rotationPhase("2026-12", "2027-07", "2026-11-30")).toBe("before");
    expect(rotationPhase("2026-12", "2027-07", "2026-12-01")).toBe("during");
    expect(rotationPhase("2026-12", "2027-07", "2027-07-31")).toBe("during");
    expect(rotationPhase("2026-12", "2027-07", "2027-08-01")).toBe("after");
    expect(rotationPhase("2026-12", null, "2040-01-01")).toBe("during");
  });
});

describe("dueRotationStep", () => {
  it("starts a running rotation once, and ends it once after its end", () => {
    const fresh = { ...rotation, started: false, ended: false };
    expect(dueRotationStep(fresh, "2026-11-30")).toBeNull();
    expect(dueRotationStep(fresh, "2026-12-07")).toBe("start");
    const running = { ...fresh, started: true };
    expect(dueRotationStep(running, "2027-03-01")).toBeNull();
    expect(dueRotationStep(running, "2027-08-01")).toBe("end");
    expect(dueRotationStep({ ...running, ended: true }, "2027-08-01")).toBeNull();
  });

  it("never sets 205 for a rotation recorded after it ended", () => {
    expect(dueRotationStep({ ...rotation, started: false, ended: false }, "2028-01-01")).toBeNull();
  });
});
