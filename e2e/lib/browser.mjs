// Debian's Chromium driven by playwright-core. No browser is downloaded: the executable is
// /usr/bin/chromium (package `chromium`), or $CHROMIUM_PATH.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { RESULTS_DIR } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Runs `fn(page)` in a fresh browser context; on failure saves a full-page screenshot to
 * test-results/<name>-failure.png, then rethrows.
 */
export async function withPage(browser, name, options, fn) {
  const context = await browser.newContext({ locale: 'vi-VN', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  try {
    return await fn(page);
  } catch (err) {
    try {
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, `${name}-failure.png`), fullPage: true });
    } catch {
      // the screenshot is only a diagnostic
    }
    throw err;
  } finally {
    await context.close();
  }
}

/** The password of every demo account (`thidua serve --demo`). */
export const DEMO_PASSWORD = 'ThiDua@2026-demo';

/** Signs in on the server at `baseURL` through its sign-in form, as a person would. */
export async function signIn(page, baseURL, username, password = DEMO_PASSWORD) {
  await page.goto(`${baseURL}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
}
