/**
 * Account slips on the real stack (emulator + `wrangler dev`): the school's system admin opens
 * the 「打印账号条」 link from the account spreadsheet and prints. At A4: the slips two across on
 * one page, each with its teacher's number and password, and a QR code that a reader (jsQR, on
 * the pixels Chromium drew) decodes to the portal address; at 360 px: one column, nothing
 * overflowing. The token never reaches the worker's log.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { readTab } from "../../scripts/lib/school-sheet";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { launchPhoneBrowser, type PhoneBrowser } from "./support/browser";
import { type PortalSchool, portalSchool } from "./support/school";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** The docs' screenshot is refreshed on demand (`UPDATE_SCREENSHOT=1`); a plain run leaves the tree clean. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.join(ROOT, "docs/slips.png")
  : path.join(tmpdir(), "tmis-slips.png");
const PHONE_SHOT = path.join(tmpdir(), "tmis-slips-phone.png");
/** A4 at 96 dpi: 210 × 297 mm. */
const A4 = { width: 794, height: 1123 } as const;
const MM = 96 / 25.4;

let stack: Stack;
let browser: PhoneBrowser;
let stateDir: string;
let school: PortalSchool;
let link = "";
let portal = "";
const workerLog: string[] = [];

function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

/** Decodes the QR code in a PNG with jsQR, from the pixels a blank page's canvas reads back. */
async function decodePng(page: Page, png: Buffer): Promise<string | undefined> {
  const blank = await page.context().newPage();
  try {
    const pixels = await blank.evaluate(
      async (dataUrl) => {
        const image = new Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext("2d");
        if (context === null) throw new Error("no canvas");
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, image.width, image.height);
        return { width: data.width, height: data.height, data: Array.from(data.data) };
      },
      `data:image/png;base64,${png.toString("base64")}`,
    );
    return jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data;
  } finally {
    await blank.close();
  }
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-slips-"));
  stack = await startStack({ stateDir });
  stack.watchWorkerLog((line) => workerLog.push(line));
  school = await portalSchool(stack);
  const systemAdmin = await clientsFor(stack.emulatorUrl, school.school.systemAdmins[0] ?? "");
  const rows = await readTab(systemAdmin, school.accountsId, "账号");
  expect(rows[1]?.[7]).toBe("打印账号条");
  expect(rows[2]?.[7]).toBe("教师登录地址");
  link = rows[1]?.[8] ?? "";
  portal = rows[2]?.[8] ?? "";
  browser = await launchPhoneBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("the account slips page", () => {
  it("the link and the portal address point at this worker", () => {
    expect(portal).toBe(`${stack.workerUrl}/portal/`);
    expect(link).toMatch(new RegExp(`^${stack.workerUrl}/slips/[A-Za-z0-9_-]{22}$`));
  });

  it("at A4: every new teacher's slip on one page, two across, the QR code decodes", async () => {
    const context = await browser.browser.newContext({
      viewport: A4,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      javaScriptEnabled: false,
    });
    try {
      const page = await context.newPage();
      const res = await page.goto(link);
      expect(res?.status()).toBe(200);
      await page.emulateMedia({ media: "print" });
      const slips = page.getByTestId("slip");
      await expect(slips.count()).resolves.toBe(school.accounts.length);
      expect(await page.getByTestId("slip-number").allTextContents()).toEqual(
        school.accounts.map((a) => a.number),
      );
      const passwords = await page.getByTestId("slip-password").allTextContents();
      expect(passwords).toEqual(school.accounts.map((a) => a.password));
      const text = (await page.textContent("body")) ?? "";
      for (const person of school.people) {
        expect(text).not.toContain(person.idNumber);
        expect(text).not.toContain(person.idNumber.slice(6, 14));
      }
      // Two across, each ~70 mm high: eight to an A4 page.
      const boxes = await Promise.all(
        (await slips.all()).map(async (slip) => (await slip.boundingBox()) ?? undefined),
      );
      const [a, b, c] = boxes;
      if (!a || !b || !c) throw new Error("slips not laid out");
      expect(Math.abs(a.y - b.y)).toBeLessThan(1);
      expect(b.x).toBeGreaterThan(a.x + a.width - 2);
      expect(c.y).toBeGreaterThan(a.y + a.height - 2);
      expect(a.height / MM).toBeGreaterThan(65);
      expect(a.height / MM).toBeLessThan(72);
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      expect(pageCount(pdf)).toBe(1);
      const qr = await page.locator(".slip .qr svg").first().screenshot();
      expect(await decodePng(page, qr)).toBe(portal);
      await page.screenshot({
        path: SCREENSHOT,
        clip: { x: 0, y: 0, width: A4.width, height: 560 },
      });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("eight slips fill one A4 page; a second page of them prints on a second sheet", async () => {
    // The server puts eight slips in each `.page` (tests/worker/slips.test.ts); here the print
    // CSS is held to it: the page's own slips cloned to full pages.
    const context = await browser.browser.newContext({ viewport: A4, bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(link);
      await page.emulateMedia({ media: "print" });
      for (const [pages, sheets] of [
        [1, 1],
        [2, 2],
      ] as const) {
        await page.evaluate((count) => {
          const first = document.querySelector(".page");
          const slip = first?.querySelector(".slip");
          if (!first || !slip) throw new Error("no slip");
          for (const extra of Array.from(document.querySelectorAll(".page")))
            if (extra !== first) extra.remove();
          first.replaceChildren(...Array.from({ length: 8 }, () => slip.cloneNode(true)));
          for (let i = 1; i < count; i += 1) first.after(first.cloneNode(true));
        }, pages);
        const pdf = await page.pdf({ format: "A4", printBackground: true });
        expect(pageCount(pdf), `${pages} × 8 slips`).toBe(sheets);
        if (pages === 1) await writeFile(path.join(tmpdir(), "tmis-slips-8.pdf"), pdf);
      }
    } finally {
      await context.close();
    }
  });

  it("at 360 px: one column, nothing wider than the screen, the instructions above", async () => {
    const context = await browser.phone();
    try {
      const page = await context.newPage();
      await page.goto(link);
      await expect(page.getByTestId("slip").count()).resolves.toBe(school.accounts.length);
      await expect(page.getByTestId("slip-count").textContent()).resolves.toContain(
        `共 ${school.accounts.length} 张`,
      );
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await page.screenshot({ path: PHONE_SHOT, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("one teacher's slip with ?teacher=", async () => {
    const context = await browser.phone();
    try {
      const page = await context.newPage();
      const [, second] = school.accounts;
      await page.goto(`${link}?teacher=${second?.number}`);
      expect(await page.getByTestId("slip-number").allTextContents()).toEqual([second?.number]);
    } finally {
      await context.close();
    }
  });

  it("a wrong token is a plain 404, and no token reached the worker's log", async () => {
    const res = await fetch(`${stack.workerUrl}/slips/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.status).toBe(404);
    const token = link.split("/").pop() ?? "";
    expect(token).toHaveLength(22);
    expect(workerLog.length).toBeGreaterThan(0);
    expect(workerLog.join("\n")).not.toContain(token);
  });
});
