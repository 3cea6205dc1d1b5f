/**
 * The portal under attack: each test does what an attacker would and passes only because the
 * portal refuses it.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../../src/adapters/store/portal";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { pendingSubmissions } from "../../../src/adapters/store/submissions";
import { app } from "../../../src/app";
import { NUMBER_DAY_POLICY, PAIR_POLICY } from "../../../src/core/portal/throttle";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  record,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231401";
const OTHER_SCHOOL = "4306231402";
const PASSWORD = "huarong2026x";
const OTHER_PASSWORD = "yueyang2026y";

let alice: TestTeacher;
let bob: TestTeacher;
/** Sends many forms (the flooding tests, at the end). */
let carol: TestTeacher;
/** Fresh teachers for the throttling tests, each test its own. */
let spare: TestTeacher[];

beforeAll(async () => {
  await addSchools(SCHOOL, OTHER_SCHOOL);
  [alice] = (await addTeachers(SCHOOL, [11])) as [TestTeacher];
  [bob] = (await addTeachers(OTHER_SCHOOL, [12])) as [TestTeacher];
  [carol] = (await addTeachers(SCHOOL, [13])) as [TestTeacher];
  spare = await addTeachers(SCHOOL, [21, 22, 23, 24, 25, 26, 27, 28]);
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord("R-S-ALICE", SCHOOL, basicValues(residentId(11), "教师11")),
      await effectiveRecord("R-S-BOB", OTHER_SCHOOL, basicValues(residentId(12), "教师12")),
      await effectiveRecord("R-S-CAROL", SCHOOL, basicValues(residentId(13), "教师13")),
      await effectiveRecord(
        "R-S-BOB-CONTACT",
        OTHER_SCHOOL,
        { name: "教师12", idNumber: residentId(12), mobile: "13812345678" },
        "contact",
      ),
    ],
    await idCrypto,
    NOW,
  );
  await new Browser().firstSignIn(alice.teacherNumber, alice.initialPassword, PASSWORD);
  await new Browser().firstSignIn(bob.teacherNumber, bob.initialPassword, OTHER_PASSWORD);
  await new Browser().firstSignIn(carol.teacherNumber, carol.initialPassword, PASSWORD);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function signedIn(teacher: TestTeacher, password: string, browser = new Browser()) {
  const res = await browser.signIn(teacher.teacherNumber, password);
  expect(res.headers.get("location")).toBe("/portal/me");
  return browser;
}

/** As if the 15 minutes of every address's lock on the number had passed. */
async function liftPairLocks(teacherNumber: string): Promise<void> {
  await env.DB.prepare(
    "UPDATE portal_sign_in_attempts SET locked_until = '2020-01-01T00:00:00.000Z' WHERE throttle_key LIKE ?1",
  )
    .bind(`pair:${teacherNumber}:%`)
    .run();
}

async function submissionCount(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM teacher_submissions").first<{
    n: number;
  }>();
  return row?.n ?? 0;
}

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Strict and Secure outside localhost", async () => {
    const browser = new Browser("https://tmis.example.org");
    const page = await browser.get("/portal/");
    expect(page.headers.get("set-cookie")).toMatch(/HttpOnly/);
    const res = await browser.signIn(alice.teacherNumber, PASSWORD);
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith("tmis_portal="));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/portal/);

    const local = await new Browser().signIn(alice.teacherNumber, PASSWORD);
    const localCookie = local.headers.getSetCookie().find((l) => l.startsWith("tmis_portal="));
    expect(localCookie).toMatch(/; HttpOnly/);
    expect(localCookie).not.toMatch(/Secure/);
  });

  it("is stored server-side only as a hash, and an expired session opens nothing", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const token = browser.cookies.get("tmis_portal") ?? "";
    const { results } = await env.DB.prepare("SELECT * FROM portal_sessions").all();
    expect(JSON.stringify(results)).not.toContain(token);
    await env.DB.prepare(
      "UPDATE portal_sessions SET expires_at = '2020-01-01T00:00:00.000Z' WHERE teacher_number = ?",
    )
      .bind(alice.teacherNumber)
      .run();
    const res = await browser.get("/portal/me");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/portal/");
  });

  it("is rotated at sign-in: a token planted before (session fixation) or held before stops working", async () => {
    const before = await signedIn(alice, PASSWORD);
    const old = before.cookies.get("tmis_portal") ?? "";
    // An attacker planted `old` in the victim's browser (session fixation), or it is the
    // victim's own earlier session: signing in must not keep it.
    const victim = new Browser();
    const csrf = await victim.csrfOf("/portal/");
    victim.cookies.set("tmis_portal", old);
    const res = await victim.post(
      "/portal/sign-in",
      { teacherNumber: alice.teacherNumber, password: PASSWORD },
      csrf,
    );
    expect(res.status).toBe(303);
    const fresh = victim.cookies.get("tmis_portal");
    expect(fresh).not.toBe(old);
    const attacker = new Browser();
    attacker.cookies.set("tmis_portal", old);
    expect((await attacker.get("/portal/me")).headers.get("location")).toBe("/portal/");
  });
});

describe("session expiry", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ends a session left idle for 30 minutes, on the server, whatever the cookie says", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    vi.setSystemTime(start + 29 * 60_000);
    expect((await browser.get("/portal/me")).status).toBe(200);
    // 31 minutes after that last page, the cookie (kept by an attacker, or by a shared phone) is
    // still within its Max-Age, but the session is over.
    vi.setSystemTime(start + 60 * 60_000);
    const idle = await browser.get("/portal/me");
    expect(idle.status).toBe(303);
    expect(idle.headers.get("location")).toBe("/portal/");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      await (await browser.get("/portal/sections/contact/new")).text(),
    );
    expect(csrf).toBeNull();
  });

  it("keeps a session in use alive, but never past eight hours from sign-in", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    for (let minutes = 25; minutes < 8 * 60; minutes += 25) {
      vi.setSystemTime(start + minutes * 60_000);
      expect((await browser.get("/portal/me")).status, `${minutes} min`).toBe(200);
    }
    vi.setSystemTime(start + 8 * 3_600_000 + 1_000);
    expect((await browser.get("/portal/me")).headers.get("location")).toBe("/portal/");
  });
});

describe("CSRF", () => {
  it("refuses a sign-in POST without the token, with a wrong one, or without its cookie", async () => {
    const browser = new Browser();
    const csrf = await browser.csrfOf("/portal/");
    const form = { teacherNumber: alice.teacherNumber, password: PASSWORD };
    for (const token of [null, "", "forged-token", `${csrf}x`]) {
      const res = await browser.post("/portal/sign-in", form, token);
      expect(res.status).toBe(403);
      expect(res.headers.get("location")).toBeNull();
    }
    // A cross-site form carries the token it scraped, but not the victim's cookie.
    const crossSite = new Browser();
    const res = await crossSite.post("/portal/sign-in", form, csrf);
    expect(res.status).toBe(403);
    expect(crossSite.cookies.has("tmis_portal")).toBe(false);
  });

  it("refuses signed-in POSTs without the session's token, or from another origin", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const valid = { mobile: "13912345678" };
    for (const token of [null, "", "forged", (await new Browser().csrfOf("/portal/")) ?? ""]) {
      expect((await browser.post("/portal/sections/contact", valid, token)).status).toBe(403);
      expect(
        (await browser.post("/portal/records/R-S-ALICE", { name: "攻击者" }, token)).status,
      ).toBe(403);
      const change = await browser.post(
        "/portal/password",
        { currentPassword: PASSWORD, newPassword: "attacker123", confirmPassword: "attacker123" },
        token,
      );
      expect(change.status).toBe(403);
      expect((await browser.post("/portal/sign-out", {}, token)).status).toBe(403);
    }
    const foreign = await browser.fetch("/portal/sections/contact", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: new URLSearchParams({ _csrf: csrf, ...valid }),
    });
    expect(foreign.status).toBe(403);
    expect(await submissionCount()).toBe(0);
    // Still signed in with the old password: nothing above took effect.
    expect((await browser.get("/portal/me")).status).toBe(200);
    await signedIn(alice, PASSWORD);
  });
});

describe("sign-in throttling", () => {
  it("locks an address out of a 教师编号 after five wrong passwords, said in Chinese, but not the teacher elsewhere", async () => {
    const [victim] = spare as [TestTeacher];
    const attacker = new Browser("http://localhost", { "cf-connecting-ip": "203.0.113.5" });
    for (let i = 1; i <= 4; i++) {
      const res = await attacker.signIn(victim.teacherNumber, `guess${i}0000`);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain(`再输错 ${5 - i} 次将暂停登录 15 分钟`);
    }
    const fifth = await attacker.signIn(victim.teacherNumber, "guess50000");
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toMatch(
      /密码错误次数过多，已暂停登录 15 分钟，请在 \d\d:\d\d（北京时间）后再试/,
    );
    // The right password from the locked address: refused unchecked, no session.
    const again = await attacker.signIn(victim.teacherNumber, victim.initialPassword);
    expect(again.status).toBe(429);
    expect(attacker.cookies.has("tmis_portal")).toBe(false);

    // The teacher, from another address, is not held by the attacker's failures.
    const owner = new Browser("http://localhost", { "cf-connecting-ip": "198.51.100.7" });
    const right = await owner.signIn(victim.teacherNumber, victim.initialPassword);
    expect(right.headers.get("location")).toBe("/portal/password");

    // The address's lock ends by itself.
    await liftPairLocks(victim.teacherNumber);
    const after = await attacker.signIn(victim.teacherNumber, victim.initialPassword);
    expect(after.headers.get("location")).toBe("/portal/password");
  });

  it("counts a 教师编号 however it is typed: full-width digits, spaces, a tab", async () => {
    const target = spare[7] as TestTeacher;
    const fullWidth = target.teacherNumber.replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const spelled = [
      fullWidth,
      ` ${target.teacherNumber.slice(0, 6)} ${target.teacherNumber.slice(6)}`,
      `${fullWidth.slice(0, 6)}\u3000${target.teacherNumber.slice(6)}`,
      `\t${target.teacherNumber}\t`,
      target.teacherNumber,
    ];
    const browser = new Browser("http://localhost", { "cf-connecting-ip": "198.19.0.1" });
    for (const [i, number] of spelled.entries())
      expect((await browser.signIn(number, `typed${i}wrong`)).status, number).toBe(
        i < 4 ? 401 : 429,
      );
    // Five spellings, one 教师编号: this address is locked out of it, for the right password too,
    // and the number's day counts all five.
    const right = await browser.signIn(target.teacherNumber, target.initialPassword);
    expect(right.status).toBe(429);
    const day = await env.DB.prepare(
      "SELECT failures FROM portal_sign_in_attempts WHERE throttle_key LIKE ?1",
    )
      .bind(`number:${target.teacherNumber}:%`)
      .first<{ failures: number }>();
    expect(day?.failures).toBe(5);
    await liftPairLocks(target.teacherNumber);
    // And the teacher whose phone types full-width digits signs in.
    const phone = await browser.signIn(fullWidth, target.initialPassword);
    expect(phone.headers.get("location")).toBe("/portal/password");
  });

  it("checks at most five passwords per address, and the day's bound per 教师编号, even in bursts", async () => {
    const target = spare[6] as TestTeacher;
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const send = async (address: string, i: number) => {
      const browser = new Browser("http://localhost", { "cf-connecting-ip": address });
      const csrf = await browser.csrfOf("/portal/");
      return browser.post(
        "/portal/sign-in",
        { teacherNumber: target.teacherNumber, password: `burst${i}pw` },
        csrf,
      );
    };
    const one = await Promise.all(Array.from({ length: 12 }, (_, i) => send("198.18.1.1", i)));
    expect(derive.mock.calls.length).toBeLessThanOrEqual(PAIR_POLICY.maxFailures);
    expect(one.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(7);
    derive.mockClear();
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => send(`198.18.0.${i}`, i)));
    expect(derive.mock.calls.length).toBeLessThanOrEqual(NUMBER_DAY_POLICY.maxFailures);
    expect(many.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(10);
    const right = await new Browser().signIn(target.teacherNumber, target.initialPassword);
    expect(right.status).toBe(429);
  });

  it("locks a client that tries many 教师编号, even for a right password, but not other clients", async () => {
    const [, a, b, c, d, e] = spare as TestTeacher[];
    const sprayer = new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.66" });
    const targets = [a, b, c, d, e] as TestTeacher[];
    let last: Response | undefined;
    // Four wrong passwords per number (never the five that lock a number), twenty in all.
    for (let round = 0; round < 4; round++)
      for (const target of targets)
        last = await sprayer.signIn(target.teacherNumber, `spray${round}x1`);
    expect(last?.status).toBe(429);
    const right = await sprayer.signIn(
      (a as TestTeacher).teacherNumber,
      (a as TestTeacher).initialPassword,
    );
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("密码错误次数过多");
    expect(sprayer.cookies.has("tmis_portal")).toBe(false);
    const elsewhere = new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.67" });
    const ok = await elsewhere.signIn(
      (a as TestTeacher).teacherNumber,
      (a as TestTeacher).initialPassword,
    );
    expect(ok.headers.get("location")).toBe("/portal/password");
    // The client's address is kept only as a hash.
    const { results } = await env.DB.prepare(
      "SELECT throttle_key FROM portal_sign_in_attempts",
    ).all();
    expect(JSON.stringify(results)).not.toContain("192.0.2.66");
  });

  it("trusts only Cloudflare's CF-Connecting-IP for the client, never X-Forwarded-For and the like", async () => {
    for (const [i, spoofed] of ["10.0.0.1", "10.0.0.2", "10.0.0.3"].entries()) {
      const browser = new Browser("http://localhost", {
        "cf-connecting-ip": "192.0.2.95",
        "x-forwarded-for": spoofed,
        "x-real-ip": spoofed,
        "true-client-ip": spoofed,
      });
      await browser.signIn("430623999998", `spoof${i}x1`);
    }
    const key = (ip: string) => sha256Hex(ip).then((hash) => `client:${hash}`);
    const counted = await env.DB.prepare(
      "SELECT failures FROM portal_sign_in_attempts WHERE throttle_key = ?",
    )
      .bind(await key("192.0.2.95"))
      .first<{ failures: number }>();
    expect(counted?.failures).toBe(3);
    const spoofedKeys = await env.DB.prepare(
      "SELECT count(*) AS n FROM portal_sign_in_attempts WHERE throttle_key IN (?, ?, ?)",
    )
      .bind(await key("10.0.0.1"), await key("10.0.0.2"), await key("10.0.0.3"))
      .first<{ n: number }>();
    expect(spoofedKeys?.n).toBe(0);
  });

  it("forgets failures once they no longer count", async () => {
    await env.DB.prepare(
      `INSERT INTO portal_sign_in_attempts (throttle_key, failures, window_start, locked_until)
       VALUES ('client:stale', 3, '2020-01-01T00:00:00.000Z', NULL),
              ('client:lock-ended', 0, '2020-01-01T00:00:00.000Z', '2020-01-01T00:15:00.000Z')`,
    ).run();
    await new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.91" }).signIn(
      alice.teacherNumber,
      "wrong-once-1",
    );
    const { results } = await env.DB.prepare(
      "SELECT throttle_key FROM portal_sign_in_attempts WHERE throttle_key IN ('client:stale', 'client:lock-ended')",
    ).all();
    expect(results).toEqual([]);
  });

  it("never feeds PBKDF2 an oversized password, at sign-in or as the current password", async () => {
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const huge = "A1".repeat(30_000);
    const browser = new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.93" });
    const failed = await browser.signIn(alice.teacherNumber, huge);
    expect(failed.status).toBe(401);
    expect(await failed.text()).toContain("教师编号或密码不正确");
    await signedIn(alice, PASSWORD, browser);
    const csrf = await browser.csrfOf("/portal/password");
    const change = await browser.post(
      "/portal/password",
      { currentPassword: huge, newPassword: "huarong2027z", confirmPassword: "huarong2027z" },
      csrf,
    );
    expect(change.status).toBe(401);
    expect(await change.text()).toContain("当前密码不正确");
    const keyBytes = importKey.mock.calls
      .filter(([format, , algorithm]) => format === "raw" && algorithm === "PBKDF2")
      .map(([, data]) => (data as Uint8Array).byteLength);
    expect(keyBytes.length).toBeGreaterThan(0);
    expect(Math.max(...keyBytes)).toBeLessThanOrEqual(512);
    await signedIn(alice, PASSWORD);
  });

  it("costs an unknown 教师编号 the same PBKDF2 work as a known one", async () => {
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const browser = new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.90" });
    await browser.signIn("430623999999", "whatever123");
    const unknown = derive.mock.calls.map(
      (call) => (call[0] as { iterations?: number }).iterations,
    );
    derive.mockClear();
    await browser.signIn(alice.teacherNumber, "whatever123");
    const known = derive.mock.calls.map((call) => (call[0] as { iterations?: number }).iterations);
    expect(unknown).toEqual([100_000]);
    expect(known).toEqual(unknown);
    const malformed = await browser.signIn("12345", "whatever123");
    expect(malformed.status).toBe(401);
    expect(await malformed.text()).toContain("教师编号或密码不正确");
  });
});

describe("another teacher's data", () => {
  it("is unreachable by URL tampering: another record id, section or teacher number", async () => {
    const browser = await signedIn(alice, PASSWORD);
    for (const path of [
      "/portal/records/R-S-BOB/edit",
      "/portal/records/R-S-BOB-CONTACT/edit",
      "/portal/records/R-NONE/edit",
      "/portal/records/..%2FR-S-BOB/edit",
      "/portal/sections/transferRequest/new",
      "/portal/sections/nothing/new",
      `/portal/teachers/${bob.teacherNumber}`,
    ]) {
      const res = await browser.get(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).not.toContain("教师12");
      expect(html).not.toContain("13812345678");
    }
    const csrf = await browser.csrfOf("/portal/me");
    const tampered = await browser.post(
      "/portal/records/R-S-BOB-CONTACT",
      { mobile: "13900000000" },
      csrf,
    );
    expect(tampered.status).toBe(404);
    expect(await pendingSubmissions(env.DB, OTHER_SCHOOL, await idCrypto)).toEqual([]);
    // A teacher number in the query changes nothing: the page is Alice's.
    const me = await (await browser.get(`/portal/me?teacher=${bob.teacherNumber}`)).text();
    expect(me).toContain(alice.teacherNumber);
    expect(me).not.toContain(bob.teacherNumber);
    expect(me).not.toContain("R-S-BOB");
  });

  it("hides ID and phone numbers a reviewer quoted in a return reason", async () => {
    const quoted = `与${residentId(12)}（电话 13812345678，0730-4212345）的记录重复`;
    await applyRegistryChanges(
      env.DB,
      [
        {
          kind: "putRecord",
          record: record("R-S-ALICE-EDU", SCHOOL, {
            section: "education",
            state: "returned",
            reason: quoted,
            personKey: alice.personKey,
          }),
        },
      ],
      await idCrypto,
      NOW,
    );
    const browser = await signedIn(alice, PASSWORD);
    const html = await (await browser.get("/portal/me")).text();
    expect(html).toContain("退回原因：与［已隐去］（电话 ［已隐去］，［已隐去］）的记录重复");
    for (const secret of [residentId(12), "13812345678", "0730-4212345"])
      expect(html).not.toContain(secret);
  });

  it("escapes what it reflects, attributes included, and shows no notice it did not write", async () => {
    const browser = new Browser("http://localhost", { "cf-connecting-ip": "192.0.2.94" });
    const injected = `"/autofocus/onfocus="alert(1)"><script>alert(2)</script>`;
    const html = await (await browser.signIn(injected, "whatever123")).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain('onfocus="alert');
    expect(html).toContain("&quot;/autofocus/onfocus=&quot;alert(1)&quot;&gt;");
    await signedIn(alice, PASSWORD, browser);
    for (const done of ["constructor", "__proto__", "toString", "<b>x</b>"]) {
      const page = await (await browser.get(`/portal/me?done=${encodeURIComponent(done)}`)).text();
      expect(page, done).not.toContain('data-testid="notice"');
    }
  });

  it("takes only the section's own fields: no review column, record id, or anyone else's ID", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const res = await browser.post(
      "/portal/sections/training",
      {
        year: "2026",
        type: "4",
        project: "县级班主任培训",
        mode: "1",
        hours: "24",
        credits: "24",
        name: "教师12",
        idNumber: residentId(12),
        approval: "TRUE",
        reviewStatus: "已生效",
        checkResult: "通过",
        recordId: "R-S-BOB",
        teacherNumber: bob.teacherNumber,
        schoolCode: OTHER_SCHOOL,
        section: "basic",
      },
      csrf,
    );
    expect(res.headers.get("location")).toBe("/portal/me?done=submitted");
    const [queued, ...more] = await pendingSubmissions(env.DB, SCHOOL, await idCrypto);
    expect(more).toEqual([]);
    expect(queued?.teacherNumber).toBe(alice.teacherNumber);
    expect(queued?.section).toBe("training");
    expect(queued?.recordId).toBeNull();
    expect(queued?.values.idNumber).toBe(alice.idNumber);
    expect(queued?.values.name).toBe("教师11");
    for (const key of ["approval", "reviewStatus", "checkResult", "recordId", "teacherNumber"])
      expect(Object.keys(queued?.values ?? {})).not.toContain(key);
    expect(await pendingSubmissions(env.DB, OTHER_SCHOOL, await idCrypto)).toEqual([]);
    await env.DB.prepare("DELETE FROM teacher_submissions").run();
  });

  it("never puts a full ID number or a password in a page", async () => {
    const browser = new Browser();
    const failed = await browser.signIn(alice.teacherNumber, "Wrong-Secret-42");
    expect(await failed.text()).not.toContain("Wrong-Secret-42");
    await browser.signIn(alice.teacherNumber, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const pages = [
      await browser.get("/portal/me"),
      await browser.get("/portal/records/R-S-ALICE/edit"),
      await browser.get("/portal/sections/contact/new"),
      // An invalid 基本信息 correction: the engine's messages about the ID row are shown masked.
      await browser.post("/portal/records/R-S-ALICE", { name: "教师11", sex: "1" }, csrf),
      await browser.get("/portal/password"),
    ];
    for (const page of pages) {
      const html = await page.text();
      expect(html).not.toContain(alice.idNumber);
      expect(html).not.toContain(alice.idNumber.slice(6, 14));
      expect(html).not.toContain(PASSWORD);
      expect(html).not.toContain(alice.initialPassword);
    }
  });
});

describe("admin API and portal sessions stay apart", () => {
  it("never takes the admin bearer token as a teacher session", async () => {
    const headers = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
    for (const path of ["/portal/me", "/portal/password", "/portal/sections/contact/new"]) {
      const res = await app.request(`http://localhost${path}`, { headers }, env);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/portal/");
    }
    const asCookie = new Browser();
    asCookie.cookies.set("tmis_portal", env.ADMIN_TOKEN ?? "");
    expect((await asCookie.get("/portal/me")).headers.get("location")).toBe("/portal/");
    const post = await app.request(
      "http://localhost/portal/sections/contact",
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: "mobile=13912345678",
      },
      env,
    );
    expect(post.status).toBe(401);
    expect(await submissionCount()).toBe(0);
  });

  it("never opens the admin API with a teacher session", async () => {
    const browser = await signedIn(alice, PASSWORD);
    const cookie = `tmis_portal=${browser.cookies.get("tmis_portal")}`;
    for (const path of [`/api/teachers/${alice.teacherNumber}`, "/api/schools"]) {
      const res = await app.request(`http://localhost${path}`, { headers: { cookie } }, env);
      expect(res.status).toBe(401);
    }
    const bearer = await app.request(
      `http://localhost/api/teachers/${alice.teacherNumber}`,
      { headers: { authorization: `Bearer ${browser.cookies.get("tmis_portal")}` } },
      env,
    );
    expect(bearer.status).toBe(401);
  });
});

describe("replies", () => {
  it("are never cached and cannot be framed", async () => {
    const browser = await signedIn(alice, PASSWORD);
    for (const path of [
      "/portal/",
      "/portal/me",
      "/portal/sections/contact/new",
      "/portal/nothing",
    ]) {
      const res = await browser.get(path);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("log nothing personal through a whole visit", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    const browser = new Browser();
    await browser.signIn(alice.teacherNumber, "Wrong-Secret-42");
    await browser.signIn(alice.teacherNumber, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    await browser.post("/portal/sections/contact", { mobile: "139123" }, csrf);
    await browser.get("/portal/records/R-S-ALICE/edit");
    const text = lines.join("\n");
    for (const secret of [
      alice.idNumber,
      "Wrong-Secret-42",
      PASSWORD,
      "139123",
      alice.teacherNumber,
    ])
      expect(text).not.toContain(secret);
  });
});

describe("flooding the school's sheet", () => {
  async function pendingOf(teacher: TestTeacher, section?: string): Promise<number> {
    const row = await env.DB.prepare(
      `SELECT count(*) AS n FROM teacher_submissions
       WHERE teacher_number = ?1 AND written_at IS NULL AND (?2 IS NULL OR section = ?2)`,
    )
      .bind(teacher.teacherNumber, section ?? null)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }

  it("keeps one new row of a one-row section waiting, however often or fast it is posted", async () => {
    const browser = await signedIn(carol, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const first = await browser.post("/portal/sections/contact", { mobile: "13912345678" }, csrf);
    expect(first.headers.get("location")).toBe("/portal/me?done=submitted");
    const again = await Promise.all(
      Array.from({ length: 4 }, () =>
        browser.post("/portal/sections/contact", { mobile: "13912345679" }, csrf),
      ),
    );
    for (const res of again) {
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("每人只有一条记录");
    }
    expect(await pendingOf(carol, "contact")).toBe(1);
  });

  it("caps what one teacher sends a day, even for forms sent at once", async () => {
    const browser = await signedIn(carol, PASSWORD);
    const csrf = await browser.csrfOf("/portal/me");
    const training = {
      year: "2026",
      type: "4",
      project: "县级班主任培训",
      mode: "1",
      hours: "24",
      credits: "24",
    };
    const sent = await Promise.all(
      Array.from({ length: 30 }, () => browser.post("/portal/sections/training", training, csrf)),
    );
    const refused = sent.filter((res) => res.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(11);
    expect(await (refused[0] as Response).text()).toContain("今天已提交 20 条");
    expect(await pendingOf(carol)).toBe(20);
  });
});

describe("a password change", () => {
  it("ends every other session of the teacher, and the old password", async () => {
    const other = await signedIn(carol, PASSWORD);
    const otherCsrf = await other.csrfOf("/portal/me");
    const browser = await signedIn(carol, PASSWORD);
    const csrf = await browser.csrfOf("/portal/password");
    const changed = await browser.post(
      "/portal/password",
      { currentPassword: PASSWORD, newPassword: "huarong2027z", confirmPassword: "huarong2027z" },
      csrf,
    );
    expect(changed.headers.get("location")).toBe("/portal/me?done=password");
    expect((await other.get("/portal/me")).headers.get("location")).toBe("/portal/");
    expect((await other.post("/portal/sign-out", {}, otherCsrf)).status).toBe(401);
    // The session that changed it is a new one, with a new CSRF token.
    expect(await browser.csrfOf("/portal/me")).not.toBe(csrf);
    expect((await new Browser().signIn(carol.teacherNumber, PASSWORD)).status).toBe(401);
  });
});
