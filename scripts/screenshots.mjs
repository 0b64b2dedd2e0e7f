// Takes the screenshots of docs/design.md and the README: the first screen of home, a
// district, a plot and an activity of the sample site at 360x800 (a phone) and 1280x800, in
// Debian's Chromium, into docs/images/showcase/.
//
// Usage (after scripts/setup.sh --browser):
//   cargo run --release -- build content --out target/showcase-site --base-url http://127.0.0.1/
//   node scripts/screenshots.mjs target/showcase-site

import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, launch } from '../tests/browser/serve.mjs';

const PAGES = {
  home: '/',
  district: '/districts/bang-nam-priao/',
  plot: '/districts/bang-nam-priao/pa-wanna-khok-nong-na/',
  activity: '/districts/bang-nam-priao/pa-wanna-khok-nong-na/activities/2023-10-14-ao-mue-plant-forest/',
};
const WIDTHS = [360, 1280];

const site = process.argv[2];
if (!site || !fs.existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node scripts/screenshots.mjs <built-site-dir> (see the comment at the top)');
  process.exit(2);
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../docs/images/showcase');
fs.mkdirSync(out, { recursive: true });
const server = await serve(site, '/');
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();
try {
  for (const width of WIDTHS) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const [name, p] of Object.entries(PAGES)) {
      await page.goto(base + p, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      const file = path.join(out, `${name}-${width}.jpg`);
      await page.screenshot({ path: file, type: 'jpeg', quality: 72 });
      console.log(path.relative(process.cwd(), file));
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
