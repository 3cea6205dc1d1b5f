/**
 * Account slips (账号条) in workerd against the emulator: the sync writes the 「打印账号条」 link
 * beside the 账号 columns in the tab's own write; the link opens a print page of the school's
 * slips with one read of the tab; every attack on the link (a made-up, replaced, malformed or
 * other school's token, a dead account spreadsheet, a crawl) gets nothing; the token is kept
 * only as a hash and never logged.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordSlipLink, sha256Hex } from "../../src/adapters/store/slip-links";
import { app } from "../../src/app";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { SLIP_VIEW_LIMITS } from "../../src/routes/slips/index";
import { SlipsPage } from "../../src/routes/slips/page";
import { ID, sheetRows, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  type ServiceAccount,
} from "./support/emulator";
import { createSchoolSheet, cycle } from "./support/schools";

const ADMIN = "admin@hrjy.example.cn";
const SCHOOL = {
  code: "4306230081",
  name: "华容县账号条测试小学",
  category: "primary_secondary",
} as const;
const OTHER = {
  code: "4306230082",
  name: "华容县账号条对照小学",
  category: "primary_secondary",
} as const;
const PEOPLE = schoolPeople(SCHOOL.code, SCHOOL.name);
const SYSTEM_ADMIN = PEOPLE.systemAdmins[0] as string;
const BASE = "https://tmis.hrjy.example.cn";
const ADMIN_TOKEN = "test-admin-token";

let sa: ServiceAccount;
let testEnv: Env;
let accountsId = "";
let otherAccountsId = "";
const logged: string[] = [];

/** The 账号 tab as the school's system admin reads it, the link cells included. */
async function accountTab(id = accountsId): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    SYSTEM_ADMIN.replace(SCHOOL.code, id === accountsId ? SCHOOL.code : OTHER.code),
    "GET",
    `v4/spreadsheets/${id}/values/${encodeURIComponent("'账号'!A1:I")}`,
  );
  return got.values ?? [];
}

async function linkInSheet(): Promise<{ slips: string; portal: string }> {
  const rows = await accountTab();
  expect(rows[1]?.[7]).toBe("打印账号条");
  expect(rows[2]?.[7]).toBe("教师登录地址");
  return { slips: rows[1]?.[8] ?? "", portal: rows[2]?.[8] ?? "" };
}

const tokenOf = (link: string) => link.slice(`${BASE}/slips/`.length);
const page = (path: string, env: Env = testEnv) => app.request(path, {}, env);

beforeAll(async () => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  sa = await registerServiceAccount("account-slips");
  testEnv = { ...envFor(sa), PORTAL_BASE_URL: `${BASE}/` };
  const tabs = validTabs();
  const sections = templateFor(shippedTemplates, SCHOOL.category);
  await createSchoolSheet(
    ADMIN,
    sa.client_email,
    SCHOOL,
    Object.fromEntries(
      sections.map((s) => [s.title, sheetRows(SCHOOL.category, s.title, tabs[s.title] ?? [])]),
    ),
  );
  accountsId = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE);
  otherAccountsId = await createAccountsSheet(
    ADMIN,
    sa.client_email,
    schoolPeople(OTHER.code, OTHER.name),
  );
});

afterAll(async () => {
  await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  vi.restoreAllMocks();
});

describe("the 打印账号条 link", { timeout: 60_000 }, () => {
  it("rides along the 账号 tab's first write: still one request, beside the columns", async () => {
    const made = await requestsByFileDuring(sa.client_email, () => cycle(testEnv));
    expect(made[accountsId]).toEqual({ "sheets.spreadsheets.batchUpdate": 1 });
    const rows = await accountTab();
    expect(rows[0]).toEqual(["教师编号", "姓名", "初始密码", "发放时间", "状态", "重置密码"]);
    expect(rows.slice(1).map((row) => row.slice(0, 2).join(" ")).length).toBe(3);
    const link = await linkInSheet();
    expect(link.portal).toBe(`${BASE}/portal/`);
    expect(link.slips).toMatch(/^https:\/\/tmis\.hrjy\.example\.cn\/slips\/[A-Za-z0-9_-]{22}$/);
    // D1 keeps the hash only.
    const stored = await testEnv.DB.prepare("SELECT * FROM slip_links").all();
    expect(JSON.stringify(stored.results)).not.toContain(tokenOf(link.slips));
    expect(stored.results).toMatchObject([
      { school_code: SCHOOL.code, token_hash: await sha256Hex(tokenOf(link.slips)) },
    ]);
  });

  it("is not written again while nothing changed", async () => {
    const before = await linkInSheet();
    const li = (await accountTab()).find((row) => row[1] === "李娜")?.[0];
    const signedIn = await app.request(
      `/api/teachers/${li}/signed-in`,
      { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      testEnv,
    );
    expect(signedIn.status).toBe(200);
    await cycleUntilWritten();
    expect(await linkInSheet()).toEqual(before);
  });

  it("a school that shows passwords but has no link (from before the links) gets it alone, once", async () => {
    const before = await linkInSheet();
    await testEnv.DB.prepare("DELETE FROM slip_links WHERE school_code = ?1")
      .bind(SCHOOL.code)
      .run();
    const first = await requestsByFileDuring(sa.client_email, async () => {
      expect(await writeTab()).toMatchObject({ writes: 1, rows: 0 });
    });
    expect(first).toEqual({ [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 } });
    const after = await linkInSheet();
    expect(after.slips).not.toBe(before.slips);
    expect((await page(new URL(before.slips).pathname)).status).toBe(404);
    const second = await requestsByFileDuring(sa.client_email, async () => {
      expect(await writeTab()).toMatchObject({ writes: 0 });
    });
    expect(second).toEqual({});
    expect(await linkInSheet()).toEqual(after);
  });
});

/** The 账号 tab's write as a school's sync makes it. */
async function writeTab() {
  const { writeAccountRows } = await import("../../src/jobs/accounts");
  const { idCryptoFromEnv } = await import("../../src/adapters/crypto/index");
  const { googleFromEnv } = await import("../../src/adapters/google/index");
  const { HashBudget } = await import("../../src/jobs/hash-budget");
  return writeAccountRows(
    {
      db: testEnv.DB,
      google: googleFromEnv(testEnv),
      crypto: await idCryptoFromEnv(testEnv),
      now: new Date(),
      hashes: new HashBudget(),
      portalBase: BASE,
    },
    SCHOOL.code,
  );
}

async function cycleUntilWritten(): Promise<void> {
  expect((await writeTab()).writes).toBe(1);
}

describe("GET /slips/<token>", { timeout: 60_000 }, () => {
  it("prints a slip per teacher whose password is shown, with one read of the tab", async () => {
    const { slips, portal } = await linkInSheet();
    const rows = (await accountTab()).slice(1, 4);
    let res: Response | undefined;
    const made = await requestsByFileDuring(sa.client_email, async () => {
      res = await page(new URL(slips).pathname);
    });
    expect(made).toEqual({
      [accountsId]: { "sheets.spreadsheets.values.batchGetByDataFilter": 1 },
    });
    expect(res?.status).toBe(200);
    const html = (await res?.text()) ?? "";
    expect(html).toContain(SCHOOL.name);
    expect(html).toContain(portal);
    expect(html).toContain("<svg");
    const shown = rows.filter((row) => (row[2] ?? "") !== "");
    const cleared = rows.filter((row) => (row[2] ?? "") === "");
    expect(shown).toHaveLength(2);
    expect(cleared.map((row) => row[1])).toEqual(["李娜"]);
    for (const [number, name, password = ""] of shown) {
      expect(html).toContain(`data-teacher="${number}"`);
      expect(html).toContain(name);
      // Grouped 4-4-4, each group its own element.
      expect(html).toContain(
        `<span>${password.slice(0, 4)}</span><span>${password.slice(4, 8)}</span><span>${password.slice(8)}</span>`,
      );
    }
    expect(html.match(/data-testid="slip"/g)).toHaveLength(2);
    expect(html).toContain(
      `李娜（${cleared[0]?.[0]}）：已登录或已过期，如需重新发放请在账号表勾选“重置密码”`,
    );
    // No ID number, nor any part of one that could identify the person, on any slip.
    for (const id of Object.values(ID)) {
      expect(html).not.toContain(id);
      expect(html).not.toContain(id.slice(6, 14));
    }
    expect(html).not.toContain("<script");
  });

  it("answers with headers that keep the page out of caches, referrers, robots and frames", async () => {
    const { slips } = await linkInSheet();
    const res = await page(new URL(slips).pathname);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src");
    const css = await page("/slips/slips.css");
    expect(css.status).toBe(200);
    expect(await css.text()).toContain("@page{size:A4");
  });

  it("prints one teacher's slip with ?teacher=, and nobody's for a number not in the tab", async () => {
    const { slips } = await linkInSheet();
    const [, first] = await accountTab();
    const one = await (await page(`${new URL(slips).pathname}?teacher=${first?.[0]}`)).text();
    expect(one.match(/data-testid="slip"/g)).toHaveLength(1);
    expect(one).toContain(`data-teacher="${first?.[0]}"`);
    const none = await (await page(`${new URL(slips).pathname}?teacher=430623999999`)).text();
    expect(none).not.toContain('data-testid="slip"');
  });
});

describe("the page's layout", () => {
  it("puts eight slips to a printed page: nine make two, none makes a note and no page", () => {
    const slips = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        teacherNumber: `430623${String(i + 1).padStart(6, "0")}`,
        name: `教师${i + 1}`,
        password: "abcd2345efgh",
      }));
    const render = (count: number) =>
      String(
        SlipsPage({
          school: "测试学校",
          portal: `${BASE}/portal/`,
          slips: slips(count),
          cleared: [],
        }),
      );
    const pages = (html: string) => html.match(/<div class="page">/g)?.length ?? 0;
    expect(pages(render(8))).toBe(1);
    expect(pages(render(9))).toBe(2);
    expect(
      render(9)
        .split('<div class="page">')[2]
        ?.match(/data-testid="slip"/g),
    ).toHaveLength(1);
    expect(pages(render(0))).toBe(0);
    expect(render(0)).toContain("目前没有待发放的初始密码");
    // One QR code per slip, all of the same address: drawn once, repeated.
    expect(render(3).match(/<svg/g)).toHaveLength(3);
  });
});

describe("attacks on the link", { timeout: 60_000 }, () => {
  it("a made-up, malformed or near-miss token gets the plain 404 any unknown address gets", async () => {
    const { slips } = await linkInSheet();
    const token = tokenOf(slips);
    const plain = await page("/no-such-page");
    const plainBody = await plain.text();
    const nearMiss = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const path of [
      `/slips/${nearMiss}`,
      "/slips/AAAAAAAAAAAAAAAAAAAAAA",
      `/slips/${token}x`,
      `/slips/${token.toLowerCase() === token ? token.toUpperCase() : token.toLowerCase()}`,
      "/slips/",
      `/slips/${token}?teacher=../../x`,
      `/slips/${encodeURIComponent(`${token}' OR 1=1 --`)}`,
    ]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe(plainBody);
    }
  });

  it("another school's token opens that school's slips only, never this school's", async () => {
    const token = "OtherSchoolToken012345";
    await testEnv.DB.prepare(
      "INSERT OR IGNORE INTO account_spreadsheets (school_code, spreadsheet_id, seen_at) VALUES (?1, ?2, ?3)",
    )
      .bind(OTHER.code, otherAccountsId, new Date().toISOString())
      .run();
    await recordSlipLink(
      testEnv.DB,
      OTHER.code,
      token,
      { spreadsheetId: otherAccountsId, baseUrl: BASE },
      new Date().toISOString(),
    );
    const [, first] = await accountTab();
    const res = await page(`/slips/${token}?teacher=${first?.[0]}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(SCHOOL.name);
    expect(html).not.toContain('data-testid="slip"');
    expect(html).not.toContain(first?.[0] ?? "-");
  });

  it("the admin API's rotation writes a new link and the old one opens nothing", async () => {
    const old = tokenOf((await linkInSheet()).slips);
    const refused = await app.request(
      `/api/schools/${SCHOOL.code}/slips-link`,
      { method: "POST" },
      testEnv,
    );
    expect(refused.status).toBe(401);
    const res = await app.request(
      `/api/schools/${SCHOOL.code}/slips-link`,
      { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      testEnv,
    );
    expect(res.status).toBe(200);
    const body = await res.text();
    const fresh = tokenOf((await linkInSheet()).slips);
    expect(fresh).not.toBe(old);
    expect(body).not.toContain(fresh);
    expect((await page(`/slips/${old}`)).status).toBe(404);
    expect((await page(`/slips/${fresh}`)).status).toBe(200);
    const unknown = await app.request(
      "/api/schools/4306239999/slips-link",
      { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      testEnv,
    );
    expect(unknown.status).toBe(404);
  });

  it("a link written into an account spreadsheet the school no longer has opens nothing", async () => {
    const token = tokenOf((await linkInSheet()).slips);
    await testEnv.DB.prepare(
      "UPDATE account_spreadsheets SET spreadsheet_id = ?2 WHERE school_code = ?1",
    )
      .bind(SCHOOL.code, "replaced-spreadsheet")
      .run();
    try {
      expect((await page(`/slips/${token}`)).status).toBe(404);
    } finally {
      await testEnv.DB.prepare(
        "UPDATE account_spreadsheets SET spreadsheet_id = ?2 WHERE school_code = ?1",
      )
        .bind(SCHOOL.code, accountsId)
        .run();
    }
    expect((await page(`/slips/${token}`)).status).toBe(200);
  });

  it("a crawl is cut off: past the window's views, a 429 and no Google read", async () => {
    const token = tokenOf((await linkInSheet()).slips);
    await testEnv.DB.prepare(
      "UPDATE slip_links SET views = ?2, window_start = ?3 WHERE school_code = ?1",
    )
      .bind(SCHOOL.code, SLIP_VIEW_LIMITS.views, new Date().toISOString())
      .run();
    let res: Response | undefined;
    const made = await requestsByFileDuring(sa.client_email, async () => {
      res = await page(`/slips/${token}`);
    });
    expect(res?.status).toBe(429);
    expect(made).toEqual({});
    // A window later, it opens again.
    await testEnv.DB.prepare("UPDATE slip_links SET window_start = ?2 WHERE school_code = ?1")
      .bind(SCHOOL.code, new Date(Date.now() - SLIP_VIEW_LIMITS.windowMs - 1000).toISOString())
      .run();
    expect((await page(`/slips/${token}`)).status).toBe(200);
  });

  it("a failed read is logged without the token", async () => {
    const token = tokenOf((await linkInSheet()).slips);
    await fetch(`${emulatorUrl}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        errorRate: 1,
        statuses: [500],
        methods: ["sheets.spreadsheets.values.batchGetByDataFilter"],
        identities: [sa.client_email],
      }),
    });
    try {
      const res = await page(`/slips/${token}`, {
        ...testEnv,
        GOOGLE_RETRY_ATTEMPTS: "1",
        GOOGLE_RETRY_BASE_MS: "1",
      } as Env);
      expect(res.status).toBe(500);
    } finally {
      await fetch(`${emulatorUrl}/__emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
    }
    expect(
      logged.some((line) => line.includes("request_failed") && line.includes("/slips/［已隐去］")),
    ).toBe(true);
  });

  it("no token ever reached a log line", async () => {
    const tokens = (
      await testEnv.DB.prepare("SELECT token_hash FROM slip_links").all<{ token_hash: string }>()
    ).results;
    expect(tokens.length).toBeGreaterThan(0);
    const current = tokenOf((await linkInSheet()).slips);
    expect(logged.join("\n")).not.toContain(current);
    expect(logged.join("\n")).not.toContain("OtherSchoolToken012345");
  });
});
