/**
 * The portal under attack: each test does what an attacker would and passes only because the
 * portal refuses it.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applyRegistryChanges } from "../../../src/adapters/store/registry";
import { pendingSubmissions } from "../../../src/adapters/store/submissions";
import { app } from "../../../src/app";
import {
  addSchools,
  basicValues,
  effectiveRecord,
  idCrypto,
  NOW,
  residentId,
} from "../store/fixtures";
import { addTeachers, Browser, type TestTeacher } from "../support/portal";

const SCHOOL = "4306231401";
const OTHER_SCHOOL = "4306231402";
const PASSWORD = "huarong2026x";
const OTHER_PASSWORD = "yueyang2026y";

let alice: TestTeacher;
let bob: TestTeacher;
/** Fresh teachers for the throttling tests, each test its own. */
let spare: TestTeacher[];

beforeAll(async () => {
  await addSchools(SCHOOL, OTHER_SCHOOL);
  [alice] = (await addTeachers(SCHOOL, [11])) as [TestTeacher];
  [bob] = (await addTeachers(OTHER_SCHOOL, [12])) as [TestTeacher];
  spare = await addTeachers(SCHOOL, [21, 22, 23, 24, 25, 26, 27]);
  await applyRegistryChanges(
    env.DB,
    [
      await effectiveRecord("R-S-ALICE", SCHOOL, basicValues(residentId(11), "教师11")),
      await effectiveRecord("R-S-BOB", OTHER_SCHOOL, basicValues(residentId(12), "教师12")),
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
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function signedIn(teacher: TestTeacher, password: string, browser = new Browser()) {
  const res = await browser.signIn(teacher.teacherNumber, password);
  expect(res.headers.get("location")).toBe("/portal/me");
  return browser;
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
    const csrf = await new Browser().csrfOf("/portal/");
    const victim = new Browser();
    victim.cookies.set("tmis_portal", old);
    victim.cookies.set("tmis_portal_csrf", csrf);
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
  it("locks a 教师编号 after five wrong passwords, says so in Chinese, and refuses the right one too", async () => {
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

    // The right password, from another client: still locked, no session.
    const owner = new Browser("http://localhost", { "cf-connecting-ip": "198.51.100.7" });
    const right = await owner.signIn(victim.teacherNumber, victim.initialPassword);
    expect(right.status).toBe(429);
    expect(owner.cookies.has("tmis_portal")).toBe(false);

    // The lock ends by itself.
    await env.DB.prepare(
      "UPDATE portal_sign_in_attempts SET locked_until = '2020-01-01T00:00:00.000Z' WHERE throttle_key = ?",
    )
      .bind(`teacher:${victim.teacherNumber}`)
      .run();
    const after = await owner.signIn(victim.teacherNumber, victim.initialPassword);
    expect(after.headers.get("location")).toBe("/portal/password");
  });

  it("checks at most five passwords of a 教师编号 even when a burst arrives at once", async () => {
    const target = spare[6] as TestTeacher;
    const derive = vi.spyOn(crypto.subtle, "deriveBits");
    const burst = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const browser = new Browser("http://localhost", { "cf-connecting-ip": `198.18.0.${i}` });
        const csrf = await browser.csrfOf("/portal/");
        return browser.post(
          "/portal/sign-in",
          { teacherNumber: target.teacherNumber, password: `burst${i}pw` },
          csrf,
        );
      }),
    );
    expect(derive.mock.calls.length).toBeLessThanOrEqual(5);
    expect(burst.filter((res) => res.status === 401).length).toBeLessThanOrEqual(5);
    expect(burst.filter((res) => res.status === 429).length).toBeGreaterThanOrEqual(7);
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
