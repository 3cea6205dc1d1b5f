/**
 * The campaign's end products on the real stack (emulator + `wrangler dev`): one example school's
 * three new teachers entered, ticked by the principal and confirmed by 人事股, then
 * - `npm run export` writes the import package, and `npm run validate` reads the school's
 *   workbook back with no finding; no ID number reaches the worker's log;
 * - the 电子档案 printed by Chromium at A4: a page per section, the header on each, the
 *   teacher's copy without any ID digit, the county's with the ID in clear.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main as exportMain } from "../../scripts/export/cli";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { readTab, tickAll } from "../../scripts/lib/school-sheet";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { main as validateMain } from "../../scripts/validate/cli";
import { readWorkbook } from "../../scripts/validate/read-xlsx";
import { columnLetters } from "../../src/core/sheets/a1";
import { launchPhoneBrowser, type PhoneBrowser } from "./support/browser";
import { type PortalSchool, portalSchool, syncNow } from "./support/school";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The README's screenshot is refreshed on demand (`UPDATE_SCREENSHOT=1`); a plain run leaves the tree clean. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(ROOT, "docs/archive.png")
  : path.join(tmpdir(), "tmis-archive.png");
/** A4 at 96 dpi: 210 × 297 mm. */
const A4 = { width: 794, height: 1123 } as const;
const NEW_PASSWORD = "huarong2026dang";
const SECTIONS = 14;
/** After the sections: 审核记录, 业务记录, 培训学分. */
const PARTS = SECTIONS + 3;

let stack: Stack;
let phone: PhoneBrowser;
let stateDir: string;
let outDir: string;
let school: PortalSchool;
const workerLog: string[] = [];

/** 人事股 ticks 复核通过 on every undecided row of a county recheck tab. */
async function confirmAll(tab: string, rows: number) {
  const office = await clientsFor(stack.emulatorUrl, "renshi@hrjy.example.cn");
  let values: string[][] = [];
  for (let i = 0; i < 60; i++) {
    values = await readTab(office, school.recheckId, tab);
    if (values.length - 1 >= rows) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const [headers = [], ...data] = values;
  const accept = headers.indexOf("复核通过");
  if (data.length < rows || accept < 0) throw new Error(`「${tab}」没有 ${rows} 行待复核`);
  await office.sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: school.recheckId,
    requestBody: {
      valueInputOption: "RAW",
      data: data.map((_, i) => ({
        range: `'${tab}'!${columnLetters(accept)}${i + 2}`,
        values: [[true]],
      })),
    },
  });
}

async function untilEffective() {
  for (let i = 0; i < 20; i++) {
    await syncNow(stack);
    const [headers = [], ...rows] = await readTab(school.admin, school.spreadsheetId, "联系方式");
    const status = headers.indexOf("审核状态");
    const basic = await readTab(school.admin, school.spreadsheetId, "基本信息");
    const basicStatus = basic[0]?.indexOf("审核状态") ?? -1;
    if (
      rows.every((row) => row[status] === "已生效") &&
      basic.slice(1).every((row) => row[basicStatus] === "已生效")
    )
      return;
  }
  throw new Error("记录没有全部生效");
}

/** Pages of a PDF Chromium printed: one `/Type /Page` object each. */
function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-archive-"));
  outDir = await mkdtemp(path.join(tmpdir(), "tmis-export-"));
  stack = await startStack({ stateDir });
  stack.watchWorkerLog((line) => workerLog.push(line));
  school = await portalSchool(stack);
  const principal = await clientsFor(stack.emulatorUrl, school.school.principals[0] ?? "");
  await tickAll(principal, school.spreadsheetId, "基本信息");
  await tickAll(principal, school.spreadsheetId, "联系方式");
  await syncNow(stack);
  await confirmAll("基本信息", school.people.length);
  await confirmAll("联系方式", school.people.length);
  await untilEffective();
  phone = await launchPhoneBrowser();
});

afterAll(async () => {
  await phone?.close();
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

describe("npm run export", () => {
  it("writes every school's workbook and the county's; npm run validate finds nothing in the school's", async () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await exportMain([
      "--out",
      outDir,
      "--endpoint",
      stack.workerUrl,
      "--token",
      stack.adminToken,
    ]);
    const said = out.mock.calls.map((call) => call.join(" ")).join("\n");
    out.mockRestore();
    expect(code).toBe(0);
    expect(said).toContain("已写入");
    const file = path.join(outDir, `${school.school.code}-${school.school.name}.xlsx`);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(path.join(outDir, "全县-华容县.xlsx"))).toBe(true);
    // The effective records, ID numbers in clear, with each teacher's number.
    const { readFile } = await import("node:fs/promises");
    const workbook = await readWorkbook(await readFile(file));
    if (!workbook.ok) throw new Error(workbook.problem);
    const basic = workbook.tabs.find((tab) => tab.title === "基本信息")?.rows ?? [];
    const [header = [], ...rows] = basic;
    const ids = rows.map((row) => row[header.indexOf("身份证件号")]);
    expect(ids.sort()).toEqual(school.people.map((p) => p.idNumber).sort());
    const numbers = rows.map((row) => row[header.indexOf("教师编号")]);
    expect(numbers.sort()).toEqual(school.accounts.map((a) => a.number).sort());
    // The offline validator, as `npm run validate -- FILE --json` runs it: no line, exit 0.
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const checked = await validateMain([file, "--json"]);
    log.mockRestore();
    err.mockRestore();
    expect(lines).toEqual([]);
    expect(checked).toBe(0);
    // The download is in the audit; no ID number reached the worker's log, nor the CLI's output.
    const audit = (await (
      await fetch(`${stack.workerUrl}/api/exports`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      })
    ).json()) as { exports: { kind: string; who: string }[] };
    expect(audit.exports[0]).toMatchObject({ kind: "package", who: "admin" });
    for (const person of school.people) {
      expect(workerLog.join("\n")).not.toContain(person.idNumber);
      expect(said).not.toContain(person.idNumber);
    }
  });
});

describe("the 电子档案 printed at A4", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phone.browser.newContext({
      viewport: A4,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    page = await context.newPage();
    const [first] = school.accounts;
    if (first === undefined) throw new Error("no teacher");
    await page.goto(`${stack.workerUrl}/portal/`);
    await page.getByTestId("sign-in-number").fill(first.number);
    await page.getByTestId("sign-in-password").fill(first.password);
    await page.getByTestId("sign-in-submit").click();
    await page.waitForURL(/\/portal\/password/);
    await page.getByTestId("password-current").fill(first.password);
    await page.getByTestId("password-new").fill(NEW_PASSWORD);
    await page.getByTestId("password-confirm").fill(NEW_PASSWORD);
    await page.getByTestId("password-submit").click();
    await page.waitForURL(/\/portal\/me/);
  });

  afterAll(async () => {
    await context?.close();
  });

  it("the teacher's own: a page per section with the header, no ID digit anywhere", async () => {
    const [first] = school.accounts;
    const person = school.people.find((p) => p.name === first?.name);
    await page.getByTestId("archive-link").click();
    await page.waitForURL(/\/portal\/archive$/);
    await page.emulateMedia({ media: "print" });
    const text = (await page.textContent("body")) ?? "";
    expect(text).toContain(first?.name ?? "?");
    expect(text).toContain(first?.number ?? "?");
    for (const p of school.people) {
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.idNumber.slice(0, 10));
    }
    expect(text).not.toContain(person?.mobile ?? "?");
    expect(text).not.toMatch(/\d{15}/);
    // Each part starts a printed page; each carries the header with name and 教师编号.
    const parts = page.locator("section.part");
    await expect(parts.count()).resolves.toBe(PARTS);
    const headers = await page.getByTestId("archive-number").allTextContents();
    expect(headers).toEqual(Array(PARTS).fill(first?.number));
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(PARTS);
    // The first printed page as it looks on paper.
    const box = await page.locator('[data-testid="archive-section-basic"]').boundingBox();
    if (box === null) throw new Error("no 基本信息 page");
    const margin = 28;
    await page.screenshot({
      path: SCREENSHOT,
      clip: {
        x: Math.max(box.x - margin, 0),
        y: Math.max(box.y - margin, 0),
        width: box.width + 2 * margin,
        height: box.height + 2 * margin,
      },
    });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it("the county's copy (admin token) shows the ID in clear on every page header", async () => {
    const county = await phone.browser.newContext({
      viewport: A4,
      extraHTTPHeaders: { authorization: `Bearer ${stack.adminToken}` },
    });
    const admin = await county.newPage();
    const [first] = school.accounts;
    const person = school.people.find((p) => p.name === first?.name);
    await admin.goto(`${stack.workerUrl}/api/archive/teachers/${first?.number}`);
    await admin.emulateMedia({ media: "print" });
    const ids = await admin.getByTestId("archive-id").allTextContents();
    expect(ids).toEqual(Array(PARTS).fill(person?.idNumber));
    const pdf = await admin.pdf({ format: "A4" });
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(PARTS);
    await county.close();
    // Without the token the same address is refused.
    const res = await fetch(`${stack.workerUrl}/api/archive/teachers/${first?.number}`);
    expect(res.status).toBe(401);
  });
});
