/**
 * The account spreadsheet in workerd against the emulator: passwords issued by a school's sync
 * are shown once, to the school's system admin only (every other role of the school is refused,
 * as an attacker would try it), survive a failed write, are blanked after a sign-in or 30 days,
 * and are written without ever reading the tab; none is ever logged.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
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
import { HashBudget } from "../../src/jobs/hash-budget";
import type { SyncMessage } from "../../src/jobs/messages";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import worker from "../../src/worker";
import { residentId, sheetRows, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
  tokenFor,
} from "./support/emulator";
import { poll } from "./support/schools";

const ADMIN = "admin@hrjy.example.cn";
const SCHOOL = {
  code: "4306230077",
  name: "华容县账号测试小学",
  category: "primary_secondary",
} as const;
const PEOPLE = schoolPeople(SCHOOL.code, SCHOOL.name);
const SYSTEM_ADMIN = PEOPLE.systemAdmins[0] as string;
/** Everyone else the school spreadsheet is shared with: none of them may read a password. */
const OTHERS: ReadonlyArray<readonly [string, string]> = [
  ["信息查询员", PEOPLE.viewers[0] ?? ""],
  ["信息管理员", PEOPLE.infoAdmins[0] ?? ""],
  ["校长", PEOPLE.principals[0] ?? ""],
];
const HEADERS = ["教师编号", "姓名", "初始密码", "发放时间", "状态"];
const DAY = 86_400_000;
/** The first sync runs through the queue on the real clock; later ones are dated from it. */
const T0 = Date.now() + 60_000;

let sa: ServiceAccount;
let testEnv: Env;
let spreadsheetId = "";
let accountsId = "";
let version = 1;
/** Every password the tab ever showed: none may appear in a log line. */
const seen = new Set<string>();
const logged: string[] = [];
const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;

const range = (a1: string) => encodeURIComponent(a1);

/** The 账号 tab as the school's system admin reads it. */
async function accountRows(): Promise<string[][]> {
  const got = await asUser<{ values?: string[][] }>(
    SYSTEM_ADMIN,
    "GET",
    `v4/spreadsheets/${accountsId}/values/${range("'账号'!A:E")}`,
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
  // Past any version Drive has given the file (the worker records its own write's version and
  // takes a message at or below it for one it has already seen).
  version += 1_000;
  return syncSchoolSheet(
    {
      db: testEnv.DB,
      google,
      crypto: await idCryptoFromEnv(testEnv),
      templates: shippedTemplates,
      now: new Date(now),
      newId: randomId,
      hashes: new HashBudget(),
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
    sheets: sections.map((s) => ({ properties: { title: s.title } })),
  });
  spreadsheetId = created.spreadsheetId;
  const tabs = validTabs();
  await asUser(ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: sections.map((s) => ({
      range: `'${s.title}'!A1`,
      values: sheetRows(SCHOOL.category, s.title, tabs[s.title] ?? []),
    })),
  });
  await asUser(ADMIN, "PATCH", `drive/v3/files/${spreadsheetId}`, {
    appProperties: {
      tmisKind: "school",
      schoolCode: SCHOOL.code,
      schoolName: SCHOOL.name,
      schoolCategory: SCHOOL.category,
    },
  });
  // Shared as provisioning shares a school spreadsheet: viewers read, the other roles write.
  const grants = [
    [sa.client_email, "writer"],
    [SYSTEM_ADMIN, "writer"],
    ...OTHERS.map(([role, email]) => [email, role === "信息查询员" ? "reader" : "writer"]),
  ];
  for (const [emailAddress, role] of grants)
    await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
      role,
      type: "user",
      emailAddress,
    });
  accountsId = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE);
});

afterAll(async () => {
  await faults({});
  vi.restoreAllMocks();
});

// Each sync hashes passwords (PBKDF2, 100,000 rounds): room for a loaded machine.
describe("the 账号 tab", { timeout: 30_000 }, () => {
  it("first sync (poll, then the queue): one row per new teacher, written without a read", async () => {
    // The poll's one listing names both spreadsheets: the school's to sync, the account one to
    // remember. It asks Drive nothing more for the account spreadsheet.
    let sent: SyncMessage[] = [];
    const polled = await requestsDuring(sa.client_email, async () => {
      sent = await poll(testEnv);
    });
    expect(polled).toEqual({ "drive.files.list": 1 });
    expect(sent.map((m) => m.spreadsheetId)).toEqual([spreadsheetId]);
    version = sent[0]?.version ?? 0;
    const batch = createMessageBatch<SyncMessage>("tmis-sync", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: sent[0] as SyncMessage },
    ]);
    const made = await requestsByFileDuring(sa.client_email, async () => {
      const ctx = createExecutionContext();
      await worker.queue(batch, testEnv);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    });
    // The school spreadsheet: tab ids (first sync), the read, the guard re-read, the write-back.
    // The account spreadsheet: one write, no read.
    expect(made).toEqual({
      [spreadsheetId]: {
        "sheets.spreadsheets.get": 1,
        "sheets.spreadsheets.values.batchGetByDataFilter": 2,
        "sheets.spreadsheets.batchUpdate": 1,
      },
      [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 },
    });
    const rows = await accountRows();
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1).map((r) => r[1])).toEqual(["张伟", "李娜", "王芳"]);
    for (const [number, , password, issued, status] of rows.slice(1)) {
      expect(number).toMatch(/^430623\d{6}$/);
      expect(password).toMatch(/^[a-z2-9]{12}$/);
      expect(await verifyPassword(password ?? "", await hashOf(number ?? ""))).toBe(true);
      expect(issued).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(status).toMatch(/^有效：首次登录后清除，最迟 /);
    }
    const kept = await testEnv.DB.prepare(
      "SELECT count(*) AS n FROM account_tab WHERE password_cipher IS NOT NULL OR shown <> 'password'",
    ).first<{ n: number }>();
    expect(kept?.n).toBe(0);
  });

  it("as the 信息查询员, 信息管理员 or 校长, no password can be read anywhere", async () => {
    const passwords = (await accountRows()).slice(1).map((row) => row[2] ?? "");
    expect(passwords.every((p) => /^[a-z2-9]{12}$/.test(p))).toBe(true);
    const status = async (email: string, path: string) => {
      const res = await fetch(`${emulatorUrl}/${path}`, {
        headers: { authorization: `Bearer ${await tokenFor(email)}` },
      });
      return { status: res.status, body: await res.text() };
    };
    const titles = templateFor(shippedTemplates, SCHOOL.category).map((s) => s.title);
    const everyTab = titles.map((t) => `ranges=${range(`'${t}'`)}`).join("&");
    for (const [, email] of OTHERS) {
      // The account spreadsheet is not shared with them: refused, whatever they ask of it.
      const values = await status(
        email,
        `v4/spreadsheets/${accountsId}/values/${range("'账号'!A:E")}`,
      );
      expect(values.status).toBe(403);
      expect(
        (await status(email, `v4/spreadsheets/${accountsId}?includeGridData=true`)).status,
      ).toBe(403);
      const listed = await status(
        email,
        `drive/v3/files?q=${encodeURIComponent("appProperties has { key='tmisKind' and value='accounts' }")}`,
      );
      expect(JSON.parse(listed.body)).toMatchObject({ files: [] });
      // The school spreadsheet they work in has no 账号 tab, and no password on any tab.
      const old = await status(
        email,
        `v4/spreadsheets/${spreadsheetId}/values/${range("'账号'!A:E")}`,
      );
      expect(old.status).toBe(400);
      const school = await status(
        email,
        `v4/spreadsheets/${spreadsheetId}/values:batchGet?${everyTab}`,
      );
      const grid = await status(email, `v4/spreadsheets/${spreadsheetId}?includeGridData=true`);
      expect(school.status).toBe(200);
      expect(grid.status).toBe(200);
      for (const password of passwords) {
        expect(school.body).not.toContain(password);
        expect(grid.body).not.toContain(password);
        expect(values.body).not.toContain(password);
      }
    }
    // The system admin reads them, and cannot change them.
    expect(
      (await status(SYSTEM_ADMIN, `v4/spreadsheets/${accountsId}/values/${range("'账号'!A:E")}`))
        .body,
    ).toContain(passwords[0]);
    const write = await fetch(
      `${emulatorUrl}/v4/spreadsheets/${accountsId}/values/${range("'账号'!C2")}?valueInputOption=RAW`,
      {
        method: "PUT",
        headers: {
          authorization: `Bearer ${await tokenFor(SYSTEM_ADMIN)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ values: [["x"]] }),
      },
    );
    expect(write.status).toBe(403);
  });

  it("a second sync touches the account spreadsheet not at all", async () => {
    const before = await accountRows();
    const made = await requestsByFileDuring(sa.client_email, () => sync(T0));
    expect(made).toEqual({
      [spreadsheetId]: { "sheets.spreadsheets.values.batchGetByDataFilter": 1 },
    });
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
    // The 账号 write is a spreadsheets.batchUpdate (by the tab's sheetId), as the school's
    // write-back is: both fail here, the sync at its write-back, the password kept before.
    await faults({
      errorRate: 1,
      statuses: [500],
      methods: ["sheets.spreadsheets.batchUpdate"],
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

    const made = await requestsByFileDuring(sa.client_email, () => sync(T0 + DAY));
    // Blanking is a write at the row D1 knows: still no read of the account spreadsheet.
    expect(made[accountsId]).toEqual({ "sheets.spreadsheets.batchUpdate": 1 });
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
    expect(made).toEqual({ "sheets.spreadsheets.batchUpdate": 1 });
    const rows = await accountRows();
    expect(rows.slice(1).map((r) => r[2] ?? "")).toEqual(["", "", "", "", ""]);
    expect(rows.slice(1).filter((r) => /^已满30天，密码已清除/.test(r[4] ?? "")).length).toBe(4);
    const deps = {
      db: testEnv.DB,
      google: quickGoogle(),
      crypto: await idCryptoFromEnv(testEnv),
      hashes: new HashBudget(),
    };
    expect((await runDailyAccounts({ ...deps, now: new Date(later + 3600_000) })).ran).toBe(false);
    const nextDay = await requestsDuring(sa.client_email, () =>
      runDailyAccounts({ ...deps, now: new Date(later + DAY) }),
    );
    expect(nextDay).toEqual({});
  });

  it("migration 0007 voids a password the old school-spreadsheet tab showed; a new one goes to the account spreadsheet", async () => {
    const later = T0 + 40 * DAY;
    const idNumber = residentId("19920511", "072");
    const crypto = await idCryptoFromEnv(testEnv);
    const issued = await allocateTeacherNumbers(
      testEnv.DB,
      [
        {
          personKey: await crypto.personKey(idNumber),
          idNumber,
          name: "孙丽",
          schoolCode: SCHOOL.code,
        },
      ],
      crypto,
      new Date(later).toISOString(),
    );
    const old = [...issued.values()][0];
    const number = old?.teacherNumber ?? "";
    // As the old 账号 tab of the school spreadsheet left it: shown there, to every role.
    await testEnv.DB.prepare(
      `INSERT INTO account_tab (teacher_number, school_code, password_cipher, shown, updated_at)
       VALUES (?1, ?2, NULL, 'password', ?3)`,
    )
      .bind(number, SCHOOL.code, new Date(later).toISOString())
      .run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0007_"));
    const dataStatements = (migration?.queries ?? []).filter((q) =>
      /^\s*(UPDATE|DELETE)\b/.test(q.replace(/^\s*--.*$/gm, "")),
    );
    expect(dataStatements.length).toBeGreaterThan(0);
    for (const query of dataStatements) await testEnv.DB.prepare(query).run();
    expect(await verifyPassword(old?.initialPassword ?? "", await hashOf(number))).toBe(false);

    const made = await requestsByFileDuring(sa.client_email, () =>
      runDailyAccounts({
        db: testEnv.DB,
        google: quickGoogle(),
        crypto,
        hashes: new HashBudget(),
        now: new Date(later + DAY),
      }),
    );
    expect(made).toEqual({ [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 } });
    const row = (await accountRows()).find((r) => r[0] === number);
    expect(row?.[1]).toBe("孙丽");
    expect(row?.[2]).not.toBe(old?.initialPassword);
    expect(await verifyPassword(row?.[2] ?? "", await hashOf(number))).toBe(true);
  });

  it("no password ever reached a log line", () => {
    expect(seen.size).toBe(6);
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) for (const password of seen) expect(line).not.toContain(password);
  });
});
