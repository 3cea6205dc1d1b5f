/**
 * A school with more new teachers than one queue message may hash passwords for: each message
 * issues the next teachers in sheet order and enqueues the rest, the rows left show 编号待分配,
 * and the school converges with every teacher issued exactly one number, in one unbroken run,
 * shown once in the account spreadsheet.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/adapters/crypto/index";
import { googleFromEnv } from "../../src/adapters/google/index";
import { TEACHER_NUMBER_PENDING } from "../../src/core/sync/sync-school";
import type { Env } from "../../src/env";
import { handleSyncMessage } from "../../src/jobs/dispatch";
import type { SyncMessage } from "../../src/jobs/messages";
import type { SchoolSyncOutcome } from "../../src/jobs/sync-school";
import { ID, validTabs } from "../core/validate/fixture";
import { createAccountsSheet, schoolPeople } from "./support/accounts";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  createSchoolSheet,
  person,
  poll,
  readSheet,
  type School,
  smallTabs,
} from "./support/schools";

const ADMIN = "admin@bounded.hrjy.example.cn";
const SCHOOL: School = {
  code: "4306230088",
  name: "华容县大校测试中学",
  category: "primary_secondary",
};
const PEOPLE = schoolPeople(SCHOOL.code, SCHOOL.name);
const NEW_TEACHERS = 7;
const PER_MESSAGE = 3;

let sa: ServiceAccount;
let spreadsheetId = "";
let accountsId = "";
/** What the consumer enqueued, as SYNC_QUEUE would receive it. */
const enqueued: SyncMessage[] = [];
let env: Env;

const queue = {
  send: async (body: SyncMessage) => {
    enqueued.push(body);
  },
  sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
    enqueued.push(...[...messages].map((m) => m.body));
  },
} as unknown as Queue<SyncMessage>;

async function deliver(message: SyncMessage): Promise<SchoolSyncOutcome> {
  return (await handleSyncMessage(
    env,
    message,
    new Date(),
    googleFromEnv(env),
  )) as SchoolSyncOutcome;
}

/** 教师编号 of each 基本信息 row, in sheet order. */
async function numbersOnSheet(): Promise<string[]> {
  const basic = (await readSheet(ADMIN, spreadsheetId, ["基本信息"])).基本信息 ?? [];
  const at = basic[0]?.indexOf("教师编号") ?? -1;
  return basic.slice(1).map((row) => row[at] ?? "");
}

async function teachers() {
  const { results } = await env.DB.prepare(
    "SELECT teacher_number, person_key, password_hash FROM teachers WHERE school_code = ? ORDER BY teacher_number",
  )
    .bind(SCHOOL.code)
    .all<{ teacher_number: string; person_key: string; password_hash: string }>();
  return results;
}

beforeAll(async () => {
  sa = await registerServiceAccount("accounts-bounded");
  env = { ...envFor(sa), SYNC_QUEUE: queue, PASSWORD_HASHES_PER_MESSAGE: String(PER_MESSAGE) };
  const people = Array.from({ length: NEW_TEACHERS }, (_, i) => person(500 + i));
  const tabs = smallTabs(people);
  // New teachers (新任教师): 基本信息 and 联系方式 are all they fill, so these rows are complete.
  const wang = validTabs().基本信息?.find((row) => row.身份证件号 === ID.wang) ?? {};
  tabs.基本信息 = people.map((p) => ({
    ...wang,
    姓名: p.name,
    身份证件号: p.id,
    出生日期: p.birth,
    性别: p.sex,
  }));
  spreadsheetId = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, asSheet(tabs));
  accountsId = await createAccountsSheet(ADMIN, sa.client_email, PEOPLE);
});

describe("a school with more new teachers than one message may issue", { timeout: 60_000 }, () => {
  it("issues the first ones, shows 编号待分配 on the others, and enqueues the rest", async () => {
    const [first, ...others] = await poll(env);
    expect(others).toEqual([]);
    const outcome = await deliver(first as SyncMessage);
    expect(outcome.status).toBe("synced");
    expect(outcome.notices).toContain(
      `还有 ${NEW_TEACHERS - PER_MESSAGE} 名新教师的教师编号待分配，将在下一轮同步中分配`,
    );
    const numbers = await numbersOnSheet();
    expect(numbers.slice(0, PER_MESSAGE).every((n) => /^430623\d{6}$/.test(n))).toBe(true);
    expect(numbers.slice(PER_MESSAGE)).toEqual(
      Array(NEW_TEACHERS - PER_MESSAGE).fill(TEACHER_NUMBER_PENDING),
    );
    // A pending number is a status, not an error: those rows are as valid as the others.
    const basic = (await readSheet(ADMIN, spreadsheetId, ["基本信息"])).基本信息 ?? [];
    const status = basic[0]?.indexOf("审核状态") ?? -1;
    expect(new Set(basic.slice(1).map((row) => row[status]))).toEqual(new Set(["待审核"]));
    expect(enqueued).toEqual([{ ...first, version: (first?.version ?? 0) + 1, force: true }]);
    expect(await teachers()).toHaveLength(PER_MESSAGE);
  });

  it("converges over the continuations: one number each, no duplicate, no gap", async () => {
    let delivered = 1;
    while (enqueued.length > 0) {
      const next = enqueued.shift() as SyncMessage;
      // At least once: every continuation arrives twice here, as a queue may deliver it.
      await deliver(next);
      await deliver(next);
      delivered += 1;
      if (delivered > 10) throw new Error("no convergence");
    }
    expect(delivered).toBe(Math.ceil(NEW_TEACHERS / PER_MESSAGE));
    const issued = await teachers();
    expect(issued).toHaveLength(NEW_TEACHERS);
    expect(new Set(issued.map((t) => t.person_key)).size).toBe(NEW_TEACHERS);
    const serials = issued.map((t) => Number(t.teacher_number.slice(6)));
    expect(serials).toEqual(serials.map((_, i) => (serials[0] as number) + i));
    const onSheet = await numbersOnSheet();
    expect([...onSheet].sort()).toEqual(issued.map((t) => t.teacher_number));
  });

  it("shows every password once, each at its own row, matching its hash", async () => {
    const got = await asUser<{ values?: string[][] }>(
      PEOPLE.systemAdmins[0] as string,
      "GET",
      `v4/spreadsheets/${accountsId}/values/${encodeURIComponent("'账号'!A:E")}`,
    );
    const rows = (got.values ?? []).slice(1);
    const issued = await teachers();
    expect(rows.map((r) => r[0])).toEqual(issued.map((t) => t.teacher_number));
    for (const [i, row] of rows.entries())
      expect(await verifyPassword(row[2] ?? "", issued[i]?.password_hash ?? "")).toBe(true);
  });

  it("settles: at most one more sync (after the duplicates), which writes nothing", async () => {
    // A duplicate delivery does real work under an old version, so the next poll may see one
    // revision it cannot tell from an edit; that sync finds nothing to do, and then all is quiet.
    for (const message of await poll(env)) {
      const made = await requestsByFileDuring(sa.client_email, () => deliver(message));
      expect(made).toEqual({
        [spreadsheetId]: { "sheets.spreadsheets.values.batchGetByDataFilter": 1 },
      });
    }
    expect(enqueued).toEqual([]);
    expect(await poll(env)).toEqual([]);
  });
});
