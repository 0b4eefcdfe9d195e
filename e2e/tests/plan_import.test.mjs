// A commune the operator has just opened brings in its own plan in the browser: its officer
// lands on the first day's checklist, uploads the Word file of a plan, fixes the flagged issuer,
// previews and publishes; a unit's report page then shows its deadline; an amendment moves the
// deadline and the first issue stays readable.
//
// Run with `npm test` in e2e/ (needs target/debug/thidua, or THIDUA_BIN, and /usr/bin/chromium).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, launchBrowser, signIn as signInAt, withPage } from '../lib/browser.mjs';
import { RESULTS_DIR, startServer } from '../lib/server.mjs';

const PLAN_DOCX = join(dirname(fileURLToPath(import.meta.url)), '../../eval/plan-import/000-hong-van.docx');
let server;
let browser;

/** Signs in on this file's server. */
const signIn = (page, username, password) => signInAt(page, server.baseURL, username, password);

describe('A commune brings in its own plan', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('upload the Word file, fix what is flagged, preview, publish, amend', { timeout: 240_000 }, async () => {
    await withPage(browser, 'operator', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'admin');
      await page.goto(`${server.baseURL}/quan-tri/he-thong`);
      await page.getByLabel(/^Mã đơn vị hành chính/).fill('00070');
      await page.getByLabel('Họ và tên cán bộ đầu mối').fill('Nguyễn Thị Hoa');
      await page.getByLabel('Tên đăng nhập của cán bộ đầu mối').fill('hoankiem.vhxh');
      await page.getByLabel('Mật khẩu tạm').fill('Mat-khau-tam-2026');
      await page.getByRole('button', { name: 'Mở tài khoản' }).click();
      await page.getByRole('status').waitFor();
    });

    await withPage(browser, 'officer', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'hoankiem.vhxh', 'Mat-khau-tam-2026');
      await page.getByLabel('Mật khẩu hiện tại').fill('Mat-khau-tam-2026');
      await page.getByLabel(/^Mật khẩu mới/).fill('Hoan-Kiem-2026-moi');
      await page.getByLabel('Nhập lại mật khẩu mới').fill('Hoan-Kiem-2026-moi');
      await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();

      // The first day's checklist leads to the plan page.
      await page.getByRole('link', { name: 'Nơi làm việc' }).click();
      await page.getByRole('heading', { name: /Bắt đầu dùng Thi Đua: 0\/5 việc đã xong/ }).waitFor();
      await page.getByRole('link', { name: /^Đưa kế hoạch của xã lên hệ thống/ }).click();
      await page.getByRole('heading', { name: /Bước 1: đưa kế hoạch lên/ }).waitFor();

      // Upload the Word file: what was read is shown; the issuer is another commune's.
      await page.getByLabel(/^Tệp kế hoạch/).setInputFiles(PLAN_DOCX);
      await page.getByRole('button', { name: 'Đọc kế hoạch' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã đọc văn bản' }).waitFor();
      const check = page.locator('section[aria-labelledby="check-h"]');
      assert.match(await check.innerText(), /Đã đọc từ Word \(\.docx\)/);
      assert.match(await check.innerText(), /không phải xã của bạn, Phường Hoàn Kiếm \(mã 00070\)/);
      await page.screenshot({ path: join(RESULTS_DIR, 'plan-import-read.png'), fullPage: true });

      // Fix the issuer in the editor (its section is open because it is flagged) and save.
      await page.getByLabel('Mã xã (theo danh mục hành chính)').fill('00070');
      await page.getByLabel('Tên cơ quan ban hành').fill('Ủy ban nhân dân phường Hoàn Kiếm');
      await page.getByLabel('Địa danh ghi trước ngày').fill('Hoàn Kiếm');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã lưu bản nháp' }).waitFor();
      await check.getByText('Kế hoạch đã đủ và đúng các quy định để công bố.').waitFor();

      // Preview as the public will see it, then publish.
      await page.getByRole('link', { name: 'Xem trước trang kế hoạch' }).click();
      await page.getByText('Bản xem trước của bản nháp').waitFor();
      assert.match(await page.locator('.doc-issuer').innerText(), /PHƯỜNG HOÀN KIẾM/);
      await page.getByRole('link', { name: 'Quay lại bản nháp' }).click();
      await page.getByRole('button', { name: 'Công bố kế hoạch' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã công bố kế hoạch' }).waitFor();

      // A unit of the ward: its report page shows the plan's deadline.
      await page.goto(`${server.baseURL}/quan-tri/00070/don-vi`);
      await page.getByLabel('Tên đơn vị').fill('Tổ dân phố số 1');
      await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
      await page.getByRole('link', { name: 'Tổ dân phố số 1' }).first().click();
      const unitURL = page.url();
      await page.goto(`${unitURL}/bao-cao/2026`);
      assert.match(await page.locator('p.lead').innerText(), /hạn gửi 14\/11\/2026/);

      // The Word file says "trước ngày 15/11": the 14th is the last day. An amendment moves the
      // units' deadline to "trước ngày 05/11".
      await page.goto(`${server.baseURL}/quan-tri/00070/ke-hoach`);
      await page.getByRole('button', { name: 'Điều chỉnh, bổ sung kế hoạch' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã mở bản nháp' }).waitFor();
      await page.locator('details.plan-section > summary').filter({ hasText: /^Thời hạn$/ }).click();
      const units = page.locator('fieldset.row', { has: page.locator('select[name$=".kind"] option[value="unit_report"][selected]') });
      await units.getByLabel('Ngày', { exact: true }).fill('5');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã lưu bản nháp' }).waitFor();
      const changes = page.locator('section[aria-labelledby="changes-h"]');
      assert.match(await changes.innerText(), /Đơn vị báo cáo kết quả: trước ngày 15\/11 hằng năm → trước ngày 05\/11 hằng năm/);
      assert.match(await changes.innerText(), /Kỳ báo cáo năm 2026: hạn đơn vị gửi chuyển từ 14\/11\/2026 sang 04\/11\/2026/);
      await page.getByLabel('Số, ký hiệu văn bản điều chỉnh').fill('15/KH-UBND');
      await page.locator('#doc_date').fill('2026-11-20');
      await page.getByLabel('Nội dung điều chỉnh, bổ sung').fill('Đưa hạn báo cáo của các đơn vị lên ngày 05/11');
      await page.getByRole('button', { name: 'Công bố kế hoạch' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã công bố kế hoạch' }).waitFor();

      await page.goto(`${unitURL}/bao-cao/2026`);
      assert.match(await page.locator('p.lead').innerText(), /hạn gửi 04\/11\/2026/);

      // The public plan lists the amendment; the first issue is still readable.
      await page.goto(`${server.baseURL}/quan-tri/00070/ke-hoach`);
      await page.locator('section.panel h2 a').first().click();
      await page.getByText('Đã điều chỉnh, bổ sung 1 lần').waitFor();
      await page.getByRole('link', { name: 'Ban hành lần đầu' }).click();
      await page.getByText('không còn áp dụng').waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'plan-first-issue.png'), fullPage: true });
    });
  });
});
