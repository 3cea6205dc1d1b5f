/**
 * The teacher portal in a real browser (Debian's Chromium at 360×740) against the real stack:
 * the emulator and `wrangler dev`, one example school provisioned, three teachers entered by the
 * info admin and synced. What a teacher does on a phone, and what an attacker tries.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { readTab, tickAll } from "../../scripts/lib/school-sheet";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { launchPhoneBrowser, PHONE, type PhoneBrowser } from "./support/browser";
import { type PortalSchool, portalSchool, syncNow } from "./support/school";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The README's screenshot is refreshed on demand (`UPDATE_SCREENSHOT=1`); a plain run leaves the tree clean. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(ROOT, "docs/portal-record.png")
  : path.join(tmpdir(), "tmis-portal-record.png");
const NEW_PASSWORD = "huarong2026x";

let stack: Stack;
let phone: PhoneBrowser;
let stateDir: string;
let school: PortalSchool;
let context: BrowserContext;
let page: Page;

const portal = (route = "/") => `${stack.workerUrl}/portal${route}`;

async function signIn(p: Page, number: string, password: string): Promise<void> {
  await p.goto(portal());
  await p.getByTestId("sign-in-number").fill(number);
  await p.getByTestId("sign-in-password").fill(password);
  await p.getByTestId("sign-in-submit").click();
  await p.waitForLoadState();
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-browser-"));
  stack = await startStack({ stateDir });
  school = await portalSchool(stack);
  phone = await launchPhoneBrowser();
  context = await phone.phone();
  page = await context.newPage();
});

afterAll(async () => {
  await phone?.close();
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe("the teacher portal on a phone", () => {
  it("first sign-in with the initial password must set a new one; then 我的信息 opens", async () => {
    const [first] = school.accounts;
    if (first === undefined) throw new Error("no teacher");
    await signIn(page, first.number, first.password);
    expect(new URL(page.url()).pathname).toBe("/portal/password");
    await expect(page.getByTestId("password-forced").textContent()).resolves.toContain("密码");
    // Another page is refused until a password is chosen.
    await page.goto(portal("/me"));
    expect(new URL(page.url()).pathname).toBe("/portal/password");
    // The initial password again is refused, with the rules in Chinese.
    await page.getByTestId("password-current").fill(first.password);
    await page.getByTestId("password-new").fill(first.password);
    await page.getByTestId("password-confirm").fill(first.password);
    await page.getByTestId("password-submit").click();
    await expect(page.getByTestId("password-error").isVisible()).resolves.toBe(true);
    await page.getByTestId("password-current").fill(first.password);
    await page.getByTestId("password-new").fill(NEW_PASSWORD);
    await page.getByTestId("password-confirm").fill(NEW_PASSWORD);
    await page.getByTestId("password-submit").click();
    await page.waitForURL(/\/portal\/me/);
    await expect(page.getByTestId("profile-number").textContent()).resolves.toBe(first.number);
    await expect(page.getByTestId("profile-name").textContent()).resolves.toBe(first.name);
    // The initial password no longer opens anything; the new one does.
    const other = await phone.phone();
    const fresh = await other.newPage();
    await signIn(fresh, first.number, first.password);
    await expect(fresh.getByTestId("sign-in-error").textContent()).resolves.toContain("密码");
    await signIn(fresh, first.number, NEW_PASSWORD);
    expect(new URL(fresh.url()).pathname).toBe("/portal/me");
    await other.close();
  });

  it("shows the teacher's own records with their states, the ID only as a reference", async () => {
    // The principal approves the 联系方式 rows: 已审核待复核 next to 基本信息's 待审核.
    const principal = await clientsFor(stack.emulatorUrl, school.school.principals[0] ?? "");
    await tickAll(principal, school.spreadsheetId, "联系方式");
    await syncNow(stack);
    await page.goto(portal("/me"));
    const basic = page.getByTestId("section-basic");
    await expect(basic.getByTestId("record-state").first().textContent()).resolves.toBe("待审核");
    const contact = page.getByTestId("section-contact");
    await expect(contact.getByTestId("record-state").first().textContent()).resolves.toBe(
      "已审核待复核",
    );
    const [person] = school.people;
    await expect(page.getByTestId("profile-id").textContent()).resolves.toMatch(
      /^参考码[0-9A-F]{8}$/,
    );
    const html = await page.content();
    expect(html).not.toContain(person?.idNumber ?? "-");
    for (const other of school.people.slice(1)) expect(html).not.toContain(other.name);
    // Phone-sized: nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
  });

  it("an invalid form shows the message and queues nothing; a valid one reaches the sheet as 待审核", async () => {
    const [person] = school.people;
    const born = Number(person?.birth.slice(0, 4));
    await page.goto(portal("/sections/education/new"));
    await page.getByTestId("field-eduInstitution").fill("湖南师范大学");
    await page.getByTestId("form-submit").click();
    await expect(page.getByTestId("form-errors").textContent()).resolves.toContain("处需要修改");
    await expect(page.getByTestId("field-error-education").textContent()).resolves.toContain(
      "必填",
    );
    await page.goto(portal("/me"));
    await expect(page.getByTestId("submissions").count()).resolves.toBe(0);

    await page.goto(portal("/sections/education/new"));
    await page.getByTestId("field-education").selectOption({ label: "大学本科毕业" });
    await page.getByTestId("field-eduCountry").selectOption({ label: "中国" });
    await page.getByTestId("field-eduInstitution").fill("湖南师范大学");
    await page.getByTestId("field-major").fill("汉语言文学");
    await page.getByTestId("field-normalMajor").selectOption({ label: "是" });
    await page.getByTestId("field-enrolDate").fill(`${born + 18}.9`);
    await page.getByTestId("field-graduationDate").fill(`${born + 22}-06`);
    await page.getByTestId("field-degreeLevel").selectOption({ label: "学士" });
    await page.getByTestId("field-degreeName").fill("文学学士");
    await page.getByTestId("field-degreeCountry").selectOption({ label: "中国" });
    await page.getByTestId("field-degreeInstitution").fill("湖南师范大学");
    await page.getByTestId("field-degreeDate").fill(`${born + 22}-06`);
    await page.getByTestId("field-studyMode").selectOption({ label: "全日制" });
    await page.getByTestId("form-submit").click();
    await page.waitForURL(/\/portal\/me/);
    await expect(page.getByTestId("submissions").count()).resolves.toBe(1);

    await syncNow(stack);
    const [header = [], ...rows] = await readTab(school.admin, school.spreadsheetId, "学习经历");
    const at = (h: string) => header.indexOf(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[at("姓名")]).toBe(person?.name);
    expect(rows[0]?.[at("所学专业")]).toBe("汉语言文学");
    expect(rows[0]?.[at("审核状态")]).toBe("待审核");
    await page.goto(portal("/me"));
    await expect(
      page.getByTestId("section-education").getByTestId("record-state").first().textContent(),
    ).resolves.toBe("待审核");
  });

  it("another teacher's record is unreachable by changing the URL", async () => {
    const [header = [], ...rows] = await readTab(school.admin, school.spreadsheetId, "基本信息");
    const other = school.people[1];
    const theirs = rows.find((row) => row[header.indexOf("姓名")] === other?.name);
    const recordId = theirs?.[header.indexOf("记录编号")] ?? "";
    expect(recordId).toMatch(/^R/);
    const res = await page.goto(portal(`/records/${recordId}/edit`));
    expect(res?.status()).toBe(404);
    const html = await page.content();
    expect(html).not.toContain(other?.name ?? "-");
    expect(html).not.toContain(other?.idNumber ?? "-");
  });

  it("重置密码: the system admin's tick gives a new initial password; the old one stops working", async () => {
    const second = school.accounts[1];
    if (second === undefined) throw new Error("no teacher");
    const systemAdmin = await clientsFor(stack.emulatorUrl, school.school.systemAdmins[0] ?? "");
    await systemAdmin.sheets.spreadsheets.values.update({
      spreadsheetId: school.accountsId,
      range: "'账号'!F3",
      valueInputOption: "USER_ENTERED",
      requestBody: { values: [[true]] },
    });
    await syncNow(stack);
    const [, , row] = await readTab(systemAdmin, school.accountsId, "账号");
    const [number, , password = "", , , box] = row ?? [];
    expect(number).toBe(second.number);
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    expect(password).not.toBe(second.password);
    expect(box).toBe("FALSE");
    const visitor = await phone.phone();
    const p = await visitor.newPage();
    await signIn(p, second.number, second.password);
    await expect(p.getByTestId("sign-in-error").textContent()).resolves.toContain("密码");
    await signIn(p, second.number, password);
    expect(new URL(p.url()).pathname).toBe("/portal/password");
    await visitor.close();
  });

  it("five wrong passwords lock the 教师编号 for a while, said plainly, the right one included", async () => {
    const [, , third] = school.accounts;
    if (third === undefined) throw new Error("no teacher");
    const attacker = await phone.phone();
    const p = await attacker.newPage();
    for (let i = 0; i < 4; i++) {
      await signIn(p, third.number, `wrong-${i}-password`);
      await expect(p.getByTestId("sign-in-error").textContent()).resolves.toContain("再输错");
    }
    await signIn(p, third.number, "wrong-4-password");
    await expect(p.getByTestId("sign-in-error").textContent()).resolves.toContain("已暂停登录");
    await signIn(p, third.number, third.password);
    expect(new URL(p.url()).pathname).not.toBe("/portal/password");
    await expect(p.getByTestId("sign-in-error").textContent()).resolves.toContain("已暂停登录");
    await attacker.close();
  });
});
