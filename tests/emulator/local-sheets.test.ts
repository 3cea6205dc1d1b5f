/**
 * 本地表格 (scripts/emulator/ui/) over plain HTTP: the account chooser's roles, the files each
 * account can open, the server-rendered tab, and writes that go through the Sheets API's own
 * handling (protection refusals with the reason in Chinese, Drive revisions as for any edit).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceAccountKeyFile } from "../../scripts/emulator/auth/service-accounts";
import { PROTECTED_MESSAGE } from "../../scripts/emulator/model/protection";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { type Provisioned, provision } from "../../scripts/provision/provision";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv } from "../../src/core/templates/index";
import { startTestEmulator, type TestEmulator } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const INFO = "s0002-info@hrjy.example.cn";
const HEAD = "s0002-head@hrjy.example.cn";
const VIEW = "s0002-view@hrjy.example.cn";
const ADMIN = "admin@hrjy.example.cn";

let t: TestEmulator;
let worker: string;
let made: Provisioned[];
let schoolId: string;

beforeAll(async () => {
  t = await startTestEmulator({ quotas: { enabled: false } });
  const key = await t.admin<ServiceAccountKeyFile>("POST", "/service-accounts", {
    name: "tmis-worker",
  });
  worker = key.client_email;
  const csv = await readFile(
    path.join(ROOT, "sheet-templates/examples/huarong-schools.csv"),
    "utf8",
  );
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error("示例学校名单无效");
  made = await provision({
    clients: await clientsFor(t.url, ADMIN),
    schools: parsed.value.slice(0, 2),
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: worker,
  });
  const school = made.find((m) => m.kind === "school" && m.school?.code === "4306230002");
  if (!school?.outcome.ok) throw new Error("学校表格未建成");
  schoolId = school.outcome.spreadsheetId;
});
afterAll(() => t.stop());

async function signIn(email: string): Promise<string> {
  const res = await t.fetch("/ui/as", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, next: "/ui/files" }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/ui/files");
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function page(cookie: string, route: string): Promise<{ status: number; html: string }> {
  const res = await t.fetch(route, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

async function write(cookie: string, body: unknown) {
  const res = await t.fetch(`/ui/s/${schoolId}/write`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function driveFile(id: string) {
  const drive = await t.drive(ADMIN);
  const got = await drive.files.get({ fileId: id, fields: "version,modifiedTime,webViewLink" });
  return got.data;
}

describe("本地表格", () => {
  it("the emulator's address leads to the chooser; unchosen visitors are sent there", async () => {
    const root = await t.fetch("/", { redirect: "manual" });
    expect(root.status).toBe(303);
    expect(root.headers.get("location")).toBe("/ui/");
    const sheet = await t.fetch(`/ui/s/${schoolId}?tab=1`, { redirect: "manual" });
    expect(sheet.headers.get("location")).toBe(
      `/ui/?next=${encodeURIComponent(`/ui/s/${schoolId}?tab=1`)}`,
    );
    // The API paths are untouched.
    expect((await t.fetch("/v4/spreadsheets/x")).status).toBe(401);
  });

  it("lists every account with its role, says there is no password, leaves the worker out", async () => {
    const { html } = await page("", "/ui/");
    expect(html).toContain("不需要密码");
    const roleOf = (email: string) =>
      new RegExp(`<b>([^<]+)</b><small>${email.replace(/[.]/g, "\\.")}</small>`).exec(html)?.[1];
    expect(roleOf(INFO)).toBe("信息管理员");
    expect(roleOf("s0001-info2@hrjy.example.cn")).toBe("信息管理员");
    expect(roleOf(HEAD)).toBe("校长");
    expect(roleOf("s0002-admin@hrjy.example.cn")).toBe("系统管理员");
    expect(roleOf(VIEW)).toBe("信息查询员");
    expect(roleOf("renshi@hrjy.example.cn")).toBe("人事股");
    expect(roleOf("jinxiu@hrjy.example.cn")).toBe("教师进修学校");
    expect(roleOf("lingdao@hrjy.example.cn")).toBe("领导小组办公室");
    expect(roleOf(ADMIN)).toBe("表格所有者（县级管理员）");
    expect(html).not.toContain(worker);
    expect(html).toContain("华容县实验小学（4306230002）");
  });

  it("shows each account the spreadsheets it can open, and nothing else", async () => {
    const info = await page(await signIn(INFO), "/ui/files");
    expect(info.html).toContain("华容县实验小学（4306230002）教师信息采集");
    expect(info.html).not.toContain("教师账号");
    expect(info.html).not.toContain("华容县第一中学");
    const other = await page(await signIn("s0001-info@hrjy.example.cn"), `/ui/s/${schoolId}`);
    expect(other.status).toBe(403);
    expect(other.html).toContain("没有打开这个表格的权限");
  });

  it("renders a tab: frozen header, checkboxes, dropdown lists, notes, grey protected columns", async () => {
    const { status, html } = await page(await signIn(INFO), `/ui/s/${schoolId}?tab=1`);
    expect(status).toBe(200);
    const head = html.slice(html.indexOf("<thead>"), html.indexOf("</thead>"));
    expect(head).toContain("姓名");
    expect(head).toContain("校长审核");
    expect(html).toMatch(/<td class="l k" data-p="\d+"><input type="checkbox"/);
    expect(html).toMatch(/<td class="d" data-l="\d+">/);
    expect(html).toMatch(/<th class="?[^>]*>|<td class="[^"]*n[^"]*"[^>]*title="/);
    const data = JSON.parse(/id="sheet-data">([^<]*)</.exec(html)?.[1] ?? "{}") as {
      lists: string[][];
      locks: string[];
    };
    expect(data.lists.some((list) => list.includes("男") && list.includes("女"))).toBe(true);
    expect(data.locks).toContain("「校长审核」列：仅校长可勾选");
    expect(html).toContain('aria-current="page" data-testid="tab">基本信息<');
  });

  it("an edit is a Google edit: the Drive version and modifiedTime move, the value is there", async () => {
    const before = await driveFile(schoolId);
    const cookie = await signIn(INFO);
    const done = await write(cookie, { tab: "基本信息", row: 1, col: 0, values: [["张三"]] });
    expect(done).toEqual({ status: 200, body: { ok: true, values: [["张三"]] } });
    const after = await driveFile(schoolId);
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(Date.parse(after.modifiedTime ?? "")).toBeGreaterThanOrEqual(
      Date.parse(before.modifiedTime ?? ""),
    );
    const sheets = await t.sheets(ADMIN);
    const got = await sheets.spreadsheets.values.get({
      spreadsheetId: schoolId,
      range: "'基本信息'!A2",
    });
    expect(got.data.values).toEqual([["张三"]]);
  });

  it("a protected column refuses the info admin in Chinese, as the API refuses googleapis; the principal may tick", async () => {
    // By header: provisioning pins 姓名, 身份证件号, 审核状态 and 校验结果 first.
    const { data } = await (await t.sheets(ADMIN)).spreadsheets.values.get({
      spreadsheetId: schoolId,
      range: "'基本信息'!1:1",
    });
    const col = (data.values?.[0] ?? []).indexOf("校长审核");
    const tick = { tab: "基本信息", row: 1, col, values: [[true]] };
    const before = await driveFile(schoolId);
    const refused = await write(await signIn(INFO), tick);
    expect(refused.status).toBe(403);
    expect(refused.body.google).toBe(PROTECTED_MESSAGE);
    expect(refused.body.message).toContain("「校长审核」列：仅校长可勾选");
    expect((await driveFile(schoolId)).version).toBe(before.version);
    const allowed = await write(await signIn(HEAD), tick);
    expect(allowed).toEqual({ status: 200, body: { ok: true, values: [["TRUE"]] } });
    const viewer = await write(await signIn(VIEW), { ...tick, col: 1, values: [["x"]] });
    expect(viewer.status).toBe(403);
    expect(viewer.body.message).toContain("只有查看权限");
  });

  it("a pasted block lands as rows from the chosen cell", async () => {
    const values = [
      ["李四", "男"],
      ["王五", "女"],
      ["赵六", "男"],
    ];
    const done = await write(await signIn(INFO), { tab: "基本信息", row: 2, col: 0, values });
    expect(done.body).toEqual({ ok: true, values });
    const sheets = await t.sheets(ADMIN);
    const got = await sheets.spreadsheets.values.get({
      spreadsheetId: schoolId,
      range: "'基本信息'!A3:B5",
    });
    expect(got.data.values).toEqual(values);
  });

  it("webViewLink and provisioning's printed url open the local page", async () => {
    const school = made.find((m) => m.kind === "school" && m.school?.code === "4306230002");
    const url = school?.outcome.ok ? school.outcome.url : "";
    expect(url).toBe(`${t.url}/ui/s/${schoolId}`);
    expect((await driveFile(schoolId)).webViewLink).toBe(url);
  });

  it("renders a 41-column tab of 300 filled rows in one answer, quickly", async () => {
    const sheets = await t.sheets(ADMIN);
    const rows = Array.from({ length: 300 }, (_, r) =>
      Array.from({ length: 35 }, (_, c) => `第${r + 2}行${c + 1}列`),
    );
    await sheets.spreadsheets.values.update({
      spreadsheetId: schoolId,
      range: "'基本信息'!A2",
      valueInputOption: "RAW",
      requestBody: { values: rows },
    });
    const cookie = await signIn(INFO);
    const started = performance.now();
    const { status, html } = await page(cookie, `/ui/s/${schoolId}?tab=1`);
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    expect(html).toContain("第301行35列");
    expect(html.match(/<tr data-r=/g)).toHaveLength(321);
    // Measured 0.4–0.6 s on a loaded two-core machine, most of it the grid data read.
    expect(elapsed).toBeLessThan(3000);
  });

  it("shows the marks and status colours provisioning set: red required headers, a 待完善 cell light red", async () => {
    const sheets = await t.sheets(ADMIN);
    const { data } = await sheets.spreadsheets.values.get({
      spreadsheetId: schoolId,
      range: "'基本信息'!1:1",
    });
    const status = (data.values?.[0] ?? []).indexOf("审核状态");
    // The worker's write, as the sync makes it.
    await sheets.spreadsheets.values.update({
      spreadsheetId: schoolId,
      range: `'基本信息'!${String.fromCharCode(65 + status)}5`,
      valueInputOption: "RAW",
      requestBody: { values: [["待完善"]] },
    });
    const { html } = await page(await signIn(INFO), `/ui/s/${schoolId}?tab=1`);
    const head = html.slice(html.indexOf("<thead>"), html.indexOf("</thead>"));
    expect(head).toMatch(/style="[^"]*color:rgb\(204,0,0\)[^"]*"[^>]*>姓名</);
    expect(html).toMatch(/style="background-color:rgb\(244,204,204\)[^"]*">待完善</);
  });
});
