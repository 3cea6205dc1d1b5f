/**
 * The county's view against a campaign (issue 20): the expected headcount from the schools list
 * (the school file's appProperty, as provisioning sets it) through the sync into the registry,
 * each deadline's late count and days on the 进度 tab, and the daily snapshot kept in D1 over
 * several county days — in the summary build's same three requests.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { googleFromEnv } from "../../src/adapters/google/index";
import { upsertSchools } from "../../src/adapters/store/registry";
import { summaryLayout } from "../../src/core/provision/county";
import { DEADLINE_HEADERS, LAGGARD_HEADERS } from "../../src/core/reports/deadlines";
import {
  HISTORY_HEADERS,
  MATRIX_ROW,
  PROGRESS_LEAD_HEADERS,
} from "../../src/core/reports/progress";
import { SUMMARY_TABS } from "../../src/core/sync/county-tabs";
import { shippedCountyConfig } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import { buildSummary } from "../../src/jobs/summary";
import { validTabs } from "../core/validate/fixture";
import { createLaidOutSheet } from "./support/county-sheet";
import {
  asUser,
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { ADMIN, createSchoolSheet } from "./support/school-sheet";
import { cycle } from "./support/schools";

const SCHOOL = {
  code: "4306230097",
  name: "华容县进度测试小学",
  category: "primary_secondary" as const,
};
/** This year's campaign, given as the worker's CAMPAIGN var (the demo's way). */
const CAMPAIGN = JSON.stringify({
  year: 2027,
  deadlines: {
    collection: "2027-03-10",
    schoolReview: "2027-03-17",
    countyRecheck: "2027-03-24",
    complete: "2027-03-31",
  },
});

let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let summarySheet = "";

/** Beijing 10:00 on the given county day. */
const build = (day: string) =>
  buildSummary(testEnv.DB, googleFromEnv(testEnv), new Date(`${day}T02:00:00Z`), CAMPAIGN);

async function progress(): Promise<(string | number)[][]> {
  const got = await asUser<{ values?: (string | number)[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${summarySheet}/values/${encodeURIComponent("'进度'")}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}

/** The school's count as provisioning writes it; any edit then makes the poll sync the file. */
async function setExpected(count: string) {
  await asUser(ADMIN, "PATCH", `drive/v3/files/${schoolSheet}`, {
    appProperties: { schoolExpected: count },
  });
  const cell = encodeURIComponent("'联系方式'!A2");
  const got = await asUser<{ values?: string[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${schoolSheet}/values/${cell}`,
  );
  await asUser(ADMIN, "PUT", `v4/spreadsheets/${schoolSheet}/values/${cell}?valueInputOption=RAW`, {
    values: got.values ?? [[""]],
  });
  await cycle(testEnv);
}

const stepRow = (rows: (string | number)[][], label: string) =>
  (rows.slice(2, 6).find((row) => row[0] === label) ?? []).slice(0, DEADLINE_HEADERS.length);
const matrixSchool = (rows: (string | number)[][]) =>
  rows.slice(MATRIX_ROW).find((row) => row[0] === SCHOOL.code) ?? [];
const lead = (header: string) => PROGRESS_LEAD_HEADERS.indexOf(header);

async function snapshots() {
  const { results } = await testEnv.DB.prepare(
    "SELECT day, expected, entered, approved, effective FROM progress_snapshots ORDER BY day",
  ).all();
  return results;
}

beforeAll(async () => {
  sa = await registerServiceAccount("campaign-progress");
  testEnv = envFor(sa);
  schoolSheet = await createSchoolSheet(sa, SCHOOL, validTabs());
  const layout = summaryLayout({ county: shippedCountyConfig, serviceAccount: sa.client_email });
  summarySheet = await createLaidOutSheet(ADMIN, sa.client_email, layout, "summary", SUMMARY_TABS);
  await cycle(testEnv);
});

describe("the expected headcount against the people entered", () => {
  it("a school without one: 未填应采集人数, measured against the people it entered", async () => {
    expect((await build("2027-03-05")).status).toBe("built");
    const rows = await progress();
    expect(String(rows[0]?.[0])).toContain(`1 所学校未填应采集人数：${SCHOOL.name}`);
    expect(rows[1]?.slice(0, DEADLINE_HEADERS.length)).toEqual(DEADLINE_HEADERS);
    const school = matrixSchool(rows);
    expect(school[lead("应采集人数")]).toBe("未填");
    expect(school[lead("采集")]).toBe("完成");
    expect(school[lead("学校审核")]).toBe("差3人");
  });

  it("the count from the schools list reaches the registry; one person short is not 采集 done", async () => {
    await setExpected("4");
    const row = await testEnv.DB.prepare("SELECT expected_staff FROM schools WHERE code = ?")
      .bind(SCHOOL.code)
      .first<{ expected_staff: number | null }>();
    expect(row?.expected_staff).toBe(4);
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2027-03-05")).status).toBe("built");
    });
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const rows = await progress();
    expect(String(rows[0]?.[0])).toContain("全县应采集 4 人）");
    // Sheets leaves a row's trailing empty cells (no late school) out of the answer.
    expect(stepRow(rows, "采集")).toEqual(["采集", "2027-03-10", "还剩5天", 0, 0, 1, 1]);
    const school = matrixSchool(rows);
    expect(school[lead("应采集人数")]).toBe(4);
    expect(school[lead("教职工数")]).toBe(3);
    expect(school[lead("采集")]).toBe("差1人");
  });
});

describe("the registry's expected headcount", () => {
  const stored = async (code: string) =>
    (
      await testEnv.DB.prepare("SELECT expected_staff FROM schools WHERE code = ?")
        .bind(code)
        .first<{ expected_staff: number | null }>()
    )?.expected_staff;

  it("kept by a school that does not speak for it, cleared by one that gives none", async () => {
    const base = {
      code: "4306230096",
      name: "华容县人数测试小学",
      category: "primary_secondary" as const,
      township: "章华镇",
      spreadsheetId: null,
    };
    await upsertSchools(testEnv.DB, [{ ...base, expectedStaff: 20 }]);
    expect(await stored(base.code)).toBe(20);
    // A sync woken from the registry, or a file provisioned before the count: no key.
    await upsertSchools(testEnv.DB, [base]);
    expect(await stored(base.code)).toBe(20);
    await upsertSchools(testEnv.DB, [{ ...base, expectedStaff: null }]);
    expect(await stored(base.code)).toBeNull();
    await testEnv.DB.prepare("DELETE FROM schools WHERE code = ?").bind(base.code).run();
  });
});

describe("each deadline's late count and days", () => {
  it("past the collection deadline: the school named with the people missing and the days late", async () => {
    await build("2027-03-12");
    const rows = await progress();
    expect(stepRow(rows, "采集")).toEqual([
      "采集",
      "2027-03-10",
      "已过2天",
      0,
      1,
      0,
      1,
      `${SCHOOL.name}（差1人，逾期2天）`,
    ]);
    expect(stepRow(rows, "学校审核").slice(2, 7)).toEqual(["还剩5天", 0, 0, 1, 4]);
    // The schools furthest behind, below the deadlines.
    const laggards = rows.findIndex(
      (row) => row[0] === LAGGARD_HEADERS[0] && row[1] === "学校名称",
    );
    expect(rows[laggards + 1]).toEqual([SCHOOL.code, SCHOOL.name, 4, 3, 0, 0, "采集", 1, 2]);
    expect(matrixSchool(rows)[lead("采集")]).toBe("差1人，逾期2天");
    expect(matrixSchool(rows)[lead("完成")]).toBe("差4人");
  });
});

describe("the daily snapshot", () => {
  it("one row per county day in D1, the day's last build replacing its earlier ones, shown as history", async () => {
    await setExpected("3");
    await build("2027-03-12");
    await build("2027-03-17");
    expect(await snapshots()).toEqual([
      { day: "2027-03-05", expected: 4, entered: 3, approved: 0, effective: 0 },
      { day: "2027-03-12", expected: 3, entered: 3, approved: 0, effective: 0 },
      { day: "2027-03-17", expected: 3, entered: 3, approved: 0, effective: 0 },
    ]);
    const rows = await progress();
    const at = (rows[0] ?? []).indexOf("日期");
    expect(rows.slice(0, 4).map((row) => row.slice(at, at + HISTORY_HEADERS.length))).toEqual([
      [...HISTORY_HEADERS],
      ["2027-03-05", 4, 3, 0, 0, 0],
      ["2027-03-12", 3, 3, 0, 0, 0],
      // The 学校审核 deadline day: a bar up to the day's highest figure marks it.
      ["2027-03-17", 3, 3, 0, 0, 0, 3, "学校审核截止"],
    ]);
    // Count of 3 met: collection done; school review due today, not late yet.
    expect(stepRow(rows, "采集").slice(3, 5)).toEqual([1, 0]);
    expect(stepRow(rows, "学校审核").slice(2, 5)).toEqual(["今日截止", 0, 0]);
  });

  it("the chart: people per stage against the expected total, the deadlines as bars", async () => {
    const got = await asUser<{
      sheets: Array<{
        properties: { title: string };
        charts?: Array<{
          spec: { title: string; basicChart?: { chartType: string; series: { type?: string }[] } };
        }>;
      }>;
    }>(ADMIN, "GET", `v4/spreadsheets/${summarySheet}`);
    const charts = got.sheets.find((s) => s.properties.title === "进度")?.charts ?? [];
    const history = charts.find((c) => c.spec.basicChart?.chartType === "COMBO");
    expect(history?.spec.title).toBe("全县每日进度（人数；柱为截止日）");
    expect(history?.spec.basicChart?.series.map((s) => s.type)).toEqual([
      "LINE",
      "LINE",
      "LINE",
      "LINE",
      "COLUMN",
    ]);
  });
});
