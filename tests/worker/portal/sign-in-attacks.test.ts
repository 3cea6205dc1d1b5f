/**
 * Sign-in turned against teachers, and the other ways around the portal's limits (issue 17): each
 * test does what an attacker would and passes only because the portal refuses it.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { markSubmissionsWritten } from "../../../src/adapters/store/submissions";
import { app } from "../../../src/app";
import { NUMBER_DAY_POLICY } from "../../../src/core/portal/throttle";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, LOCAL, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231501";
const OWN_PASSWORD = "dongting2026q";

let teachers: TestTeacher[];

beforeAll(async () => {
  await addSchools(SCHOOL);
  teachers = await addTeachers(SCHOOL, [31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function from(address: string, origin = LOCAL): Browser {
  return new Browser(origin, { "cf-connecting-ip": address });
}

function teacher(i: number): TestTeacher {
  const found = teachers[i];
  if (found === undefined) throw new Error(`no test teacher ${i}`);
  return found;
}

async function attacks(): Promise<{ teacherNumber: string; failures: number }[]> {
  const res = await app.request(
    "http://localhost/api/portal/attacks",
    { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
    env,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { numbers: { teacherNumber: string; failures: number }[] }).numbers;
}

describe("a 教师编号 under attack", () => {
  it("still opens from the teacher's own device while 50 addresses guess; checks stay within the daily bound", async () => {
    const victim = teacher(0);
    const phone = from("198.51.100.20");
    await phone.firstSignIn(victim.teacherNumber, victim.initialPassword, OWN_PASSWORD);
    phone.cookies.delete("tmis_portal"); // the session has ended since; the phone is the same

    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    for (let address = 0; address < 50; address++) {
      const attacker = from(`203.0.113.${address}`);
      for (let guess = 0; guess < 3; guess++)
        await attacker.signIn(victim.teacherNumber, `guess${address}x${guess}`);
    }
    expect(derive.mock.calls.length).toBeLessThanOrEqual(NUMBER_DAY_POLICY.maxFailures);

    const back = await phone.signIn(victim.teacherNumber, OWN_PASSWORD);
    expect(back.headers.get("location")).toBe("/portal/me");

    // A device that never signed in for this number waits for the next day, told why.
    const stranger = from("198.51.100.21");
    const refused = await stranger.signIn(victim.teacherNumber, OWN_PASSWORD);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("此前成功登录过的设备");
    expect(stranger.cookies.has("tmis_portal")).toBe(false);

    // The county sees the number under attack.
    const listed = (await attacks()).find((row) => row.teacherNumber === victim.teacherNumber);
    expect(listed?.failures).toBeGreaterThanOrEqual(NUMBER_DAY_POLICY.maxFailures);
    const anonymous = await app.request("http://localhost/api/portal/attacks", {}, env);
    expect(anonymous.status).toBe(401);
  });

  it("keeps a known device within its own limit: five wrong passwords lock it", async () => {
    const owner = teacher(1);
    const phone = from("198.51.100.30");
    await phone.firstSignIn(owner.teacherNumber, owner.initialPassword, OWN_PASSWORD);
    phone.cookies.delete("tmis_portal");
    for (let i = 1; i <= 4; i++)
      expect((await phone.signIn(owner.teacherNumber, `wrong${i}pass`)).status).toBe(401);
    expect((await phone.signIn(owner.teacherNumber, "wrong5pass")).status).toBe(429);
    expect((await phone.signIn(owner.teacherNumber, OWN_PASSWORD)).status).toBe(429);
    // Another of the teacher's browsers is not held by the phone's lock.
    const laptop = from("198.51.100.31");
    expect((await laptop.signIn(owner.teacherNumber, OWN_PASSWORD)).headers.get("location")).toBe(
      "/portal/me",
    );
  });

  it("never pools requests without CF-Connecting-IP: twenty failures lock no other client", async () => {
    const sprayed = [2, 3, 4, 5, 6, 7].map(teacher);
    for (let round = 0; round < 4; round++)
      for (const target of sprayed) {
        const res = await new Browser().signIn(target.teacherNumber, `nohdr${round}x1`);
        expect(res.status).toBe(401);
      }
    const owner = teacher(8);
    const res = await new Browser().signIn(owner.teacherNumber, owner.initialPassword);
    expect(res.headers.get("location")).toBe("/portal/password");
  });
});

describe("the sign-in CSRF pair", () => {
  it("is bound to the browser's pre-session: another browser's pair, or a pair made up, is refused", async () => {
    const target = teacher(9);
    const form = { teacherNumber: target.teacherNumber, password: target.initialPassword };
    const attacker = new Browser();
    const token = await attacker.csrfOf("/portal/");
    const victim = new Browser();
    await victim.get("/portal/");
    // The attacker plants their page's cookies in the victim's browser; the victim's own
    // pre-session stays.
    for (const [name, value] of attacker.cookies)
      if (name !== "tmis_portal_pre") victim.cookies.set(name, value);
    const replayed = await victim.post("/portal/sign-in", form, token);
    expect(replayed.status).toBe(403);
    expect(victim.cookies.has("tmis_portal")).toBe(false);

    // Nor does any pair the server never issued open a sign-in.
    const forger = new Browser();
    forger.cookies.set("tmis_portal_csrf", "made-up-token");
    forger.cookies.set("tmis_portal_pre", "made-up-token");
    expect((await forger.post("/portal/sign-in", form, "made-up-token")).status).toBe(403);

    // The attacker's own pair still works in the attacker's own browser.
    const own = await attacker.post("/portal/sign-in", form, token);
    expect(own.headers.get("location")).toBe("/portal/password");
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent over https outside localhost, and not on local http", async () => {
    const secure = await new Browser("https://tmis.example.org").get("/portal/");
    expect(secure.headers.get("strict-transport-security")).toBe(
      "max-age=31536000; includeSubDomains",
    );
    for (const origin of [LOCAL, "https://localhost", "http://127.0.0.1"]) {
      const res = await new Browser(origin).get("/portal/");
      expect(res.headers.get("strict-transport-security"), origin).toBeNull();
    }
  });
});

describe("a new password", () => {
  it("is refused when common or built from the teacher's own number or name, said why", async () => {
    const target = teacher(10);
    const browser = from("198.51.100.40");
    await browser.signIn(target.teacherNumber, target.initialPassword);
    const reversed = [...target.teacherNumber].reverse().join("");
    const tries: [string, string][] = [
      ["password1", "常见"],
      ["12345678a", "常见"],
      ["qwerty123", "常见"],
      ["woaini1314", "常见"],
      [`pw${reversed}`, "教师编号"],
      [`教师41${"2026ab"}`, "姓名"],
      ["aaaaaaa1", "过于简单"],
      ["2wsx3edc4rfv", "过于简单"],
    ];
    for (const [password, why] of tries) {
      const csrf = await browser.csrfOf("/portal/password");
      const res = await browser.post(
        "/portal/password",
        {
          currentPassword: target.initialPassword,
          newPassword: password,
          confirmPassword: password,
        },
        csrf,
      );
      expect(res.status, password).toBe(422);
      expect(await res.text(), password).toContain(why);
    }
    const csrf = await browser.csrfOf("/portal/password");
    const ok = await browser.post(
      "/portal/password",
      {
        currentPassword: target.initialPassword,
        newPassword: OWN_PASSWORD,
        confirmPassword: OWN_PASSWORD,
      },
      csrf,
    );
    expect(ok.headers.get("location")).toBe("/portal/me?done=password");
  });
});

describe("submissions", () => {
  const training = {
    year: "2026",
    type: "4",
    project: "县级班主任培训",
    mode: "1",
    hours: "24",
    credits: "24",
  };

  async function sentToday(teacherNumber: string): Promise<{ id: string }[]> {
    const { results } = await env.DB.prepare(
      "SELECT id FROM teacher_submissions WHERE teacher_number = ?1",
    )
      .bind(teacherNumber)
      .all<{ id: string }>();
    return results;
  }

  it("are bounded per teacher per day, not per sync: a second burst after the sync is refused", async () => {
    const sender = teacher(8);
    await applyRegistryChanges(
      env.DB,
      [await effectiveRecord("R-S-SENDER", SCHOOL, basicValues(residentId(39), "教师39"))],
      await idCrypto,
      NOW,
    );
    const browser = from("198.51.100.50");
    await browser.firstSignIn(sender.teacherNumber, sender.initialPassword, OWN_PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const burst = () =>
      Promise.all(
        Array.from({ length: 20 }, () => browser.post("/portal/sections/training", training, csrf)),
      );
    await burst();
    const first = await sentToday(sender.teacherNumber);
    expect(first).toHaveLength(20);
    // The school's sync writes them: nothing is waiting any more.
    await markSubmissionsWritten(
      env.DB,
      first.map((row) => row.id),
      new Date().toISOString(),
    );
    const second = await burst();
    expect(second.every((res) => res.status === 429)).toBe(true);
    expect(await second[0]?.text()).toContain("今天");
    expect(await sentToday(sender.teacherNumber)).toHaveLength(20);

    // The next day (Beijing time) the teacher may send again.
    await env.DB.prepare(
      "UPDATE teacher_submissions SET created_at = '2020-01-01T00:00:00.000Z' WHERE teacher_number = ?1",
    )
      .bind(sender.teacherNumber)
      .run();
    const tomorrow = await browser.post("/portal/sections/training", training, csrf);
    expect(tomorrow.headers.get("location")).toBe("/portal/me?done=submitted");
  });
});
