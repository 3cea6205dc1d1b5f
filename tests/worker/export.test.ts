/**
 * The national system's import package through the admin API, against a school whose every row
 * was made effective, then: a new row left 待审核, an effective row deleted from the sheet, and
 * an effective row changed and approved (a second version). The package holds exactly the
 * effective records, reads back through the validation engine with no finding, every download
 * is audited, and nothing of it reaches a log.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { openChangeRequests } from "../../src/adapters/store/registry";
import { app } from "../../src/app";
import type { ExportWorkbook } from "../../src/core/export/package";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { type TabRows, validateSchool } from "../../src/core/validate";
import type { Env } from "../../src/env";
import { chinaDate } from "../../src/jobs/summary";
import { syncSchoolSheet } from "../../src/jobs/sync-school";
import { ID, validTabs } from "../core/validate/fixture";
import { makeEffective, syncDeps, syncOnce, writeRow } from "./support/business";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import { createSchoolSheet } from "./support/school-sheet";
import { liftProjectQuotas } from "./support/schools";

const ADMIN = "export-admin@hrjy.example.cn";
const TOKEN = "test-admin-token";
const SCHOOL = {
  code: "4306230351",
  name: "华容县导出测试小学",
  category: "primary_secondary" as const,
};
const NEW_PHONE = "13907309999";
const PENDING_PROJECT = "尚未审核的校本研修";

let env: Env;
let sheet = "";

function get(path: string, token: string | null = TOKEN, environment: Env = env) {
  const headers: Record<string, string> =
    token === null ? {} : { authorization: `Bearer ${token}` };
  return app.request(path, { headers }, environment);
}

async function exportPackage(): Promise<ExportWorkbook[]> {
  const res = await get("/api/export/package");
  expect(res.status).toBe(200);
  return ((await res.json()) as { workbooks: ExportWorkbook[] }).workbooks;
}

/** A tab's rows as header → cell objects. */
function rowsOf(workbook: ExportWorkbook | undefined, title: string) {
  const tab = workbook?.tabs.find((t) => t.title === title);
  if (tab === undefined) throw new Error(`no tab ${title}`);
  const [header = [], ...rows] = tab.rows;
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ""])));
}

async function count(sql: string) {
  return (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;
}

beforeAll(async () => {
  await liftProjectQuotas();
  const sa = await registerServiceAccount("export");
  env = envFor(sa);
  sheet = await createSchoolSheet(sa, SCHOOL, validTabs(), ADMIN);
  await makeEffective(env, ADMIN, SCHOOL, sheet);
  const training = validTabs().国内培训?.[0] ?? {};
  // A new row the principal has not ticked: 待审核, not effective.
  await writeRow(ADMIN, sheet, "国内培训", 3, {
    ...training,
    培训项目名称: PENDING_PROJECT,
    培训类别: "校本研修",
    校长审核: false,
  });
  // 张伟's second 工作经历 row deleted from the sheet: removed, no longer exported.
  await asUser(
    ADMIN,
    "POST",
    `v4/spreadsheets/${sheet}/values/${encodeURIComponent("'工作经历'!A3:Z3")}:clear`,
    {},
  );
  // 张伟's 移动电话 changed, ticked again and approved: the new version is the one in force.
  await writeRow(ADMIN, sheet, "联系方式", 2, { 移动电话: NEW_PHONE });
  await syncOnce(env, SCHOOL, sheet);
  await writeRow(ADMIN, sheet, "联系方式", 2, { 校长审核: true });
  await syncOnce(env, SCHOOL, sheet);
  const crypto = await idCryptoFromEnv(env);
  const requests = await openChangeRequests(env.DB, crypto, SCHOOL.code);
  expect(requests).toHaveLength(1);
  const at = new Date().toISOString();
  await syncSchoolSheet(
    await syncDeps(env),
    { kind: "school", spreadsheetId: sheet, version: 1, school: { ...SCHOOL } },
    true,
    {
      change: requests.map((request) => ({
        actor: "leadershipOffice",
        at,
        spreadsheetId: "county",
        request,
        outcome: "approved" as const,
      })),
    },
  );
}, 180_000);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("who may download the package", () => {
  it.each([
    ["/api/export"],
    [`/api/export?school=${SCHOOL.code}`],
    ["/api/export/package"],
    ["/api/exports"],
  ])("refuses %s without the admin token, and records nothing", async (path) => {
    const before = await count("SELECT COUNT(*) AS n FROM exports");
    for (const token of [null, "wrong-token"]) {
      const res = await get(path, token);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(/\d{17}[\dX]/);
    }
    // A portal session cookie is not the admin token.
    const res = await app.request(path, { headers: { cookie: "tmis_portal=anything" } }, env);
    expect(res.status).toBe(401);
    expect(await count("SELECT COUNT(*) AS n FROM exports")).toBe(before);
  });
});

describe("the import package", () => {
  it("holds exactly the effective records: no 待审核 row, no removed row, the latest version", async () => {
    const workbooks = await exportPackage();
    const school = workbooks.find((w) => w.schoolCode === SCHOOL.code);
    expect(school?.file).toBe(`${SCHOOL.code}-${SCHOOL.name}.xlsx`);
    const fixture = validTabs();
    const changedCounts: Record<string, number> = { 工作经历: -1 };
    for (const tab of school?.tabs ?? []) {
      const expected = (fixture[tab.title]?.length ?? 0) + (changedCounts[tab.title] ?? 0);
      expect([tab.title, tab.rows.length - 1]).toEqual([tab.title, expected]);
    }
    // 14 data sections, none of the request tabs.
    expect(school?.tabs.map((t) => t.title)).toHaveLength(14);
    expect(rowsOf(school, "国内培训").map((r) => r.培训项目名称)).toEqual(["国培计划(2016)"]);
    const work = rowsOf(school, "工作经历").map((r) => `${r.身份证件号}:${r.任职开始年月}`);
    expect(work).not.toContain(`${ID.zhang}:2012-09`);
    expect(work).toContain(`${ID.zhang}:2007-09`);
    const phones = rowsOf(school, "联系方式").filter((r) => r.身份证件号 === ID.zhang);
    expect(phones.map((r) => r.移动电话)).toEqual([NEW_PHONE]);
    // The counts the D1 registry gives for effective records agree.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM records WHERE school_code = '${SCHOOL.code}'
           AND effective_version IS NOT NULL AND removed_at IS NULL AND state != 'revoked'`,
      ),
    ).toBe((school?.tabs ?? []).reduce((n, tab) => n + tab.rows.length - 1, 0));
  });

  it("uses the templates' field order and headers, code values, national dates, ID numbers in clear and 教师编号", async () => {
    const school = (await exportPackage()).find((w) => w.schoolCode === SCHOOL.code);
    const sections = shippedTemplates.categories.primary_secondary.sections.filter(
      (s) => s.kind === "section",
    );
    for (const section of sections) {
      const tab = school?.tabs.find((t) => t.title === section.title);
      const extra = section.key === "basic" ? ["教师编号"] : [];
      expect(tab?.rows[0]).toEqual([...section.columns.map((c) => c.header), ...extra]);
    }
    const zhang = rowsOf(school, "基本信息").find((r) => r.身份证件号 === ID.zhang);
    expect(zhang).toMatchObject({
      姓名: "张伟",
      性别: "1",
      "国籍/地区": "156",
      民族: "01",
      出生日期: "1985-06-01",
      是否全日制师范类专业毕业: "1",
    });
    expect(String(zhang?.参加工作年月)).toMatch(/^\d{4}-\d{2}$/);
    const number = String(zhang?.教师编号);
    expect(number).toMatch(/^430623\d{6}$/);
    // In the county's copy every row of the person carries the same 教师编号.
    const county = (await exportPackage()).find((w) => w.schoolCode === null);
    for (const tab of county?.tabs ?? [])
      for (const row of rowsOf(county, tab.title).filter((r) => r.身份证件号 === ID.zhang))
        expect([tab.title, row.教师编号]).toEqual([tab.title, number]);
    const li = rowsOf(school, "联系方式").find((r) => r.身份证件号 === ID.li);
    expect(li?.移动电话).toBe("13907305678");
  });

  it("reads back through the validation engine (npm run validate's) with no finding at all", async () => {
    const school = (await exportPackage()).find((w) => w.schoolCode === SCHOOL.code);
    const tabs: Record<string, TabRows> = {};
    for (const tab of school?.tabs ?? []) tabs[tab.title] = tab.rows;
    const result = validateSchool({ ...SCHOOL, tabs }, shippedTemplates, {
      today: chinaDate(new Date()),
    });
    expect(result.findings.map((f) => `${f.tab}!${f.row} ${f.column}: ${f.message}`)).toEqual([]);
  });

  it("the county's workbook holds every school's rows with 学校代码 and 学校名称", async () => {
    const county = (await exportPackage()).find((w) => w.schoolCode === null);
    expect(county?.file).toBe("全县-华容县.xlsx");
    const basic = rowsOf(county, "基本信息").filter((r) => r.学校代码 === SCHOOL.code);
    expect(basic.map((r) => r.身份证件号).sort()).toEqual([ID.zhang, ID.li, ID.wang].sort());
    expect(basic.every((r) => r.学校名称 === SCHOOL.name)).toBe(true);
    // Every school type's own columns are there (kindergartens' 是否全日制学前教育专业毕业 too).
    const header = county?.tabs.find((t) => t.title === "基本信息")?.rows[0] ?? [];
    expect(header).toContain("是否全日制学前教育专业毕业");
    expect(header).toContain("是否“双师型”教师");
    expect(header.slice(-3)).toEqual(["教师编号", "学校代码", "学校名称"]);
  });

  it("downloads one school's and the county's workbook as .xlsx; an unknown school is a 404", async () => {
    const one = await get(`/api/export?school=${SCHOOL.code}`);
    expect(one.status).toBe(200);
    expect(one.headers.get("content-type")).toContain("spreadsheetml");
    expect(one.headers.get("content-disposition")).toContain(
      encodeURIComponent(`${SCHOOL.code}-${SCHOOL.name}.xlsx`),
    );
    const bytes = new Uint8Array(await one.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    const county = await get("/api/export");
    expect(county.status).toBe(200);
    expect((await get("/api/export?school=4306239999")).status).toBe(404);
    expect((await get("/api/export?school=abc")).status).toBe(400);
  });
});

describe("the audit", () => {
  it("records every download (who, when, what, how many) and lists it, newest first; rows cannot be changed", async () => {
    const before = await count("SELECT COUNT(*) AS n FROM exports");
    const started = new Date().toISOString();
    await get(`/api/export?school=${SCHOOL.code}`);
    await get("/api/export/package");
    const res = await get("/api/exports");
    expect(res.status).toBe(200);
    const { exports } = (await res.json()) as {
      exports: {
        at: string;
        who: string;
        kind: string;
        scope: string;
        persons: number;
        records: number;
      }[];
    };
    expect(exports.length).toBe(before + 2);
    const [latest, previous] = exports;
    expect(latest).toMatchObject({ who: "admin", kind: "package", scope: "county" });
    expect(previous).toMatchObject({
      who: "admin",
      kind: "school",
      scope: SCHOOL.code,
      persons: 3,
    });
    expect(previous?.records).toBeGreaterThan(20);
    expect((previous?.at ?? "") >= started).toBe(true);
    expect(JSON.stringify(exports)).not.toMatch(/\d{15}/);
    await expect(env.DB.prepare("DELETE FROM exports").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("UPDATE exports SET who = 'x'").run()).rejects.toThrow(
      /append-only/,
    );
  });

  it("puts no ID number in any log line while exporting", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    await get(`/api/export?school=${SCHOOL.code}`);
    await get("/api/export");
    await get("/api/export/package");
    // A failing export logs its cause: that line must not carry an ID either.
    await get("/api/export/package", TOKEN, { ...env, ID_ENCRYPTION_KEY: undefined });
    const text = lines.join("\n");
    for (const id of Object.values(ID)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/\d{15}/);
  });
});
