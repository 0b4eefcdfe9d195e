// Accounts as people use them: the Hồng Vân standing officer adds a unit reporter, the
// reporter signs in, replaces the temporary password and sees only their unit; five wrong
// passwords lock an account for a while.
//
// Run with `npm test` in e2e/ (needs target/debug/thidua, or THIDUA_BIN, and /usr/bin/chromium).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, launchBrowser, signIn as signInAt, withPage } from '../lib/browser.mjs';
import { RESULTS_DIR, startServer } from '../lib/server.mjs';

let server;
let browser;

/** Signs in on this file's server. */
const signIn = (page, username, password) => signInAt(page, server.baseURL, username, password);

describe('Accounts in a browser', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an officer adds a unit reporter, who then sees only that unit', { timeout: 120_000 }, async () => {
    let unitPath;
    await withPage(browser, 'officer', { viewport: { width: 1280, height: 900 } }, async (page) => {
      // Signing in lands on "Việc chờ tôi"; the commune's work area is one click away.
      await signIn(page, 'hongvan.vhxh', DEMO_PASSWORD);
      await page.waitForURL(/\/viec-cho-toi$/);
      await page.getByRole('heading', { name: 'Việc chờ tôi' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'waiting.png'), fullPage: true });
      await page.getByRole('link', { name: /Hồng Vân/ }).first().click();
      await page.waitForURL(/\/quan-tri\/10210$/);
      await page.getByRole('link', { name: 'Tài khoản', exact: true }).click();
      await page.waitForURL(/\/quan-tri\/10210\/nguoi-dung/);
      const form = page.getByRole('region', { name: 'Thêm tài khoản' });
      await form.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
      await form.getByLabel(/^Tên đăng nhập/).fill('hongvan.hoa');
      await form.getByLabel(/^Mật khẩu tạm/).fill('Tam-thoi-2026');
      await form.getByLabel('Vai trò', { exact: true }).selectOption('unit_reporter');
      await form.getByLabel(/^Đơn vị/).selectOption({ label: 'Thôn Đông' });
      await form.getByRole('button', { name: 'Thêm tài khoản' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã thêm tài khoản' }).waitFor();
      assert.ok(await page.getByText('hongvan.hoa').isVisible(), 'the new account is listed');
      await page.screenshot({ path: join(RESULTS_DIR, 'users.png'), fullPage: true });
      await page.goto(`${server.baseURL}/quan-tri/10210/don-vi`);
      const link = page.getByRole('link', { name: 'Thôn Đông', exact: true });
      unitPath = new URL(await link.getAttribute('href'), server.baseURL).pathname;
    });

    await withPage(browser, 'reporter', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'hongvan.hoa', 'Tam-thoi-2026');
      await page.waitForURL(/\/tai-khoan/);
      assert.ok(await page.getByText('Bạn đang dùng mật khẩu tạm').isVisible(), 'asked to replace the temporary password');
      await page.getByLabel('Mật khẩu hiện tại').fill('Tam-thoi-2026');
      await page.getByLabel(/^Mật khẩu mới/).fill('Lúa chín vàng 2026');
      await page.getByLabel('Nhập lại mật khẩu mới').fill('Lúa chín vàng 2026');
      await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();

      await page.getByRole('link', { name: 'Nơi làm việc' }).click();
      await page.waitForURL(new RegExp(`${unitPath}$`));
      await page.getByRole('heading', { name: 'Thôn Đông' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'reporter.png'), fullPage: true });

      for (const path of ['/quan-tri/10210', '/quan-tri/10210/nguoi-dung', '/quan-tri/30406/don-vi']) {
        const res = await page.goto(`${server.baseURL}${path}`);
        assert.equal(res.status(), 403, `${path} is refused`);
        assert.ok(await page.getByRole('heading', { name: 'Không có quyền truy cập' }).isVisible());
      }
    });
  });

  test('five wrong passwords lock the account for a while', { timeout: 60_000 }, async () => {
    await withPage(browser, 'lockout', { viewport: { width: 1280, height: 900 } }, async (page) => {
      // The fifth wrong password locks the account, but a stranger is told only that it is
      // wrong; the owner, typing the right password, learns why they must wait.
      for (let i = 1; i <= 5; i++) {
        await signIn(page, 'vinhlinh.cds', 'sai-mat-khau-123');
        assert.ok(await page.getByRole('alert').filter({ hasText: 'không đúng' }).isVisible(), `attempt ${i} is refused`);
      }
      await signIn(page, 'vinhlinh.cds', DEMO_PASSWORD);
      await page.getByRole('alert').filter({ hasText: 'tạm khóa' }).waitFor();
      assert.ok(page.url().endsWith('/dang-nhap'), 'still on the sign-in page with the right password');
      await page.screenshot({ path: join(RESULTS_DIR, 'lockout.png') });
    });
  });
});
