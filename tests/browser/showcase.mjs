// Real-browser checks of how the built sample site looks and reads, in Debian's Chromium:
// axe-core on each page kind at 360x800 and 1280x800 (no violation), no page wider than a
// 320 px screen, the header's height, the menu one tap away and the first photo's place on a
// phone, proper names that never break inside a word (also in breadcrumbs, tables and search
// results), and photo grids without a half-empty row at 1280 px.
//
// Usage: node tests/browser/showcase.mjs <site-dir> <kinds.json>
// <kinds.json> is {"axe": [paths], "activity": path, "grids": [paths]}. Every `index.html` and `404.html`
// of the site is opened for the overflow check, except the web form's app pages
// (`admin/<district>/`, checked by cms.mjs). Prints one line per check and a summary
// "N passed, M failed"; exits 0 only when none failed. Needs node_modules/playwright-core,
// node_modules/axe-core and Chromium ($CHROMIUM, default /usr/bin/chromium).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve, launch, checks } from './serve.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [siteDir, kindsFile] = process.argv.slice(2);
const kinds = JSON.parse(fs.readFileSync(kindsFile, 'utf8'));

const { check, run } = checks();

/** Every page of the site as a URL path: folders with an index.html, and 404.html. */
function pages(root) {
  const found = [];
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name === 'index.html') found.push(rel);
      else if (e.name === '404.html') found.push(`${rel}404.html`);
    }
  };
  walk(root, '/');
  return found.filter((p) => !/^\/admin\/[^/]+\/$/.test(p)).sort();
}

/** axe-core's violations on the open page, as "rule (impact): target" lines. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/**
 * The rows of each photo grid (`.gallery`) that do not reach from the grid's left edge to its
 * right edge, as "row at y: x1-x2 of a-b" lines; a photo spanning two rows covers both.
 */
function partRows(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const grid of document.querySelectorAll('.gallery')) {
      const g = grid.getBoundingClientRect();
      const items = Array.from(grid.children, (li) => li.getBoundingClientRect());
      const tops = [...new Set(items.map((r) => Math.round(r.top)))];
      for (const top of tops) {
        const row = items.filter((r) => r.top <= top + 1 && r.bottom > top + 1);
        const left = Math.min(...row.map((r) => r.left));
        const right = Math.max(...row.map((r) => r.right));
        const filled = row.reduce((sum, r) => sum + r.width, 0);
        const gaps = parseFloat(getComputedStyle(grid).columnGap) * (row.length - 1);
        if (left > g.left + 1 || right < g.right - 1 || filled + gaps < g.width - 2) {
          bad.push(`${items.length} photos, row at ${top}: ${Math.round(left)}-${Math.round(right)} of ${Math.round(g.left)}-${Math.round(g.right)}`);
        }
      }
    }
    return bad;
  });
}

/** How far the page is wider than its viewport, and the widest elements that stick out. */
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const extra = document.documentElement.scrollWidth - width;
    const culprits = extra <= 0 ? [] : Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { extra, culprits };
  });
}

/**
 * Proper names (`.name`) whose line boxes break inside a word: for each name, the characters
 * where a new line starts must follow a space.
 */
function splitNames(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('.name')) {
      if (!el.offsetParent) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let prevTop = null;
      let prevChar = ' ';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i += 1) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          const ch = node.data[i];
          if (rect && ch.trim()) {
            if (prevTop !== null && rect.top > prevTop + 2 && prevChar.trim()) {
              bad.push(`${el.textContent.trim()} (before "${ch}")`);
              break;
            }
            prevTop = rect.top;
          }
          prevChar = ch;
        }
      }
    }
    return bad;
  });
}

async function main() {
  const server = await serve(siteDir, '/', { notFound: true });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      for (const p of kinds.axe) {
        await page.goto(base + p, { waitUntil: 'load' });
        const v = await axeViolations(page);
        check(`axe at ${width}x800: ${p}`, v.length === 0, `${v.length} violations\n  ${v.join('\n  ')}`);
      }
    }

    await page.setViewportSize({ width: 360, height: 800 });
    let names = 0;
    // A QR sign is a sheet to print, without the site's header.
    for (const p of kinds.axe.filter((k) => !k.includes('/sign/'))) {
      await page.goto(base + p, { waitUntil: 'load' });
      const header = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().bottom);
      check(`header at most 120 px tall at 360 px: ${p}`, header <= 120, `${header} px`);
      names += await page.evaluate(() => document.querySelectorAll('.name').length);
      const bad = await splitNames(page);
      check(`no proper name split inside a word at 360 px: ${p}`, bad.length === 0, bad.join('; '));
    }
    check('proper names are marked on the page kinds', names > 50, `${names} names`);

    // The places names are written outside cards and headings: breadcrumbs, the markets and
    // month tables, and the search results the script writes.
    for (const [p, selector] of [
      [kinds.axe[2], '.crumbs .name'], ['/markets/', '.table-list .name'], ['/months/2023-11/', '.table-list .name'],
    ]) {
      await page.goto(base + p, { waitUntil: 'load' });
      const marked = await page.evaluate((sel) => document.querySelectorAll(sel).length, selector);
      check(`proper names are marked in ${selector} of ${p}`, marked > 0, `${marked} names`);
    }
    for (const q of ['แปลง', 'อำเภอบางน้ำเปรี้ยว']) {
      await page.goto(`${base}/search/?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
      await page.waitForSelector('#search-results li', { timeout: 15_000 });
      const marked = await page.evaluate(() => document.querySelectorAll('#search-results .name').length);
      const bad = await splitNames(page);
      check(`search results for ${q} mark their names, none split at 360 px`, marked > 0 && bad.length === 0,
        `${marked} names; split: ${bad.join('; ')}`);
    }

    // The menu is one tap away on a phone: hidden behind its button, all six links after a tap.
    await page.goto(base + '/', { waitUntil: 'load' });
    const visibleLinks = () => page.$$eval('#site-nav a', (as) => as.filter((a) => a.getClientRects().length).length);
    const before = await visibleLinks();
    await page.click('.menu-toggle');
    const after = await visibleLinks();
    const expanded = await page.getAttribute('.menu-toggle', 'aria-expanded');
    check('at 360 px the menu opens with one tap', before === 0 && after === 6 && expanded === 'true',
      `${before} links before, ${after} after, aria-expanded ${expanded}`);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(base + kinds.activity, { waitUntil: 'load' });
    const top = await page.evaluate(() => {
      const img = document.querySelector('main img');
      return img ? img.getBoundingClientRect().top : Infinity;
    });
    check('the first photo of an activity starts within the first screen at 390x844', top < 844 - 100, `${top} px`);

    // At 1280 px photo grids have no half-empty row: the previews of a district and a plot,
    // an activity's photos and a district's gallery.
    await page.setViewportSize({ width: 1280, height: 800 });
    let grids = 0;
    for (const p of kinds.grids) {
      await page.goto(base + p, { waitUntil: 'load' });
      grids += await page.evaluate(() => document.querySelectorAll('.gallery').length);
      const bad = await partRows(page);
      check(`no half-empty row of photos at 1280 px: ${p}`, bad.length === 0, bad.join('; '));
    }
    check('photo grids are checked at 1280 px', grids >= kinds.grids.length, `${grids} grids`);

    await page.setViewportSize({ width: 320, height: 800 });
    const all = pages(siteDir);
    check('every page is opened for the overflow check', all.length > 200, `${all.length} pages`);
    let wide = 0;
    for (const p of all) {
      await page.goto(base + p, { waitUntil: 'load' });
      const o = await overflow(page);
      if (o.extra > 0) {
        wide += 1;
        check(`no horizontal overflow at 320 px: ${p}`, false, `${o.extra} px too wide: ${o.culprits.join(', ')}`);
      }
    }
    check(`no horizontal overflow at 320 px on any of ${all.length} pages`, wide === 0, `${wide} pages too wide`);
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
}

run(main);
