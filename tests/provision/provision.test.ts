/**
 * Provisioning end to end against the real emulator: what googleapis reads back, what each role
 * may write, and that a second run writes nothing.
 */
import { readFileSync } from "node:fs";
import type { sheets_v4 } from "googleapis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { BOUND_WORKER_TABS, decodeTabManifest } from "../../src/core/sync/tab-manifest";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import {
  parseSchoolsCsv,
  type School,
  type Templates,
  templateFor,
} from "../../src/core/templates/index";
import { ADMIN, type Setup, setUp } from "./emulator-setup";

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
const schoolId = (school: School) =>
  idOf(first, (e) => e.kind === "school" && e.school?.code === school.code);
const accountsId = (school: School) =>
  idOf(first, (e) => e.kind === "accounts" && e.school?.code === school.code);

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
  // 21 school spreadsheets of 17 tabs each, 21 small account spreadsheets and the county's two;
  // a loaded shared machine needs the margin.
}, 600_000);

afterAll(async () => {
  await setup?.stop();
});

describe("the first run", () => {
  it("creates a school and an account spreadsheet per school, then the recheck and summary", () => {
    expect(first.map((e) => (e.outcome.ok ? e.outcome.result : e.outcome.error))).toEqual(
      Array(schools.length * 2 + 2).fill("created"),
    );
    expect(first.map((e) => e.kind)).toEqual([
      ...schools.flatMap(() => ["school", "accounts"]),
      "recheck",
      "summary",
    ]);
    expect(first[1]?.name).toBe(`${schools[0]?.name} 教师账号`);
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
    const accounts = await setup.admin.drive.files.list({
      q: "appProperties has { key='tmisKind' and value='accounts' } and trashed = false",
      fields: "files(id,appProperties)",
    });
    expect(accounts.data.files).toHaveLength(schools.length);
    const own = accounts.data.files?.find((f) => f.id === accountsId(KINDERGARTEN));
    // Its roster too: the system admins and the service account, nobody else; and the tab
    // manifest binding the 账号 tab by sheetId, as a school spreadsheet's tabs are bound.
    expect(own?.appProperties).toEqual({
      tmisKind: "accounts",
      schoolCode: KINDERGARTEN.code,
      tmisGrant0: `writer:${KINDERGARTEN.systemAdmins[0]}`,
      tmisGrant1: `writer:${setup.serviceAccount}`,
      templateVersion: expect.stringMatching(/^[0-9a-f]{8}$/),
      tmisTabs: "1",
      tmisTabs0: expect.stringMatching(/^accounts:[0-9a-z]+$/),
    });
  });

  it("gives each category its tabs and headers, frozen, 说明 first", async () => {
    const kg = await readTabs(schoolId(KINDERGARTEN));
    expect(kg.titles[0]).toBe("说明");
    expect(kg.titles).toEqual([
      "说明",
      ...shippedTemplates.categories.kindergarten.sections.map((s) => s.title),
      "学分台账",
    ]);
    const basic = tab(kg.sheets, "基本信息");
    expect(basic.headers).toContain("进本园年月");
    expect(basic.headers).not.toContain("进本校年月");
    expect(basic.headers.slice(0, 4)).toEqual(["姓名", "身份证件号", "审核状态", "校验结果"]);
    expect(basic.headers.slice(-4)).toEqual(["校长审核", "记录编号", "同步时间", "教师编号"]);
    expect(basic.sheet.properties?.gridProperties?.frozenRowCount).toBe(1);
    expect(basic.sheet.properties?.gridProperties?.frozenColumnCount).toBe(4);
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

  it("shows initial passwords to the system admin only: every other role is refused", async () => {
    const accounts = accountsId(PRIMARY);
    const read = async (email: string, spreadsheetId: string, range: string) => {
      const sheets = await setup.sheetsAs(email);
      try {
        const { data } = await sheets.spreadsheets.values.get({ spreadsheetId, range });
        return data.values ?? [];
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    const others = [PRIMARY.viewers[0], PRIMARY.infoAdmins[0], PRIMARY.principals[0]];
    for (const email of others as string[]) {
      // The account spreadsheet is not shared with them at all…
      expect(await read(email, accounts, "'账号'!A:E")).toBe(403);
      // …and the school spreadsheet they work in has no 账号 tab any more.
      expect(await read(email, schoolId(PRIMARY), "'账号'!A:E")).toBe(400);
    }
    const admin = PRIMARY.systemAdmins[0] as string;
    expect(await read(admin, accounts, "'账号'!A1:E1")).toEqual([
      ["教师编号", "姓名", "初始密码", "发放时间", "状态"],
    ]);
    const { data } = await setup.admin.drive.permissions.list({
      fileId: accounts,
      fields: "permissions(emailAddress,role)",
    });
    const shared = (data.permissions ?? []).map((p) => `${p.emailAddress}:${p.role}`).sort();
    expect(shared).toEqual(
      [
        `${ADMIN}:owner`,
        `${setup.serviceAccount}:writer`,
        ...PRIMARY.systemAdmins.map((email) => `${email}:writer`),
      ].sort(),
    );
  }, 60_000);

  it("lets only the worker write the 账号 tab, and only the system admins tick 重置密码", async () => {
    const spreadsheetId = accountsId(PRIMARY);
    const write = async (email: string, range: string, value: string | boolean) => {
      const sheets = await setup.sheetsAs(email);
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
    const admin = PRIMARY.systemAdmins[0] as string;
    expect(await write(admin, "'账号'!C2", "x")).toBe(403);
    expect(await write(admin, "'账号'!F1", "x")).toBe(403);
    expect(await write(PRIMARY.infoAdmins[0] as string, "'账号'!C2", "x")).toBe(403);
    expect(await write(setup.serviceAccount, "'账号'!C2", "x")).toBe(200);
    for (const other of [PRIMARY.infoAdmins[0], PRIMARY.principals[0], PRIMARY.viewers[0]])
      expect(await write(other as string, "'账号'!F2", true)).toBe(403);
    expect(await write(admin, "'账号'!F2", true)).toBe(200);
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
    expect(summary.titles).toEqual([
      "说明",
      "总览",
      "进度",
      "统计",
      "学分",
      "学分台账",
      "业务台账",
    ]);
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

describe("the county approval tabs", () => {
  const RECHECK = () => idOf(first, (e) => e.kind === "recheck");
  const APPROVALS = ["调动审批", "在职情况变动审批", "交流轮岗审批"];

  it("gives 人事股 a 决定 dropdown and 理由 on each, and nobody else", async () => {
    const recheck = await readTabs(RECHECK());
    // 学分确认 (教师进修学校's) follows them: tests/provision/credit-confirm-tab.test.ts.
    expect(recheck.titles.slice(-4)).toEqual([...APPROVALS, "学分确认"]);
    for (const title of APPROVALS) {
      const approval = tab(recheck.sheets, title);
      expect(approval.headers.slice(0, 7)).toEqual([
        "申请编号",
        "步骤",
        "学校",
        "对方学校",
        "教师编号",
        "姓名",
        "参考码",
      ]);
      expect(approval.headers.slice(-4)).toEqual(["决定", "理由", "办理状态", "同步时间"]);
      expect(approval.headers).not.toContain("身份证件号");
      expect(approval.validation("决定")).toMatchObject({
        type: "ONE_OF_LIST",
        values: [{ userEnteredValue: "确认" }, { userEnteredValue: "不同意" }],
      });
      for (const header of ["决定", "理由"]) {
        const editors = approval.protection(header)?.editors?.users ?? [];
        expect(editors).toEqual(
          expect.arrayContaining(["renshi@hrjy.example.cn", setup.serviceAccount]),
        );
        expect(editors).not.toContain("jinxiu@hrjy.example.cn");
        expect(editors).not.toContain("lingdao@hrjy.example.cn");
      }
      expect(approval.protection("办理状态")?.editors?.users).not.toContain(
        "renshi@hrjy.example.cn",
      );
    }
    expect(tab(recheck.sheets, "调动审批").headers).toEqual(
      expect.arrayContaining(["调动日期", "调动原因"]),
    );
    expect(tab(recheck.sheets, "在职情况变动审批").headers).toEqual(
      expect.arrayContaining(["变动类型", "变动日期", "变动原因"]),
    );
  });

  it("lets 人事股 decide, and refuses another office and the worker's columns", async () => {
    const spreadsheetId = RECHECK();
    const approval = tab((await readTabs(spreadsheetId)).sheets, "调动审批");
    const write = async (email: string, header: string, value: string) => {
      const sheets = await setup.sheetsAs(email);
      try {
        await sheets.spreadsheets.values.update({
          spreadsheetId,
          range: `'调动审批'!${letter(approval.column(header))}2`,
          valueInputOption: "RAW",
          requestBody: { values: [[value]] },
        });
        return 200;
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    expect(await write("renshi@hrjy.example.cn", "决定", "确认")).toBe(200);
    expect(await write("jinxiu@hrjy.example.cn", "决定", "不同意")).toBe(403);
    expect(await write("lingdao@hrjy.example.cn", "理由", "越权")).toBe(403);
    expect(await write("renshi@hrjy.example.cn", "办理状态", "已完成")).toBe(403);
    // A school's own accounts have no access to the county spreadsheet at all.
    expect(await write(PRIMARY.principals[0] as string, "决定", "确认")).toBe(403);
    expect(await write("renshi@hrjy.example.cn", "决定", "")).toBe(200);
  }, 60_000);

  it("are added to a county spreadsheet made before them by the next run", async () => {
    const spreadsheetId = RECHECK();
    const sheets = setup.admin.sheets;
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    const ids = (meta.data.sheets ?? [])
      .filter((s) => APPROVALS.includes(s.properties?.title ?? ""))
      .map((s) => s.properties?.sheetId as number);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: ids.map((sheetId) => ({ deleteSheet: { sheetId } })) },
    });
    const rerun = await run({ schools: [PRIMARY] });
    const recheck = rerun.find((e) => e.kind === "recheck");
    expect(recheck?.outcome).toMatchObject({ ok: true, result: "completed" });
    const after = await readTabs(spreadsheetId);
    expect(after.titles.slice(-4)).toEqual([...APPROVALS, "学分确认"]);
    expect(tab(after.sheets, "交流轮岗审批").protection("决定")?.editors?.users).toContain(
      "renshi@hrjy.example.cn",
    );
    expect(
      (await run({ schools: [PRIMARY] })).map((e) => e.outcome.ok && e.outcome.result),
    ).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
  }, 120_000);
});

describe("the tab manifest", () => {
  it("records each template tab's sheetId on the file, in Drive appProperties", async () => {
    const id = schoolId(PRIMARY);
    const { data } = await setup.admin.drive.files.get({ fileId: id, fields: "appProperties" });
    const manifest = decodeTabManifest(data.appProperties ?? {});
    const meta = await setup.admin.sheets.spreadsheets.get({ spreadsheetId: id });
    const idOf = new Map(
      (meta.data.sheets ?? []).map((s) => [s.properties?.title, s.properties?.sheetId]),
    );
    const bound = [...templateFor(shippedTemplates, PRIMARY.category), ...BOUND_WORKER_TABS];
    expect(manifest && Object.fromEntries(manifest)).toEqual(
      Object.fromEntries(bound.map((s) => [s.key, idOf.get(s.title)])),
    );
    for (const [key, value] of Object.entries(data.appProperties ?? {})) {
      expect(new TextEncoder().encode(key + value).length).toBeLessThanOrEqual(124);
    }
  });
});

describe("a second run", () => {
  it("changes nothing: only reads reach the emulator", async () => {
    await setup.resetStats();
    const second = await run();
    expect(second.map((e) => (e.outcome.ok ? e.outcome.result : e.outcome.error))).toEqual(
      Array(schools.length * 2 + 2).fill("unchanged"),
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
    const result = (code: string) =>
      third.find((e) => e.kind === "school" && e.school?.code === code);
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

describe("a tab swapped by the school's info admin", () => {
  it("is repaired by the next run: the genuine tab gets its title back, the look-alike is set aside", async () => {
    const id = schoolId(PRIMARY);
    const attacker = await setup.sheetsAs(PRIMARY.infoAdmins[0] as string);
    const before = await setup.admin.sheets.spreadsheets.get({ spreadsheetId: id });
    const genuine = before.data.sheets?.find((s) => s.properties?.title === "联系方式");
    const genuineId = genuine?.properties?.sheetId;
    await attacker.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId: genuineId, title: "联系方式旧" },
              fields: "title",
            },
          },
          { addSheet: { properties: { title: "联系方式" } } },
        ],
      },
    });
    const again = await run({ schools: [PRIMARY] });
    expect(again[0]?.outcome).toMatchObject({
      ok: true,
      result: "completed",
      changes: expect.arrayContaining([
        { kind: "setAside", target: "联系方式（非系统表）" },
        { kind: "restoreTab", target: "联系方式" },
      ]),
    });
    const after = await setup.admin.sheets.spreadsheets.get({ spreadsheetId: id });
    const titled = (title: string) =>
      after.data.sheets?.find((s) => s.properties?.title === title)?.properties?.sheetId;
    expect(titled("联系方式")).toBe(genuineId);
    expect(titled("联系方式（非系统表）")).toBeDefined();
    expect(titled("联系方式旧")).toBeUndefined();
    const { data } = await setup.admin.drive.files.get({ fileId: id, fields: "appProperties" });
    expect(decodeTabManifest(data.appProperties ?? {})?.get("contact")).toBe(genuineId);
  }, 60_000);
});

describe("the account spreadsheet's 账号 tab swapped by the school's system admin", () => {
  it("is bound in the manifest and repaired by the next run, nothing deleted", async () => {
    const id = accountsId(PRIMARY);
    const before = await setup.admin.sheets.spreadsheets.get({ spreadsheetId: id });
    const genuineId = before.data.sheets?.find((s) => s.properties?.title === "账号")?.properties
      ?.sheetId;
    const recorded = await setup.admin.drive.files.get({ fileId: id, fields: "appProperties" });
    expect(decodeTabManifest(recorded.data.appProperties ?? {})?.get("accounts")).toBe(genuineId);
    // The system admin is a writer of the file: rename the tab, plant a look-alike under its name.
    const attacker = await setup.sheetsAs(PRIMARY.systemAdmins[0] as string);
    await attacker.spreadsheets.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId: genuineId, title: "账号旧" },
              fields: "title",
            },
          },
          { addSheet: { properties: { title: "账号" } } },
        ],
      },
    });
    await attacker.spreadsheets.values.update({
      spreadsheetId: id,
      range: "'账号'!A1",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["教师编号", "姓名", "初始密码"],
          ["430623000901", "假教师", "x"],
        ],
      },
    });
    const again = await run({ schools: [PRIMARY] });
    const accounts = again.find((e) => e.kind === "accounts");
    expect(accounts?.outcome).toMatchObject({
      ok: true,
      result: "completed",
      changes: expect.arrayContaining([
        { kind: "setAside", target: "账号（非系统表）" },
        { kind: "restoreTab", target: "账号" },
      ]),
    });
    const after = await setup.admin.sheets.spreadsheets.get({ spreadsheetId: id });
    const titled = (title: string) =>
      after.data.sheets?.find((s) => s.properties?.title === title)?.properties?.sheetId;
    expect(titled("账号")).toBe(genuineId);
    expect(titled("账号旧")).toBeUndefined();
    // The look-alike is kept, content and all, under a name that says what it is.
    const aside = await setup.admin.sheets.spreadsheets.values.get({
      spreadsheetId: id,
      range: "'账号（非系统表）'!A2:B2",
    });
    expect(aside.data.values).toEqual([["430623000901", "假教师"]]);
    const { data } = await setup.admin.drive.files.get({ fileId: id, fields: "appProperties" });
    expect(decodeTabManifest(data.appProperties ?? {})?.get("accounts")).toBe(genuineId);
    expect(
      (await run({ schools: [PRIMARY] })).every(
        (e) => e.outcome.ok && e.outcome.result === "unchanged",
      ),
    ).toBe(true);
  }, 60_000);
});

describe("a spreadsheet made before the account spreadsheets existed", () => {
  it("loses its 账号 tab, passwords and all, on the next run; nothing else of it changes", async () => {
    const spreadsheetId = schoolId(KINDERGARTEN);
    const sheets = setup.admin.sheets;
    // As the old layout left it: a 账号 tab holding a password every role could read.
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ addSheet: { properties: { title: "账号", index: 1 } } }] },
    });
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: "'账号'!A1:C2",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["教师编号", "姓名", "初始密码"],
          ["430623000001", "张伟", "Abc2345xyz"],
        ],
      },
    });
    const before = (await readTabs(spreadsheetId)).titles;
    const rerun = await run({ schools: [KINDERGARTEN] });
    const school = rerun.find((e) => e.kind === "school");
    expect(school?.outcome).toMatchObject({
      ok: true,
      result: "completed",
      changes: [{ kind: "deleteTab", target: "账号" }],
    });
    expect((await readTabs(spreadsheetId)).titles).toEqual(before.filter((t) => t !== "账号"));
    const viewer = await setup.sheetsAs(
      KINDERGARTEN.viewers[0] ?? (KINDERGARTEN.infoAdmins[0] as string),
    );
    await expect(
      viewer.spreadsheets.values.get({ spreadsheetId, range: "'账号'!A:C" }),
    ).rejects.toMatchObject({ status: 400 });
    expect(
      (await run({ schools: [KINDERGARTEN] })).map((e) => e.outcome.ok && e.outcome.result),
    ).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
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
      fields: "files(appProperties)",
    });
    expect(data.files?.map((f) => f.appProperties?.tmisKind).sort()).toEqual([
      "accounts",
      "school",
    ]);
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
