import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { app } from "../../src/app";
import { buildLedger, type TeacherCredits } from "../../src/core/credits/ledger";
import { type CreditEvent, confirmedEntries } from "../../src/core/credits/log";
import { recheckLayout, summaryLayout } from "../../src/core/provision/county";
import { creditLedgerTab } from "../../src/core/provision/credits-tab";
import { columnLetters } from "../../src/core/sheets/a1";
import { SchoolCategory, templateFor } from "../../src/core/templates";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { writeCreditTabs } from "../../src/jobs/credits";
import type { RecheckMessage } from "../../src/jobs/messages";
import { buildSummary } from "../../src/jobs/summary";
import { validTabs } from "../core/validate/fixture";
import { consumeRecheck, createLaidOutSheet } from "./support/county-sheet";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { asSheet, createSchoolSheet, cycle, PRIMARY_TABS } from "./support/schools";

/**
 * The credit ledger end to end: rows confirmed by 教师进修学校 in the county sheet reach the
 * school's 学分台账 and the summary's 学分 tab in the cycle after, at one write per spreadsheet,
 * and an unchanged registry costs nothing. The year judged is 2016, the fixture's 培训年度.
 */

// Its own user: the emulator counts quota per user.
const ADMIN = "xuefen-test@hrjy.example.cn";
const SCHOOL = {
  code: "4306230096",
  name: "华容县学分测试小学",
  category: "primary_secondary" as const,
};
const DAY = "2016-12-01";
const NOW = new Date("2016-12-01T02:00:00Z");
let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let countySheet = "";
let summarySheet = "";
let recheckSent: RecheckMessage[] = [];

const range = (tab: string, a1 = "") => encodeURIComponent(`'${tab}'${a1 ? `!${a1}` : ""}`);

async function readTab(sheet: string, tab: string): Promise<(string | number)[][]> {
  const got = await asUser<{ values?: (string | number)[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${sheet}/values/${range(tab)}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

async function writeCell(sheet: string, tab: string, header: string, row: number, value: unknown) {
  const col = (await readTab(sheet, tab))[0]?.indexOf(header) ?? -1;
  expect(col).toBeGreaterThanOrEqual(0);
  await asUser(
    ADMIN,
    "PUT",
    `v4/spreadsheets/${sheet}/values/${range(tab, columnLetters(col) + row)}?valueInputOption=RAW`,
    { values: [[value]] },
  );
}

/** The county sheet row (1-based) showing a school record, by its 记录编号. */
async function countyRow(tab: string, recordId: string): Promise<number> {
  const [header = [], ...rows] = await readTab(countySheet, tab);
  const at = header.indexOf("记录编号");
  return rows.findIndex((row) => row[at] === recordId) + 2;
}

async function recordIdAt(tab: string, row: number): Promise<string> {
  const [header = [], ...rows] = await readTab(schoolSheet, tab);
  return String(rows[row - 2]?.[header.indexOf("记录编号")] ?? "");
}

async function reconcile() {
  const bodies = recheckSent;
  recheckSent = [];
  return consumeRecheck(testEnv, bodies);
}

async function settledCycle() {
  const { sent, retried } = await cycle(testEnv);
  expect(retried).toEqual([]);
  return sent;
}

const runJobs = async () => {
  const google = googleFromEnv(testEnv);
  return {
    tabs: await writeCreditTabs(testEnv.DB, google, DAY, NOW),
    summary: (await buildSummary(testEnv.DB, google, NOW)).status,
  };
};

beforeAll(async () => {
  sa = await registerServiceAccount("credits");
  const recheckQueue = {
    send: async (body: RecheckMessage) => {
      recheckSent.push(body);
    },
  } as unknown as Queue<RecheckMessage>;
  testEnv = { ...envFor(sa), RECHECK_QUEUE: recheckQueue };
  const tabs = validTabs();
  const rows = asSheet(Object.fromEntries(PRIMARY_TABS.map((t) => [t, tabs[t] ?? []])));
  const ledger = creditLedgerTab(sa.client_email);
  schoolSheet = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, {
    ...rows,
    [ledger.title]: [ledger.columns.map((c) => c.header)],
  });
  const county = { county: shippedCountyConfig, serviceAccount: sa.client_email };
  const categories = SchoolCategory.options.map((c) => templateFor(shippedTemplates, c));
  countySheet = await createLaidOutSheet(
    ADMIN,
    sa.client_email,
    recheckLayout({ ...county, categories }),
    "recheck",
  );
  summarySheet = await createLaidOutSheet(ADMIN, sa.client_email, summaryLayout(county), "summary");
  await settledCycle();
  // 张伟 (experienced, a 国内培训 row of 6 学分 in 2016) and 王芳 (new teacher since 2016-09).
  for (const [tab, row] of [
    ["基本信息", 2],
    ["基本信息", 4],
    ["国内培训", 2],
  ] as const)
    await writeCell(schoolSheet, tab, "校长审核", row, true);
  await settledCycle();
  await reconcile();
  // Nobody is effective yet: the tabs get their (empty) tables once.
  expect(await runJobs()).toMatchObject({ tabs: { written: 1 }, summary: "built" });
  expect(await settledCycle()).toEqual([]);
});

describe("the credit ledger", () => {
  const confirm = async (tab: string, row: number) => {
    const at = await countyRow(tab, await recordIdAt(tab, row));
    await writeCell(countySheet, tab, "复核通过", at, true);
  };

  it("a 国内培训 row still with the county shows as 待确认, not in the sums", async () => {
    await confirm("基本信息", 2);
    await confirm("基本信息", 4);
    await settledCycle();
    await runJobs();
    const [, ...teachers] = await readTab(schoolSheet, "学分台账");
    expect(teachers.map((row) => row.slice(1))).toEqual([
      ["张伟", 0, 72, 0, 72, 72, 6, 0, "未达标"],
      ["王芳", 0, 74, 0, 74, 74, 0, 0, "新任教师"],
    ]);
  });

  it("rows confirmed by 教师进修学校 reach 学分台账 and 学分 in one cycle, one write per spreadsheet", async () => {
    await confirm("国内培训", 2);
    await settledCycle();
    const byFile = await requestsByFileDuring(sa.client_email, async () => {
      expect(await runJobs()).toEqual({
        tabs: { status: "written", written: 1, missingTab: 0 },
        summary: "built",
      });
    });
    expect(byFile).toEqual({
      [schoolSheet]: { "sheets.spreadsheets.values.batchUpdate": 1 },
      [summarySheet]: {
        "sheets.spreadsheets.values.batchUpdate": 1,
        "sheets.spreadsheets.batchUpdate": 1,
      },
    });

    const [header, ...teachers] = await readTab(schoolSheet, "学分台账");
    expect(header).toEqual([
      "教师编号",
      "姓名",
      "本年度学分",
      "本年度应修",
      "本周期学分",
      "本周期应修（至今）",
      "尚欠学分",
      "待确认学分",
      "已退回学分",
      "状态",
    ]);
    // Cycle 2016–2020: one year owed so far (360 ÷ 5 = 72). 王芳 started in September 2016:
    // four months of 72 (24) and four of her probation year's 150 (50).
    expect(teachers.map((row) => row.slice(1))).toEqual([
      ["张伟", 6, 72, 6, 72, 66, 0, 0, "未达标"],
      ["王芳", 0, 74, 0, 74, 74, 0, 0, "新任教师"],
    ]);
    const credits = await readTab(summarySheet, "学分");
    expect(credits[2]).toEqual([SCHOOL.code, SCHOOL.name, 2, 0, 0, 1, 1, 140, 0]);
    const county = JSON.stringify(await readTab(summarySheet, "学分台账"));
    expect(county).toContain("张伟");
    expect(county).not.toMatch(/\d{17}[\dX]/);
  });

  it("GET /api/credits: the ledger and the log, which alone rebuilds the confirmed credits", async () => {
    const res = await app.request(
      "/api/credits?year=2016",
      { headers: { authorization: "Bearer test-admin-token" } },
      testEnv,
    );
    const body = (await res.json()) as { teachers: TeacherCredits[]; log: CreditEvent[] };
    expect(body.log).toMatchObject([
      {
        kind: "confirmed",
        actor: "trainingSchool",
        name: "张伟",
        year: 2016,
        before: null,
        after: 6,
      },
    ]);
    const numbers = body.teachers.map(({ teacherNumber }) => ({
      teacherNumber,
      name: "",
      schoolCode: SCHOOL.code,
      newTeacher: false,
      started: "2000-09",
      leaves: null,
    }));
    const rebuilt = buildLedger(
      numbers,
      confirmedEntries(body.log),
      shippedCountyConfig.credits,
      2016,
    );
    expect(rebuilt.map((line) => line.yearCredits)).toEqual(
      body.teachers.map((t) => t.yearCredits),
    );
    expect(rebuilt.map((line) => line.yearCredits)).toEqual([6, 0]);
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/);
  });

  it("GET /api/credits.csv: the county-wide 学分台账, formula-safe, with a BOM", async () => {
    const res = await app.request(
      "/api/credits.csv?year=2016",
      { headers: { authorization: "Bearer test-admin-token" } },
      testEnv,
    );
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe(
      "学校代码,学校名称,教师编号,姓名,本年度学分,本年度应修,本周期学分,本周期应修（至今）,尚欠学分,待确认学分,已退回学分,状态",
    );
    expect(text).toContain(",张伟,6,72,6,72,66,0,0,未达标\r\n");
    const denied = await app.request("/api/credits.csv", {}, testEnv);
    expect(denied.status).toBe(401);
  });

  it("nothing changed: no request at all, and our tab write does not wake the school's sync", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect(await runJobs()).toEqual({
        tabs: { status: "unchanged", written: 0, missingTab: 0 },
        summary: "unchanged",
      });
      expect(await settledCycle()).toEqual([]);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
  });

  it("a registry change elsewhere rewrites no 学分台账 whose numbers stay the same", async () => {
    await writeCell(schoolSheet, "联系方式", "通信地址", 2, "湖南省华容县章华镇迎宾路2号");
    await settledCycle();
    const byFile = await requestsByFileDuring(sa.client_email, async () => {
      expect((await runJobs()).tabs).toEqual({ status: "written", written: 0, missingTab: 0 });
    });
    expect(byFile[schoolSheet]).toBeUndefined();
  });
});
