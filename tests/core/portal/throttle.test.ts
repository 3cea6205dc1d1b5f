import { describe, expect, it } from "vitest";
import {
  CLIENT_POLICY,
  chinaClock,
  chinaDayStart,
  lockedUntil,
  NUMBER_DAY_POLICY,
  nextChinaMidnight,
  numberDayKey,
  PAIR_POLICY,
  signInKeys,
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

const NUMBER = "430623000001";

describe("sign-in throttle", () => {
  it("checks the first five attempts of a window, the fifth locking if wrong", () => {
    expect(verdict(counted(1), PAIR_POLICY, at(1))).toEqual({
      kind: "check",
      lockIfWrong: false,
      left: 4,
    });
    expect(verdict(counted(5), PAIR_POLICY, at(1))).toEqual({
      kind: "check",
      lockIfWrong: true,
      left: 0,
    });
  });

  it("refuses a sixth attempt unchecked, even one sent together with the fifth", () => {
    expect(verdict(counted(6), PAIR_POLICY, at(1))).toEqual({
      kind: "locked",
      until: at(16),
      lock: true,
    });
  });

  it("refuses every attempt while locked, and the lock ends by itself", () => {
    const locked = counted(1, at(15));
    expect(verdict(locked, PAIR_POLICY, at(14))).toEqual({
      kind: "locked",
      until: at(15),
      lock: false,
    });
    expect(lockedUntil(locked, at(15))).toBeNull();
    expect(verdict(locked, PAIR_POLICY, at(15)).kind).toBe("check");
  });

  it("counts attempts of the last fifteen minutes", () => {
    expect(windowCutoff(PAIR_POLICY, at(20))).toBe(at(5));
  });

  it("says when to try again in Beijing time", () => {
    expect(chinaClock("2026-12-02T04:19:00.000Z")).toBe("12:19");
    expect(PAIR_POLICY.lockMessage("2026-12-02T16:05:00.000Z")).toBe(
      "密码错误次数过多，已暂停登录 15 分钟，请在 00:05（北京时间）后再试。如忘记密码，请联系学校系统管理员重置。",
    );
  });

  it("locks a number's day until the next Beijing midnight", () => {
    // 23:30 on 2 December in Beijing is 15:30 UTC.
    expect(chinaDayStart("2026-12-02T15:30:00.000Z")).toBe("2026-12-01T16:00:00.000Z");
    expect(NUMBER_DAY_POLICY.lockEnd("2026-12-02T15:30:00.000Z")).toBe(
      nextChinaMidnight("2026-12-02T15:30:00.000Z"),
    );
    expect(nextChinaMidnight("2026-12-02T15:30:00.000Z")).toBe("2026-12-02T16:00:00.000Z");
    // Half an hour later it is 3 December in Beijing: another key.
    expect(numberDayKey(NUMBER, "2026-12-02T15:30:00.000Z")).toBe(`number:${NUMBER}:2026-12-02`);
    expect(numberDayKey(NUMBER, "2026-12-02T16:00:00.000Z")).toBe(`number:${NUMBER}:2026-12-03`);
    expect(NUMBER_DAY_POLICY.lockMessage("")).toContain("此前成功登录过的设备上仍可登录");
  });
});

describe("the keys of a sign-in", () => {
  const now = at(0);

  it("counts an unknown device on its address, its pair and the number's day, in that order", () => {
    const keys = signInKeys(
      { teacherNumber: NUMBER, device: undefined, address: "ha", preSession: "hp" },
      now,
    );
    expect(keys.map((entry) => [entry.key, entry.policy, entry.onRight])).toEqual([
      ["client:ha", CLIENT_POLICY, "give_back"],
      [`pair:${NUMBER}:aha`, PAIR_POLICY, "reset"],
      [numberDayKey(NUMBER, now), NUMBER_DAY_POLICY, "give_back"],
    ]);
  });

  it("counts a known device on its own pair only: other clients' failures never hold it", () => {
    const keys = signInKeys(
      { teacherNumber: NUMBER, device: "hd", address: "ha", preSession: "hp" },
      now,
    );
    expect(keys.map((entry) => entry.key)).toEqual([`pair:${NUMBER}:dhd`]);
  });

  it("never pools requests without an address: no client key, the pair by pre-session", () => {
    const keys = signInKeys(
      { teacherNumber: NUMBER, device: undefined, address: undefined, preSession: "hp" },
      now,
    );
    expect(keys.map((entry) => entry.key)).toEqual([
      `pair:${NUMBER}:php`,
      numberDayKey(NUMBER, now),
    ]);
    const malformed = { teacherNumber: undefined, device: undefined, preSession: "hp" };
    expect(signInKeys({ ...malformed, address: undefined }, now)).toEqual([]);
    expect(signInKeys({ ...malformed, address: "ha" }, now).map((entry) => entry.key)).toEqual([
      "client:ha",
    ]);
  });
});
