// Initiatives as Phú Tân works them: Thôn Đông registers one; the school sends a copy with the
// accents stripped and the words moved and is shown the original before it goes; the principal,
// who heads the school, cannot score it; two reviewers score it; the officer recognises it.
//
// Run with `npm test` in e2e/ (needs target/debug/thidua, or THIDUA_BIN, and /usr/bin/chromium).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, launchBrowser, signIn as signInAt, withPage } from '../lib/browser.mjs';
import { RESULTS_DIR, startServer } from '../lib/server.mjs';

const ORIGINAL = 'Ứng dụng Zalo nhắc lịch tiêm chủng cho người cao tuổi';
const COPY = 'nhac lich tiem chung cho nguoi cao tuoi bang ung dung Zalo';
let server;
let browser;

/** Signs in on this file's server. */
const signIn = (page, username, password) => signInAt(page, server.baseURL, username, password);

/// From the user's own unit page to an empty registration form.
async function openNewForm(page, unitName) {
  await page.getByRole('link', { name: 'Nơi làm việc' }).click();
  await page.getByRole('heading', { name: unitName }).waitFor();
  await page.getByRole('link', { name: 'Sáng kiến', exact: true }).click();
  await page.getByRole('link', { name: 'Đăng ký sáng kiến mới' }).click();
  await page.getByRole('heading', { name: 'Đăng ký sáng kiến, giải pháp, mô hình', level: 1 }).waitFor();
}

async function fillForm(page, title, summary, author) {
  await page.getByLabel('Tên sáng kiến, giải pháp, mô hình').fill(title);
  await page.getByLabel('Loại', { exact: true }).selectOption('sang_kien');
  await page.getByLabel('Nội dung thi đua của Kế hoạch').selectOption('5');
  await page.getByLabel('Tác giả 1: họ và tên').fill(author);
  await page.getByLabel(/^Tóm tắt/).fill(summary);
  await page.getByLabel('Thực trạng, vấn đề cần giải quyết').fill('Người cao tuổi hay quên lịch tiêm, trạm y tế phải gọi từng nhà.');
  await page.getByLabel('Tính mới, điểm sáng tạo').fill('Tin nhắn tự động qua nhóm Zalo của ấp.');
  await page.getByLabel(/^Hiệu quả đo được/).fill('Tỷ lệ tiêm đúng lịch tăng từ 62% lên 91%.');
}

async function score(page, url, marks) {
  await page.goto(url);
  const card = page.locator('#scorecard');
  await card.waitFor();
  for (const [label, value] of marks) {
    await card.getByLabel(label).fill(value);
  }
  await card.getByRole('button', { name: 'Lưu phiếu chấm' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu phiếu chấm' }).waitFor();
}

describe('Initiatives in a browser', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a copy is shown its original; a conflicted reviewer is kept out; two score; the officer recognises', { timeout: 180_000 }, async () => {
    await withPage(browser, 'village', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.thondong');
      await openNewForm(page, 'Thôn Đông');
      await fillForm(page, ORIGINAL, 'Gửi tin nhắn Zalo nhắc người cao tuổi lịch tiêm chủng hằng tháng.', 'Trần Văn Ba');
      await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã gửi sáng kiến để thẩm định' }).waitFor();
    });

    let copyURL;
    await withPage(browser, 'school', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.truong');
      await openNewForm(page, 'Trường Tiểu học');
      await fillForm(page, COPY, 'Nhắc lịch tiêm chủng hằng tháng cho người cao tuổi qua tin nhắn Zalo.', 'Lê Thị Hoa');
      await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
      // Held back: the original is shown with its unit and likeness, and what to do.
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /giống với sáng kiến này/);
      const similar = page.locator('#similar');
      assert.match(await similar.innerText(), new RegExp(`${ORIGINAL}.*Thôn Đông.*giống \\d+%`, 's'));
      await page.screenshot({ path: join(RESULTS_DIR, 'initiative-similar.png'), fullPage: true });
      // What was typed is still there; the author says what is different and sends it.
      assert.equal(await page.getByLabel('Tên sáng kiến, giải pháp, mô hình').inputValue(), COPY);
      await page.getByLabel('Điểm khác với sáng kiến tương tự (nếu có)').fill('Áp dụng cho phụ huynh học sinh, không chỉ người cao tuổi.');
      await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã gửi sáng kiến để thẩm định' }).waitFor();
      copyURL = page.url().split('?')[0];
    });

    await withPage(browser, 'principal', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.hieutruong');
      await page.goto(copyURL);
      await page.locator('#conflict-note').waitFor();
      assert.match(await page.locator('#conflict-note').innerText(), /Bạn không chấm sáng kiến này.*Trường Tiểu học/s);
      assert.equal(await page.getByRole('button', { name: 'Lưu phiếu chấm' }).count(), 0);
    });

    const marks = (n) => [['Tính mới (0–10)', n[0]], ['Khả năng áp dụng, nhân rộng (0–10)', n[1]], ['Hiệu quả (0–10)', n[2]], ['Phạm vi ảnh hưởng (0–10)', n[3]]];
    await withPage(browser, 'digital', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.cds');
      await page.goto(`${server.baseURL}/quan-tri/30406/sang-kien`);
      await page.getByRole('heading', { name: /Chờ tôi chấm điểm \(2\)/ }).waitFor();
      await score(page, copyURL, marks(['8', '7', '9', '6']));
    });
    await withPage(browser, 'council', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.hoidong');
      await score(page, copyURL, marks(['6', '6', '6', '6']));
    });

    await withPage(browser, 'officer', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.vhxh');
      await page.goto(copyURL);
      assert.match(await page.locator('#combined').innerText(), /của 2 người chấm · chênh lệch cao – thấp 17,5 điểm/);
      await page.getByLabel('Số quyết định công nhận').fill('15/QĐ-UBND');
      await page.getByLabel('Ngày quyết định').fill('2026-11-20');
      await page.getByRole('button', { name: 'Công nhận cấp xã' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã ghi kết quả thẩm định' }).waitFor();
      assert.match(await page.locator('#initiative-status').innerText(), /Đã công nhận · Quyết định số 15\/QĐ-UBND ngày 2026-11-20/);
      await page.screenshot({ path: join(RESULTS_DIR, 'initiative-recognised.png'), fullPage: true });
      // The commune's public page now shows it.
      await page.goto(`${server.baseURL}/xa/30406`);
      await page.getByRole('heading', { name: 'Sáng kiến, mô hình được công nhận' }).waitFor();
      assert.match(await page.locator('.initiative-card').first().innerText(), new RegExp(COPY));
    });
  });
});
