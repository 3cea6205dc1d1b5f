import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import {
  asSheet,
  consume,
  createSchoolSheet,
  liftProjectQuotas,
  person,
  type School,
  smallTabs,
} from "./support/schools";

/**
 * `POST /api/sync` on deadline day: 200 schools changed at once. It queues their syncs, as the
 * cron tick does, and answers at once with what it queued; `GET /api/sync/:id` shows each one
 * 「排队中」 until its sync has run, then 「已同步」.
 */

const SCHOOLS = 200;
// Spreadsheets made by several admins: each admin's per-minute write quota stays unspent.
const ADMINS = Array.from({ length: 5 }, (_, i) => `admin${i}@sync-api.hrjy.example.cn`);
const AUTH = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
let sa: ServiceAccount;
const ids: string[] = [];

/** Runs `work` on every item, at most `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

/** The sync queue, kept: what the API queued, in order. */
function recordingQueue() {
  const sent: SyncMessage[] = [];
  const queue = {
    send: async (body: SyncMessage) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      sent.push(...[...messages].map((m) => m.body));
    },
  } as unknown as Queue<SyncMessage>;
  return { queue, sent };
}

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

beforeAll(async () => {
  await liftProjectQuotas();
  sa = await registerServiceAccount("sync-api");
  const indices = Array.from({ length: SCHOOLS }, (_, i) => i);
  await inParallel(indices, 8, async (i) => {
    const school: School = {
      code: `4306238${String(i).padStart(3, "0")}`,
      name: `华容县同步接口测试第${i + 1}小学`,
      category: "primary_secondary",
    };
    const admin = ADMINS[i % ADMINS.length] as string;
    ids[i] = await createSchoolSheet(
      admin,
      sa.client_email,
      school,
      asSheet(smallTabs([person(i)])),
    );
  });
}, 180_000);

interface Queued {
  id: number;
  changed: number;
  queued: { kind: string; spreadsheetId: string }[];
  progress: string;
}

interface Progress {
  total: number;
  done: number;
  waiting: number;
  items: { spreadsheetId: string; schoolCode: string | null; status: string }[];
}

describe("POST /api/sync with 200 changed schools", () => {
  it("answers within a second with what it queued; progress follows the syncs", async () => {
    const later = recordingQueue();
    const testEnv = { ...envFor(sa), SYNC_QUEUE: later.queue, RECHECK_QUEUE: noRecheck } as Env;
    const started = Date.now();
    const res = await app.request("/api/sync", { method: "POST", headers: AUTH }, testEnv);
    const took = Date.now() - started;
    expect(res.status).toBe(202);
    const body = (await res.json()) as Queued;
    expect(took).toBeLessThan(1_000);
    expect(body.changed).toBe(SCHOOLS);
    expect(new Set(body.queued.map((q) => q.spreadsheetId))).toEqual(new Set(ids));
    expect(later.sent.map((m) => m.spreadsheetId).sort()).toEqual([...ids].sort());
    expect(body.progress).toBe(`/api/sync/${body.id}`);

    const progress = async () => {
      const got = await app.request(body.progress, { headers: AUTH }, testEnv);
      expect(got.status).toBe(200);
      return (await got.json()) as Progress;
    };
    const before = await progress();
    expect(before).toMatchObject({ total: SCHOOLS, done: 0, waiting: SCHOOLS });
    expect(new Set(before.items.map((i) => i.status))).toEqual(new Set(["排队中"]));

    // The queue consumer syncs two of them: those two show synced, the rest still wait.
    const [first, second] = later.sent as [SyncMessage, SyncMessage];
    const settled = await consume(testEnv, [
      { body: first, attempts: 1 },
      { body: second, attempts: 1 },
    ]);
    expect(settled).toEqual({ acked: 2, retried: [] });
    const after = await progress();
    expect(after).toMatchObject({ total: SCHOOLS, done: 2, waiting: SCHOOLS - 2 });
    const synced = after.items.filter((i) => i.status === "已同步").map((i) => i.spreadsheetId);
    expect(synced.sort()).toEqual([first.spreadsheetId, second.spreadsheetId].sort());
  });

  it("an unknown cycle is a 404 in Chinese, a malformed one a 400", async () => {
    const missing = await app.request("/api/sync/999999", { headers: AUTH }, envFor(sa));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/没有编号/);
    const bad = await app.request("/api/sync/abc", { headers: AUTH }, envFor(sa));
    expect(bad.status).toBe(400);
  });
});
