// Thai search in a real browser (Debian's Chromium) against a built site served under a
// sub-path, with the real client: the query set in search-queries.json, then (for knn) the
// search page itself: results as you type, the filters, the header box, no JavaScript.
//
// Usage: node tests/browser/search.mjs <site-dir> <base-path> [--engine knn|pagefind] [--json FILE]
// Prints one line per query, a score line and "search page: N passed, M failed"; with --engine
// knn exits 0 only when at least 95% of the queries are exactly right and every page check
// passes. --engine pagefind runs the same queries through Pagefind's own client (for
// bench/search.sh) and exits 0 unless the run stops.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, checks } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const [siteDir, basePath] = args;
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const engine = option('--engine', 'knn');
const jsonOut = option('--json', null);
const set = JSON.parse(fs.readFileSync(path.join(here, 'search-queries.json'), 'utf8'));
const STEP_MS = 10_000;
/** The search page's checks (--engine knn): the run stops at the first that fails. */
const t = checks({ label: 'search page', failFast: true });

/** The page key of a result URL (path relative to the base, without the #fragment). */
function keyOf(url, origin) {
  let p = new URL(url, origin).pathname;
  if (p.startsWith(basePath)) p = p.slice(basePath.length);
  else p = p.replace(/^\//, '');
  return p;
}

const pageKeys = Object.fromEntries(Object.entries(set.pages).map(([k, v]) => [k, v.split('#')[0]]));

/** Runs one query in the page; returns result URLs in rank order. */
async function run(page, q, opts) {
  if (engine === 'knn') {
    return page.evaluate(async ([q, opts]) => (await window.knnSearch(q, opts)).map((r) => r.url), [q, opts]);
  }
  return page.evaluate(async ([q, base]) => {
    const pf = window.__pf || (window.__pf = await import(base + 'pagefind/pagefind.js'));
    const found = await pf.search(q);
    const data = await Promise.all(found.results.map((r) => r.data()));
    return data.map((d) => d.url);
  }, [q, basePath]);
}

/** Whether the results are exactly right for a query. */
function judge(query, urls, origin) {
  const keys = urls.map((u) => keyOf(u, origin));
  const missing = query.must.filter((k) => !keys.includes(pageKeys[k]));
  const wrong = (query.not || []).filter((k) => keys.includes(pageKeys[k]));
  const problems = [];
  if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  if (wrong.length) problems.push(`wrongly returned ${wrong.join(', ')}`);
  if (query.none && keys.length) problems.push(`expected nothing, got ${keys.slice(0, 3).join(', ')}`);
  if (query.first && keys[0] !== pageKeys[query.first]) problems.push(`first should be ${query.first}, was ${keys[0]}`);
  if (query.before) {
    const [a, b] = query.before.map((k) => keys.indexOf(pageKeys[k]));
    if (a < 0 || b < 0 || a > b) problems.push(`${query.before[0]} should rank before ${query.before[1]}`);
  }
  return problems;
}

/** Bytes of index files fetched for one query on a fresh page. */
async function downloadFor(browser, origin, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + basePath);
  let bytes = 0;
  const wanted = engine === 'knn' ? '/search/' : '/pagefind/';
  const pending = [];
  page.on('response', (r) => {
    if (r.url().includes(wanted) || (engine === 'knn' && r.url().endsWith('/assets/search.js'))) {
      pending.push(r.body().then((b) => { bytes += b.length; }, () => {}));
    }
  });
  await run(page, q, {});
  await Promise.all(pending);
  await context.close();
  return bytes;
}

/** The search page as a person uses it. */
async function pageChecks(browser, origin, errors) {
  const check = (what, good, seen) => t.check(what, good, JSON.stringify(seen));
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(origin + basePath);
  const header = await page.$eval('form.site-search', (f) => f.getAttribute('action'));
  check('the header search box submits to the search page', header === basePath + 'search/', header);
  await page.click('.search-toggle');
  check('on a phone the search icon opens the header box, focused',
    await page.$eval('form.site-search input[name=q]', (i) => document.activeElement === i), false);
  await page.fill('form.site-search input[name=q]', 'ปุ๋ยหมัก');
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('form.site-search input[name=q]', 'Enter')]);
  await page.waitForSelector('#search-results li');
  const first = await page.$eval('#search-results li a', (a) => a.getAttribute('href'));
  check('the query from the header is searched on arrival', keyOf(first, origin) === pageKeys.compost, first);
  const mark = await page.$eval('#search-results li mark', (m) => m.textContent);
  check('the snippet highlights the match', mark === 'ปุ๋ยหมัก', mark);
  await page.fill('#q', '');
  await page.type('#q', 'เกษตร', { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length >= 3);
  const meta = await page.$$eval('#search-results li .meta', (ms) => ms.map((m) => m.textContent));
  check('results show kind, district and a B.E. date', meta.some((m) => /อำเภอบางคล้า · .*2566/.test(m)), meta);
  await page.selectOption('select[name=kind]', 'lesson');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  const lesson = await page.$eval('#search-results li a', (a) => a.getAttribute('href'));
  check('the kind filter keeps only lessons', keyOf(lesson, origin) === pageKeys.water, lesson);
  await page.selectOption('select[name=kind]', '');
  await page.fill('#q', 'เอามื้อสามัคคี');
  await page.selectOption('select[name=district]', 'บ้านโพธิ์');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 1);
  const forest = await page.$eval('#search-results li a', (a) => a.getAttribute('href'));
  check('the district filter keeps only that district', keyOf(forest, origin) === pageKeys.forest, forest);
  // Every match reachable: a word on 24 pages, more than one step of results.
  const step5 = await page.evaluate(async () => {
    const r = await window.knnSearch('สัปดาห์', { limit: 5 });
    return { urls: r.map((x) => x.url), more: r.more, candidates: r.candidates, exact: r.exact };
  });
  check('knnSearch returns up to its limit and says more remain', step5.urls.length === 5 && step5.more && step5.candidates === 24 && step5.exact, step5);
  const every = await page.evaluate(async () => {
    const r = await window.knnSearch('สัปดาห์', { limit: 100 });
    return { urls: r.map((x) => x.url), ids: r.map((x) => x.id), more: r.more };
  });
  check(
    'a larger limit reaches every match and keeps the first ones in place',
    every.urls.length === 24 && !every.more && new Set(every.urls).size === 24 && step5.urls.every((u, i) => every.urls[i] === u),
    every,
  );
  // Page chunks hold a few pages each: the page fetches exactly the chunks of what it shows.
  const chunk = (await (await fetch(origin + basePath + 'search/index.json')).json()).chunk;
  const chunksOf = (ids) => [...new Set(ids.map((id) => Math.floor(id / chunk)))].sort((a, b) => a - b);
  const fetched = new Set();
  const track = (r) => { const m = /\/search\/p-(\d+)\.json$/.exec(r.url()); if (m) fetched.add(Number(m[1])); };
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const got = () => [...fetched].sort((a, b) => a - b);
  page.on('request', track);
  await page.goto(origin + basePath + 'search/');
  await page.fill('#q', 'สัปดาห์');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 20);
  const shown = { status: await page.textContent('#search-status'), more: await page.isVisible('#search-more'), chunks: got(), want: chunksOf(every.ids.slice(0, 20)) };
  check('the page shows the first 20 of 24, the total and a "more" button, fetching only the chunks of what it shows', shown.more && shown.status.includes('24') && same(shown.chunks, shown.want), shown);
  await page.click('#search-more');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 24);
  const after = { more: await page.isVisible('#search-more'), chunks: got(), want: chunksOf(every.ids), status: await page.textContent('#search-status') };
  check('"ดูเพิ่มเติม" adds the rest and then goes away', !after.more && same(after.chunks, after.want) && after.status.includes('24'), after);
  fetched.clear();
  await page.goto(origin + basePath + 'search/');
  const filtered = await page.evaluate(async () => (await window.knnSearch('เกษตร', { kind: 'lesson' })).map((x) => x.id));
  const onlyLesson = { ids: filtered, chunks: got(), want: chunksOf(filtered) };
  check('a filtered search fetches the chunks of its results only', filtered.length === 1 && same(onlyLesson.chunks, onlyLesson.want), onlyLesson);
  page.off('request', track);
  await page.fill('#q', 'ไดโนเสาร์');
  await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('ไม่พบ'));
  check('a word on no page says nothing was found', true, null);
  await context.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(origin + basePath + 'search/?q=ข้าว');
  const links = await plain.$$eval('main a', (as) => as.filter((a) => a.offsetParent).map((a) => a.getAttribute('href')));
  const formHidden = await plain.$eval('#search-form', (f) => f.hidden);
  const lists = ['districts/', 'months/', 'lessons/', 'products/', 'markets/'].map((p) => basePath + p);
  check('without JavaScript the search page offers the lists of pages', formHidden && lists.every((l) => links.includes(l)), links);
  await noJs.close();
}

async function main() {
  const server = await serve(siteDir, basePath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const errors = [];
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(origin + basePath + 'districts/');
    const queries = set.queries.filter((q) => engine === 'knn' || !q.knnOnly);
    let right = 0;
    const report = [];
    const started = Date.now();
    for (const query of queries) {
      const opts = {};
      if (query.district) opts.district = query.district;
      if (query.kind) opts.kind = query.kind;
      const urls = await run(page, query.q, opts);
      const problems = judge(query, urls, origin);
      if (!problems.length) right += 1;
      report.push({ q: query.q, knnOnly: !!query.knnOnly, ok: !problems.length, problems, results: urls.length });
      console.log(`${problems.length ? 'MISS' : 'ok  '} ${query.q}${query.district ? ' [' + query.district + ']' : ''}${query.kind ? ' [' + query.kind + ']' : ''} (${urls.length} results)${problems.length ? ': ' + problems.join('; ') : ''}`);
    }
    const ms = Date.now() - started;
    await context.close();
    const bytes = await downloadFor(browser, origin, 'ปุ๋ยหมัก');
    const share = (100 * right) / queries.length;
    console.log(`search: ${engine} ${right}/${queries.length} exactly right (${share.toFixed(1)}%), ${ms} ms for all queries, ${bytes} bytes downloaded for the query ปุ๋ยหมัก`);
    if (engine === 'knn') await pageChecks(browser, origin, errors);
    if (errors.length) throw new Error(`page errors: ${JSON.stringify(errors)}`);
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ engine, right, total: queries.length, bytes, ms, report }, null, 2));
    if (engine === 'knn' && share < 95) throw new Error('fewer than 95% of the queries exactly right');
  } finally {
    await browser.close();
    server.close();
  }
}

t.run(main);
