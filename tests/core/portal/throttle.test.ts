import { describe, expect, it } from "vitest";
import {
  chinaClock,
  lockedUntil,
  lockMessage,
  TEACHER_POLICY,
  verdict,
  windowCutoff,
} from "../../../src/core/portal/throttle";

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 11, 2, 4, 0) + minutes * 60_000).toISOString();

const counted = (failures: number, lockedUntil: string | null = null) => ({
  failures,
  windowStart: at(0),
  lockedUntil,
});

describe("sign-in throttle", () => {
  it("checks the first five attempts of a window, the fifth locking if wrong", () => {
    expect(verdict(counted(1), TEACHER_POLICY, at(1))).toEqual({
      kind: "check",
      lockIfWrong: false,
      left: 4,
    });
    expect(verdict(counted(5), TEACHER_POLICY, at(1))).toEqual({
      kind: "check",
      lockIfWrong: true,
      left: 0,
    });
  });

  it("refuses a sixth attempt unchecked, even one sent together with the fifth", () => {
    expect(verdict(counted(6), TEACHER_POLICY, at(1))).toEqual({
      kind: "locked",
      until: at(16),
      lock: true,
    });
  });

  it("refuses every attempt while locked, and the lock ends by itself", () => {
    const locked = counted(1, at(15));
    expect(verdict(locked, TEACHER_POLICY, at(14))).toEqual({
      kind: "locked",
      until: at(15),
      lock: false,
    });
    expect(lockedUntil(locked, at(15))).toBeNull();
    expect(verdict(locked, TEACHER_POLICY, at(15)).kind).toBe("check");
  });

  it("counts attempts of the last fifteen minutes", () => {
    expect(windowCutoff(TEACHER_POLICY, at(20))).toBe(at(5));
  });

  it("says when to try again in Beijing time", () => {
    expect(chinaClock("2026-12-02T04:19:00.000Z")).toBe("12:19");
    expect(lockMessage("2026-12-02T16:05:00.000Z", TEACHER_POLICY)).toBe(
      "密码错误次数过多，已暂停登录 15 分钟，请在 00:05（北京时间）后再试。如忘记密码，请联系学校系统管理员重置。",
    );
  });
});
