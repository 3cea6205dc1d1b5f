import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { googleFromEnv } from "../../src/adapters/google/index";
import { applyTransition, openRequest } from "../../src/adapters/store/business";
import { effectiveValues } from "../../src/adapters/store/summary";
import { summaryLayout } from "../../src/core/provision/county";
import { BUSINESS_LOG_COLUMNS } from "../../src/core/reports/business-log";
import { OVERVIEW_HEADERS } from "../../src/core/reports/overview";
import { MATRIX_ROW, PROGRESS_LEAD_HEADERS } from "../../src/core/reports/progress";
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
  code: "4306230098",
  name: "华容县汇总测试小学",
  category: "primary_secondary" as const,
};
let sa: ServiceAccount;
let testEnv: Env;
let schoolSheet = "";
let summarySheet = "";

/** The summary spreadsheet as provisioning leaves it: its tabs, tab manifest, appProperty and sharing. */
function createSummarySheet(): Promise<string> {
  const layout = summaryLayout({ county: shippedCountyConfig, serviceAccount: sa.client_email });
  return createLaidOutSheet(ADMIN, sa.client_email, layout, "summary", SUMMARY_TABS);
}

async function tab(title: string): Promise<(string | number)[][]> {
  const got = await asUser<{ values?: (string | number)[][] }>(
    ADMIN,
    "GET",
    `v4/spreadsheets/${summarySheet}/values/${encodeURIComponent(`'${title}'`)}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values ?? [];
}
const overview = () => tab("总览");

/** Each tab's chart types (basicChart's chartType, or PIE), in the order they were added. */
async function charts(): Promise<Record<string, string[]>> {
  const got = await asUser<{
    sheets: Array<{
      properties: { title: string };
      charts?: Array<{ spec: { basicChart?: { chartType: string }; pieChart?: unknown } }>;
    }>;
  }>(ADMIN, "GET", `v4/spreadsheets/${summarySheet}`);
  return Object.fromEntries(
    got.sheets
      .filter((sheet) => (sheet.charts ?? []).length > 0)
      .map((sheet) => [
        sheet.properties.title,
        (sheet.charts ?? []).map((chart) => chart.spec.basicChart?.chartType ?? "PIE"),
      ]),
  );
}

const CHARTS = {
  进度: ["COLUMN", "COMBO"],
  统计: ["COLUMN", "COLUMN", "PIE", "COLUMN"],
  学分: ["COLUMN"],
};

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

  it("first build: the tabs checked against the manifest, then one values write and one batchUpdate", async () => {
    await cycle(testEnv);
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
    expect(await charts()).toEqual(CHARTS);
  });

  it("no change since the last build: no request at all", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-05T09:00:00Z")()).status).toBe("unchanged");
    });
    expect(made).toEqual({});
  });

  it("a new county day past a deadline: rebuilt in three requests (the tabs checked, then the two writes), the school flagged", async () => {
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-18T02:00:00Z")()).overdue).toBe(1);
    });
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const rows = await overview();
    expect(rows[2]?.[column("逾期")]).toBe("逾期：学校审核（截止 2017-03-17）");
    expect(rows[1]?.[column("逾期")]).toBe("1 所逾期");
    expect(await highlights()).toEqual([false, false, true]);
  });

  it("after a change in a school's sheet: rebuilt in the same three requests", async () => {
    await asUser(
      ADMIN,
      "PUT",
      `v4/spreadsheets/${schoolSheet}/values/${encodeURIComponent("'联系方式'!A2")}?valueInputOption=RAW`,
      { values: [[""]] },
    );
    await cycle(testEnv);
    const made = await requestsDuring(sa.client_email, build("2017-03-18T03:00:00Z"));
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    const school = (await overview())[2] ?? [];
    expect(school[column("待完善")]).toBeGreaterThan(0);
    expect(school[column("已达阶段")]).toBe("未完成采集");
    expect(school[column("逾期")]).toBe("逾期：采集（截止 2017-03-10）");
  });
});

describe("the summary's 进度 and 统计 tabs", () => {
  /** The three people's 基本信息 made effective, as a county recheck would leave them. */
  async function makeBasicEffective() {
    const { results } = await testEnv.DB.prepare(
      "SELECT record_id, person_key FROM records WHERE section = 'basic' ORDER BY record_id",
    ).all<{ record_id: string; person_key: string }>();
    const people = [
      { sex: "1", birthDate: "1985-06-01", ethnicity: "01", political: "01", newTeacher: "0" },
      { sex: "2", birthDate: "1990-09-15", ethnicity: "15", political: "13", newTeacher: "0" },
      { sex: "2", birthDate: "1995-03-20", ethnicity: "01", political: "03", newTeacher: "1" },
    ];
    await testEnv.DB.batch(
      results.flatMap((record, i) => [
        testEnv.DB.prepare(
          `INSERT INTO record_versions (record_id, version, hash, values_json, created_at)
           VALUES (?1, 1, 'h', ?2, '2017-03-18T00:00:00Z')`,
        ).bind(
          record.record_id,
          JSON.stringify({
            ...people[i],
            name: "张伟",
            idNumber: { $person: record.person_key },
            staffCategory: "A1",
            established: "1",
          }),
        ),
        testEnv.DB.prepare(
          "UPDATE records SET effective_version = 1, state = 'effective' WHERE record_id = ?1",
        ).bind(record.record_id),
      ]),
    );
    expect(results).toHaveLength(3);
  }

  it("a new day: the three tabs in the same three requests, no chart added again", async () => {
    await makeBasicEffective();
    const made = await requestsDuring(sa.client_email, build("2017-03-19T02:00:00Z"));
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(await charts()).toEqual(CHARTS);

    const tabRows = await tab("进度");
    // The matrix sits below the deadline and laggard blocks.
    const progress = tabRows.slice(MATRIX_ROW);
    const at = (header: string) => progress[0]?.indexOf(header) ?? -1;
    expect(progress[0]?.slice(0, PROGRESS_LEAD_HEADERS.length)).toEqual(PROGRESS_LEAD_HEADERS);
    const school = progress[2] ?? [];
    expect(school.slice(0, 4)).toEqual([SCHOOL.code, SCHOOL.name, "未填", 3]);
    expect(school[at("已生效记录数")]).toBe(3);
    expect(school[at("基本信息")]).toBe(1);
    expect(school[at("学习经历")]).toBe(0);
    expect(progress[1]?.slice(0, 2)).toEqual(["全县合计", "1 所学校"]);
    // The history, right of the blocks: one row per county day built (the D1 snapshots).
    const start = (tabRows[0] ?? []).indexOf("日期");
    expect(tabRows.slice(0, 4).map((row) => row.slice(start, start + 6))).toEqual([
      ["日期", "应采集人数", "已录入", "已审核", "已生效", "完成学校数"],
      ["2017-03-05", 0, 3, 0, 0, 0],
      ["2017-03-18", 0, 3, 0, 0, 0],
      ["2017-03-19", 0, 3, 0, 0, 0],
    ]);

    const statistics = await tab("统计");
    expect(statistics.slice(0, 3)).toEqual([
      ["统计项", "分类", "人数", "男", "女"],
      ["说明", "仅统计已生效的信息（统计日期 2017-03-19）"],
      ["全县教职工", "合计", 3, 1, 2],
    ]);
    const rows = (title: string) =>
      statistics.filter((row) => row[0] === title && row[2] !== 0).map((row) => row.slice(1));
    expect(rows("学校类别")).toEqual([["中小学", 3, 1, 2]]);
    expect(rows("年龄段")).toEqual([
      ["30岁以下", 2, 0, 2],
      ["30～39岁", 1, 1, 0],
    ]);
    expect(rows("民族")).toEqual([
      ["汉族", 2, 1, 1],
      ["少数民族", 1, 0, 1],
    ]);
    expect(rows("新任教师")).toEqual([
      ["是", 1, 0, 1],
      ["否", 2, 1, 1],
    ]);
    // No ID number (masked or not), no phone, no name reaches either tab.
    // (Text cells only: a share such as 0.1111111111 is no phone number.)
    const written = JSON.stringify(
      [...tabRows, ...statistics].flat().filter((cell) => typeof cell === "string"),
    );
    expect(written).not.toMatch(/\d{6}\*+|\d{17}[\dX]|1\d{10}|张伟/);
  });

  it("no change: no request; a lost cursor: one get, and the charts are not added twice", async () => {
    expect(await requestsDuring(sa.client_email, build("2017-03-19T05:00:00Z"))).toEqual({});
    await testEnv.DB.prepare("DELETE FROM sync_cursor WHERE name = 'summary.built'").run();
    const made = await requestsDuring(sa.client_email, build("2017-03-19T06:00:00Z"));
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect(await charts()).toEqual(CHARTS);
  });
});

describe("business requests in the summary", () => {
  const LEAVER = "张伟";

  async function leaver() {
    const row = await testEnv.DB.prepare(
      "SELECT person_key, teacher_number FROM teachers WHERE school_code = ? AND name = ?",
    )
      .bind(SCHOOL.code, LEAVER)
      .first<{ person_key: string; teacher_number: string }>();
    if (row === null) throw new Error(`${LEAVER} has no teacher number`);
    return row;
  }

  const liveRecords = async (personKey: string) =>
    (
      await testEnv.DB.prepare(
        "SELECT count(*) AS n FROM records WHERE person_key = ? AND removed_at IS NULL",
      )
        .bind(personKey)
        .first<{ n: number }>()
    )?.n;

  it("a retirement: the 业务台账 shows it and the person leaves the counts, in the same three requests", async () => {
    const { person_key: personKey, teacher_number: teacherNumber } = await leaver();
    const people = column("教职工数");
    const before = (await overview())[2]?.[people];
    const records = await liveRecords(personKey);
    expect(records).toBeGreaterThan(0);
    expect(
      (await effectiveValues(testEnv.DB, { basic: ["name"] })).some(
        (v) => v.personKey === personKey,
      ),
    ).toBe(true);

    const opened = await openRequest(
      testEnv.DB,
      {
        kind: "status_change",
        initiatorSchool: SCHOOL.code,
        otherSchool: null,
        personKey,
        teacherNumber,
        name: LEAVER,
        details: { kind: "status_change", change: "902", date: "2017-03-01", reason: "到龄退休" },
      },
      { actor: "info@school.cn", at: "2017-03-19T06:10:00.000Z" },
    );
    if (!opened.ok) throw new Error("not opened");
    const crypto = await idCryptoFromEnv(testEnv);
    for (const [from, party, at] of [
      ["draft", "initiator", "2017-03-19T06:20:00.000Z"],
      ["county_review", "county", "2017-03-19T06:30:00.000Z"],
    ] as const)
      expect(
        await applyTransition(testEnv.DB, opened.request.id, "confirm", party, {
          actor: party === "county" ? "hr@county.cn" : "head@school.cn",
          reason: null,
          at,
          from,
          crypto,
        }),
      ).toMatchObject({ ok: true, applied: true });

    const made = await requestsDuring(sa.client_email, build("2017-03-19T07:00:00Z"));
    expect(made).toEqual({
      "sheets.spreadsheets.get": 1,
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect((await overview())[2]?.[people]).toBe(Number(before) - 1);
    expect(
      (await effectiveValues(testEnv.DB, { basic: ["name"] })).some(
        (v) => v.personKey === personKey,
      ),
    ).toBe(false);
    // Nothing of the person is deleted.
    expect(await liveRecords(personKey)).toBe(records);

    const log = await tab("业务台账");
    expect(log[0]).toEqual(BUSINESS_LOG_COLUMNS.map((c) => c.header));
    expect(log).toHaveLength(2);
    const row = log[1] ?? [];
    expect(row.slice(0, 4)).toEqual([opened.request.id, "在职情况变动", teacherNumber, LEAVER]);
    expect(String(row[4])).toMatch(/^参考码[0-9A-F]{8}$/);
    expect(row[9]).toBe("变动类型：退休；变动日期：2017-03-01；原因：到龄退休");
    expect(String(row[10]).split("\n")).toHaveLength(3);
    expect(row[11]).toBe("已完成");
    expect(JSON.stringify(log)).not.toMatch(/\d{17}[\dX]|\d{6}\*+/);
  });
});

describe("a summary spreadsheet provisioned before tab manifests", () => {
  it("is still built, by title: the ids found once are kept, no spreadsheets.get per build", async () => {
    const file = await asUser<{ appProperties: Record<string, string> }>(
      ADMIN,
      "GET",
      `drive/v3/files/${summarySheet}?fields=appProperties`,
    );
    const manifestKeys = Object.keys(file.appProperties).filter((k) => k.startsWith("tmisTabs"));
    expect(manifestKeys.length).toBeGreaterThan(0);
    await asUser(ADMIN, "PATCH", `drive/v3/files/${summarySheet}`, {
      appProperties: Object.fromEntries(manifestKeys.map((key) => [key, null])),
    });
    await cycle(testEnv);
    const made = await requestsDuring(sa.client_email, async () => {
      expect((await build("2017-03-20T02:00:00Z")()).status).toBe("built");
    });
    expect(made).toEqual({
      "sheets.spreadsheets.values.batchUpdate": 1,
      "sheets.spreadsheets.batchUpdate": 1,
    });
    expect((await overview())[0]).toEqual(OVERVIEW_HEADERS);
  });
});
