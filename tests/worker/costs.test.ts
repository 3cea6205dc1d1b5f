import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnLetters } from "../../src/core/sheets/a1";
import type { Env } from "../../src/env";
import { ID, sheetRows, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  consume,
  control,
  createSchoolSheet,
  liftProjectQuotas,
  person,
  poll,
  readSheet,
  type School,
  smallTabs,
  untilQuiet,
} from "./support/schools";

/**
 * The cost model at county scale: 200 school spreadsheets, one cycle after 50 of them changed.
 * Setup creates the sheets and syncs them once with the emulator's quotas off (200 first syncs
 * are 600 Sheets reads, ten minutes of one service account's quota); the measured cycle runs
 * with quotas on (60 reads and 60 writes a minute per user, Google's defaults), so it must fit
 * in them. The per-project limit is lifted for all worker test files (see liftProjectQuotas).
 */

const SCHOOLS = 200;
const CHANGED = 50;
/** Of the changed schools, how many get an error (status written back); the rest a harmless edit. */
const BROKEN = 5;
const ADMINS = Array.from({ length: 8 }, (_, i) => `admin${i}@costs.hrjy.example.cn`);

let sa: ServiceAccount;
let testEnv: Env;
const schools: { school: School; id: string; admin: string }[] = [];

const CONTACT_HEADERS = asSheet(smallTabs([person(0)])).联系方式?.[0] ?? [];
const column = (header: string) => columnLetters(CONTACT_HEADERS.indexOf(header));

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** A seeded choice of `n` of `0..total-1`, in ascending order. */
function choose(n: number, total: number, seed: number): number[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const all = Array.from({ length: total }, (_, i) => i);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, n).sort((x, y) => x - y);
}

beforeAll(async () => {
  sa = await registerServiceAccount("costs");
  // 200 spreadsheets go through one batch here; the worker's own limiter would pace them at 55
  // requests a minute (a real batch holds 5). The emulator's quotas still apply when measuring.
  testEnv = { ...envFor(sa), GOOGLE_REQUESTS_PER_MINUTE: "100000" } as Env;
  await liftProjectQuotas();
  await control("POST", "/quotas", { enabled: false });
  const indices = Array.from({ length: SCHOOLS }, (_, i) => i);
  await pool(indices, 8, async (i) => {
    const school: School = {
      code: `4306231${String(i).padStart(3, "0")}`,
      name: `华容县成本测试第${i + 1}小学`,
      category: "primary_secondary",
    };
    const admin = ADMINS[i % ADMINS.length] as string;
    const id = await createSchoolSheet(
      admin,
      sa.client_email,
      school,
      asSheet(smallTabs([person(i)])),
    );
    schools[i] = { school, id, admin };
  });
  const first = await untilQuiet(testEnv, 3);
  // One cycle syncs all 200 (each writes ids, teacher numbers, statuses), the next is quiet.
  expect(first).toMatchObject({ cycles: 2, deliveries: SCHOOLS, retries: 0, failedPolls: 0 });
  // The measured cycles run under Google's per-user quotas (60 reads, 60 writes a minute),
  // counted from an empty window: requests made while quotas were off were not counted.
  await control("POST", "/quotas", { enabled: true });
}, 120_000);

afterAll(async () => {
  await control("POST", "/quotas", { enabled: true });
});

describe("a cycle costs what changed, not what exists", () => {
  it("200 synced spreadsheets, nothing changed: one Drive request and no spreadsheet touched", async () => {
    let sent: unknown[] = [];
    const byFile = await requestsByFileDuring(sa.client_email, async () => {
      const made = await requestsDuring(sa.client_email, async () => {
        sent = await poll(testEnv);
      });
      expect(made).toEqual({ "drive.files.list": 1 });
    });
    expect(sent).toEqual([]);
    expect(byFile).toEqual({});
  });

  it("50 of 200 changed: requests for those 50 only, 1 read each, 2 reads + 1 write where a status changes", async () => {
    const changed = choose(CHANGED, SCHOOLS, 2024);
    const broken = new Set(changed.slice(0, BROKEN));
    await pool(changed, 8, async (i) => {
      const { id, admin } = schools[i] as (typeof schools)[number];
      const [header, value] = broken.has(i)
        ? ["移动电话", "12345"]
        : ["通信地址", `湖南省华容县章华镇迎宾路${i}号`];
      await asUser(
        admin,
        "PUT",
        `v4/spreadsheets/${id}/values/${encodeURIComponent(`'联系方式'!${column(header)}2`)}?valueInputOption=RAW`,
        { values: [[value]] },
      );
    });

    let made: Record<string, number> = {};
    let sent: { spreadsheetId: string }[] = [];
    const byFile = await requestsByFileDuring(sa.client_email, async () => {
      made = await requestsDuring(sa.client_email, async () => {
        sent = await poll(testEnv);
        const { acked, retried } = await consume(
          testEnv,
          sent.map((body) => ({ body: body as never, attempts: 1 })),
        );
        expect({ acked, retried }).toEqual({ acked: CHANGED, retried: [] });
      });
    });

    const idOf = (i: number) => (schools[i] as (typeof schools)[number]).id;
    expect(sent.map((m) => m.spreadsheetId).sort()).toEqual(changed.map(idOf).sort());
    const expected: Record<string, Record<string, number>> = {};
    for (const i of changed) {
      expected[idOf(i)] = broken.has(i)
        ? {
            "sheets.spreadsheets.values.batchGetByDataFilter": 2,
            "sheets.spreadsheets.batchUpdate": 1,
          }
        : { "sheets.spreadsheets.values.batchGetByDataFilter": 1 };
    }
    // Exactly these 50 spreadsheets, these methods, these counts: none of the other 150.
    expect(byFile).toEqual(expected);
    expect(made).toEqual({
      "drive.files.list": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": CHANGED + BROKEN,
      "sheets.spreadsheets.batchUpdate": BROKEN,
    });

    for (const i of [changed[0] as number, changed[BROKEN] as number]) {
      const { id, admin } = schools[i] as (typeof schools)[number];
      const tab = (await readSheet(admin, id)).联系方式 ?? [];
      const status = tab[1]?.[tab[0]?.indexOf("审核状态") ?? -1];
      expect(status).toBe(broken.has(i) ? "待完善" : "待审核");
    }
    // Our 5 write-backs are recognised as ours: the next cycle is one Drive request again.
    const next = await requestsDuring(sa.client_email, async () => {
      expect(await poll(testEnv)).toEqual([]);
    });
    expect(next).toEqual({ "drive.files.list": 1 });
  });

  it("a changed school that issues a teacher number: 2 reads + 1 write on it, 1 write (no read) on its account spreadsheet", async () => {
    const { school, id, admin } = schools[0] as (typeof schools)[number];
    const accounts = await createAccountsSheet(
      admin,
      sa.client_email,
      schoolPeople(school.code, school.name),
    );
    // A new teacher (新任教师: 基本信息 and 联系方式 only), so the row is valid and gets a number.
    const newcomer = person(SCHOOLS + 1);
    const wang = validTabs().基本信息?.find((row) => row.身份证件号 === ID.wang) ?? {};
    const basic = {
      ...wang,
      姓名: newcomer.name,
      身份证件号: newcomer.id,
      出生日期: newcomer.birth,
      性别: newcomer.sex,
    };
    const contact = {
      ...(smallTabs([newcomer]).联系方式?.[0] ?? {}),
      移动电话: "13807309999",
    };
    for (const [tab, row] of [
      ["基本信息", basic],
      ["联系方式", contact],
    ] as const)
      await asUser(
        admin,
        "PUT",
        `v4/spreadsheets/${id}/values/${encodeURIComponent(`'${tab}'!A3`)}?valueInputOption=RAW`,
        { values: sheetRows(school.category, tab, [row]).slice(1) },
      );

    const accountNames = async () =>
      (
        await asUser<{ values?: string[][] }>(
          schoolPeople(school.code, school.name).systemAdmins[0] as string,
          "GET",
          `v4/spreadsheets/${accounts}/values/${encodeURIComponent("'账号'!A2:C")}`,
        )
      ).values?.map((row) => row[1]) ?? [];
    let made: Record<string, number> = {};
    const byFile = await requestsByFileDuring(sa.client_email, async () => {
      made = await requestsDuring(sa.client_email, async () => {
        const sent = await poll(testEnv);
        expect(sent.map((m) => m.spreadsheetId)).toEqual([id]);
        const settled = await consume(
          testEnv,
          sent.map((body) => ({ body, attempts: 1 })),
        );
        expect(settled).toEqual({ acked: 1, retried: [] });
      });
    });
    expect(byFile).toEqual({
      [id]: {
        "sheets.spreadsheets.values.batchGetByDataFilter": 2,
        "sheets.spreadsheets.batchUpdate": 1,
      },
      [accounts]: { "sheets.spreadsheets.batchUpdate": 1 },
    });
    // The 账号 write is a spreadsheets.batchUpdate too (by the tab's sheetId).
    expect(made).toEqual({
      "drive.files.list": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": 2,
      "sheets.spreadsheets.batchUpdate": 2,
    });
    // The newcomer, and anyone else this sync numbered, in the one write counted above.
    expect(await accountNames()).toContain(newcomer.name);
    // Our two writes (school and account spreadsheet) are known as ours: quiet again.
    const next = await requestsDuring(sa.client_email, async () => {
      expect(await poll(testEnv)).toEqual([]);
    });
    expect(next).toEqual({ "drive.files.list": 1 });
  });
});
