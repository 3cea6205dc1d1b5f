/**
 * 本地表格 in a real browser (Debian's Chromium at 1280×800) against the real stack: the
 * emulator and `wrangler dev`, one example school provisioned. A school's info admin types a
 * teacher into 基本信息 and the next tick of the cron (as `npm start` runs it, no API call) writes
 * 审核状态 and 校验结果 back into the row on the page; after 联系方式 is typed as 校验结果 asks, a
 * sync turns it 待审核; three
 * rows pasted from Excel land as three rows, the principal ticks 校长审核, and the info admin's
 * tick there is refused with the reason in Chinese.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicRow, contactRow, type DemoPerson, demoPeople } from "../../scripts/demo/people";
import { startCron } from "../../scripts/lib/cron";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { provision } from "../../scripts/provision/provision";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";
import { launchPhoneBrowser, type PhoneBrowser } from "./support/browser";
import { syncNow } from "./support/school";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CODE = "4306230002";
/** The README's screenshots are refreshed on demand (`UPDATE_SCREENSHOT=1`); a plain run leaves the tree clean. */
const SHOTS = process.env.UPDATE_SCREENSHOT ? path.join(ROOT, "docs") : tmpdir();
const SHOT_SHEET = path.join(SHOTS, "local-sheets.png");
const SHOT_REFUSED = path.join(SHOTS, "local-sheets-refused.png");

let stack: Stack;
let chromium: PhoneBrowser;
let stateDir: string;
let school: School;
let context: BrowserContext;
let page: Page;
let people: DemoPerson[];

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-local-sheets-"));
  stack = await startStack({ stateDir });
  const csv = await readFile(
    path.join(ROOT, "sheet-templates/examples/huarong-schools.csv"),
    "utf8",
  );
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  if (!parsed.ok) throw new Error("示例学校名单无效");
  const found = parsed.value.find((s) => s.code === CODE);
  if (found === undefined) throw new Error(`示例学校名单中没有 ${CODE}`);
  school = found;
  await provision({
    clients: await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn"),
    schools: [school],
    templates: shippedTemplates,
    county: shippedCountyConfig,
    serviceAccount: stack.serviceAccountKey.client_email,
  });
  people = demoPeople(4, 2026);
  chromium = await launchPhoneBrowser();
  context = await chromium.browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack.emulatorUrl,
  });
  page = await context.newPage();
});

afterAll(async () => {
  await chromium?.close();
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** Chooses the account on the emulator's front page and opens the school's 基本信息. */
async function openBasicAs(email: string): Promise<void> {
  await page.goto(`${stack.emulatorUrl}/`);
  await page.locator(`[data-testid=as][data-email="${email}"]`).click();
  await page.waitForURL(/\/ui\/files$/);
  await page.getByTestId("file").filter({ hasText: "教师信息采集" }).click();
  await page
    .getByTestId("tab")
    .filter({ hasText: /^基本信息$/ })
    .click();
  await page.waitForURL(/tab=/);
}

async function headers(): Promise<string[]> {
  return page.locator("thead tr[data-r] td").allTextContents();
}

function cell(row: number, col: number) {
  return page.locator(`tr[data-r="${row}"] > td`).nth(col);
}

async function settled(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.pending === "0");
}

/** A row's data columns in the open tab's order (from 校长审核 on is not typed). */
async function inSheetOrder(row: Record<string, string>): Promise<string[]> {
  const all = await headers();
  return all.slice(0, all.indexOf("校长审核")).map((h) => row[h] ?? "");
}

const dataRow = (person: DemoPerson) => inSheetOrder(basicRow(person, school.category));

/** Types a row from its first cell as a person would: each value, then Tab to the next. */
async function typeRow(row: number, values: string[]): Promise<void> {
  await cell(row, 0).click();
  for (const value of values) {
    if (value !== "") await page.keyboard.type(value);
    await page.keyboard.press("Tab");
  }
  await settled();
  await expect(page.getByTestId("write-message").getAttribute("class")).resolves.toBe("message");
}

/**
 * Runs the cron as `npm start` does, with a 5 s tick, until `cell` shows text on the reloaded
 * page (a minute at most), then stops it: the later tests sync on demand, and a tick running
 * beside an API sync would find the spreadsheet busy.
 */
async function untilTickShows(target: () => ReturnType<typeof cell>): Promise<void> {
  const cron = startCron({
    workerUrl: stack.workerUrl,
    tick: { seconds: 5, cron: "*/2 * * * *", from: "--tick" },
    watch: (listener) => stack.watchWorkerLog(listener),
    print: () => {},
  });
  try {
    for (const end = Date.now() + 60_000; Date.now() < end; ) {
      await page.reload();
      if (((await target().textContent()) ?? "") !== "") return;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  } finally {
    await cron.stop();
  }
}

async function openTab(title: string): Promise<void> {
  await page
    .getByTestId("tab")
    .filter({ hasText: new RegExp(`^${title}$`) })
    .click();
  await page.waitForURL(/tab=/);
}

describe("本地表格 in Chromium", () => {
  it("the info admin types a teacher; the next tick writes 审核状态 and 校验结果 into the row", async () => {
    await openBasicAs(school.infoAdmins[0] ?? "");
    await expect(page.getByTestId("who").textContent()).resolves.toContain("信息管理员");
    const [first] = people;
    if (first === undefined) throw new Error("no teacher");
    await typeRow(1, await dataRow(first));
    let all = await headers();
    const status = all.indexOf("审核状态");
    await untilTickShows(() => cell(1, status));
    all = await headers();
    await expect(cell(1, all.indexOf("姓名")).textContent()).resolves.toBe(first.name);
    await expect(cell(1, all.indexOf("审核状态")).textContent()).resolves.toBe("待完善");
    await expect(cell(1, all.indexOf("校验结果")).textContent()).resolves.toContain("联系方式");

    // What 校验结果 asks for: a 联系方式 row, typed in that tab.
    await openTab("联系方式");
    await typeRow(1, await inSheetOrder(contactRow(first)));
    await syncNow(stack);
    await openTab("基本信息");
    all = await headers();
    await expect(cell(1, all.indexOf("审核状态")).textContent()).resolves.toBe("待审核");
    await expect(cell(1, all.indexOf("校验结果")).textContent()).resolves.toBe("校验通过");
  });

  it("three rows pasted from Excel land as three rows, below the selected cell", async () => {
    const rows = await Promise.all(people.slice(1).map(dataRow));
    const paste = async (column: number, block: string[][]) => {
      await cell(2, column).click();
      await page.evaluate(
        (text) => navigator.clipboard.writeText(text),
        `${block.map((r) => r.join("\t")).join("\r\n")}\r\n`,
      );
      await page.keyboard.press("Control+V");
      await settled();
    };
    // Whole rows would cover 审核状态 and 校验结果, frozen after the person (issue 22) and the
    // system's: refused whole, naming them. The person and the rest go as two blocks.
    await paste(0, rows);
    await expect(page.getByTestId("write-message").textContent()).resolves.toContain(
      "「审核状态」列：仅系统填写",
    );
    const from = (await headers()).indexOf("校验结果") + 1;
    await paste(
      0,
      rows.map((r) => r.slice(0, 2)),
    );
    await expect(page.getByTestId("write-message").textContent()).resolves.toContain("3 行");
    await paste(
      from,
      rows.map((r) => r.slice(from)),
    );
    await expect(page.getByTestId("write-message").textContent()).resolves.toContain("3 行");

    await syncNow(stack);
    await page.reload();
    const all = await headers();
    for (const [i, person] of people.slice(1).entries()) {
      await expect(cell(2 + i, all.indexOf("姓名")).textContent()).resolves.toBe(person.name);
      await expect(cell(2 + i, all.indexOf("审核状态")).textContent()).resolves.toBe("待完善");
    }
    await expect(cell(5, all.indexOf("姓名")).textContent()).resolves.toBe("");
    // The header stays in view when the rows scroll under it.
    await page.locator("#wrap").evaluate((wrap) => {
      wrap.scrollTop = 60;
    });
    const header = await page.locator("thead tr[data-r] td").first().boundingBox();
    const wrapBox = await page.locator("#wrap").boundingBox();
    expect(Math.round(header?.y ?? 0)).toBe(Math.round((wrapBox?.y ?? 0) + 22));
    // The four frozen columns stay in view when the grid scrolls right, as in Google Sheets.
    await page.locator("#wrap").evaluate((wrap) => {
      wrap.scrollLeft = 3000;
    });
    const name = await cell(2, all.indexOf("姓名")).boundingBox();
    const message = await cell(2, all.indexOf("校验结果")).boundingBox();
    expect(Math.round(name?.x ?? 0)).toBe(Math.round((wrapBox?.x ?? 0) + 46));
    expect(Math.round(message?.x ?? 0)).toBeLessThan(Math.round((wrapBox?.x ?? 0) + 46 + 520));
    // Each column as wide as the sheet says (校验结果 200 px), a long message cut at its edge.
    expect(Math.round(message?.width ?? 0)).toBe(200);
    await page.locator("#wrap").evaluate((wrap) => {
      wrap.scrollLeft = 0;
    });
    // 校验结果 in full in the bar above the grid, with its neighbours in view.
    await cell(2, all.indexOf("校验结果")).click();
    await expect(page.getByTestId("cell-content").textContent()).resolves.toContain("联系方式");
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: SHOT_SHEET });
  });

  it("the principal ticks 校长审核", async () => {
    await openBasicAs(school.principals[0] ?? "");
    await expect(page.getByTestId("who").textContent()).resolves.toContain("校长");
    const tick = cell(1, (await headers()).indexOf("校长审核")).locator("input");
    await tick.click();
    await settled();
    await expect(page.getByTestId("write-message").textContent()).resolves.toContain("已保存");
    await page.reload();
    await expect(
      cell(1, (await headers()).indexOf("校长审核"))
        .locator("input")
        .isChecked(),
    ).resolves.toBe(true);
  });

  it("the info admin's tick on 校长审核 is refused with the reason in Chinese", async () => {
    await openBasicAs(school.infoAdmins[0] ?? "");
    const column = (await headers()).indexOf("校长审核");
    const tick = cell(2, column).locator("input");
    await tick.click();
    await settled();
    const message = page.getByTestId("write-message");
    await expect(message.getAttribute("class")).resolves.toBe("message error");
    await expect(message.textContent()).resolves.toContain("「校长审核」列：仅校长可勾选");
    await expect(tick.isChecked()).resolves.toBe(false);
    await page.screenshot({ path: SHOT_REFUSED });
    await page.reload();
    await expect(cell(2, column).locator("input").isChecked()).resolves.toBe(false);
  });
});
