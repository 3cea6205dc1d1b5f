/**
 * County work whose wake-up was lost — a request that reached 人事股 with no reconcile message
 * sent, decisions recorded by a run that died before syncing the schools they concern — is
 * done by `POST /api/sync` alone, as the cron tick would do it, with no queue consumer running.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { applyTransition, openRequest } from "../../src/adapters/store/business";
import { owePendingSyncs, schoolsOwedSync } from "../../src/adapters/store/business-county";
import { app } from "../../src/app";
import { PENDING_TEXT } from "../../src/core/recheck/approvals";
import type { Env } from "../../src/env";
import { makeEffective } from "./support/business";
import { createProvisionedCountySheet } from "./support/county-sheet";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import { asSheet, createSchoolSheet, person, smallTabs } from "./support/schools";

const ADMIN = "huanxing-test@hrjy.example.cn";
const A = {
  code: "4306230094",
  name: "华容县唤醒测试小学",
  category: "primary_secondary" as const,
};
const RETIREE = person(71);
const AUTH = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
const TAB = "在职情况变动审批";

let sa: ServiceAccount;
let testEnv: Env;
let countySheet = "";
let requestId = "";

interface SyncReply {
  synced: { spreadsheetId: string; status: string; schools?: number }[];
}

async function postSync(): Promise<SyncReply> {
  const res = await app.request("/api/sync?wait=1", { method: "POST", headers: AUTH }, testEnv);
  expect(res.status).toBe(200);
  return (await res.json()) as SyncReply;
}

async function approvalRow(id: string): Promise<Record<string, string> | undefined> {
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${countySheet}/values/${encodeURIComponent(`'${TAB}'`)}`,
  );
  const [header = [], ...data] = got.values ?? [];
  return data
    .map((row) => Object.fromEntries(header.map((h, j) => [h, row[j] ?? ""])))
    .find((row) => row.申请编号 === id);
}

/** Every message is lost: nothing but the request under test does any work. */
const lost = { send: async () => {}, sendBatch: async () => {} };

beforeAll(async () => {
  sa = await registerServiceAccount("county-wakeup");
  testEnv = {
    ...envFor(sa),
    RECHECK_QUEUE: lost as unknown as Env["RECHECK_QUEUE"],
    SYNC_QUEUE: lost as unknown as Env["SYNC_QUEUE"],
  };
  countySheet = await createProvisionedCountySheet(ADMIN, sa.client_email);
  const sheet = await createSchoolSheet(ADMIN, sa.client_email, A, asSheet(smallTabs([RETIREE])));
  await makeEffective(testEnv, ADMIN, A, sheet);
  // The county and school spreadsheets seen and synced once.
  await postSync();
}, 120_000);

describe("POST /api/sync does the county work a lost wake-up left", () => {
  it("a request that reached 人事股 without a wake-up is put on the approval tab", async () => {
    const crypto = await idCryptoFromEnv(testEnv);
    const personKey = await crypto.personKey(RETIREE.id);
    const teacher = await env.DB.prepare("SELECT teacher_number FROM teachers WHERE person_key = ?")
      .bind(personKey)
      .first<{ teacher_number: string }>();
    const opened = await openRequest(
      env.DB,
      {
        kind: "status_change",
        initiatorSchool: A.code,
        otherSchool: null,
        personKey,
        teacherNumber: teacher?.teacher_number ?? "",
        name: RETIREE.name,
        details: { kind: "status_change", change: "902", date: "2017-03-01", reason: "到龄退休" },
      },
      { actor: "info@hrjy.example.cn", at: new Date().toISOString() },
    );
    if (!opened.ok) throw new Error("not opened");
    requestId = opened.request.id;
    const confirmed = await applyTransition(env.DB, requestId, "confirm", "initiator", {
      actor: "head@hrjy.example.cn",
      reason: null,
      at: new Date().toISOString(),
      from: "draft",
      crypto,
    });
    expect(confirmed.ok).toBe(true);
    await postSync();
    expect((await approvalRow(requestId))?.办理状态).toBe(PENDING_TEXT);
  });

  it("a decision recorded by a run that died before syncing its school is carried through", async () => {
    // What 人事股's 确认 leaves when the run stops between recording it and syncing the school.
    const at = new Date().toISOString();
    await owePendingSyncs(env.DB, requestId, [A.code], at);
    const decided = await applyTransition(env.DB, requestId, "confirm", "county", {
      actor: "personnel",
      reason: null,
      at,
      from: "county_review",
      crypto: await idCryptoFromEnv(testEnv),
    });
    expect(decided.ok).toBe(true);
    const reply = await postSync();
    expect(reply.synced).toContainEqual(
      expect.objectContaining({ spreadsheetId: countySheet, status: "synced", schools: 1 }),
    );
    expect(await schoolsOwedSync(env.DB)).toEqual([]);
    expect((await approvalRow(requestId))?.办理状态).toBe("已确认，已完成");
    // Nothing owed any more: the next call syncs nothing.
    expect((await postSync()).synced).toEqual([]);
  });
});
