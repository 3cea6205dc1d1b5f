/**
 * The 账号 tab in workerd against the emulator: passwords issued by a school's sync are shown
 * once, survive a failed write, and are blanked after a sign-in or 30 days; none is ever logged.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idCryptoFromEnv, verifyPassword } from "../../src/adapters/crypto/index";
import { createGoogleClient } from "../../src/adapters/google/client";
import type { Google } from "../../src/adapters/google/index";
import { parseServiceAccountKey } from "../../src/adapters/google/service-account";
import { allocateTeacherNumbers } from "../../src/adapters/store/registry-accounts";
import { app } from "../../src/app";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { dailyAccounts, runDailyAccounts } from "../../src/jobs/accounts";
import { randomId } from "../../src/jobs/dispatch";
import type { SyncMessage } from "../../src/jobs/messages";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import worker from "../../src/worker";
import { residentId, sheetRows, validTabs } from "../core/validate/fixture";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";

const ADMIN = "admin@hrjy.example.cn";
const SCHOOL = {
  code: "4306230077",
  name: "华容县账号测试小学",
  category: "primary_secondary",
} as const;
const HEADERS = ["教师编号", "姓名", "初始密码", "发放时间", "状态"];
const DAY = 86_400_000;
/** The first sync runs through the queue on the real clock; later ones are dated from it. */
const T0 = Date.now() + 60_000;

let sa: ServiceAccount;
let testEnv: Env;
let spreadsheetId = "";
let version = 1;
/** Every password the tab ever showed: none may appear in a log line. */
const seen = new Set<string>();
const logged: string[] = [];
const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;

const range = (a1: string) => encodeURIComponent(a1);

async function accountRows(): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${spreadsheetId}/values/${range("'账号'!A:E")}`,
  );
  const rows = got.values ?? [];
  for (const row of rows.slice(1)) if (row[2]) seen.add(row[2]);
  return rows;
}

async function hashOf(teacherNumber: string): Promise<string> {
  const row = await testEnv.DB.prepare(
    "SELECT password_hash FROM teachers WHERE teacher_number = ?",
  )
    .bind(teacherNumber)
    .first<{ password_hash: string }>();
  return row?.password_hash ?? "";
}

/** A Google client that gives up after two quick attempts, so an injected fault fails fast. */
function quickGoogle(): Google {
  return {
    client: createGoogleClient({
      key: parseServiceAccountKey(testEnv.GOOGLE_SERVICE_ACCOUNT_KEY),
      tokenUrl: testEnv.OAUTH_TOKEN_URL,
      maxAttempts: 2,
      baseDelayMs: 1,
      maxDelayMs: 2,
    }),
    sheetsBaseUrl: testEnv.SHEETS_BASE_URL,
    driveBaseUrl: testEnv.DRIVE_BASE_URL,
  };
}

async function sync(now: number, google = quickGoogle()) {
  version += 1;
  return syncSchoolSheet(
    {
      db: testEnv.DB,
      google,
      crypto: await idCryptoFromEnv(testEnv),
      templates: shippedTemplates,
      now: new Date(now),
      newId: randomId,
    },
    { kind: "school", spreadsheetId, version, school: SCHOOL },
  );
}

async function faults(config: Record<string, unknown>) {
  await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
}

beforeAll(async () => {
  for (const method of consoleMethods)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  sa = await registerServiceAccount("accounts-tab");
  testEnv = envFor(sa);
  const sections = templateFor(shippedTemplates, SCHOOL.category);
  const created = await asUser<{
    spreadsheetId: string;
    sheets: { properties: { sheetId: number; title: string } }[];
  }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title: SCHOOL.name },
    sheets: [
      { properties: { title: "账号" } },
      ...sections.map((s) => ({ properties: { title: s.title } })),
    ],
  });
  spreadsheetId = created.spreadsheetId;
  const tabs = validTabs();
  await asUser(ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: [
      { range: "'账号'!A1", values: [HEADERS] },
      ...sections.map((s) => ({
        range: `'${s.title}'!A1`,
        values: sheetRows(SCHOOL.category, s.title, tabs[s.title] ?? []),
      })),
    ],
  });
  // As provisioning protects it: only the service account (and the owner) may edit the tab.
  const accountsTab = created.sheets.find((s) => s.properties.title === "账号");
  await asUser(ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: [
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: accountsTab?.properties.sheetId },
            description: "账号：仅系统填写 [tmis:tab]",
            editors: { users: [sa.client_email] },
          },
        },
      },
    ],
  });
  await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
});

afterAll(async () => {
  await faults({});
  vi.restoreAllMocks();
});

// Each sync hashes passwords (PBKDF2, 100,000 rounds): room for a loaded machine.
describe("the 账号 tab", { timeout: 30_000 }, () => {
  it("first sync (through the queue): one row per new teacher, passwords that match the hashes", async () => {
    const batch = createMessageBatch<SyncMessage>("tmis-sync", [
      {
        id: "m1",
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "school", spreadsheetId, version, school: SCHOOL },
      },
    ]);
    const made = await requestsDuring(sa.client_email, async () => {
      const ctx = createExecutionContext();
      await worker.queue(batch, testEnv);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    });
    // The cost of issuing: one read of the tab and one write, on top of the usual sync.
    expect(made["sheets.spreadsheets.values.batchUpdate"]).toBe(1);
    const rows = await accountRows();
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1).map((r) => r[1])).toEqual(["张伟", "李娜", "王芳"]);
    for (const [number, , password, issued, status] of rows.slice(1)) {
      expect(number).toMatch(/^430623\d{6}$/);
      expect(password).toMatch(/^[A-Za-z2-9]{10}$/);
      expect(await verifyPassword(password ?? "", await hashOf(number ?? ""))).toBe(true);
      expect(issued).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(status).toMatch(/^有效：首次登录后清除，最迟 /);
    }
    const kept = await testEnv.DB.prepare(
      "SELECT count(*) AS n FROM account_tab WHERE password_cipher IS NOT NULL OR shown <> 'password'",
    ).first<{ n: number }>();
    expect(kept?.n).toBe(0);
  });

  it("a second sync writes nothing and does not read the tab", async () => {
    const before = await accountRows();
    const made = await requestsDuring(sa.client_email, () => sync(T0));
    expect(made["sheets.spreadsheets.values.batchUpdate"]).toBeUndefined();
    expect(made["sheets.spreadsheets.values.batchGetByDataFilter"]).toBe(1);
    expect(made["sheets.spreadsheets.values.batchGet"]).toBeUndefined();
    expect(await accountRows()).toEqual(before);
  });

  it("a failed 账号 write loses no password: it is kept encrypted and written by the next sync", async () => {
    const zhao = {
      ...(validTabs().基本信息?.[2] ?? {}),
      姓名: "赵敏",
      身份证件号: residentId("19950320", "062"),
    };
    const who = { 姓名: zhao.姓名, 身份证件号: zhao.身份证件号 };
    // A new teacher, as the fixture's 王芳: 基本信息 and 联系方式 only.
    await asUser(ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
      valueInputOption: "RAW",
      data: [
        { range: "'基本信息'!A5", values: sheetRows(SCHOOL.category, "基本信息", [zhao]).slice(1) },
        {
          range: "'联系方式'!A5",
          values: sheetRows(SCHOOL.category, "联系方式", [
            { ...who, 移动电话: "13607302222" },
          ]).slice(1),
        },
      ],
    });
    await faults({
      errorRate: 1,
      statuses: [500],
      methods: ["sheets.spreadsheets.values.batchUpdate"],
    });
    const failure = await sync(T0).then(
      () => undefined,
      (error: unknown) => error,
    );
    await faults({});
    expect(failure).toBeInstanceOf(Error);
    expect((await accountRows()).map((r) => r[1])).not.toContain("赵敏");
    const kept = await testEnv.DB.prepare(
      `SELECT a.password_cipher, a.shown, t.password_hash FROM account_tab AS a
       JOIN teachers AS t USING (teacher_number) WHERE t.name = '赵敏'`,
    ).first<{ password_cipher: string; shown: string; password_hash: string }>();
    expect(kept?.shown).toBe("none");
    const crypto = await idCryptoFromEnv(testEnv);
    const password = await crypto.decrypt(kept?.password_cipher ?? "");
    expect(await verifyPassword(password, kept?.password_hash ?? "")).toBe(true);
    expect(String((failure as Error).message)).not.toContain(password);

    await sync(T0 + 60_000);
    const rows = await accountRows();
    expect(rows.map((r) => r[1])).toEqual(["姓名", "张伟", "李娜", "王芳", "赵敏"]);
    expect(rows[4]?.[2]).toBe(password);
    const erased = await testEnv.DB.prepare(
      "SELECT password_cipher, shown FROM account_tab WHERE teacher_number = ?",
    )
      .bind(rows[4]?.[0])
      .first();
    expect(erased).toEqual({ password_cipher: null, shown: "password" });
  });

  it("a password lost between allocation and keeping it is replaced by a new one, shown once", async () => {
    const idNumber = residentId("19900915", "082");
    const crypto = await idCryptoFromEnv(testEnv);
    // What the sync did before this module existed: allocate, and drop the password.
    const issued = await allocateTeacherNumbers(
      testEnv.DB,
      [
        {
          personKey: await crypto.personKey(idNumber),
          idNumber,
          name: "钱芳",
          schoolCode: SCHOOL.code,
        },
      ],
      crypto,
      new Date(T0).toISOString(),
    );
    const dropped = [...issued.values()][0];
    await sync(T0 + 120_000);
    const row = (await accountRows()).find((r) => r[1] === "钱芳");
    expect(row?.[0]).toBe(dropped?.teacherNumber);
    expect(row?.[2]).not.toBe(dropped?.initialPassword);
    const hash = await hashOf(row?.[0] ?? "");
    expect(await verifyPassword(row?.[2] ?? "", hash)).toBe(true);
    expect(await verifyPassword(dropped?.initialPassword ?? "", hash)).toBe(false);
  });

  it("signed-in (admin route) clears the cell on the next sync of the school", async () => {
    const [, first] = await accountRows();
    const number = first?.[0] ?? "";
    const post = (n: string, token?: string) =>
      app.request(
        `/api/teachers/${n}/signed-in`,
        { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {} },
        testEnv,
      );
    expect((await post(number)).status).toBe(401);
    expect((await post("430623999999", "test-admin-token")).status).toBe(404);
    expect((await post("12345", "test-admin-token")).status).toBe(400);
    const ok = await post(number, "test-admin-token");
    expect(ok.status).toBe(200);
    const body = await ok.text();
    expect(body).toBe(JSON.stringify({ teacherNumber: number, passwordCleared: true }));
    expect(body).not.toContain(first?.[2]);

    const made = await requestsDuring(sa.client_email, () => sync(T0 + DAY));
    expect(made["sheets.spreadsheets.values.batchUpdate"]).toBe(1);
    const rows = await accountRows();
    const after = rows.find((r) => r[0] === number);
    expect(after?.slice(0, 2)).toEqual(first?.slice(0, 2));
    expect(after?.[2] ?? "").toBe("");
    expect(after?.[4]).toMatch(/^已首次登录，密码已清除/);
    expect(rows.filter((r) => r[2]).length).toBe(5);
  });

  it("after 30 days the daily run blanks every remaining password, once a day", async () => {
    const later = T0 + 31 * DAY;
    const made = await requestsDuring(sa.client_email, () =>
      dailyAccounts(testEnv, new Date(later)),
    );
    expect(made).toEqual({
      "sheets.spreadsheets.values.batchGet": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
    });
    const rows = await accountRows();
    expect(rows.slice(1).map((r) => r[2] ?? "")).toEqual(["", "", "", "", ""]);
    expect(rows.slice(1).filter((r) => /^已满30天，密码已清除/.test(r[4] ?? "")).length).toBe(4);
    const deps = {
      db: testEnv.DB,
      google: quickGoogle(),
      crypto: await idCryptoFromEnv(testEnv),
    };
    expect((await runDailyAccounts({ ...deps, now: new Date(later + 3600_000) })).ran).toBe(false);
    const nextDay = await requestsDuring(sa.client_email, () =>
      runDailyAccounts({ ...deps, now: new Date(later + DAY) }),
    );
    expect(nextDay).toEqual({});
  });

  it("no password ever reached a log line", () => {
    expect(seen.size).toBe(5);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) for (const password of seen) expect(line).not.toContain(password);
  });
});
