// The yearly report as Phú Tân works it: the school's reporter fills in and submits the annual
// report; the standing officer returns it with a reason; the reporter corrects and resubmits;
// the officer accepts; the commune's summary counts it, is sent, and the province sees it.
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

describe('Periodic reports in a browser', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('submit, return with a reason, resubmit, accept, roll up to the province', { timeout: 180_000 }, async () => {
    let reportURL;
    // The school's reporter, on a phone.
    await withPage(browser, 'reporter', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.truong');
      await page.getByRole('link', { name: 'Nơi làm việc' }).click();
      await page.getByRole('heading', { name: 'Trường Tiểu học' }).waitFor();
      await page.getByRole('link', { name: /^Báo cáo năm \d{4}$/ }).first().click();
      await page.getByRole('heading', { name: /^Báo cáo năm \d{4}$/, level: 1 }).waitFor();
      reportURL = page.url();
      await page.getByLabel('1) Nâng cao nhận thức, đổi mới tư duy').fill('Tổ chức 3 buổi tuyên truyền về chuyển đổi số cho phụ huynh.');
      await page.getByLabel(/^Số người được tập huấn, phổ cập kỹ năng số/).fill('150');
      await page.getByLabel(/^Số sáng kiến, giải pháp, mô hình mới/).fill('hai');
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      // A wrong figure is named and nothing is sent; what was typed stays.
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /Số sáng kiến, giải pháp, mô hình mới.*«hai»/s);
      assert.equal(await page.getByLabel(/^Số người được tập huấn/).inputValue(), '150');
      await page.getByLabel(/^Số sáng kiến, giải pháp, mô hình mới/).fill('2');
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
      assert.match(await page.locator('#report-status').innerText(), /Đã gửi, chờ tiếp nhận · bản gửi lần 1/);
      assert.equal(await page.getByRole('button', { name: 'Gửi báo cáo' }).count(), 0, 'a sent report is closed');
      await page.screenshot({ path: join(RESULTS_DIR, 'report-sent.png'), fullPage: true });
    });

    // The standing officer returns it with a reason.
    await withPage(browser, 'officer', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.vhxh');
      await page.goto(`${server.baseURL}/quan-tri/30406/bao-cao`);
      const row = page.getByRole('row', { name: /Trường Tiểu học/ });
      assert.match(await row.innerText(), /Đã gửi, chờ tiếp nhận/);
      await page.screenshot({ path: join(RESULTS_DIR, 'period.png'), fullPage: true });
      await row.getByRole('link', { name: 'Trường Tiểu học' }).click();
      await page.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
      // A return needs a reason.
      await page.getByRole('alert').filter({ hasText: 'Lý do trả lại' }).waitFor();
      await page.getByLabel(/^Lý do trả lại/).fill('Bổ sung số sáng kiến đã được công nhận trong năm.');
      await page.getByRole('button', { name: 'Trả lại để bổ sung' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã trả lại báo cáo' }).waitFor();
    });

    // The reporter sees why, corrects and resubmits.
    await withPage(browser, 'reporter-again', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.truong');
      await page.goto(reportURL);
      assert.match(await page.getByRole('note').innerText(), /Bổ sung số sáng kiến đã được công nhận trong năm/);
      assert.equal(await page.getByLabel(/^Số người được tập huấn/).inputValue(), '150', 'the returned text is kept');
      await page.getByLabel(/^Số sáng kiến, giải pháp, mô hình mới/).fill('3');
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
      assert.match(await page.locator('#report-status').innerText(), /bản gửi lần 2/);
    });

    // The officer accepts, and sends the commune's summary to the province.
    await withPage(browser, 'officer-again', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.vhxh');
      await page.goto(reportURL);
      await page.getByRole('button', { name: 'Tiếp nhận' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã tiếp nhận báo cáo' }).waitFor();
      assert.match(await page.locator('#report-status').innerText(), /Đã tiếp nhận/);
      await page.goto(`${server.baseURL}/quan-tri/30406/bao-cao`);
      await page.getByRole('link', { name: /Báo cáo tổng hợp gửi tỉnh/ }).click();
      const figures = page.locator('#rollup-figures');
      assert.match(await figures.getByRole('row', { name: /Số sáng kiến/ }).innerText(), /\b3 sáng kiến/);
      assert.match(await figures.getByRole('row', { name: /tập huấn/ }).innerText(), /\b150 người/);
      assert.match(
        await page.getByLabel('1) Nâng cao nhận thức, đổi mới tư duy').inputValue(),
        /^Trường Tiểu học: Tổ chức 3 buổi tuyên truyền/,
      );
      await page.screenshot({ path: join(RESULTS_DIR, 'rollup.png'), fullPage: true });
      // With units still missing, the first click names them and sends nothing.
      await page.getByRole('button', { name: 'Gửi lên tỉnh' }).click();
      await page.getByText(/Mới có 1\/\d+ đơn vị gửi báo cáo; chưa gửi:/).first().waitFor();
      await page.getByLabel('Vẫn gửi khi còn đơn vị chưa báo cáo').check();
      await page.getByRole('button', { name: 'Gửi lên tỉnh' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo tổng hợp lên tỉnh' }).waitFor();
    });

    // The province sees Phú Tân's summary and its figures.
    await withPage(browser, 'province', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'angiang.snv');
      const year = new URL(reportURL).pathname.split('/').pop();
      await page.goto(`${server.baseURL}/quan-tri/91/cac-xa/${year}?chi_tieu=sang_kien`);
      assert.match(await page.locator('#arrived').innerText(), /^1\//);
      const row = page.getByRole('row', { name: /Xã Phú Tân/ });
      assert.match(await row.innerText(), /1\/5 đơn vị/);
      assert.match(await row.innerText(), /\b3\b/);
      await page.screenshot({ path: join(RESULTS_DIR, 'province-rollup.png'), fullPage: true });
    });
  });

  test('a draft saves itself while the unit types', { timeout: 60_000 }, async () => {
    await withPage(browser, 'autosave', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.thondong');
      await page.getByRole('link', { name: 'Nơi làm việc' }).click();
      await page.getByRole('link', { name: /^Báo cáo năm \d{4}$/ }).first().click();
      await page.getByRole('heading', { name: /^Báo cáo năm \d{4}$/, level: 1 }).waitFor();
      const area = page.getByLabel('2) Phát triển hạ tầng số');
      await area.fill('Ấp lắp 4 loa truyền thanh thông minh và 2 camera an ninh.');
      // No button pressed: the page saves the draft by itself a few seconds later.
      await page.getByRole('status').filter({ hasText: /Đã tự lưu nháp lúc \d{2}:\d{2}/ }).waitFor({ timeout: 15_000 });
      await page.reload();
      assert.equal(
        await page.getByLabel('2) Phát triển hạ tầng số').inputValue(),
        'Ấp lắp 4 loa truyền thanh thông minh và 2 camera an ninh.',
      );
      assert.match(await page.locator('#report-status').innerText(), /Đang soạn/);
    });
  });
});
