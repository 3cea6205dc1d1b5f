import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../scripts/lib/stack";
import { launchPhoneBrowser, PHONE, type PhoneBrowser } from "./support/browser";

let stack: Stack;
let phone: PhoneBrowser;
let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-browser-"));
  stack = await startStack({ stateDir });
  phone = await launchPhoneBrowser();
});

afterAll(async () => {
  await phone?.close();
  await stack?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe("the browser harness", () => {
  it("drives Debian's Chromium at phone size against the real stack", async () => {
    const context = await phone.phone();
    const page = await context.newPage();
    const res = await page.goto(`${stack.workerUrl}/healthz`);
    expect(res?.status()).toBe(200);
    expect(JSON.parse((await page.textContent("body")) ?? "")).toMatchObject({
      status: "ok",
      db: { ok: true },
    });
    expect(page.viewportSize()).toEqual(PHONE);
    await context.close();
  });
});
