// Real-browser check of the photo lightbox (assets/lightbox.js) on one built page, in Debian's Chromium.
//
// Usage: node tests/browser/lightbox.mjs <site-dir> <page-path>
// Serves <site-dir> on 127.0.0.1, opens <page-path>, prints one line per check, stops at the first
// that fails, ends with "lightbox: N passed, M failed" and exits 0 only when all pass.
// Needs node_modules/playwright-core and Chromium ($CHROMIUM, default /usr/bin/chromium).

import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, checks } from './serve.mjs';

const OVERALL_MS = 60_000;
const STEP_MS = 5_000;
const t = checks({ label: 'lightbox', failFast: true });
const show = (v) => JSON.stringify(v);
/** Passes when `good` holds (by default: `seen` is `expected`); a failure shows both. */
function check(what, expected, seen, good = Object.is(expected, seen)) {
  t.check(what, good, `\n  expected: ${show(expected)}\n  seen:     ${show(seen)}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `good(value)` holds or STEP_MS pass; then the check passes or fails with the last value. */
async function until(what, expected, read, good) {
  const end = Date.now() + STEP_MS;
  let seen;
  for (;;) {
    seen = await read();
    if (good(seen)) return check(what, expected, seen, true);
    if (Date.now() > end) return check(what, expected, seen, false);
    await sleep(50);
  }
}

// ---- the checks ----------------------------------------------------------------------------------

/** What the page shows now: the open dialog's photo, counter and caption, and where focus is. */
function readState(page, galleryIndex) {
  return page.evaluate((gi) => {
    const gallery = document.querySelectorAll('[data-gallery]')[gi];
    const links = gallery ? Array.from(gallery.querySelectorAll('a.gallery-link')) : [];
    const dlg = document.querySelector('dialog.lightbox');
    const img = dlg && dlg.querySelector('.lb-img');
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
    return {
      open: !!dlg && dlg.open,
      src: img ? img.src : null,
      loaded: !!img && img.complete && img.naturalWidth > 0,
      count: text(dlg && dlg.querySelector('.lb-count')),
      caption: text(dlg && dlg.querySelector('.lb-caption')),
      focus: links.indexOf(document.activeElement),
      url: location.href,
    };
  }, galleryIndex);
}

async function withJavaScript(browser, base, pagePath, errors) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url || '';
    // Chromium asks for /favicon.ico on its own; the site has no favicon and no page asks for one.
    if (where && new URL(where).pathname === '/favicon.ico') return;
    errors.push(`console error: ${m.text()} (${where || 'no url'})`);
  });
  // A photo request cut short by moving on is no error (ERR_ABORTED); an HTTP error shows up in the console.
  page.on('requestfailed', (r) => {
    const why = r.failure() ? r.failure().errorText : 'unknown';
    if (why !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} ${why}`);
  });

  const response = await page.goto(base + pagePath, { waitUntil: 'load' });
  check(`page ${pagePath} answers 200`, 200, response && response.status());

  const gallery = await page.evaluate(() => {
    const lists = Array.from(document.querySelectorAll('[data-gallery]'));
    const i = lists.findIndex((g) => g.querySelectorAll('a.gallery-link').length >= 3);
    return { lists: lists.length, index: i };
  });
  check('page has a [data-gallery] list with at least 3 .gallery-link links', 'a gallery with >= 3 links',
    gallery.index >= 0 ? 'a gallery with >= 3 links' : `${gallery.lists} gallery list(s), none with 3 links`);
  const linkLocators = page.locator('[data-gallery]').nth(gallery.index).locator('a.gallery-link');
  const photo = await linkLocators.evaluateAll((as) => as.map((a) => {
    const fig = a.closest('figure');
    const fc = fig && fig.querySelector('figcaption');
    return { href: a.href, caption: fc ? fc.textContent.replace(/\s+/g, ' ').trim() : '' };
  }));
  const n = photo.length;
  const state = () => readState(page, gallery.index);

  const second = linkLocators.nth(1);
  const thumb = second.locator('img');
  await ((await thumb.count()) ? thumb.first() : second).click();
  await until('clicking the 2nd photo opens the lightbox dialog', 'dialog[open]', state, (s) => s.open);
  const opened = await state();
  check('dialog shows the 2nd photo (img src = link href)', photo[1].href, opened.src);
  check('counter reads 2 / N', `2 / ${n}`, opened.count);
  check('caption is the figcaption text', photo[1].caption, opened.caption || '');

  const a11y = await page.evaluate(() => {
    const dlg = document.querySelector('dialog.lightbox');
    const sizes = Array.from(dlg.querySelectorAll('button')).map((b) => {
      const r = b.getBoundingClientRect();
      return { label: b.getAttribute('aria-label'), w: Math.round(r.width), h: Math.round(r.height) };
    });
    return { label: dlg.getAttribute('aria-label'), buttons: sizes };
  });
  check('dialog has an aria-label', true, !!a11y.label, !!a11y.label);
  const small = a11y.buttons.filter((b) => !b.label || b.w < 44 || b.h < 44);
  check('buttons have aria-labels and are at least 44x44 px', 'all labelled and >= 44 px',
    small.length || a11y.buttons.length < 3 ? a11y.buttons : 'all labelled and >= 44 px');

  await page.keyboard.press('ArrowRight');
  await until('ArrowRight shows the 3rd photo', { src: photo[2].href, count: `3 / ${n}` }, state,
    (s) => s.src === photo[2].href && s.count === `3 / ${n}` && s.caption === photo[2].caption);
  await page.keyboard.press('ArrowLeft');
  await until('ArrowLeft shows the 2nd photo again', { src: photo[1].href, count: `2 / ${n}` }, state,
    (s) => s.src === photo[1].href && s.count === `2 / ${n}`);

  const cdp = await context.newCDPSession(page);
  const box = await page.locator('dialog.lightbox .lb-img').boundingBox();
  const swipe = async (dx) => {
    const x = Math.round(box.x + box.width / 2 - dx / 2);
    const y = Math.round(box.y + box.height / 2);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 6; i += 1) {
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove', touchPoints: [{ x: Math.round(x + (dx * i) / 6), y: y + i }],
      });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  await swipe(-160);
  await until('a touch swipe to the left shows the 3rd photo', { src: photo[2].href, count: `3 / ${n}` }, state,
    (s) => s.src === photo[2].href && s.count === `3 / ${n}`);
  await swipe(160);
  await until('a touch swipe to the right shows the 2nd photo', { src: photo[1].href, count: `2 / ${n}` }, state,
    (s) => s.src === photo[1].href && s.count === `2 / ${n}` && s.open);

  await until('the big image loads (naturalWidth > 0)', true, async () => (await state()).loaded, (v) => v);

  await page.keyboard.press('Escape');
  await until('Escape closes the dialog and focus returns to the 2nd link', { open: false, focus: 1 },
    async () => { const s = await state(); return { open: s.open, focus: s.focus }; },
    (s) => !s.open && s.focus === 1);

  await sleep(100);
  check('no page errors, console errors or failed requests', '[]', show(errors), errors.length === 0);
  await context.close();
  return gallery.index;
}

async function withoutJavaScript(browser, base, pagePath, galleryIndex) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  await page.goto(base + pagePath, { waitUntil: 'load' });
  const link = page.locator('[data-gallery]').nth(galleryIndex).locator('a.gallery-link').nth(1);
  const href = await link.evaluate((a) => a.href);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === href && r.request().isNavigationRequest()),
    link.click(),
  ]);
  await page.waitForURL(href);
  const type = (response.headers()['content-type'] || '').split(';')[0];
  check('without JavaScript the 2nd link opens the image file (200, image/*)', `200 image/*`,
    `${response.status()} ${type}`, response.status() === 200 && type.startsWith('image/'));
  await context.close();
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  const [siteArg, pageArg] = process.argv.slice(2);
  if (!siteArg || !pageArg) throw new Error('usage: node tests/browser/lightbox.mjs <site-dir> <page-path>');
  const pagePath = pageArg.startsWith('/') ? pageArg : '/' + pageArg;
  let server = null;
  let browser = null;
  const errors = [];
  const cleanup = async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), sleep(5_000)]);
    if (server) { server.closeAllConnections(); server.close(); }
    browser = server = null;
  };
  const timer = setTimeout(async () => {
    try {
      t.check(`the checks end within ${OVERALL_MS / 1000} s`, false, 'timed out');
    } catch {
      console.log(t.summary());
    }
    await cleanup();
    process.exit(1);
  }, OVERALL_MS);
  try {
    const root = fs.realpathSync(path.resolve(siteArg));
    if (!fs.statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
    server = await serve(root);
    const base = `http://127.0.0.1:${server.address().port}`;
    browser = await launch();
    const galleryIndex = await withJavaScript(browser, base, pagePath, errors);
    await withoutJavaScript(browser, base, pagePath, galleryIndex);
  } catch (e) {
    if (errors.length) console.log(`  page errors so far: ${show(errors)}`);
    throw e;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

t.run(main);
