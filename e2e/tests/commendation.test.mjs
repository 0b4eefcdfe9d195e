// Commendation as Phú Tân works it: the standing office opens the year's occasion; Thôn Đông
// nominates four people for the commune's Giấy khen and is refused a fifth for quota; a Bằng
// khen tỉnh for someone without the grassroots titles is told which rule fails; the digital
// officer, the commendation officer and the council pass the four; the chairman signs and the
// decision downloads as DOCX and PDF with the money; the Giấy khen print with a code that the
// public verification page, opened by someone not signed in, confirms.
//
// Run with `npm test` in e2e/ (needs target/debug/thidua, or THIDUA_BIN, and /usr/bin/chromium).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, launchBrowser, signIn as signInAt, withPage } from '../lib/browser.mjs';
import { RESULTS_DIR, startServer } from '../lib/server.mjs';

const PEOPLE = ['Trần Văn Ba', 'Lê Thị Hoa', 'Nguyễn Văn Cường', 'Phạm Thị Dung', 'Võ Văn Em'];
let server;
let browser;

let verifyCode = '';

/** Clicks a download link and keeps the file: { name, file }. */
async function save(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const file = join(RESULTS_DIR, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file };
}

/** The words of a PDF as poppler's pdftotext reads them, whitespace made single spaces. */
function pdfWords(file) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
}

/** Signs in on this file's server. */
const signIn = (page, username, password) => signInAt(page, server.baseURL, username, password);

/// From the unit's own page to an empty nomination form, filled for `person`.
async function nominate(page, form, person) {
  await page.getByRole('link', { name: 'Nơi làm việc' }).click();
  await page.getByRole('heading', { name: 'Thôn Đông' }).waitFor();
  await page.getByRole('link', { name: 'Khen thưởng', exact: true }).click();
  await page.getByRole('link', { name: 'Lập đề nghị khen thưởng' }).click();
  await page.getByRole('heading', { name: 'Lập đề nghị khen thưởng', level: 1 }).waitFor();
  await page.getByLabel('Hình thức khen thưởng').selectOption({ label: form });
  const who = page.getByLabel('Cá nhân (người của đơn vị)');
  await who.selectOption(await who.locator('option', { hasText: person }).getAttribute('value'));
  await page.getByLabel('Thành tích (ghi vào Tờ trình và danh sách)').fill('Vận động 120 hộ dân cài đặt và kích hoạt VNeID mức 2.');
  await page.getByLabel('Ngày họp').fill('2026-11-10');
  await page.getByLabel('Tổng số thành viên').fill('9');
  await page.getByLabel('Số người dự họp').fill('8');
  await page.getByLabel('Số phiếu đồng ý').fill('8');
  await page.getByLabel('Số phiếu không đồng ý').fill('0');
  await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
}

describe('Commendation in a browser', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('quota, eligibility, appraisal, council, a signed decision with its DOCX', { timeout: 240_000 }, async () => {
    let occasionURL;
    await withPage(browser, 'officer', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.vhxh');
      await page.goto(`${server.baseURL}/quan-tri/30406/khen-thuong`);
      await page.getByLabel('Loại đợt').selectOption('annual');
      await page.getByLabel('Năm', { exact: true }).fill('2026');
      await page.getByRole('button', { name: 'Mở đợt' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã mở đợt khen thưởng' }).waitFor();
      assert.match(await page.locator('#quotas').innerText(), /Giấy khen của Chủ tịch Ủy ban nhân dân xã – cá nhân: đã đề nghị 0\/4, còn 4/);
      occasionURL = page.url().split('?')[0];
    });

    await withPage(browser, 'village', { viewport: { width: 390, height: 844 }, isMobile: true }, async (page) => {
      await signIn(page, 'phutan.thondong');
      for (const person of PEOPLE.slice(0, 4)) {
        await nominate(page, 'Giấy khen của Chủ tịch UBND xã', person);
        await page.getByRole('status').filter({ hasText: 'Đã gửi đề nghị khen thưởng' }).waitFor();
      }
      // The fifth: refused for quota, in words.
      await nominate(page, 'Giấy khen của Chủ tịch UBND xã', PEOPLE[4]);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /Đã hết chỉ tiêu: Giấy khen của Chủ tịch Ủy ban nhân dân xã cho cá nhân tối đa 4/);
      await page.screenshot({ path: join(RESULTS_DIR, 'commendation-quota.png'), fullPage: true });
      // A Bằng khen tỉnh for someone without two grassroots titles: which rule fails.
      await nominate(page, 'Bằng khen UBND tỉnh', 'Đặng Thị Giang');
      await page.getByRole('alert').waitFor();
      const why = await page.getByRole('alert').innerText();
      assert.match(why, /Không đủ điều kiện Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh/);
      assert.match(why, /cần danh hiệu Chiến sĩ thi đua cơ sở 2 năm liên tục \(2025, 2026\)/);
    });

    // Each officer acts on what waits for them.
    const pass = async (username, button, fill) => {
      await withPage(browser, username, { viewport: { width: 1280, height: 900 } }, async (page) => {
        await signIn(page, username);
        await page.goto(occasionURL);
        for (let i = 0; i < 4; i += 1) {
          const card = page.locator('article.nomination').filter({ has: page.getByRole('button', { name: button }) }).first();
          if (fill) await fill(card);
          await card.getByRole('button', { name: button }).click();
          await page.getByRole('status').filter({ hasText: 'Đã ghi kết quả thẩm định' }).waitFor();
        }
      });
    };
    await pass('phutan.cds', 'Đạt: đủ thành tích');
    await pass('phutan.tdkt', 'Đạt: hồ sơ đầy đủ');
    await pass('phutan.tdkt', 'Hội đồng thông qua', async (card) => {
      await card.getByLabel('Tổng số thành viên').fill('9');
      await card.getByLabel('Số dự họp').fill('7');
      await card.getByLabel('Đồng ý', { exact: true }).fill('6');
      await card.getByLabel('Không đồng ý').fill('1');
    });

    await withPage(browser, 'chairman', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.chutich');
      await page.goto(occasionURL);
      // Today in Vietnam: the council voted today, and a decision is never dated in the future.
      const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
      await page.getByLabel('Ngày quyết định').fill(today);
      await page.getByRole('button', { name: 'Ký quyết định' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã ký quyết định' }).waitFor();
      // Signed, not yet registered: no number, no certificates until the văn thư numbers it.
      await page.getByRole('heading', { name: 'Quyết định chờ vào sổ' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /In giấy khen/ }).count(), 0);
      const annex = await page.locator('#annex').innerText();
      for (const person of PEOPLE.slice(0, 4)) assert.match(annex, new RegExp(person));
      assert.match(annex, /710\.000/);
      assert.match(annex, /2\.840\.000/);
    });

    // The văn thư finds the decision waiting, is refused a date ahead and one before the
    // council's vote, and registers number 15 today.
    await withPage(browser, 'clerk', { viewport: { width: 390, height: 844 } }, async (page) => {
      await signIn(page, 'phutan.vanthu');
      await page.getByRole('link', { name: 'Vào sổ quyết định' }).click();
      await page.getByRole('heading', { name: 'Sổ văn bản đi' }).waitFor();
      const day = (offset) => new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
      for (const [date, why] of [[day(1), /chưa tới/], [day(-1), /sớm hơn phiên biểu quyết của Hội đồng/]]) {
        const form = page.locator('form[action*="/so-van-ban-di/"]').first();
        await form.getByLabel('Số văn bản').fill('15');
        await form.getByLabel('Ngày ban hành').fill(date);
        await form.getByRole('button', { name: 'Vào sổ' }).click();
        assert.match(await page.getByRole('alert').innerText(), why);
      }
      const form = page.locator('form[action*="/so-van-ban-di/"]').first();
      await form.getByLabel('Số văn bản').fill('15');
      await form.getByLabel('Ngày ban hành').fill(day(0));
      await form.getByRole('button', { name: 'Vào sổ' }).click();
      await page.getByRole('status').filter({ hasText: 'Đã vào sổ' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'commendation-register.png'), fullPage: true });
      await page.locator('#register').getByRole('link', { name: '15/QĐ-UBND' }).click();
      await page.getByRole('heading', { name: 'Quyết định số 15/QĐ-UBND' }).waitFor();
    });

    await withPage(browser, 'chairman-after', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await signIn(page, 'phutan.chutich');
      const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
      await page.goto(occasionURL);
      await page.getByRole('link', { name: 'Quyết định số 15/QĐ-UBND' }).click();
      await page.getByRole('heading', { name: 'Quyết định số 15/QĐ-UBND' }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, 'commendation-decision.png'), fullPage: true });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải quyết định (.docx)' }).click()]);
      const file = join(RESULTS_DIR, download.suggestedFilename());
      await download.saveAs(file);
      assert.equal(download.suggestedFilename(), `quyet-dinh-15-${today}.docx`);
      assert.ok(statSync(file).size > 2000, 'the DOCX has content');

      // The PDF: its words, as poppler's pdftotext reads them, carry the awardees and money.
      const pdf = await save(page, 'Tải quyết định (.pdf)');
      assert.equal(pdf.name, `quyet-dinh-15-${today}.pdf`);
      const words = pdfWords(pdf.file);
      for (const person of PEOPLE.slice(0, 4)) assert.ok(words.includes(person), `${person} in the PDF`);
      assert.ok(words.includes('tổng số tiền thưởng là 2.840.000 đồng'), words);

      const printed = await save(page, /In giấy khen/);
      const certificates = pdfWords(printed.file);
      const codes = [...certificates.matchAll(/Mã xác minh: ([0-9A-Z]{10})/g)].map((m) => m[1]);
      assert.equal(codes.length, 4, certificates);
      verifyCode = codes[0];
    });

    // Whoever holds a certificate types its code (or scans the QR) without signing in.
    await withPage(browser, 'verify', { viewport: { width: 390, height: 844 } }, async (page) => {
      await page.goto(`${server.baseURL}/xac-minh`);
      await page.getByLabel('Mã xác minh').fill(verifyCode.toLowerCase());
      await Promise.all([page.waitForURL(`**/xac-minh/${verifyCode}`), page.getByRole('button', { name: 'Xác minh' }).click()]);
      await page.getByRole('status').filter({ hasText: 'là thật' }).waitFor();
      const award = await page.locator('#award').innerText();
      assert.match(award, /Giấy khen của Chủ tịch Ủy ban nhân dân xã/);
      assert.match(award, /15\/QĐ-UBND/);
      assert.ok(PEOPLE.slice(0, 4).some((p) => award.includes(p)), award);
      assert.doesNotMatch(award, /710\.000/);
      await page.screenshot({ path: join(RESULTS_DIR, 'commendation-verify.png'), fullPage: true });
    });
  });
});
