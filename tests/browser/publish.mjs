// Real-browser checks of what a published site shows people: the QR signs (the printed page
// decodes to the right URL with zbarimg and is one A4 or A5 sheet), the 404 page (styled,
// and every link on it works, from any depth under a sub-path, as GitHub Pages serves it) and
// the share buttons (Facebook and LINE links carry the page's address; copy-link copies it).
//
// Usage: node tests/browser/publish.mjs <site-dir> <prefix> <checks.json>
// checks.json: {"signs": [{"path", "url", "title", "paper"}], "missing": ["<path>", ...],
//               "share": [{"path", "url"}]}
// Prints one line per check and a summary per part; exits 0 only when all pass. Needs
// node_modules/playwright-core, Chromium ($CHROMIUM, default /usr/bin/chromium) and zbarimg.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch } from './serve.mjs';

const [root, prefix, checksFile] = process.argv.slice(2);
const checks = JSON.parse(fs.readFileSync(checksFile, 'utf8'));
// CSS pixels at 96 dpi, and PDF points, of each paper.
const PAPER = {
  A4: { viewport: { width: 794, height: 1123 }, points: [595, 842] },
  A5: { viewport: { width: 559, height: 794 }, points: [420, 595] },
};

const tally = { signs: [0, 0], missing: [0, 0], share: [0, 0] };
function check(part, what, good, seen) {
  tally[part][good ? 0 : 1] += 1;
  console.log(`${good ? 'ok' : 'FAILED'} - ${part}: ${what}${good ? '' : ` (saw ${JSON.stringify(seen)})`}`);
}

/** Page errors and failed requests, other than the 404 of the page asked for. */
function watch(page, errors, expected404) {
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== expected404 && !r.url().endsWith('/favicon.ico')) {
      errors.push(`${r.status()} ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
}

/** What zbarimg reads in a PNG: one line per code. */
function decode(png) {
  try {
    return execFileSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' }).trim().split('\n');
  } catch (e) {
    return [`zbarimg failed: ${e.message}`];
  }
}

async function sign(browser, base, tmp, s, n) {
  const paper = PAPER[s.paper];
  const page = await browser.newPage({ viewport: paper.viewport });
  const errors = [];
  watch(page, errors, null);
  await page.goto(base + s.path.slice(1));
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.fonts.ready);
  const png = path.join(tmp, `sign-${n}.png`);
  await page.screenshot({ path: png, fullPage: true });
  check('signs', `${s.path} decodes to ${s.url}`, JSON.stringify(decode(png)) === JSON.stringify([s.url]), decode(png));
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g) || [];
  check('signs', `${s.path} prints on one sheet`, pages.length === 1, pages.length);
  const box = (pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/) || []).slice(1).map(Number);
  const fits = box.length === 2 && box.every((v, i) => Math.abs(v - paper.points[i]) < 2);
  check('signs', `${s.path} is ${s.paper}`, fits, box);
  const shown = await page.evaluate(() => ({
    title: document.querySelector('h1').textContent.trim(),
    sarabun: [...document.fonts].some((f) => f.family.includes('Sarabun') && f.status === 'loaded'),
    toolbar: getComputedStyle(document.querySelector('.toolbar')).display,
    // The sheet is one page tall and hides what overflows: nothing may be cut off.
    overflow: document.querySelector('.sheet').scrollHeight - document.querySelector('.sheet').clientHeight,
  }));
  check('signs', `${s.path} fits its sheet with nothing cut off`, shown.overflow <= 1, shown.overflow);
  check('signs', `${s.path} shows "${s.title}" in Sarabun`, shown.title === s.title && shown.sarabun, shown);
  check('signs', `${s.path} hides the toolbar in print`, shown.toolbar === 'none', shown.toolbar);
  check('signs', `${s.path} loads without errors`, errors.length === 0, errors);
  await page.close();
}

async function missing(browser, base, p) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const url = base + p.slice(1);
  const errors = [];
  watch(page, errors, url);
  const response = await page.goto(url);
  check('missing', `${p} answers 404`, response.status() === 404, response.status());
  const looks = await page.evaluate(() => ({
    h1: document.querySelector('h1') && document.querySelector('h1').textContent,
    rules: [...document.styleSheets].reduce((n, s) => n + (s.href ? s.cssRules.length : 0), 0),
    header: getComputedStyle(document.querySelector('.site-header')).display,
  }));
  check('missing', `${p} is the styled Thai 404 page`, looks.h1 === 'ไม่พบหน้านี้' && looks.rules > 20, looks);
  // In-page anchors (the skip link) stay on this page; every other link must lead somewhere.
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
    .filter((a) => !a.getAttribute('href').startsWith('#'))
    .map((a) => a.href));
  const internal = links.filter((l) => l.startsWith(base));
  const broken = [];
  for (const l of internal) {
    const r = await page.request.get(l);
    if (r.status() !== 200) broken.push(`${r.status()} ${l}`);
  }
  check('missing', `${p}: all ${internal.length} links on it work`, internal.length >= 8 && broken.length === 0, broken);
  // On a phone the header's search box opens from its icon.
  await page.click('.search-toggle');
  await page.fill('.site-search input', 'ปุ๋ย');
  const [searched] = await Promise.all([page.waitForNavigation(), page.press('.site-search input', 'Enter')]);
  check('missing', `${p}: the search box opens the search page`, searched.status() === 200
    && new URL(page.url()).pathname === `${prefix}search/`, page.url());
  check('missing', `${p} loads without errors`, errors.length === 0, errors);
  await page.close();
}

async function share(browser, base, s) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
  const page = await context.newPage();
  const errors = [];
  watch(page, errors, null);
  await page.goto(base + s.path.slice(1));
  const links = await page.evaluate(() => [...document.querySelectorAll('p.share a')].map((a) => ({
    text: a.textContent, href: a.href, target: a.target,
  })));
  const param = (text, key) => {
    const l = links.find((x) => x.text === text);
    return l && new URL(l.href).searchParams.get(key);
  };
  check('share', `${s.path}: Facebook shares ${s.url}`, param('Facebook', 'u') === s.url, links);
  check('share', `${s.path}: LINE shares ${s.url}`, param('LINE', 'url') === s.url, links);
  const scripts = await page.evaluate(() => [...document.scripts].filter((x) => x.src).map((x) => x.src));
  check('share', `${s.path}: no third-party script`, scripts.every((src) => src.startsWith(base)), scripts);
  await page.click('p.share a[data-copy]');
  await page.waitForFunction(() => document.querySelector('p.share a[data-copy]').textContent === 'คัดลอกแล้ว', null, { timeout: 5000 })
    .catch(() => {});
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const label = await page.textContent('p.share a[data-copy]');
  check('share', `${s.path}: copy-link copies ${s.url} and says so`, copied === s.url && label === 'คัดลอกแล้ว', { copied, label });
  check('share', `${s.path}: stays on the page`, page.url() === base + s.path.slice(1), page.url());
  check('share', `${s.path} loads without errors`, errors.length === 0, errors);
  await context.close();
}

const server = await serve(root, prefix, { notFound: true });
const base = `http://127.0.0.1:${server.address().port}${prefix}`;
const browser = await launch();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'knn-publish-'));
try {
  for (const [n, s] of (checks.signs || []).entries()) await sign(browser, base, tmp, s, n);
  for (const p of checks.missing || []) await missing(browser, base, p);
  for (const s of checks.share || []) await share(browser, base, s);
} finally {
  await browser.close();
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
for (const [part, [good, bad]] of Object.entries(tally)) console.log(`${part}: ${good} passed, ${bad} failed`);
process.exit(Object.values(tally).some(([, bad]) => bad) ? 1 : 0);
