import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { OVERVIEW_HEADERS } from "../../src/core/reports/overview";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { runScheduledPoll } from "../../src/jobs/poll";
import { buildSummary } from "../../src/jobs/summary";
import worker from "../../src/worker";
import { validTabs } from "../core/validate/fixture";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { ADMIN, createSchoolSheet } from "./support/school-sheet";

const SCHOOL = {
  code: "4306230098",
  name: "华容县汇总测试小学",
  category: "primary_secondary" as const,
};
let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let summarySheet = "";

/** The summary spreadsheet as provisioning leaves it: its tabs, appProperty and sharing. */
async function createSummarySheet(): Promise<string> {
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title: "华容县教师信息采集汇总" },
    sheets: ["说明", "总览", "进度", "统计"].map((title) => ({ properties: { title } })),
  });
  const id = created.spreadsheetId;
  await asUser(ADMIN, "PATCH", `drive/v3/files/${id}`, { appProperties: { tmisKind: "summary" } });
  await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
  return id;
}

async function overview(): Promise<(string | number)[][]> {
  const got = await asUser<{ values?: (string | number)[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${summarySheet}/values/${encodeURIComponent("'总览'")}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

/** Background of the overview's cells in column A, row by row. */
async function highlights(): Promise<boolean[]> {
  const got = await asUser<{
    sheets: Array<{
      data?: Array<{
        rowData?: Array<{
          values?: Array<{ userEnteredFormat?: { backgroundColor?: { green?: number } } }>;
        }>;
      }>;
    }>;
  }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${summarySheet}?includeGridData=true&ranges=${encodeURIComponent("'总览'!A:A")}`,
  );
  const rows = got.sheets[0]?.data?.[0]?.rowData ?? [];
  return rows.map((row) => (row.values?.[0]?.userEnteredFormat?.backgroundColor?.green ?? 1) < 1);
}

/** One poll and the consumer run on what it enqueued, as the cron and the queue would. */
async function cycle() {
  const sent: SyncMessage[] = [];
  const queue = {
    sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      sent.push(...[...messages].map((m) => m.body));
    },
  } as unknown as Queue<SyncMessage>;
  await runScheduledPoll(testEnv.DB, queue, googleFromEnv(testEnv), new Date());
  const batch = createMessageBatch<SyncMessage>(
    "tmis-sync",
    sent.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, testEnv);
  await getQueueResult(batch, ctx);
}

const build = (at: string) => () => buildSummary(testEnv.DB, googleFromEnv(testEnv), new Date(at));
const column = (header: string) => OVERVIEW_HEADERS.indexOf(header);

beforeAll(async () => {
  sa = await registerServiceAccount("summary");
  testEnv = envFor(sa);
  schoolSheet = await createSchoolSheet(sa, SCHOOL, validTabs());
  summarySheet = await createSummarySheet();
});

describe("the summary's 总览 tab", () => {
  it("waits for a poll to find the summary spreadsheet", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-05T02:00:00Z")()).status).toBe("no_sheet");
    });
    expect(made).toEqual({});
  });

  it("first build: the tab's sheetId once, then one values write and one batchUpdate", async () => {
    await cycle();
    const made = await requestsDuring(sa.client_email, async () => {
      expect(await build("2017-03-05T02:00:00Z")()).toEqual({
        status: "built",
        schools: 1,
        overdue: 0,
      });
    });
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const rows = await overview();
    expect(rows[0]).toEqual(OVERVIEW_HEADERS);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.slice(0, 2)).toEqual(["全县合计", "1 所学校"]);
    const school = rows[2] ?? [];
    expect(school.slice(0, 5)).toEqual([SCHOOL.code, SCHOOL.name, "", "中小学", 3]);
    expect(school[column("待完善")]).toBe(0);
    expect(school[column("待审核")]).toBeGreaterThan(0);
    expect(school[column("信息完整人数")]).toBe("3/3");
    expect(school[column("已达阶段")]).toBe("采集");
    // Sheets leaves a row's trailing empty cells out of the answer.
    expect(school[column("逾期")] ?? "").toBe("");
    // No ID number, masked or not, and no phone: the tab holds counts only.
    expect(JSON.stringify(rows)).not.toMatch(/\d{6}\*+|\d{17}[\dX]|1\d{10}/);
    expect(await highlights()).toEqual([false, false, false]);
  });

  it("no change since the last build: no request at all", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-05T09:00:00Z")()).status).toBe("unchanged");
    });
    expect(made).toEqual({});
  });

  it("a new county day past a deadline: rebuilt in two requests, the school flagged", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-18T02:00:00Z")()).overdue).toBe(1);
    });
    expect(made).toEqual({
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const rows = await overview();
    expect(rows[2]?.[column("逾期")]).toBe("逾期：学校审核（截止 2017-03-17）");
    expect(rows[1]?.[column("逾期")]).toBe("1 所逾期");
    expect(await highlights()).toEqual([false, false, true]);
  });

  it("after a change in a school's sheet: rebuilt in two requests", async () => {
    await asUser(
      ADMIN,
      "PUT",
      `v4/spreadsheets/${schoolSheet}/values/${encodeURIComponent("'联系方式'!A2")}?valueInputOption=RAW`,
      { values: [[""]] },
    );
    await cycle();
    const made = await requestsDuring(sa.client_email, build("2017-03-18T03:00:00Z"));
    expect(made).toEqual({
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const school = (await overview())[2] ?? [];
    expect(school[column("待完善")]).toBeGreaterThan(0);
    expect(school[column("已达阶段")]).toBe("未完成采集");
    expect(school[column("逾期")]).toBe("逾期：采集（截止 2017-03-10）");
  });
});
