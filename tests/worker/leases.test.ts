import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { LEASE_SECONDS, releaseLease, takeLease } from "../../src/adapters/store/leases";
import { app } from "../../src/app";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
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
    await app.request("/api/sync", { method: "POST", headers: AUTH }, testEnv)
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

const deliveries = (sent: readonly SyncMessage[]) => sent.map((body) => ({ body, attempts: 1 }));
