import { describe, expect, it } from "vitest";
import {
  afterFailure,
  chinaClock,
  lockedUntil,
  lockMessage,
  TEACHER_POLICY,
  type ThrottleState,
} from "../../../src/core/portal/throttle";

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 11, 2, 4, 0) + minutes * 60_000).toISOString();

function fail(times: number, start = 0, state?: ThrottleState) {
  let current = state;
  for (let i = 0; i < times; i++) current = afterFailure(current, TEACHER_POLICY, at(start + i));
  return current;
}

describe("sign-in throttle", () => {
  it("locks on the fifth failure within the window, for fifteen minutes", () => {
    const four = fail(4);
    expect(four).toMatchObject({ failures: 4, lockedUntil: null });
    expect(lockedUntil(four, at(4))).toBeNull();
    const five = fail(5);
    expect(five?.lockedUntil).toBe(at(4 + 15));
    expect(lockedUntil(five, at(18))).toBe(at(19));
    expect(lockedUntil(five, at(19))).toBeNull();
  });

  it("forgets failures older than the window", () => {
    const old = fail(4);
    const later = afterFailure(old, TEACHER_POLICY, at(20));
    expect(later).toMatchObject({ failures: 1, windowStart: at(20), lockedUntil: null });
  });

  it("counts afresh once a lock has ended", () => {
    const locked = fail(5);
    const after = afterFailure(locked, TEACHER_POLICY, at(30));
    expect(after).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it("says when to try again in Beijing time", () => {
    expect(chinaClock("2026-12-02T04:19:00.000Z")).toBe("12:19");
    expect(lockMessage("2026-12-02T16:05:00.000Z", TEACHER_POLICY)).toBe(
      "密码错误次数过多，已暂停登录 15 分钟，请在 00:05（北京时间）后再试。如忘记密码，请联系学校系统管理员重置。",
    );
  });
});
