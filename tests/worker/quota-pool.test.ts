import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createGoogleClient,
  type GoogleClient,
  QuotaDeferredError,
} from "../../src/adapters/google/client";
import { durableQuotaKeeper, QuotaKeeperObject } from "../../src/adapters/google/quota-keeper";
import {
  parseServiceAccountKey,
  parseServiceAccountPool,
} from "../../src/adapters/google/service-account";
import { app } from "../../src/app";
import type { QuotaLimits } from "../../src/core/quota/ledger";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  consume,
  control,
  createSchoolSheet,
  liftProjectQuotas,
  person,
  readSheet,
  type School,
  smallTabs,
} from "./support/schools";

/**
 * One keeper for a pool of service accounts: every client (one per queue batch, tick or API
 * call) asks the same Durable Object, so together they never start more requests in a minute
 * than one account's or the project's budget, measured by the emulator's own counters; a
 * school's spreadsheet shared with the pool is synced by whichever account is free; and a 429
 * from Google defers the sync instead of failing it.
 */

const ADMIN = "admin@quota.hrjy.example.cn";
const AUDITOR = "auditor@quota.hrjy.example.cn";
const SCHOOL: School = {
  code: "4306239901",
  name: "华容县配额测试小学",
  category: "primary_secondary",
};
let pool: ServiceAccount[];
let id = "";

/** The worker's env with the pool: the first account the default, the rest as a JSON array. */
function poolEnv(): Env {
  const [first, ...rest] = pool as [ServiceAccount, ...ServiceAccount[]];
  return {
    ...envFor(first),
    GOOGLE_SERVICE_ACCOUNTS: JSON.stringify(rest.map((sa) => JSON.parse(sa.key))),
  };
}

beforeAll(async () => {
  await liftProjectQuotas();
  pool = [
    await registerServiceAccount("quota-a"),
    await registerServiceAccount("quota-b"),
    await registerServiceAccount("quota-c"),
  ];
  const [first, ...rest] = pool as [ServiceAccount, ...ServiceAccount[]];
  const people = [person(1), person(2)];
  id = await createSchoolSheet(ADMIN, first.client_email, SCHOOL, asSheet(smallTabs(people)), [
    AUDITOR,
  ]);
  for (const sa of rest) {
    await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
      role: "writer",
      type: "user",
      emailAddress: sa.client_email,
    });
  }
});

const Anything = z.unknown();

/** A client as one batch of the worker builds it: the pool, the shared keeper, the limits. */
function clientFor(limits: QuotaLimits): GoogleClient {
  const [first, ...rest] = pool.map((sa) => parseServiceAccountKey(sa.key));
  if (first === undefined) throw new Error("no pool");
  if (env.QUOTA_KEEPER === undefined) throw new Error("QUOTA_KEEPER is not bound");
  return createGoogleClient({
    key: first,
    moreKeys: rest,
    tokenUrl: `${emulatorUrl}/token`,
    keeper: durableQuotaKeeper(env.QUOTA_KEEPER),
    limits,
    // Only what is free now: a test cannot wait out a minute.
    maxQuotaWaitMs: 0,
  });
}

interface Counters {
  rejectedByQuota: number;
  /** Requests each pool account made, by address. */
  byAccount: Record<string, number>;
}

/** The emulator's counters: quota refusals, and each pool account's requests. */
async function counters(): Promise<Counters> {
  const stats = (await (await fetch(`${emulatorUrl}/__emulator/stats`)).json()) as {
    rejected: { quota: number };
    byIdentity: Record<string, { total: number }>;
  };
  const byAccount = Object.fromEntries(
    pool.map((sa) => [sa.client_email, stats.byIdentity[sa.client_email]?.total ?? 0]),
  );
  return { rejectedByQuota: stats.rejected.quota, byAccount };
}

describe("one quota keeper for a pool of service accounts", () => {
  it("two batches at once stay within each account's and the project's minute", async () => {
    // Per account 4, project 10: three accounts could start 12, the project allows 10.
    const limits: QuotaLimits = {
      sheetsRead: { perAccount: 4, perProject: 10 },
      sheetsWrite: { perAccount: 4, perProject: 10 },
      drive: { perAccount: 1000, perProject: 1000 },
    };
    const batches = [clientFor(limits), clientFor(limits)];
    const before = await counters();
    // Both clients' requests run at once, twelve each, as two queue batches would.
    const outcomes = await Promise.allSettled(
      batches.flatMap((client) =>
        Array.from({ length: 12 }, () =>
          client.request({
            method: "GET",
            url: `${emulatorUrl}/v4/spreadsheets/${id}?fields=spreadsheetId`,
            schema: Anything,
            label: "sheets.spreadsheets.get",
          }),
        ),
      ),
    );
    const after = await counters();
    const made = pool.map((sa) => {
      const email = sa.client_email;
      return (after.byAccount[email] ?? 0) - (before.byAccount[email] ?? 0);
    });
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled").length;
    const deferred = outcomes.filter(
      (o) => o.status === "rejected" && o.reason instanceof QuotaDeferredError,
    );
    // What was not granted was deferred before anything was sent, and nothing met a 429.
    expect(fulfilled + deferred.length).toBe(24);
    expect(made.reduce((a, b) => a + b, 0)).toBe(fulfilled);
    expect(after.rejectedByQuota).toBe(before.rejectedByQuota);
    // The project's minute caps the pool; no account went past its own; all three served.
    expect(fulfilled).toBe(10);
    for (const n of made) expect(n).toBeLessThanOrEqual(4);
    expect(made.every((n) => n > 0)).toBe(true);
    const [first] = deferred;
    expect(first?.status === "rejected" && first.reason.retryInMs).toBeGreaterThan(0);
  });
});

describe("the keeper after an eviction", () => {
  it("starts again from the grants it saved, not from an empty minute", async () => {
    if (env.QUOTA_KEEPER === undefined) throw new Error("QUOTA_KEEPER is not bound");
    const stub = env.QUOTA_KEEPER.get(env.QUOTA_KEEPER.idFromName("eviction-test"));
    const limits: QuotaLimits = {
      sheetsRead: { perAccount: 3, perProject: 3 },
      sheetsWrite: { perAccount: 3, perProject: 3 },
      drive: { perAccount: 1000, perProject: 1000 },
    };
    for (let i = 0; i < 3; i++)
      expect(await stub.reserve("sheetsRead", ["a@x"], 0, limits)).toMatchObject({ granted: true });
    // Idle, the object is evicted (workerd: after 10 s); the next call meets a fresh instance.
    const after = await runInDurableObject(stub, async (_old, state) => {
      const fresh = new QuotaKeeperObject(state, env);
      return {
        read: await fresh.reserve("sheetsRead", ["a@x"], 0, limits),
        // Writes are a budget of their own, still whole.
        write: await fresh.reserve("sheetsWrite", ["a@x"], 0, limits),
      };
    });
    expect(after.read).toMatchObject({ granted: false });
    expect(after.write).toMatchObject({ granted: true });
  });
});

/** A stand-in for the sync queue that keeps what is sent, with its options. */
function recordingQueue() {
  const sent: { body: SyncMessage; delaySeconds: number | undefined }[] = [];
  const queue = {
    send: async (body: SyncMessage, options?: QueueSendOptions) => {
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      for (const m of messages) sent.push({ body: m.body, delaySeconds: m.delaySeconds });
    },
  } as unknown as Queue<SyncMessage>;
  return { queue, sent };
}

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

const AUTH = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

interface Progress {
  items: { schoolCode: string | null; status: string; retryAt: string | null }[];
}

async function progressOf(path: string, testEnv: Env): Promise<Progress> {
  const response = await app.request(path, { headers: AUTH }, testEnv);
  expect(response.status).toBe(200);
  return (await response.json()) as Progress;
}

describe("a school's sync under quota", () => {
  it("a 429 from Google defers the sync as a fresh message; it never fails", async () => {
    const later = recordingQueue();
    const testEnv = {
      ...poolEnv(),
      SYNC_QUEUE: later.queue,
      RECHECK_QUEUE: noRecheck,
      GOOGLE_RETRY_ATTEMPTS: "2",
      GOOGLE_RETRY_BASE_MS: "1",
    } as Env;
    // Asked for through the API, as county IT would: it queues the sync and says where to follow it.
    const answer = await app.request("/api/sync", { method: "POST", headers: AUTH }, testEnv);
    expect(answer.status).toBe(202);
    const { progress } = (await answer.json()) as { progress: string };
    const [message, ...rest] = later.sent.map((sent) => sent.body);
    expect(rest).toEqual([]);
    if (message === undefined) throw new Error("the school was not found changed");
    later.sent.length = 0;
    // Google refuses every read of the pool's accounts, as an exhausted quota would.
    await control("POST", "/faults", {
      errorRate: 1,
      statuses: [429],
      retryAfterSeconds: 0,
      identities: pool.map((sa) => sa.client_email),
      methods: [
        "sheets.spreadsheets.values.batchGet",
        "sheets.spreadsheets.values.batchGetByDataFilter",
      ],
    });
    let settled: Awaited<ReturnType<typeof consume>>;
    try {
      // Its last attempt by the queue's count: a failure now would go to the dead-letter queue.
      settled = await consume(testEnv, [{ body: message, attempts: 6 }]);
    } finally {
      await control("POST", "/faults", {});
    }
    expect(settled).toEqual({ acked: 1, retried: [] });
    expect(later.sent).toEqual([{ body: message, delaySeconds: 60 }]);
    // The progress says which school was deferred, and when it will be tried again.
    const deferredAt = Date.now();
    const [item] = (await progressOf(progress, testEnv)).items;
    expect(item).toMatchObject({ schoolCode: SCHOOL.code, status: "配额已满，延后" });
    const retryAt = Date.parse(item?.retryAt ?? "");
    expect(retryAt - deferredAt).toBeGreaterThan(50_000);
    expect(retryAt - deferredAt).toBeLessThanOrEqual(61_000);
    // The deferred message, delivered once the quota is back, syncs the school.
    const [deferred] = later.sent;
    if (deferred === undefined) throw new Error("nothing deferred");
    later.sent.length = 0;
    expect(await consume(testEnv, [{ body: deferred.body, attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    const [header = [], first = []] = (await readSheet(AUDITOR, id, ["基本信息"])).基本信息 ?? [];
    expect(first[header.indexOf("审核状态")]).toBeTruthy();
    const [after] = (await progressOf(progress, testEnv)).items;
    expect(after).toMatchObject({ status: "已同步", retryAt: null });
  });
});

describe("the pool's secrets", () => {
  it("the single key is the default, more come as a JSON array, each address once", () => {
    const [a, b] = pool as [ServiceAccount, ServiceAccount];
    expect(parseServiceAccountPool(a.key, undefined).map((k) => k.client_email)).toEqual([
      a.client_email,
    ]);
    const more = JSON.stringify([JSON.parse(b.key), JSON.parse(a.key)]);
    expect(parseServiceAccountPool(a.key, more).map((k) => k.client_email)).toEqual([
      a.client_email,
      b.client_email,
    ]);
  });

  it("a bad entry is named by position, never quoted", () => {
    const [a] = pool as [ServiceAccount];
    const secret = "-----BEGIN PRIVATE KEY-----leaked";
    const bad = JSON.stringify([{ type: "service_account", private_key: secret }]);
    expect(() => parseServiceAccountPool(a.key, bad)).toThrow(/第 1 个密钥/);
    expect(() => parseServiceAccountPool(a.key, bad)).not.toThrow(/leaked/);
    expect(() => parseServiceAccountPool(a.key, "{")).toThrow(/不是合法的 JSON/);
    expect(() => parseServiceAccountPool(a.key, "{}")).toThrow(/JSON 数组/);
  });
});
