import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { getSpreadsheetState } from "../../src/adapters/store/sync-state";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { runScheduledPoll } from "../../src/jobs/poll";
import worker from "../../src/worker";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";

const ADMIN = "admin@hrjy.example.cn";
let sa: ServiceAccount;
let testEnv: Env;

/** The real queue, recording what was sent so the test can hand it to the consumer. */
function recordingQueue(queue: Queue<SyncMessage>) {
  const sent: SyncMessage[] = [];
  const recorder = {
    send: (body: SyncMessage) => {
      sent.push(body);
      return queue.send(body);
    },
    sendBatch: (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      const list = [...messages];
      sent.push(...list.map((m) => m.body));
      return queue.sendBatch(list);
    },
  } as Queue<SyncMessage>;
  return { queue: recorder, sent };
}

async function createSchoolSheet(title: string, schoolCode?: string): Promise<string> {
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title },
    sheets: [{ properties: { title: "基本信息" } }, { properties: { title: "联系方式" } }],
  });
  await asUser(
    ADMIN,
    "PUT",
    `v4/spreadsheets/${created.spreadsheetId}/values/${encodeURIComponent("'基本信息'!A1")}?valueInputOption=RAW`,
    {
      values: [
        ["姓名", "性别"],
        ["李晓燕", "女"],
        ["王建国", "男"],
      ],
    },
  );
  if (schoolCode) {
    await asUser(ADMIN, "PATCH", `drive/v3/files/${created.spreadsheetId}`, {
      appProperties: {
        tmisKind: "school",
        schoolCode,
        schoolName: title,
        schoolCategory: "primary_secondary",
      },
    });
  }
  await asUser(ADMIN, "POST", `drive/v3/files/${created.spreadsheetId}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
  return created.spreadsheetId;
}

async function consume(messages: SyncMessage[]) {
  const batch = createMessageBatch<SyncMessage>(
    "tmis-sync",
    messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, testEnv);
  return getQueueResult(batch, ctx);
}

beforeAll(async () => {
  sa = await registerServiceAccount("poll-and-sync");
  testEnv = envFor(sa);
});

describe("a poll cycle against the emulator", () => {
  it("costs exactly one Drive request when nothing changed", async () => {
    const { queue, sent } = recordingQueue(testEnv.SYNC_QUEUE);
    const google = googleFromEnv(testEnv);
    await runScheduledPoll(testEnv.DB, queue, google, new Date());
    let result: Awaited<ReturnType<typeof runScheduledPoll>> | undefined;
    const made = await requestsDuring(sa.client_email, async () => {
      result = await runScheduledPoll(testEnv.DB, queue, google, new Date());
    });
    expect(result?.changed).toEqual([]);
    expect(sent).toEqual([]);
    expect(made).toEqual({ "drive.files.list": 1 });
  });

  it("finds a newly shared spreadsheet, enqueues it, and the consumer reads it in one batchGet", async () => {
    const id = await createSchoolSheet("章华镇中心小学", "4306230001");
    const { queue, sent } = recordingQueue(testEnv.SYNC_QUEUE);
    const result = await runScheduledPoll(testEnv.DB, queue, googleFromEnv(testEnv), new Date());
    expect(result.changed).toEqual([
      {
        spreadsheetId: id,
        version: expect.any(Number),
        kind: "school",
        school: { code: "4306230001", name: "章华镇中心小学", category: "primary_secondary" },
        listedAt: expect.any(String),
      },
    ]);
    expect(sent).toHaveLength(1);

    let outcome: Awaited<ReturnType<typeof consume>> | undefined;
    const made = await requestsDuring(sa.client_email, async () => {
      outcome = await consume(sent);
    });
    expect(outcome?.explicitAcks).toEqual(["m0"]);
    // Made without provisioning's tab manifest: the tab ids are read once, then the tabs by id.
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchGetByDataFilter": 1,
    });
    const state = await getSpreadsheetState(testEnv.DB, id);
    expect(state).toMatchObject({ title: "章华镇中心小学", tabCount: 2, rowCount: 2 });
  });

  it("ignores spreadsheets provisioning did not mark, however often they change", async () => {
    const id = await createSchoolSheet("某人自己的表格");
    const { queue, sent } = recordingQueue(testEnv.SYNC_QUEUE);
    const result = await runScheduledPoll(testEnv.DB, queue, googleFromEnv(testEnv), new Date());
    expect(result.listed).toBeGreaterThan(0);
    expect(sent.map((m) => m.spreadsheetId)).not.toContain(id);
  });

  it("a message delivered twice changes nothing the second time", async () => {
    const id = await createSchoolSheet("治河渡镇中学", "4306230002");
    const { queue, sent } = recordingQueue(testEnv.SYNC_QUEUE);
    await runScheduledPoll(testEnv.DB, queue, googleFromEnv(testEnv), new Date());
    const message = sent.find((m) => m.spreadsheetId === id);
    expect(message).toBeDefined();
    await consume([message as SyncMessage]);
    const before = await getSpreadsheetState(testEnv.DB, id);
    let again: Awaited<ReturnType<typeof consume>> | undefined;
    const made = await requestsDuring(sa.client_email, async () => {
      again = await consume([message as SyncMessage]);
    });
    expect(again?.explicitAcks).toEqual(["m0"]);
    expect(made).toEqual({});
    expect(await getSpreadsheetState(testEnv.DB, id)).toEqual(before);
  });

  it("a malformed message is acknowledged, not retried forever", async () => {
    const batch = createMessageBatch("tmis-sync", [
      { id: "bad", timestamp: new Date(), attempts: 1, body: { spreadsheetId: 42 } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, testEnv);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["bad"]);
  });

  it("a Google failure retries the message later instead of losing it", async () => {
    const broken = { ...testEnv, SHEETS_BASE_URL: `${emulatorUrl}/no-such-prefix` };
    const batch = createMessageBatch<SyncMessage>("tmis-sync", [
      {
        id: "m",
        timestamp: new Date(),
        attempts: 1,
        body: {
          kind: "school",
          spreadsheetId: "missing",
          version: 1,
          school: { code: "4306230009", name: "某校", category: "primary_secondary" },
        },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, broken);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([{ msgId: "m" }]);
    expect(result.explicitAcks).toEqual([]);
  });
});
