/**
 * 重置密码 in the account spreadsheet, in workerd against the emulator: the school's system admin
 * ticks a teacher's box and the next cycle shows a new initial password in that row (the old one
 * stops working, the teacher must change the new one), while every other school account is
 * refused the box as an attacker would try it. The tab is read only when Drive lists a change
 * that is not the worker's own write: an idle cycle stays one Drive listing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/adapters/crypto/index";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { sheetRows, validTabs } from "../core/validate/fixture";
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
import { consume, poll } from "./support/schools";

const ADMIN = "chongzhi-admin@hrjy.example.cn";
const SCHOOL = {
  code: "4306230078",
  name: "华容县重置密码测试小学",
  category: "primary_secondary",
} as const;
const PEOPLE = schoolPeople(SCHOOL.code, SCHOOL.name);
const SYSTEM_ADMIN = PEOPLE.systemAdmins[0] as string;
const OTHERS = [PEOPLE.viewers[0], PEOPLE.infoAdmins[0], PEOPLE.principals[0]] as string[];

let sa: ServiceAccount;
let testEnv: Env;
let spreadsheetId = "";
let accountsId = "";

const range = (a1: string) => encodeURIComponent(a1);

async function accountRows(): Promise<(string | boolean)[][]> {
  const got = await asUser<{ values?: (string | boolean)[][] }>(
    SYSTEM_ADMIN,
    "GET",
    `v4/spreadsheets/${accountsId}/values/${range("'账号'!A:F")}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

/** A tick as `email` would make it in the browser: 200, or the refusal's status. */
async function tick(email: string, cell: string): Promise<number> {
  const res = await fetch(
    `${emulatorUrl}/v4/spreadsheets/${accountsId}/values/${range(`'账号'!${cell}`)}?valueInputOption=USER_ENTERED`,
    {
      method: "PUT",
      headers: {
        authorization: `Bearer ${await tokenFor(email)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ values: [[true]] }),
    },
  );
  return res.status;
}

async function teacher(number: string) {
  return testEnv.DB.prepare(
    "SELECT password_hash, password_cleared_at FROM teachers WHERE teacher_number = ?",
  )
    .bind(number)
    .first<{ password_hash: string; password_cleared_at: string | null }>();
}

async function run(messages: SyncMessage[]) {
  return consume(
    testEnv,
    messages.map((body) => ({ body, attempts: 1 })),
  );
}

beforeAll(async () => {
  sa = await registerServiceAccount("account-resets");
  testEnv = envFor(sa);
  const sections = templateFor(shippedTemplates, SCHOOL.category);
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
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
  for (const [emailAddress, role] of [
    [sa.client_email, "writer"],
    ...OTHERS.map((email) => [email, "writer"]),
  ])
    await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
      role,
      type: "user",
      emailAddress,
    });
  accountsId = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE);
  // First cycle: the teachers get numbers and initial passwords in the 账号 tab.
  await run(await poll(testEnv));
});

describe("重置密码", { timeout: 30_000 }, () => {
  it("the worker's own write to the account spreadsheet wakes nothing: an idle cycle is one listing", async () => {
    expect((await accountRows()).slice(1).map((row) => row[1])).toEqual(["张伟", "李娜", "王芳"]);
    let sent: SyncMessage[] = [];
    const made = await requestsDuring(sa.client_email, async () => {
      sent = await poll(testEnv);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
    expect(sent).toEqual([]);
  });

  it("no other school account can tick the box, nor can the system admin touch a password", async () => {
    for (const email of OTHERS) expect(await tick(email, "F2")).toBe(403);
    // Not the header, not the account columns: only the boxes below the header.
    expect(await tick(SYSTEM_ADMIN, "F1")).toBe(403);
    expect(await tick(SYSTEM_ADMIN, "C2")).toBe(403);
    expect(await tick(SYSTEM_ADMIN, "E3")).toBe(403);
    expect((await accountRows()).slice(1).every((row) => row[5] !== true)).toBe(true);
    // Nothing was ticked, nothing changed: the poll finds nothing to read.
    expect(await poll(testEnv)).toEqual([]);
  });

  it("the system admin's tick issues a new initial password in that row, in one read and one write", async () => {
    const before = await accountRows();
    const [number, name, oldPassword] = before[2] as string[];
    expect(await tick(SYSTEM_ADMIN, "F3")).toBe(200);
    let sent: SyncMessage[] = [];
    const polled = await requestsDuring(sa.client_email, async () => {
      sent = await poll(testEnv);
    });
    expect(polled).toEqual({ "drive.files.list": 1 });
    expect(sent).toEqual([
      {
        kind: "accounts",
        spreadsheetId: accountsId,
        schoolCode: SCHOOL.code,
        version: expect.any(Number),
      },
    ]);
    const made = await requestsByFileDuring(sa.client_email, () => run(sent));
    expect(made).toEqual({
      [accountsId]: {
        "sheets.spreadsheets.values.batchGetByDataFilter": 1,
        "sheets.spreadsheets.batchUpdate": 1,
      },
    });
    const after = await accountRows();
    const [againNumber, againName, newPassword, issued, status, box] = after[2] ?? [];
    expect([againNumber, againName]).toEqual([number, name]);
    expect(newPassword).toMatch(/^[a-z2-9]{12}$/);
    expect(newPassword).not.toBe(oldPassword);
    expect(issued).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(status).toMatch(/^有效：首次登录后清除/);
    expect(box).toBe(false);
    // The other rows are as they were.
    expect([after[1], after[3]]).toEqual([before[1], before[3]]);
    const stored = await teacher(number ?? "");
    expect(await verifyPassword(String(newPassword), stored?.password_hash ?? "")).toBe(true);
    expect(await verifyPassword(oldPassword ?? "", stored?.password_hash ?? "")).toBe(false);
    // Back on an initial password: the next sign-in must set a new one.
    expect(stored?.password_cleared_at).toBeNull();
    // Our write is not taken for another tick; a redelivered message does nothing.
    expect(await poll(testEnv)).toEqual([]);
    const again = await requestsDuring(sa.client_email, () => run(sent));
    expect(again).toEqual({});
    expect((await accountRows())[2]?.[2]).toBe(newPassword);
  });

  it("a sign-in blanks the password in the next cycle: one write, no read", async () => {
    const [number, , password] = (await accountRows())[3] as string[];
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    // What the portal does once the teacher has chosen a password (markSignedIn).
    await testEnv.DB.prepare("UPDATE teachers SET password_cleared_at = ? WHERE teacher_number = ?")
      .bind(new Date().toISOString(), number)
      .run();
    const sent = await poll(testEnv);
    expect(sent).toMatchObject([{ kind: "accounts", spreadsheetId: accountsId }]);
    const made = await requestsByFileDuring(sa.client_email, () => run(sent));
    expect(made).toEqual({ [accountsId]: { "sheets.spreadsheets.batchUpdate": 1 } });
    const row = (await accountRows())[3] ?? [];
    expect(row[2]).toBe("");
    expect(row[4]).toMatch(/^已首次登录，密码已清除/);
    expect(await poll(testEnv)).toEqual([]);
  });

  it("resets a teacher who had signed in (password cleared), and unticks a row with nobody", async () => {
    const [number] = (await accountRows())[1] as string[];
    const signedIn = await testEnv.DB.prepare(
      "UPDATE teachers SET password_cleared_at = ? WHERE teacher_number = ?",
    )
      .bind(new Date().toISOString(), number)
      .run();
    expect(signedIn.meta.changes).toBe(1);
    expect(await tick(SYSTEM_ADMIN, "F2")).toBe(200);
    expect(await tick(SYSTEM_ADMIN, "F9")).toBe(200);
    await run(await poll(testEnv));
    const rows = await accountRows();
    expect(rows[1]?.[2]).toMatch(/^[a-z2-9]{12}$/);
    expect(rows[1]?.[5]).toBe(false);
    expect(rows[8]?.slice(0, 5).every((cell) => cell === "")).toBe(true);
    expect(rows[8]?.[5]).toBe(false);
    const stored = await teacher(number ?? "");
    expect(stored?.password_cleared_at).toBeNull();
    expect(await verifyPassword(String(rows[1]?.[2]), stored?.password_hash ?? "")).toBe(true);
  });
});
