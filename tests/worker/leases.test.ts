import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import {
  LEASE_SECONDS,
  releaseLease,
  takeLease,
  whileHolding,
} from "../../src/adapters/store/leases";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import { handleSyncMessage } from "../../src/jobs/dispatch";
import type { SyncMessage } from "../../src/jobs/messages";
import {
  emulatorUrl,
  envFor,
  registerServiceAccount,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  consume,
  createSchoolSheet,
  person,
  poll,
  smallTabs,
  writeCell,
} from "./support/schools";

// Its own user and school: the emulator counts quota per user, and polls see only this SA's files.
const ADMIN = "lease-test@hrjy.example.cn";
const SCHOOL = {
  code: "4306230093",
  name: "华容县租约测试小学",
  category: "primary_secondary" as const,
};
const AUTH = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
let sa: ServiceAccount;
let testEnv: Env;
let sheet = "";

interface SyncReply {
  synced: { spreadsheetId: string; status: string; message?: string }[];
}

const postSync = async () =>
  (await (
    await app.request("/api/sync?wait=1", { method: "POST", headers: AUTH }, testEnv)
  ).json()) as SyncReply;

beforeAll(async () => {
  sa = await registerServiceAccount("leases");
  testEnv = envFor(sa);
  sheet = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, asSheet(smallTabs([person(3)])));
});

describe("one sync per spreadsheet at a time", () => {
  it("two concurrent POST /api/sync sync the school once; the other says it skipped", async () => {
    const replies = await Promise.all([postSync(), postSync()]);
    const outcomes = replies.flatMap((r) => r.synced.filter((s) => s.spreadsheetId === sheet));
    // Both polls saw the new sheet: without a lease both would have synced it whole.
    expect(outcomes.map((o) => o.status).sort()).toEqual(["busy", "synced"]);
    expect(outcomes.find((o) => o.status === "busy")?.message).toMatch(/正在同步/);
  });

  it("a queue delivery meeting a live lease is re-queued, not synced", async () => {
    await writeCell(ADMIN, sheet, "联系方式", "移动电话", 2, "13807309999");
    const sent = await poll(testEnv);
    expect(sent.map((m) => m.spreadsheetId)).toEqual([sheet]);
    expect(await takeLease(env.DB, sheet, "another-run", new Date())).toBe(true);
    const held = await consume(testEnv, deliveries(sent));
    expect(held.retried).toHaveLength(1);
    await releaseLease(env.DB, sheet, "another-run");
    const free = await consume(testEnv, deliveries(sent));
    expect(free).toMatchObject({ acked: 1, retried: [] });
  });

  it("a lease left by a crashed run expires, so the sheet is synced again", async () => {
    await writeCell(ADMIN, sheet, "联系方式", "移动电话", 2, "13807308888");
    const sent = await poll(testEnv);
    const crashedAt = new Date(Date.now() - LEASE_SECONDS * 1000 - 1);
    expect(await takeLease(env.DB, sheet, "crashed-run", crashedAt)).toBe(true);
    expect(await consume(testEnv, deliveries(sent))).toMatchObject({ acked: 1, retried: [] });
  });
});

describe("a run that fails or dies", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a run that throws releases its lease: the next run starts at once", async () => {
    await writeCell(ADMIN, sheet, "联系方式", "移动电话", 2, "13807307777");
    const [message] = await poll(testEnv);
    if (message === undefined) throw new Error("no change seen");
    // Sheets answers 404 at this address: the run fails on its first read.
    const broken = googleFromEnv({ ...testEnv, SHEETS_BASE_URL: `${emulatorUrl}/nowhere` });
    await expect(handleSyncMessage(testEnv, message, new Date(), broken)).rejects.toThrow();
    expect(await takeLease(env.DB, sheet, "next-run", new Date())).toBe(true);
    await releaseLease(env.DB, sheet, "next-run");
  });

  it("a run killed without releasing delays the next by at most one cron interval (2 min)", async () => {
    const CRON_INTERVAL_MS = 120_000;
    const now = new Date();
    expect(
      await takeLease(
        env.DB,
        "lease-killed",
        "killed-run",
        new Date(now.getTime() - CRON_INTERVAL_MS),
      ),
    ).toBe(true);
    expect(await takeLease(env.DB, "lease-killed", "next-tick", now)).toBe(true);
  });

  it("a run longer than the lease keeps it, renewed while it works, and releases it at the end", async () => {
    const id = "lease-long";
    const start = new Date();
    expect(await takeLease(env.DB, id, "long-run", start)).toBe(true);
    vi.useFakeTimers({ now: start, toFake: ["setInterval", "clearInterval", "Date"] });
    let finish = () => {};
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const run = whileHolding(env.DB, id, "long-run", () => work);
    for (let step = 0; step < 6; step++) {
      await vi.advanceTimersByTimeAsync(LEASE_SECONDS * 500);
      // The renewal is a D1 write: let it land before the clock moves on.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Three lease lengths on: without renewal any run would have taken it long ago.
    expect(await takeLease(env.DB, id, "other-run", new Date())).toBe(false);
    finish();
    await run;
    expect(await takeLease(env.DB, id, "other-run", new Date())).toBe(true);
  });
});

const deliveries = (sent: readonly SyncMessage[]) => sent.map((body) => ({ body, attempts: 1 }));
