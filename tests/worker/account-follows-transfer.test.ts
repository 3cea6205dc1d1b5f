/**
 * A teacher's account follows a completed transfer, through the emulator and local D1: the 账号
 * row leaves the sending school's account spreadsheet (the other rows untouched) and appears in
 * the receiving school's, whose system admin can reset it; the sending school's tick on the row
 * it still shows does nothing (the teacher's password and session keep working) and the row says
 * why; the teacher's own password keeps working across the move.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { syncAccountSheet } from "../../src/jobs/account-resets";
import { HashBudget } from "../../src/jobs/hash-budget";
import type { SyncMessage } from "../../src/jobs/messages";
import { ID, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  makeEffective,
  requestState,
  rowsOf,
  syncDeps,
  syncOnce,
  tickArchived,
  transferThrough,
  writeRow,
} from "./support/business";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  tokenFor,
} from "./support/emulator";
import { Browser } from "./support/portal";
import { createSchoolSheet } from "./support/school-sheet";
import { consume, liftProjectQuotas, person, poll, smallTabs } from "./support/schools";

/** This file's own admin: the emulator's per-user read quota is not shared with other files. */
const ADMIN = "zhanghao-gensui-admin@hrjy.example.cn";
const OUT = {
  code: "4306230331",
  name: "华容县账号调出小学",
  category: "primary_secondary" as const,
};
const IN = {
  code: "4306230332",
  name: "华容县账号调入小学",
  category: "primary_secondary" as const,
};
const PEOPLE = { out: schoolPeople(OUT.code, OUT.name), in: schoolPeople(IN.code, IN.name) };
const SYSTEM_ADMIN = {
  out: PEOPLE.out.systemAdmins[0] as string,
  in: PEOPLE.in.systemAdmins[0] as string,
};
const OWN_PASSWORD = "ziji2026mima";

let env: Env;
let serviceAccount = "";
const sheet = { out: "", in: "" };
const accounts = { out: "", in: "" };
let teacherNumber = "";
let sendingRow = 0;
let before: (string | boolean)[][] = [];
/** The teacher, signed in with their own password before the transfer. */
const teacher = new Browser();

async function accountRows(side: "out" | "in"): Promise<(string | boolean)[][]> {
  const got = await asUser<{ values?: (string | boolean)[][] }>(
    SYSTEM_ADMIN[side],
    "GET",
    `v4/spreadsheets/${accounts[side]}/values/${encodeURIComponent("'账号'!A:F")}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

/** The system admin's tick on 重置密码 of `row`, as in the browser. */
async function tick(side: "out" | "in", row: number): Promise<void> {
  const res = await fetch(
    `${emulatorUrl}/v4/spreadsheets/${accounts[side]}/values/${encodeURIComponent(`'账号'!F${row}`)}?valueInputOption=USER_ENTERED`,
    {
      method: "PUT",
      headers: {
        authorization: `Bearer ${await tokenFor(SYSTEM_ADMIN[side])}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ values: [[true]] }),
    },
  );
  expect(res.status).toBe(200);
}

/**
 * One poll and the queue consumer on what it sent, as the cron and the queue would; the 账号
 * messages among them (a school that syncs anyway writes its 账号 rows in its own sync).
 */
async function accountCycle(): Promise<SyncMessage[]> {
  const sent = await poll(env);
  await consume(
    env,
    sent.map((body) => ({ body, attempts: 1 })),
  );
  return sent.filter((m) => m.kind === "accounts");
}

async function passwordHash(): Promise<string | undefined> {
  const row = await env.DB.prepare("SELECT password_hash FROM teachers WHERE teacher_number = ?")
    .bind(teacherNumber)
    .first<{ password_hash: string }>();
  return row?.password_hash;
}

async function signedIn(browser: Browser): Promise<boolean> {
  return (await browser.get("/portal/me")).status === 200;
}

/**
 * A teacher transferred from OUT to IN on row `row` of IN's 调动申请, every step taken by its
 * party, up to 人事股's 确认调出 and the receiving school's 调档完成.
 */
async function transfer(name: string, idNumber: string, row: number): Promise<void> {
  await writeRow(ADMIN, sheet.in, "调动申请", row, {
    姓名: name,
    身份证件号: idNumber,
    调动方向: "调入",
    对方学校代码: OUT.code,
    调动日期: "2024-09-01",
    调动原因: "工作需要",
  });
  await syncOnce(env, IN, sheet.in);
  const requestId = (await rowsOf(ADMIN, sheet.in, "调动申请"))[row - 2]?.申请编号 ?? "";
  await writeRow(ADMIN, sheet.in, "调动申请", row, { 本校确认: true });
  await syncOnce(env, IN, sheet.in);
  const parties = {
    admin: ADMIN,
    receiving: { school: IN, sheet: sheet.in },
    sending: { school: OUT, sheet: sheet.out },
  };
  await transferThrough(env, parties, requestId, "archive_review");
  // Until 调档完成 the account stays where the teacher is held: the sending school.
  expect(await requestState(env, requestId)).toBe("archive_review");
  await tickArchived(env, ADMIN, IN, sheet.in, requestId);
  expect(await requestState(env, requestId)).toBe("completed");
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("account-follows-transfer");
  env = envFor(sa);
  serviceAccount = sa.client_email;
  sheet.out = await createSchoolSheet(sa, OUT, validTabs(), ADMIN);
  sheet.in = await createSchoolSheet(sa, IN, smallTabs([person(3)]), ADMIN);
  accounts.out = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE.out);
  accounts.in = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE.in);
  // The poll's listing names both account spreadsheets; the school syncs are run directly.
  await poll(env);
  await makeEffective(env, ADMIN, OUT, sheet.out);
  await syncOnce(env, IN, sheet.in);
  before = await accountRows("out");
  sendingRow = before.findIndex((row) => row[1] === "张伟") + 1;
  const [number, , initial] = before[sendingRow - 1] as string[];
  teacherNumber = number ?? "";
  await teacher.firstSignIn(teacherNumber, initial ?? "", OWN_PASSWORD);
  await accountCycle();
  await transfer("张伟", ID.zhang, 2);
}, 180_000);

describe("the 账号 row follows a completed transfer", { timeout: 60_000 }, () => {
  it("the sending school's tick on the row it still shows resets nobody; the row says why", async () => {
    expect(sendingRow).toBeGreaterThan(1);
    expect((await accountRows("out"))[sendingRow - 1]?.[0]).toBe(teacherNumber);
    const hash = await passwordHash();
    await tick("out", sendingRow);
    const sent = await accountCycle();
    expect(sent).toMatchObject([{ kind: "accounts", schoolCode: OUT.code }]);
    expect(await passwordHash()).toBe(hash);
    expect(await signedIn(teacher)).toBe(true);
    const row = (await accountRows("out"))[sendingRow - 1] ?? [];
    expect(row.slice(0, 4)).toEqual(["", "", "", ""]);
    expect(String(row[4])).toContain(`已调往「${IN.name}」`);
    expect(String(row[4])).toContain("本校不能再重置");
    expect(row[5]).toBe(false);
  });

  it("leaves the sending school's account spreadsheet, the other teachers' rows untouched", async () => {
    await syncOnce(env, OUT, sheet.out);
    await syncOnce(env, IN, sheet.in);
    const after = await accountRows("out");
    expect(after.flat()).not.toContain(teacherNumber);
    expect(after.flat()).not.toContain("张伟");
    expect(String(after[sendingRow - 1]?.[4])).toContain(IN.name);
    const others = (rows: (string | boolean)[][]) =>
      rows.filter((_, i) => i !== sendingRow - 1).map((row) => row.slice(0, 5));
    expect(others(after)).toEqual(others(before));
  });

  it("appears in the receiving school's, with no password: the teacher chose their own", async () => {
    const row = (await accountRows("in")).find((r) => r[0] === teacherNumber);
    expect(row?.slice(0, 3)).toEqual([teacherNumber, "张伟", ""]);
    expect(String(row?.[4])).toContain("已首次登录");
  });

  it("the teacher's own password and session keep working across the move", async () => {
    expect(await signedIn(teacher)).toBe(true);
    const again = await new Browser().signIn(teacherNumber, OWN_PASSWORD);
    expect(again.headers.get("location")).toBe("/portal/me");
  });
});

describe("重置密码 after the move", { timeout: 60_000 }, () => {
  it("a second tick on the sending school's blanked row still resets nobody, and says why", async () => {
    const hash = await passwordHash();
    await tick("out", sendingRow);
    const [message] = (await poll(env)).filter((m) => m.kind === "accounts");
    if (message?.kind !== "accounts") throw new Error("the tick sent no 账号 message");
    const outcome = await syncAccountSheet(
      { ...(await syncDeps(env)), hashes: new HashBudget() },
      message,
    );
    expect(outcome.reset).toBe(0);
    expect(outcome.notices).toEqual([
      expect.stringMatching(
        new RegExp(`^账号第${sendingRow}行的重置密码未办理：该教师已调往「${IN.name}」`),
      ),
    ]);
    expect(await passwordHash()).toBe(hash);
    expect(await signedIn(teacher)).toBe(true);
    expect((await accountRows("out"))[sendingRow - 1]?.[5]).toBe(false);
  });

  it("the receiving school's tick issues a new initial password that signs in; sessions end", async () => {
    const at = (await accountRows("in")).findIndex((r) => r[0] === teacherNumber) + 1;
    await tick("in", at);
    const sent = await accountCycle();
    expect(sent).toMatchObject([{ kind: "accounts", schoolCode: IN.code }]);
    const [number, name, password, , status, box] = (await accountRows("in"))[at - 1] ?? [];
    expect([number, name]).toEqual([teacherNumber, "张伟"]);
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    expect(String(status)).toMatch(/^有效/);
    expect(box).toBe(false);
    expect(await signedIn(teacher)).toBe(false);
    const fresh = await new Browser().signIn(teacherNumber, String(password));
    expect(fresh.headers.get("location")).toBe("/portal/password");
    const old = await new Browser().signIn(teacherNumber, OWN_PASSWORD);
    expect(old.headers.get("location")).not.toBe("/portal/me");
  });
});

describe("a teacher moved before their first sign-in", { timeout: 60_000 }, () => {
  it("keeps the initial password the sending school showed; the receiving row says where it came from, then follows the sign-in", async () => {
    const shown = (await accountRows("out")).find((row) => row[1] === "李娜") as string[];
    const [number = "", , initial = ""] = shown;
    expect(initial).toMatch(/^[a-z2-9]{12}$/);
    await transfer("李娜", ID.li, 3);
    // The receiving school's sync that took 调档完成 (the account moved in it) wrote its account
    // spreadsheet already; the sending school's next sync writes its own once; neither reads.
    const made = await requestsByFileDuring(serviceAccount, async () => {
      await syncOnce(env, OUT, sheet.out);
      await syncOnce(env, IN, sheet.in);
    });
    const oneWrite = { "sheets.spreadsheets.batchUpdate": 1 };
    expect([made[accounts.out], made[accounts.in]]).toEqual([oneWrite, undefined]);
    expect((await accountRows("out")).flat()).not.toContain(number);
    const arrived = () => accountRows("in").then((rows) => rows.find((r) => r[0] === number));
    expect((await arrived())?.slice(1, 3)).toEqual(["李娜", ""]);
    expect(String((await arrived())?.[4])).toContain("初始密码已由调出学校发放");
    const li = new Browser();
    await li.firstSignIn(number, initial, OWN_PASSWORD);
    await accountCycle();
    expect(String((await arrived())?.[4])).toMatch(/^已首次登录，密码已清除/);
  });
});
