import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import {
  asSheet,
  consume,
  createSchoolSheet,
  liftProjectQuotas,
  person,
  poll,
  type School,
  smallTabs,
  untilQuiet,
  writeCell,
} from "./support/schools";

/**
 * Oldest unsynced edit first: under a backlog the poll queues the schools in the order they
 * started waiting, so a school that has waited since an earlier tick is not overtaken by schools
 * that changed since, even when it kept typing (its latest edit is then the newest of all).
 */

const ADMIN = "admin@fairness.hrjy.example.cn";
const schools: School[] = [1, 2, 3].map((n) => ({
  code: `430623970${n}`,
  name: `华容县公平测试第${n}小学`,
  category: "primary_secondary",
}));
let sa: ServiceAccount;
let testEnv: Env;
const ids: string[] = [];

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

beforeAll(async () => {
  await liftProjectQuotas();
  sa = await registerServiceAccount("fairness");
  testEnv = { ...envFor(sa), RECHECK_QUEUE: noRecheck };
  for (const [i, school] of schools.entries())
    ids.push(
      await createSchoolSheet(ADMIN, sa.client_email, school, asSheet(smallTabs([person(i)]))),
    );
  expect(await untilQuiet(testEnv, 3)).toMatchObject({ retries: 0 });
});

const edit = (i: number, phone: string) =>
  writeCell(ADMIN, ids[i] as string, "联系方式", "移动电话", 2, phone);

describe("a backlog is served oldest edit first", () => {
  it("the school waiting since the earlier tick goes first, then the others", async () => {
    // The last school edits first; its sync does not get through this tick.
    await edit(2, "13807303333");
    expect((await poll(testEnv)).map((m) => m.spreadsheetId)).toEqual([ids[2]]);
    // Then the others edit, and the first one keeps typing: its edit is now the newest.
    await edit(0, "13807301111");
    await edit(1, "13807302222");
    await edit(2, "13807304444");
    const next = await poll(testEnv);
    expect(next.map((m) => m.spreadsheetId)[0]).toBe(ids[2]);
    expect(new Set(next.map((m) => m.spreadsheetId))).toEqual(new Set(ids));
    // Synced, it waits no more: its next edit queues behind those still waiting.
    const first = next[0];
    if (first === undefined) throw new Error("nothing queued");
    expect(await consume(testEnv, [{ body: first, attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    await edit(2, "13807305555");
    const after = await poll(testEnv);
    expect(after.map((m) => m.spreadsheetId).at(-1)).toBe(ids[2]);
    expect(after).toHaveLength(3);
  });
  it("among schools one poll finds changed, the one whose change is older goes first", async () => {
    // Everything synced: nobody waits.
    expect(await untilQuiet(testEnv, 5)).toMatchObject({ retries: 0 });
    // School 2 edits a moment before school 0; the listing names school 0 first (the order the
    // schools were made in), so only the edit times can put school 2 first.
    await edit(2, "13807306666");
    await new Promise((r) => setTimeout(r, 20));
    await edit(0, "13807307777");
    const next = await poll(testEnv);
    expect(next.map((m) => m.spreadsheetId)).toEqual([ids[2], ids[0]]);
  });
});
