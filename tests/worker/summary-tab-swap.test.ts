/**
 * The summary spreadsheet is written by the tab ids provisioning recorded, and its 总览 shows
 * every spreadsheet's tab problems. Attack: the owner (or
 * anyone who can edit the file) renames 总览 and adds a look-alike under its name; a build by
 * title would fill the look-alike. The
 * build writes only to tabs whose bound id still bears their title: the look-alike gets nothing,
 * the county is told (GET /api/county/tabs), and once provisioning gave the genuine tab its name
 * back, the build writes it again. A school's renamed or deleted tab shows on its 总览 row; a
 * county spreadsheet's on the totals row, named by spreadsheet.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { summaryLayout } from "../../src/core/provision/county";
import { OVERVIEW_HEADERS } from "../../src/core/reports/overview";
import { SUMMARY_TABS } from "../../src/core/sync/county-tabs";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import type { RecheckMessage } from "../../src/jobs/messages";
import { buildSummary } from "../../src/jobs/summary";
import { validTabs } from "../core/validate/fixture";
import {
  countyTabProblems,
  createLaidOutSheet,
  createProvisionedCountySheet,
  provisioningRepair,
  tabsOf as tabsOfAs,
} from "./support/county-sheet";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { cycle } from "./support/schools";

/** Owns every file here: its reads stay off the per-user quota other test files share. */
const OWNER = "summary-swap@hrjy.example.cn";
const SCHOOL = {
  code: "4306230191",
  name: "华容县汇总换表小学",
  category: "primary_secondary" as const,
};
const FORGED = [["伪造的总览"]];

let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let countySheet = "";
let summarySheet = "";

const range = (tab: string) => encodeURIComponent(`'${tab}'`);

async function tab(spreadsheetId: string, title: string): Promise<(string | number)[][]> {
  const got = await asUser<{ values?: (string | number)[][] }>(
    OWNER,
    "GET",
    `v4/spreadsheets/${spreadsheetId}/values/${range(title)}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

const tabsOf = (spreadsheetId: string) => tabsOfAs(OWNER, spreadsheetId);

/** Renames a tab and, with `lookAlike`, adds a new tab under its old title holding those rows. */
async function rename(spreadsheetId: string, from: string, to: string, lookAlike?: string[][]) {
  const genuine = (await tabsOf(spreadsheetId)).find((s) => s.title === from);
  expect(genuine).toBeDefined();
  await asUser(OWNER, "POST", `v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    requests: [
      {
        updateSheetProperties: {
          properties: { sheetId: genuine?.sheetId, title: to },
          fields: "title",
        },
      },
      ...(lookAlike === undefined ? [] : [{ addSheet: { properties: { title: from } } }]),
    ],
  });
  if (lookAlike !== undefined)
    await asUser(
      OWNER,
      "PUT",
      `v4/spreadsheets/${spreadsheetId}/values/${range(from)}?valueInputOption=RAW`,
      { values: lookAlike },
    );
}

/** What the next `npm run provision` does to the summary file: the core's repair, from the manifest. */
const repair = () => provisioningRepair(OWNER, summarySheet, SUMMARY_TABS);

const summaryTabProblems = () => countyTabProblems(testEnv, "summary");

const build = (at: string) => buildSummary(testEnv.DB, googleFromEnv(testEnv), new Date(at));
const column = OVERVIEW_HEADERS.indexOf("表格异常");

beforeAll(async () => {
  sa = await registerServiceAccount("summary-swap");
  // The recheck sync may wake the recheck consumer; this file looks at the county sheet's tabs only.
  const recheckQueue = { send: async () => {} } as unknown as Queue<RecheckMessage>;
  testEnv = { ...envFor(sa), RECHECK_QUEUE: recheckQueue };
  schoolSheet = await createSchoolSheet(sa, SCHOOL, validTabs(), OWNER);
  countySheet = await createProvisionedCountySheet(OWNER, sa.client_email);
  const layout = summaryLayout({ county: shippedCountyConfig, serviceAccount: sa.client_email });
  summarySheet = await createLaidOutSheet(OWNER, sa.client_email, layout, "summary", SUMMARY_TABS);
  await cycle(testEnv);
  expect((await build("2017-03-05T02:00:00Z")).status).toBe("built");
}, 120_000);

describe("the summary written by tab id", () => {
  it("a look-alike 总览 gets nothing, the problem is reported, and the repaired tab is written again", async () => {
    const before = await tab(summarySheet, "总览");
    expect(before[0]).toEqual(OVERVIEW_HEADERS);
    await rename(summarySheet, "总览", "总览旧", FORGED);
    await cycle(testEnv);

    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-06T02:00:00Z")).status).toBe("built");
    });
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(await tab(summarySheet, "总览")).toEqual(FORGED);
    // The genuine tab, renamed, is not written either; the other tabs are.
    expect(await tab(summarySheet, "总览旧")).toEqual(before);
    expect(JSON.stringify(await tab(summarySheet, "进度"))).toContain("2017-03-06");
    expect(await summaryTabProblems()).toEqual([
      { tab: "总览", message: expect.stringContaining("已被改名为「总览旧」") },
    ]);

    await repair();
    await cycle(testEnv);
    expect((await build("2017-03-07T02:00:00Z")).status).toBe("built");
    expect(await tab(summarySheet, "总览（非系统表）")).toEqual(FORGED);
    const rows = await tab(summarySheet, "总览");
    expect(rows[0]).toEqual(OVERVIEW_HEADERS);
    expect(rows[2]?.[0]).toBe(SCHOOL.code);
    expect(await summaryTabProblems()).toEqual([]);
  });
});

describe("tab problems in the 总览's 表格异常 column", () => {
  it("a school's renamed and deleted tabs are on its row, rebuilt the same day", async () => {
    expect(column).toBeGreaterThan(0);
    await rename(schoolSheet, "联系方式", "联系方式1", [["姓名"]]);
    const learning = (await tabsOf(schoolSheet)).find((s) => s.title === "学习经历");
    await asUser(OWNER, "POST", `v4/spreadsheets/${schoolSheet}:batchUpdate`, {
      requests: [{ deleteSheet: { sheetId: learning?.sheetId } }],
    });
    await cycle(testEnv);

    expect((await build("2017-03-07T03:00:00Z")).status).toBe("built");
    const rows = await tab(summarySheet, "总览");
    expect(rows[2]?.[0]).toBe(SCHOOL.code);
    expect(rows[2]?.[column]).toBe("「学习经历」已删除；「联系方式」已改名为「联系方式1」");
    expect(rows[1]?.[column]).toBe("1 所学校的表格有异常");
  });

  it("the county spreadsheets' problems are on the totals row, named by spreadsheet", async () => {
    await rename(countySheet, "调动审批", "调动审批旧", [["申请编号"]]);
    await rename(summarySheet, "统计", "统计旧");
    await cycle(testEnv);

    expect((await build("2017-03-07T04:00:00Z")).status).toBe("built");
    const totals = (await tab(summarySheet, "总览"))[1] ?? [];
    expect(totals[column]).toBe(
      "1 所学校的表格有异常；县级复核表：「调动审批」已改名为「调动审批旧」；汇总表：「统计」已改名为「统计旧」",
    );
    // The build's own finding is in the marker it stored: nothing left to rebuild for.
    expect((await build("2017-03-07T05:00:00Z")).status).toBe("unchanged");
  });
});
