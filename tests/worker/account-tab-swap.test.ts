/**
 * Attack: a school's system admin (a writer of the account spreadsheet) renames the 账号 tab to
 * 账号旧 and adds a look-alike tab named 账号 with planted rows (made-up teachers and passwords,
 * every 重置密码 box ticked). The worker reads and writes the tab by the sheetId provisioning
 * recorded in the file's tab manifest: passwords still land in the genuine tab, the print page
 * shows the genuine tab's teachers only, and a tick in the look-alike resets nobody. Also: a row
 * past the tab's 1000 grows the grid in the same write; a deleted tab's write is refused with a
 * notice, never redirected; a file without the binding (from before it) is written by title
 * until the listing binds it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv, verifyPassword } from "../../src/adapters/crypto/index";
import { googleFromEnv } from "../../src/adapters/google/index";
import { app } from "../../src/app";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { writeAccountRows } from "../../src/jobs/accounts";
import { HashBudget } from "../../src/jobs/hash-budget";
import { sheetRows, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  type ServiceAccount,
} from "./support/emulator";
import { consume, createSchoolSheet, cycle, poll } from "./support/schools";

const ADMIN = "swap-accounts-owner@hrjy.example.cn";
const SCHOOL = {
  code: "4306230083",
  name: "华容县账号换表测试小学",
  category: "primary_secondary",
} as const;
const PEOPLE = schoolPeople(SCHOOL.code, SCHOOL.name);
const SYSTEM_ADMIN = PEOPLE.systemAdmins[0] as string;
const BASE = "https://tmis.hrjy.example.cn";
const PLANTED = [
  ["430623000901", "假教师甲", "fakepassword", "2026-12-01 08:00", "有效", true],
  ["430623000902", "假教师乙", "fakepassword", "2026-12-01 08:00", "有效", true],
  ["430623000903", "假教师丙", "fakepassword", "2026-12-01 08:00", "有效", true],
];

let sa: ServiceAccount;
let testEnv: Env;
let accountsId = "";
let genuineId = 0;

type Cell = string | boolean;

async function tabRows(title: string): Promise<Cell[][]> {
  const got = await asUser<{ values?: Cell[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${accountsId}/values/${encodeURIComponent(`'${title}'!A1:I`)}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

async function tabs(): Promise<{ sheetId: number; title: string }[]> {
  const meta = await asUser<{ sheets: { properties: { sheetId: number; title: string } }[] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${accountsId}`,
  );
  return meta.sheets.map((sheet) => sheet.properties);
}

async function passwordHash(teacherNumber: string): Promise<string> {
  const row = await testEnv.DB.prepare(
    "SELECT password_hash FROM teachers WHERE teacher_number = ?",
  )
    .bind(teacherNumber)
    .first<{ password_hash: string }>();
  return row?.password_hash ?? "";
}

/** The swap, as the system admin's own REST calls. */
async function swapAccountsTab(): Promise<void> {
  const header = (await tabRows("账号"))[0] ?? [];
  await asUser(SYSTEM_ADMIN, "POST", `v4/spreadsheets/${accountsId}:batchUpdate`, {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId: genuineId, title: "账号旧" },
          fields: "title",
        },
      },
      { addSheet: { properties: { title: "账号" } } },
    ],
  });
  await asUser(SYSTEM_ADMIN, "POST", `v4/spreadsheets/${accountsId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: [{ range: "'账号'!A1", values: [header.slice(0, 6), ...PLANTED] }],
  });
}

beforeAll(async () => {
  sa = await registerServiceAccount("account-tab-swap");
  testEnv = { ...envFor(sa), PORTAL_BASE_URL: BASE };
  const all = validTabs();
  const sections = templateFor(shippedTemplates, SCHOOL.category);
  await createSchoolSheet(
    ADMIN,
    sa.client_email,
    SCHOOL,
    Object.fromEntries(
      sections.map((s) => [s.title, sheetRows(SCHOOL.category, s.title, all[s.title] ?? [])]),
    ),
  );
  accountsId = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE);
  genuineId = (await tabs()).find((tab) => tab.title === "账号")?.sheetId ?? -1;
  // The first cycle issues the teachers' passwords and the 打印账号条 link into the genuine tab.
  await cycle(testEnv);
  expect((await tabRows("账号")).slice(1, 4).map((row) => row[1])).toEqual([
    "张伟",
    "李娜",
    "王芳",
  ]);
  await swapAccountsTab();
}, 60_000);

/** The account-rows job on the school, as the cron runs it. */
async function writeRows() {
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

describe("a look-alike 账号 tab in the account spreadsheet", { timeout: 60_000 }, () => {
  it("gets no write: a blanked password lands in the genuine tab, found by its sheetId", async () => {
    const genuineBefore = await tabRows("账号旧");
    const [number] = genuineBefore[1] as string[];
    expect(genuineBefore[1]?.[2]).toMatch(/^[a-z2-9]{12}$/);
    await testEnv.DB.prepare("UPDATE teachers SET password_cleared_at = ? WHERE teacher_number = ?")
      .bind(new Date().toISOString(), number)
      .run();
    const made = await requestsByFileDuring(sa.client_email, async () => {
      const done = await writeRows();
      expect(done).toMatchObject({ writes: 1, rows: 1 });
    });
    // Still one request, and no read: the sheetId comes from the manifest.
    expect(made).toEqual({ [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 } });
    const genuine = await tabRows("账号旧");
    expect(genuine[1]?.slice(0, 3)).toEqual([number, "张伟", ""]);
    expect(genuine[1]?.[4]).toMatch(/^已首次登录，密码已清除/);
    expect(await tabRows("账号")).toEqual([genuineBefore[0]?.slice(0, 6), ...PLANTED]);
  });

  it("is not what the print page shows: only the genuine tab's teachers", async () => {
    const link = String((await tabRows("账号旧"))[1]?.[8] ?? "");
    expect(link.startsWith(`${BASE}/slips/`)).toBe(true);
    let html = "";
    const made = await requestsByFileDuring(sa.client_email, async () => {
      const res = await app.request(new URL(link).pathname, {}, testEnv);
      expect(res.status).toBe(200);
      html = await res.text();
    });
    expect(made).toEqual({
      [accountsId]: { "sheets.spreadsheets.values.batchGetByDataFilter": 1 },
    });
    for (const [number, name] of PLANTED) {
      expect(html).not.toContain(String(name));
      expect(html).not.toContain(`data-teacher="${number}"`);
    }
    const genuine = await tabRows("账号旧");
    expect(html).toContain("李娜");
    expect(html).toContain(`data-teacher="${genuine[2]?.[0]}"`);
    expect(html.match(/data-testid="slip"/g)).toHaveLength(2);
  });

  it("resets nobody for a box ticked in it: the genuine tab's boxes are the ones read", async () => {
    const genuine = await tabRows("账号旧");
    const numbers = genuine.slice(1, 4).map((row) => String(row[0]));
    const before = await Promise.all(numbers.map(passwordHash));
    // The look-alike's boxes are all ticked; the system admin also ticks one of them again.
    await asUser(
      SYSTEM_ADMIN,
      "PUT",
      `v4/spreadsheets/${accountsId}/values/${encodeURIComponent("'账号'!F3")}?valueInputOption=USER_ENTERED`,
      {
        values: [[true]],
      },
    );
    const sent = await poll(testEnv);
    expect(sent).toMatchObject([{ kind: "accounts", spreadsheetId: accountsId }]);
    const made = await requestsByFileDuring(sa.client_email, () =>
      consume(
        testEnv,
        sent.map((body) => ({ body, attempts: 1 })),
      ),
    );
    expect(made[accountsId]?.["sheets.spreadsheets.values.batchGetByDataFilter"]).toBe(1);
    expect(made[accountsId]?.["sheets.spreadsheets.values.batchGet"]).toBeUndefined();
    expect(await Promise.all(numbers.map(passwordHash))).toEqual(before);
    expect((await tabRows("账号旧")).slice(1, 4).map((row) => row.slice(0, 3))).toEqual(
      genuine.slice(1, 4).map((row) => row.slice(0, 3)),
    );
    expect((await tabRows("账号")).slice(1)).toEqual(PLANTED);
  });

  it("a tick in the genuine tab, renamed, still resets its teacher", async () => {
    const genuine = await tabRows("账号旧");
    const [number, , oldPassword] = genuine[3] as string[];
    await asUser(
      SYSTEM_ADMIN,
      "PUT",
      `v4/spreadsheets/${accountsId}/values/${encodeURIComponent("'账号旧'!F4")}?valueInputOption=USER_ENTERED`,
      {
        values: [[true]],
      },
    );
    const sent = await poll(testEnv);
    await consume(
      testEnv,
      sent.map((body) => ({ body, attempts: 1 })),
    );
    const row = (await tabRows("账号旧"))[3] ?? [];
    expect(row[0]).toBe(number);
    expect(row[2]).toMatch(/^[a-z2-9]{12}$/);
    expect(row[2]).not.toBe(oldPassword);
    expect(row[5]).toBe(false);
    expect(await verifyPassword(String(row[2]), await passwordHash(number ?? ""))).toBe(true);
    expect((await tabRows("账号")).slice(1)).toEqual(PLANTED);
  });

  it("a row below the tab's 1000 grows the genuine tab's grid in the same one write", async () => {
    const [, , li] = await tabRows("账号旧");
    const number = String(li?.[0]);
    // As if the school had been given a thousand rows: 李娜's row is 1001, her password cleared.
    await testEnv.DB.batch([
      testEnv.DB.prepare("UPDATE account_tab SET sheet_row = 1001 WHERE teacher_number = ?").bind(
        number,
      ),
      testEnv.DB.prepare(
        "UPDATE teachers SET password_cleared_at = ? WHERE teacher_number = ?",
      ).bind(new Date().toISOString(), number),
    ]);
    const made = await requestsByFileDuring(sa.client_email, async () => {
      const done = await writeRows();
      expect(done).toMatchObject({ writes: 1, rows: 1 });
    });
    expect(made).toEqual({ [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 } });
    const row = (await tabRows("账号旧"))[1000] ?? [];
    expect(row.slice(0, 3)).toEqual([number, "李娜", ""]);
    expect((await tabRows("账号")).slice(1)).toEqual(PLANTED);
  });

  it("a deleted 账号 tab: nothing lands in the look-alike, the notice says to re-run provisioning", async () => {
    const [, , , wang] = await tabRows("账号旧");
    await asUser(ADMIN, "POST", `v4/spreadsheets/${accountsId}:batchUpdate`, {
      requests: [{ deleteSheet: { sheetId: genuineId } }],
    });
    await testEnv.DB.prepare("UPDATE teachers SET password_cleared_at = ? WHERE teacher_number = ?")
      .bind(new Date().toISOString(), String(wang?.[0]))
      .run();
    const done = await writeRows();
    expect(done).toMatchObject({ writes: 0, notice: expect.stringContaining("已被删除") });
    expect(done.notice).toContain("重新运行建表");
    expect((await tabRows("账号")).slice(1)).toEqual(PLANTED);
  });

  it("without a binding in D1 (a file from before it) the tab is written by title; the next listing binds it", async () => {
    const bound = () =>
      testEnv.DB.prepare("SELECT tab_sheet_id FROM account_spreadsheets WHERE school_code = ?")
        .bind(SCHOOL.code)
        .first<{ tab_sheet_id: number | null }>();
    expect(await bound()).toEqual({ tab_sheet_id: genuineId });
    await testEnv.DB.prepare(
      "UPDATE account_spreadsheets SET tab_sheet_id = NULL WHERE school_code = ?",
    )
      .bind(SCHOOL.code)
      .run();
    // 王芳's blanking, refused in the deleted tab above, is still owed: by title, as before.
    const made = await requestsByFileDuring(sa.client_email, async () => {
      const done = await writeRows();
      expect(done).toMatchObject({ writes: 1 });
    });
    expect(made).toEqual({ [accountsId]: { "sheets.spreadsheets.values.batchUpdate": 1 } });
    expect((await tabRows("账号"))[3]?.[1]).toBe("王芳");
    // The file's manifest still names the tab: the listing that shows the file again restores it.
    await asUser(
      SYSTEM_ADMIN,
      "PUT",
      `v4/spreadsheets/${accountsId}/values/${encodeURIComponent("'账号'!F2")}?valueInputOption=USER_ENTERED`,
      { values: [[false]] },
    );
    await poll(testEnv);
    expect(await bound()).toEqual({ tab_sheet_id: genuineId });
  });
});
