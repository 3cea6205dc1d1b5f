import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import {
  asSheet,
  consume,
  control,
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
 * No wasted work under a backlog: the poll lists an edit, its message waits in the queue while
 * the school keeps typing, and the next tick lists the school again. The first sync reads all of
 * it; the duplicate message then does nothing, and the next poll does not take the worker's own
 * write-back for an edit. Counted by the emulator (per file, per method).
 */

const ADMIN = "admin@own-writes.hrjy.example.cn";
const SCHOOL: School = {
  code: "4306239801",
  name: "华容县自写测试小学",
  category: "primary_secondary",
};
const SHEETS_READ = [
  "sheets.spreadsheets.values.batchGet",
  "sheets.spreadsheets.values.batchGetByDataFilter",
];
let sa: ServiceAccount;
let testEnv: Env;
let id = "";

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

beforeAll(async () => {
  await liftProjectQuotas();
  sa = await registerServiceAccount("own-writes");
  testEnv = { ...envFor(sa), RECHECK_QUEUE: noRecheck };
  id = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, asSheet(smallTabs([person(1)])));
  expect(await untilQuiet(testEnv, 3)).toMatchObject({ retries: 0 });
});

/** This spreadsheet's Sheets reads so far, by the worker's account. */
async function sheetReads(): Promise<number> {
  const stats = (await await control("GET", "/stats")) as {
    byFile: Record<string, { byMethod: Record<string, number> }>;
  };
  const methods = stats.byFile[id]?.byMethod ?? {};
  return SHEETS_READ.reduce((sum, m) => sum + (methods[m] ?? 0), 0);
}

/** A message as a tick listed it `ago` ms before now. */
function listedAgo(message: SyncMessage, ago: number): SyncMessage {
  return { ...message, listedAt: new Date(Date.now() - ago).toISOString() } as SyncMessage;
}

describe("a backlog wastes no sync", () => {
  it("a message that waited while the school kept typing: one sync, no repeat, no echo", async () => {
    await writeCell(ADMIN, id, "联系方式", "移动电话", 2, "13807301111");
    const [first, ...none] = await poll(testEnv);
    expect(none).toEqual([]);
    // The school keeps typing while the message waits, and the next tick lists it again.
    await writeCell(ADMIN, id, "联系方式", "移动电话", 2, "13807302222");
    const [second] = await poll(testEnv);
    if (first === undefined || second === undefined) throw new Error("not listed");
    expect(second.version).toBeGreaterThan(first.version);

    const before = await sheetReads();
    // Three minutes later the first message's turn comes: it reads both edits.
    expect(await consume(testEnv, [{ body: listedAgo(first, 180_000), attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    const afterFirst = await sheetReads();
    expect(afterFirst).toBeGreaterThan(before);
    // The duplicate the next tick sent finds nothing to read.
    expect(await consume(testEnv, [{ body: listedAgo(second, 60_000), attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    expect(await sheetReads()).toBe(afterFirst);
    // And the next poll does not take the worker's own write-back for an edit.
    expect(await poll(testEnv)).toEqual([]);
  });
});
