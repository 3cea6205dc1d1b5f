/**
 * The portal's forms in a real browser at phone size (Debian's Chromium, 360 px) against the real
 * stack: a message stands under the field it is about, with that field focused; a conditionally
 * required field gets its * as soon as the choice that requires it is made (CSS, no script); what
 * was sent is shown as sent, and a pending submission can be taken back.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { launchPhoneBrowser, PHONE, type PhoneBrowser } from "./support/browser";
import { type PortalSchool, portalSchool } from "./support/school";

const SHOTS = process.env.UPDATE_SCREENSHOT
  ? path.resolve(import.meta.dirname, "../../docs")
  : path.join(tmpdir(), "tmis-portal-forms");
const NEW_PASSWORD = "huarong2026x";

let stack: Stack;
let phone: PhoneBrowser;
let stateDir: string;
let school: PortalSchool;
let context: BrowserContext;
let page: Page;

const portal = (route = "/") => `${stack.workerUrl}/portal${route}`;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-browser-forms-"));
  stack = await startStack({ stateDir });
  school = await portalSchool(stack);
  phone = await launchPhoneBrowser();
  context = await phone.phone();
  page = await context.newPage();
  const [first] = school.accounts;
  if (first === undefined) throw new Error("no teacher");
  await page.goto(portal());
  await page.getByTestId("sign-in-number").fill(first.number);
  await page.getByTestId("sign-in-password").fill(first.password);
  await page.getByTestId("sign-in-submit").click();
  await page.getByTestId("password-current").fill(first.password);
  await page.getByTestId("password-new").fill(NEW_PASSWORD);
  await page.getByTestId("password-confirm").fill(NEW_PASSWORD);
  await page.getByTestId("password-submit").click();
  await page.waitForURL(/\/portal\/me/);
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await phone?.close();
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

async function markShown(field: string): Promise<boolean> {
  return page
    .locator(`[data-field="${field}"] .req-when`)
    .evaluate((mark) => getComputedStyle(mark).display !== "none");
}

describe("portal forms on a phone", () => {
  it("puts each message under its field and focuses the first one to fix", async () => {
    await page.goto(portal("/sections/education/new"));
    await page.getByTestId("field-education").selectOption({ label: "大学本科毕业" });
    await page.getByTestId("field-enrolDate").fill("去年九月");
    await page.getByTestId("form-submit").click();
    await expect(page.getByTestId("form-errors").textContent()).resolves.toMatch(
      /^有 \d+ 处需要修改，见各栏下方的红字$/,
    );
    const message = page.getByTestId("field-error-enrolDate");
    await expect(message.isVisible()).resolves.toBe(true);
    await expect(message.textContent()).resolves.toContain("去年九月");
    // The first field to fix has the focus, so the phone's keyboard opens on it.
    const firstInvalid = await page.locator("[aria-invalid=true]").first().getAttribute("id");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(firstInvalid);
    // The message sits right under its field, not in a list at the top.
    const field = await page.getByTestId("field-enrolDate").boundingBox();
    const box = await message.boundingBox();
    expect(box && field && box.y - (field.y + field.height)).toBeLessThan(40);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId("field-enrolDate").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "portal-form-errors.png") });
  });

  it("marks a conditionally required field once the choice that requires it is made", async () => {
    await page.goto(portal("/sections/education/new"));
    await expect(
      page.locator('[data-field="eduInstitution"] .hint').first().textContent(),
    ).resolves.toMatch(/^当「获得学历」不为“[^”]+”时必填$/);
    expect(await markShown("eduInstitution")).toBe(false);
    await page.getByTestId("field-education").selectOption({ label: "大学本科毕业" });
    expect(await markShown("eduInstitution")).toBe(true);
    expect(await markShown("major")).toBe(true);
    await page.getByTestId("field-education").selectOption({ value: "" });
    expect(await markShown("eduInstitution")).toBe(false);
  });

  it("shows what was sent, and takes a pending submission back", async () => {
    const [person] = school.people;
    const born = Number(person?.birth.slice(0, 4));
    await page.goto(portal("/sections/education/new"));
    await page.getByTestId("field-education").selectOption({ label: "大学本科毕业" });
    await page.getByTestId("field-eduCountry").selectOption({ label: "中国" });
    await page.getByTestId("field-eduInstitution").fill("湖南师范大学");
    await page.getByTestId("field-major").fill("汉语言文学");
    await page.getByTestId("field-normalMajor").selectOption({ label: "是" });
    await page.getByTestId("field-enrolDate").fill(`${born + 18}.9`);
    await page.getByTestId("field-graduationDate").fill(`${born + 22}-06`);
    await page.getByTestId("field-degreeLevel").selectOption({ label: "无" });
    await page.getByTestId("field-studyMode").selectOption({ label: "全日制" });
    await page.getByTestId("form-submit").click();
    await page.waitForURL(/\/portal\/me/);
    const sent = page.getByTestId("submissions");
    const values = sent.getByTestId("submission-values");
    await expect(values.textContent()).resolves.toContain("湖南师范大学");
    // Dates as the sheet shows them, whatever form was typed.
    await expect(values.textContent()).resolves.toContain(`${born + 18}-09`);
    await sent.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "portal-submission.png") });
    await sent.getByTestId("submission-withdraw").click();
    await page.waitForURL(/done=withdrawn/);
    await expect(page.getByTestId("notice").textContent()).resolves.toContain("已撤回");
    await expect(sent.getByTestId("submission-status").textContent()).resolves.toContain(
      "已撤回，未写入学校表格",
    );
    await expect(sent.getByTestId("submission-withdraw").count()).resolves.toBe(0);
  });
});
