/**
 * Provisioning end to end against the real emulator: what googleapis reads back, what each role
 * may write, and that a second run writes nothing.
 */
import { readFileSync } from "node:fs";
import type { sheets_v4 } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School, type Templates } from "../../src/core/templates/index";
import { type Setup, setUp } from "./emulator-setup";

const csv = readFileSync("sheet-templates/examples/huarong-schools.csv", "utf8");
const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
if (!parsed.ok) throw new Error("example CSV does not parse");
const schools = parsed.value;
const bySchool = (code: string) => schools.find((s) => s.code === code) as School;
const KINDERGARTEN = bySchool("4306230005");
const VOCATIONAL = bySchool("4306230003");
const PRIMARY = bySchool("4306230002");

/** No waiting in tests: quotas are lifted here, and 429 handling is tested with faults. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

let setup: Setup;
let first: Provisioned[];

const run = (extra: { schools?: readonly School[]; templates?: Templates } = {}) =>
  provision({
    clients: setup.admin,
    schools: extra.schools ?? schools,
    templates: extra.templates ?? shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: setup.serviceAccount,
    retry: FAST_RETRY,
  });

function idOf(entries: Provisioned[], predicate: (e: Provisioned) => boolean): string {
  const entry = entries.find(predicate);
  if (!entry?.outcome.ok) throw new Error("not provisioned");
  return entry.outcome.spreadsheetId;
}
const schoolId = (school: School) => idOf(first, (e) => e.school?.code === school.code);

async function readTabs(spreadsheetId: string) {
  const sheets = setup.admin.sheets;
  const meta = await sheets.spreadsheets.get({ spreadsheetId });
  const titles = (meta.data.sheets ?? []).map((s) => s.properties?.title ?? "");
  const grid = await sheets.spreadsheets.get({
    spreadsheetId,
    ranges: titles.filter((t) => t !== "说明").map((t) => `'${t}'!1:2`),
    includeGridData: true,
  });
  return { titles, sheets: grid.data.sheets ?? [] };
}

function tab(sheets: sheets_v4.Schema$Sheet[], title: string) {
  const sheet = sheets.find((s) => s.properties?.title === title);
  if (!sheet) throw new Error(`no tab ${title}`);
  const [header = [], second = []] = (sheet.data?.[0]?.rowData ?? []).map((r) => r.values ?? []);
  const headers = header.map((c) => c.formattedValue ?? "");
  const column = (name: string) => headers.indexOf(name);
  return {
    sheet,
    headers,
    column,
    validation: (name: string) => second[column(name)]?.dataValidation?.condition,
    note: (name: string) => header[column(name)]?.note,
    protection: (name: string) =>
      sheet.protectedRanges?.find(
        (p) =>
          p.range?.startColumnIndex === column(name) &&
          p.range?.endColumnIndex === column(name) + 1,
      ),
  };
}

const letter = (index: number) => String.fromCharCode(65 + index);

beforeAll(async () => {
  setup = await setUp({ quotas: { enabled: false } });
  first = await run();
  // Ten spreadsheets of 17 tabs each; a loaded shared machine needs the margin.
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("the first run", () => {
  it("creates one spreadsheet per school plus the recheck and summary spreadsheets", () => {
    expect(first.map((e) => (e.outcome.ok ? e.outcome.result : e.outcome.error))).toEqual(
      Array(schools.length + 2).fill("created"),
    );
    expect(first.slice(-2).map((e) => e.kind)).toEqual(["recheck", "summary"]);
  });

  it("marks each file with appProperties the worker can list", async () => {
    const { data } = await setup.admin.drive.files.list({
      q: "appProperties has { key='tmisKind' and value='school' } and trashed = false",
      fields: "files(id,appProperties)",
    });
    expect(data.files).toHaveLength(schools.length);
    const kg = data.files?.find((f) => f.id === schoolId(KINDERGARTEN));
    expect(kg?.appProperties).toMatchObject({
      tmisKind: "school",
      schoolCode: KINDERGARTEN.code,
      schoolCategory: "kindergarten",
      templateVersion: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
  });

  it("gives each category its tabs and headers, frozen, 说明 first", async () => {
    const kg = await readTabs(schoolId(KINDERGARTEN));
    expect(kg.titles[0]).toBe("说明");
    expect(kg.titles).toEqual([
      "说明",
      "账号",
      ...shippedTemplates.categories.kindergarten.sections.map((s) => s.title),
      "学分台账",
    ]);
    const basic = tab(kg.sheets, "基本信息");
    expect(basic.headers).toContain("进本园年月");
    expect(basic.headers).not.toContain("进本校年月");
    expect(basic.headers.slice(-6)).toEqual([
      "校长审核",
      "审核状态",
      "校验结果",
      "记录编号",
      "同步时间",
      "教师编号",
    ]);
    expect(basic.sheet.properties?.gridProperties?.frozenRowCount).toBe(1);
    const vocational = tab((await readTabs(schoolId(VOCATIONAL))).sheets, "基本信息");
    expect(vocational.headers).toContain("是否“双师型”教师");
    expect(vocational.headers).not.toContain("是否参加基层服务项目");
  });

  it("has dropdowns, checkboxes, notes and protections where the template says", async () => {
    const basic = tab((await readTabs(schoolId(PRIMARY))).sheets, "基本信息");
    expect(basic.validation("性别")).toMatchObject({
      type: "ONE_OF_LIST",
      values: [{ userEnteredValue: "男" }, { userEnteredValue: "女" }, {}, {}],
    });
    expect(basic.validation("校长审核")).toMatchObject({ type: "BOOLEAN" });
    expect(basic.note("校长审核")).toContain("校长");
    expect(basic.protection("校长审核")?.editors?.users).toEqual(
      expect.arrayContaining([PRIMARY.principals[0], setup.serviceAccount]),
    );
    expect(basic.protection("校长审核")?.editors?.users).not.toContain(PRIMARY.infoAdmins[0]);
    expect(basic.protection("审核状态")?.editors?.users).toEqual(
      expect.arrayContaining([setup.serviceAccount]),
    );
    expect(basic.protection("审核状态")?.editors?.users).not.toContain(PRIMARY.principals[0]);
    expect(basic.protection("姓名")).toBeUndefined();
  });

  it("lets each role write only what it may", async () => {
    const spreadsheetId = schoolId(PRIMARY);
    const basic = tab((await readTabs(spreadsheetId)).sheets, "基本信息");
    const write = async (email: string, header: string, value: string | boolean) => {
      const sheets = await setup.sheetsAs(email);
      const range = `'基本信息'!${cell(basic.column(header))}`;
      try {
        await sheets.spreadsheets.values.update({
          spreadsheetId,
          range,
          valueInputOption: "RAW",
          requestBody: { values: [[value]] },
        });
        return 200;
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    const cell = (index: number) => (index < 26 ? `${letter(index)}2` : `A${letter(index - 26)}2`);
    expect(await write(PRIMARY.principals[0] as string, "校长审核", true)).toBe(200);
    expect(await write(PRIMARY.infoAdmins[0] as string, "校长审核", true)).toBe(403);
    expect(await write(PRIMARY.infoAdmins[0] as string, "姓名", "张三")).toBe(200);
    expect(await write(PRIMARY.infoAdmins[0] as string, "审核状态", "已生效")).toBe(403);
    expect(await write(PRIMARY.viewers[0] as string, "姓名", "李四")).toBe(403);
    expect(await write(setup.serviceAccount, "审核状态", "待校验")).toBe(200);
  }, 60_000);

  it("lets only the worker write the 账号 tab; the school's people read it", async () => {
    const spreadsheetId = schoolId(PRIMARY);
    const write = async (email: string) => {
      const sheets = await setup.sheetsAs(email);
      try {
        await sheets.spreadsheets.values.update({
          spreadsheetId,
          range: "'账号'!C2",
          valueInputOption: "RAW",
          requestBody: { values: [["x"]] },
        });
        return 200;
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    expect(await write(PRIMARY.infoAdmins[0] as string)).toBe(403);
    expect(await write(PRIMARY.systemAdmins[0] as string)).toBe(403);
    expect(await write(PRIMARY.principals[0] as string)).toBe(403);
    expect(await write(setup.serviceAccount)).toBe(200);
    const admin = await setup.sheetsAs(PRIMARY.systemAdmins[0] as string);
    const { data } = await admin.spreadsheets.values.get({ spreadsheetId, range: "'账号'!A1:E2" });
    expect(data.values).toEqual([
      ["教师编号", "姓名", "初始密码", "发放时间", "状态"],
      ["", "", "x"],
    ]);
  }, 60_000);

  it("routes recheck tabs to their office and keeps the summary read-only", async () => {
    const recheck = await readTabs(idOf(first, (e) => e.kind === "recheck"));
    expect(recheck.titles).toContain("变更审批");
    const training = tab(recheck.sheets, "国内培训");
    expect(training.protection("复核通过")?.editors?.users).toEqual(
      expect.arrayContaining(["jinxiu@hrjy.example.cn", setup.serviceAccount]),
    );
    expect(training.protection("复核通过")?.editors?.users).not.toContain("renshi@hrjy.example.cn");
    expect(tab(recheck.sheets, "学习经历").protection("退回")?.editors?.users).toContain(
      "renshi@hrjy.example.cn",
    );
    const summary = await readTabs(idOf(first, (e) => e.kind === "summary"));
    expect(summary.titles).toEqual(["说明", "总览", "进度", "统计", "学分", "学分台账"]);
    const viewer = await setup.sheetsAs("renshi@hrjy.example.cn");
    await expect(
      viewer.spreadsheets.values.update({
        spreadsheetId: idOf(first, (e) => e.kind === "summary"),
        range: "'总览'!A2",
        valueInputOption: "RAW",
        requestBody: { values: [["x"]] },
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("a second run", () => {
  it("changes nothing: only reads reach the emulator", async () => {
    await setup.resetStats();
    const second = await run();
    expect(second.map((e) => (e.outcome.ok ? e.outcome.result : e.outcome.error))).toEqual(
      Array(schools.length + 2).fill("unchanged"),
    );
    const methods = Object.keys((await setup.stats()).byMethod);
    expect(methods.sort()).toEqual(["drive.files.list", "sheets.spreadsheets.get"]);
  }, 60_000);

  it("adds a new school and a new template column without touching user data", async () => {
    const newcomer: School = { ...PRIMARY, code: "4306230099", name: "华容县新建小学" };
    const templates = withExtraColumn(shippedTemplates);
    // A few schools suffice here, and each extra spreadsheet costs the emulator a second.
    const some = [PRIMARY, KINDERGARTEN, newcomer];
    const third = await run({ schools: some, templates });
    const result = (code: string) => third.find((e) => e.school?.code === code);
    expect(result(newcomer.code)?.outcome).toMatchObject({ ok: true, result: "created" });
    expect(result(PRIMARY.code)?.outcome).toMatchObject({ ok: true, result: "completed" });
    expect(result(KINDERGARTEN.code)?.outcome).toMatchObject({ ok: true, result: "unchanged" });
    const basic = tab((await readTabs(schoolId(PRIMARY))).sheets, "基本信息");
    expect(basic.headers.at(-1)).toBe("工号");
    expect(basic.headers.indexOf("姓名")).toBe(0);
    const { data } = await setup.admin.sheets.spreadsheets.values.get({
      spreadsheetId: schoolId(PRIMARY),
      range: "'基本信息'!A2",
    });
    expect(data.values).toEqual([["张三"]]);
    const again = await run({ schools: some, templates });
    expect(again.every((e) => e.outcome.ok && e.outcome.result === "unchanged")).toBe(true);
  }, 120_000);
});

describe("quota and server errors", () => {
  it("waits and retries, honouring Retry-After, and still creates each file once", async () => {
    await setup.control("/faults", {
      errorRate: 0.3,
      statuses: [429, 503],
      retryAfterSeconds: 0,
      seed: 7,
    });
    const extra: School = { ...KINDERGARTEN, code: "4306230098", name: "华容县重试幼儿园" };
    try {
      const waits: number[] = [];
      const result = await provision({
        clients: setup.admin,
        schools: [extra],
        templates: shippedTemplates,
        county: shippedCountyConfig,
        serviceAccount: setup.serviceAccount,
        retry: { ...FAST_RETRY, attempts: 20, onWait: ({ status }) => waits.push(status) },
      });
      expect(result.every((e) => e.outcome.ok)).toBe(true);
      expect(waits.length).toBeGreaterThan(0);
    } finally {
      await setup.control("/faults", {});
    }
    const { data } = await setup.admin.drive.files.list({
      q: "appProperties has { key='schoolCode' and value='4306230098' }",
      fields: "files(id)",
    });
    expect(data.files).toHaveLength(1);
  }, 120_000);
});

/** The shipped templates with one more column, 工号, at the end of 中小学's 基本信息 template. */
function withExtraColumn(templates: Templates): Templates {
  const category = templates.categories.primary_secondary;
  return {
    ...templates,
    categories: {
      ...templates.categories,
      primary_secondary: {
        ...category,
        sections: category.sections.map((section) =>
          section.key === "basic"
            ? {
                ...section,
                columns: [
                  ...section.columns,
                  {
                    key: "staffNumber",
                    header: "工号",
                    type: "text",
                    required: false,
                    note: "本校工号",
                  },
                ],
              }
            : section,
        ),
      },
    },
  };
}
