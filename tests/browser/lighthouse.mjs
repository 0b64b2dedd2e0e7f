// Lighthouse's mobile audit of the built sample site: each given page must score 100 in
// performance, accessibility, best practices and SEO, served gzipped with GitHub Pages'
// headers by serve.mjs, in Debian's Chromium (never a downloaded browser).
//
// Usage: node tests/browser/lighthouse.mjs <site-dir> <spec.json>
// <spec.json> is {"pages": [URL paths], "require": [categories]}. Each page is audited once
// with Lighthouse's default (mobile) settings: a Moto G Power sized screen, simulated slow 4G
// and a 4x slower CPU. Every page's four scores and its metrics are printed; each category in
// "require" is a check that its score is 100, and a failing one lists the audits that cost it
// points. Ends with "N passed, M failed" and exits 0 only when none failed.
// Needs node_modules/lighthouse and Chromium ($CHROMIUM, default /usr/bin/chromium).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import lighthouse from 'lighthouse';
import { serve, checks, CHROMIUM_ARGS } from './serve.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const [siteDir, specFile] = process.argv.slice(2);
const { pages: paths, require: required } = JSON.parse(fs.readFileSync(specFile, 'utf8'));

const { check, run } = checks();

/**
 * Debian's Chromium, headless, with a DevTools port of its own choosing for Lighthouse to
 * connect to: resolves to { port, close }.
 */
function startChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'knn-lighthouse-'));
  const child = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
    ...CHROMIUM_ARGS, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    '--remote-debugging-address=127.0.0.1', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    child.kill();
    await exited;
    // Chromium's helper processes can still be writing the profile's cache for a moment after
    // the browser exits (ENOTEMPTY): Node retries those errors.
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port:\n${err}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), close });
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
}

/** The audits that cost a category points, worst first, as "id (score, weight): title" lines. */
function losses(lhr, id) {
  return lhr.categories[id].auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ audit }) => audit.score !== null && audit.score < 1
      && ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode))
    .sort((a, b) => b.ref.weight - a.ref.weight || a.audit.score - b.audit.score)
    .map(({ ref, audit }) => {
      const value = audit.displayValue ? ` ${audit.displayValue}` : '';
      const items = (audit.details?.items || []).slice(0, 3)
        .map((i) => i.node?.snippet || i.url || i.source?.url || i.label || '')
        .filter(Boolean);
      return `${ref.id} (score ${audit.score}, weight ${ref.weight}):${value} ${audit.title}`
        + (items.length ? `\n      ${items.join('\n      ')}` : '');
    });
}

async function main() {
  const server = await serve(siteDir, '/', { notFound: true, pages: true });
  const base = `http://127.0.0.1:${server.address().port}`;
  const chromium = await startChromium();
  try {
    for (const p of paths) {
      const started = Date.now();
      const result = await lighthouse(base + p, {
        port: chromium.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
      });
      const lhr = result.lhr;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (lhr.runtimeError) {
        check(`Lighthouse runs on ${p}`, false, `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        continue;
      }
      const scores = CATEGORIES.map((c) => `${c} ${Math.round(lhr.categories[c].score * 100)}`).join(', ');
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
        'cumulative-layout-shift', 'speed-index'].map((m) => `${m.replace(/-/g, ' ')} ${lhr.audits[m].displayValue}`);
      console.log(`# ${p}: ${scores} (${seconds} s)\n#   ${metrics.join(', ')}`);
      for (const c of required) {
        const score = lhr.categories[c].score;
        check(`Lighthouse mobile ${c} is 100: ${p}`, score === 1,
          `${Math.round(score * 100)}\n    ${losses(lhr, c).join('\n    ')}`);
      }
    }
  } finally {
    await chromium.close();
    server.close();
  }
}

run(main);
