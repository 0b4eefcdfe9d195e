// What a person sees: find a commune, open its plan, read its reporting deadlines; the plan
// page on a phone; a search that finds nothing.
//
// Run with `npm test` in e2e/ (needs target/debug/thidua, or THIDUA_BIN, and /usr/bin/chromium).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, withPage } from '../lib/browser.mjs';
import { RESULTS_DIR, startServer } from '../lib/server.mjs';

const SEARCH_LABEL = 'Tìm xã, phường, đặc khu';
const SKIP_LINK_TEXT = 'Bỏ qua, đến nội dung chính';
const HONG_VAN = { code: '10210', name: 'Xã Hồng Vân' };
const PLAN_LINK = /^Kế hoạch/;
const PLAN_PATH = /\/ke-hoach\/[^/?#]+$/;
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server;
let browser;

const normalize = (s) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/** The search box on the current page, found the way a screen reader finds it: by its label. */
function searchBox(page) {
  return page.getByRole('search').getByLabel(SEARCH_LABEL);
}

/** Types `query` into the home page's search box and submits; returns the results response. */
async function searchFromHome(page, query) {
  await page.goto(`${server.baseURL}/`);
  const box = searchBox(page);
  await box.waitFor({ state: 'visible' });
  await box.click();
  await box.pressSequentially(query);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/tim-kiem'),
    box.press('Enter'),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

/** Opens Hồng Vân's commune page and follows its plan link; returns the plan page's URL. */
async function openHongVanPlan(page) {
  await page.goto(`${server.baseURL}/xa/${HONG_VAN.code}`);
  const link = page.getByRole('link', { name: PLAN_LINK }).first();
  await link.waitFor({ state: 'visible' });
  await Promise.all([page.waitForURL(PLAN_PATH), link.click()]);
  return page.url();
}

/**
 * The visible text of the section that a heading named `name` opens: its enclosing
 * <section>/<article> when the heading is that container's first heading, otherwise the
 * heading's following siblings up to the next heading of the same or a higher level.
 * Returns null when no visible heading carries that name.
 */
async function sectionText(page, name) {
  return page.evaluate((wanted) => {
    const norm = (s) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
    const sel = 'h1,h2,h3,h4,h5,h6';
    const level = (h) => Number(h.tagName[1]);
    const heading = [...document.querySelectorAll(sel)].find(
      (h) => h.checkVisibility() && norm(h.innerText).includes(norm(wanted)),
    );
    if (!heading) return null;
    const box = heading.closest('section, article');
    if (box && box.querySelector(sel) === heading) return box.innerText;
    let text = heading.innerText;
    for (let n = heading.nextElementSibling; n; n = n.nextElementSibling) {
      if (n.matches(sel) && level(n) <= level(heading)) break;
      const inner = n.querySelector(sel);
      if (inner && level(inner) <= level(heading)) break;
      text += `\n${n.innerText}`;
    }
    return text;
  }, name);
}

describe('Thi Đua in a browser', () => {
  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a person finds Hồng Vân from the home page and reads when reports are due', { timeout: 90_000 }, async () => {
    await withPage(browser, 'plan', { viewport: { width: 1280, height: 900 } }, async (page) => {
      const response = await searchFromHome(page, 'hong van');
      assert.equal(response.status(), 200, 'the search results page answers 200');

      const commune = page.getByRole('link', { name: HONG_VAN.name, exact: true }).first();
      await commune.waitFor({ state: 'visible' });
      await Promise.all([page.waitForURL(new RegExp(`/xa/${HONG_VAN.code}$`)), commune.click()]);

      const planLink = page.getByRole('link', { name: PLAN_LINK }).first();
      await planLink.waitFor({ state: 'visible' });
      await Promise.all([page.waitForURL(PLAN_PATH), planLink.click()]);

      await page.getByRole('heading', { name: 'Thời hạn báo cáo' }).first().waitFor({ state: 'visible' });
      const deadlines = await sectionText(page, 'Thời hạn báo cáo');
      assert.ok(deadlines !== null, 'the plan page has a visible "Thời hạn báo cáo" heading');
      assert.match(
        normalize(deadlines),
        /15\/11/,
        `the "Thời hạn báo cáo" section shows the yearly report date 15/11; it reads:\n${normalize(deadlines)}`,
      );

      await page.screenshot({ path: join(RESULTS_DIR, 'plan.png'), fullPage: true });
    });
  });

  test('the plan page shows its parts under headings', { timeout: 60_000 }, async () => {
    await withPage(browser, 'plan-sections', { viewport: { width: 1280, height: 900 } }, async (page) => {
      await openHongVanPlan(page);
      for (const name of ['Thời hạn báo cáo', 'Giai đoạn', 'Hình thức khen thưởng', 'Tiêu chí thi đua', 'Phân công thực hiện']) {
        const heading = page.getByRole('heading', { name }).first();
        await heading.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {
          throw new Error(`the plan page has no visible heading "${name}"`);
        });
        const body = normalize(await sectionText(page, name));
        assert.ok(
          body.length > normalize(await heading.innerText()).length,
          `the "${name}" section has content under its heading`,
        );
      }
    });
  });

  test('on a 375px phone the plan page fits the screen and everything is reachable', { timeout: 90_000 }, async () => {
    await withPage(browser, 'plan-phone', PHONE, async (page) => {
      // The search box is labelled where it lives (the home page).
      await page.goto(`${server.baseURL}/`);
      const box = searchBox(page);
      await box.waitFor({ state: 'visible' });
      assert.equal(await box.getAttribute('name'), 'q', 'the labelled search box is the one the form submits as q');

      const planURL = await openHongVanPlan(page);
      // Start from the top of a fresh load, as someone arriving with a keyboard would.
      await page.goto(planURL);

      const fit = await page.evaluate((width) => {
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > width + 1)
          .slice(0, 5)
          .map((el) => `<${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}> right edge ${Math.round(el.getBoundingClientRect().right)}px`);
        return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, wide };
      }, PHONE.viewport.width);
      // On a phone, a page without <meta name="viewport" content="width=device-width"> or with
      // content wider than the screen is laid out wider than 375px and shown shrunk or scrolling.
      assert.ok(
        fit.innerWidth === PHONE.viewport.width && fit.scrollWidth <= fit.innerWidth,
        `the plan page fits a ${PHONE.viewport.width}px screen without horizontal scroll: ` +
          `window.innerWidth ${fit.innerWidth}, scrollWidth ${fit.scrollWidth}` +
          (fit.innerWidth !== PHONE.viewport.width
            ? ' (innerWidth is not the screen width: the page lacks a width=device-width viewport meta, or something wider than the screen stretched the layout)'
            : '') +
          (fit.wide.length ? `\nwider than the screen: ${fit.wide.join('; ')}` : ''),
      );

      // Every visible image, link and form control: named, inside the screen's width (or in a
      // container that scrolls sideways on its own), and, for links and controls, reached by Tab.
      // This looks but does not move focus, so the first Tab below still starts from the top.
      const audit = await page.evaluate(
        ({ skipText }) => {
          const text = (s) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
          const byIds = (ids) =>
            text((ids ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
          const problems = [];
          const describe = (el) => {
            const t = text(el.innerText || el.getAttribute('aria-label') || el.getAttribute('name') || el.getAttribute('src') || '');
            return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${t.slice(0, 60)}"`;
          };
          const scrollsSideways = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              const ox = getComputedStyle(p).overflowX;
              if ((ox === 'auto' || ox === 'scroll') && p.scrollWidth > p.clientWidth) return true;
            }
            return false;
          };
          const visible = (el) => el.checkVisibility({ visibilityProperty: true });
          const isSkipLink = (el) => el.tagName === 'A' && text(el.textContent) === skipText;
          const insideWidth = (el) => {
            if (isSkipLink(el)) return true; // hidden until focused; checked when focused below
            if (scrollsSideways(el)) return true;
            const r = el.getBoundingClientRect();
            return r.left >= -1 && r.right <= window.innerWidth + 1;
          };
          const name = (el) =>
            text(el.getAttribute('aria-label')) ||
            byIds(el.getAttribute('aria-labelledby')) ||
            text([...(el.labels ?? [])].map((l) => l.innerText).join(' ')) ||
            text(el.getAttribute('title'));

          for (const img of document.querySelectorAll('img')) {
            if (!visible(img)) continue;
            if (!img.hasAttribute('alt')) problems.push(`image without alt: ${describe(img)}`);
            if (!insideWidth(img)) problems.push(`image off screen sideways: ${describe(img)}`);
          }
          for (const a of document.querySelectorAll('a[href]')) {
            if (!visible(a)) continue;
            const imgAlt = text([...a.querySelectorAll('img[alt]')].map((i) => i.alt).join(' '));
            if (!(text(a.innerText) || text(a.textContent) || name(a) || imgAlt)) problems.push(`link without a name: ${describe(a)}`);
            if (!insideWidth(a)) problems.push(`link off screen sideways: ${describe(a)}`);
          }
          for (const c of document.querySelectorAll('input, select, textarea, button')) {
            if (c.type === 'hidden' || !visible(c)) continue;
            const isButton = c.tagName === 'BUTTON' || ['submit', 'reset', 'button', 'image'].includes(c.type);
            const named = isButton
              ? name(c) || text(c.innerText) || text(c.value) || text(c.alt) || ['submit', 'reset'].includes(c.type)
              : name(c);
            if (!named) problems.push(`form control without a label: ${describe(c)}`);
            if (!insideWidth(c)) problems.push(`form control off screen sideways: ${describe(c)}`);
          }

          // Mark what Tab should reach (one stop per radio group).
          const focusable = [
            ...document.querySelectorAll(
              'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"], [contenteditable=""]',
            ),
          ].filter(
            (el) =>
              visible(el) &&
              !el.disabled &&
              el.type !== 'hidden' &&
              el.getAttribute('tabindex') !== '-1' &&
              !el.closest('[inert]') &&
              (el.tagName !== 'SUMMARY' || el.parentElement?.tagName === 'DETAILS'),
          );
          const labels = {};
          focusable.forEach((el, i) => {
            const key = el.type === 'radio' && el.name ? `radio:${el.name}` : `tab-${i}`;
            el.dataset.e2eTab = key;
            labels[key] = describe(el);
          });
          return { problems, expected: Object.keys(labels), labels };
        },
        { skipText: SKIP_LINK_TEXT },
      );
      assert.deepEqual(audit.problems, [], `images, links and form controls on the plan page:\n${audit.problems.join('\n')}`);

      // First Tab from the top lands on the skip link, which is visible when focused and
      // points at an element on the page.
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          const r = el.getBoundingClientRect();
          const href = el.getAttribute('href') ?? '';
          let target = false;
          try {
            target = href.startsWith('#') && href.length > 1 && !!document.getElementById(decodeURIComponent(href.slice(1)));
          } catch {
            target = false;
          }
          return {
            key: el.dataset?.e2eTab ?? `unmarked <${el.tagName.toLowerCase()}>`,
            tag: el.tagName.toLowerCase(),
            text: (el.innerText || el.textContent || '').normalize('NFC').replace(/\s+/g, ' ').trim(),
            href,
            targetExists: target,
            width: r.width,
            height: r.height,
            onScreen: r.right > 0 && r.bottom > 0 && r.left < window.innerWidth && r.top < window.innerHeight,
          };
        });
      await page.keyboard.press('Tab');
      const skip = await focused();
      assert.ok(skip, 'pressing Tab from the top focuses something');
      assert.equal(skip.tag, 'a', `the first Tab stop is a link (got <${skip.tag}> "${skip.text}")`);
      assert.equal(skip.text, SKIP_LINK_TEXT, 'the first Tab stop is the skip-to-content link');
      assert.ok(skip.targetExists, `the skip link points at an element of the page (href="${skip.href}")`);
      assert.ok(skip.width > 1 && skip.height > 1 && skip.onScreen, 'the focused skip link is visible on screen');

      // Go on tabbing to the end of the page and note every stop.
      const reached = new Set([skip.key]);
      for (let i = 0; i < audit.expected.length + 20; i++) {
        await page.keyboard.press('Tab');
        const stop = await focused();
        if (stop === null || stop.key === skip.key) break; // left the page, or wrapped around
        reached.add(stop.key);
      }
      const missed = audit.expected.filter((k) => !reached.has(k)).map((k) => audit.labels[k]);
      assert.deepEqual(missed, [], `every link and form control is reached with Tab; not reached:\n${missed.join('\n')}`);
    });
  });

  test('a search that finds nothing says so in Vietnamese, not an error', { timeout: 60_000 }, async () => {
    await withPage(browser, 'search-none', { viewport: { width: 1280, height: 900 } }, async (page) => {
      const response = await searchFromHome(page, 'zzzz khong co');
      assert.equal(response.status(), 200, 'a search with no results is a normal page (200), not an error');
      const shown = normalize(await page.locator('body').innerText());
      assert.match(shown, /không tìm thấy/iu, `the page tells the person nothing was found; it reads:\n${shown.slice(0, 2000)}`);
      const communeLinks = await page.locator('a[href^="/xa/"]').count();
      assert.equal(communeLinks, 0, 'no commune is offered as a result');
    });
  });
});
