import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install chromium fonts-noto-cjk`, as `.ci/run` does): the tests
 * never download a browser. CHROMIUM_PATH points elsewhere when needed.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A phone: the portal is made for a 360-pixel-wide screen. */
export const PHONE = { width: 360, height: 740 } as const;

export interface PhoneBrowser {
  browser: Browser;
  /** A fresh context (own cookies) sized as a phone. */
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Chromium headless, nothing reaching out on its own (no background networking, component
 * updates, sync or QUIC), no GPU, no sandbox (CI runs as root). Playwright gives each launch a
 * fresh --user-data-dir of its own and removes it on close (it refuses one in `args`).
 */
export async function launchPhoneBrowser(): Promise<PhoneBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`找不到 Chromium：${CHROMIUM}（apt-get install chromium fonts-noto-cjk）`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    phone: () =>
      browser.newContext({
        viewport: PHONE,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      }),
    close: () => browser.close(),
  };
}
