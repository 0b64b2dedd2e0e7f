// Draws the theme's touch icon (themes/default/static/apple-touch-icon.png, 180x180, opaque as
// iOS wants it) from its favicon.svg in Debian's Chromium, so both stay the same picture.
// Usage: node scripts/icons.mjs (after scripts/setup.sh --browser).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/serve.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../themes/default/static');
const svg = fs.readFileSync(path.join(dir, 'favicon.svg'), 'utf8');
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 180, height: 180 } });
  await page.setContent(`<body style="margin:0;background:#2f6b3a">${svg.replace('<svg ', '<svg width="180" height="180" ')}</body>`);
  await page.screenshot({ path: path.join(dir, 'apple-touch-icon.png'), clip: { x: 0, y: 0, width: 180, height: 180 } });
} finally {
  await browser.close();
}
