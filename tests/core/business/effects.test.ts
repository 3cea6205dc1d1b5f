import { describe, expect, it } from "vitest";
import { type BusinessRequest, effectsOf } from "../../../src/core/business/index";

const TRANSFER: BusinessRequest = {
  id: "YW000001",
  kind: "transfer",
  initiatorSchool: "4306230002",
  otherSchool: "4306230001",
  personKey: "pk-zhang",
  teacherNumber: "430623000001",
  name: "张伟",
  details: { kind: "transfer", direction: "1", date: "2024-09-01", reason: "工作需要" },
  state: "release_review",
  createdAt: "2024-08-01T00:00:00.000Z",
  updatedAt: "2024-08-01T00:00:00.000Z",
};

describe("effectsOf a transfer", () => {
  it("on completion moves the person and the account, both from the 调出学校 to the 调入学校", () => {
    const move = { personKey: "pk-zhang", fromSchool: "4306230001", toSchool: "4306230002" };
    expect(effectsOf(TRANSFER, "completed")).toEqual([
      { kind: "movePerson", ...move },
      { kind: "moveAccount", ...move },
    ]);
  });

  it("before completion moves nothing: the sending school keeps the account", () => {
    expect(effectsOf(TRANSFER, "release_review")).toEqual([]);
  });
});
