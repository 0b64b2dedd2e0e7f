// The web form end to end in Debian's Chromium at phone size (390x844): opens `/admin/` of a
// built site, chooses the district, works on a copy of the site folder through the CMS's
// local-repository mode (the folder picker answers with the browser's private file system,
// filled from the site folder and copied back to it afterwards), adds an activity, a lesson
// and a product in Thai with photos from the phone-photo fixture, edits the plot and adds a
// market to its markets.yaml, and, as a browser without a WebP encoder (Safari), a lesson
// whose photo the vendored encoder resizes. Every tap and every field typed is counted as a
// step. It also checks that nothing overflows the phone's width, that every visible label of
// the form is Thai, and that no request leaves 127.0.0.1.
//
// Usage: node tests/browser/cms.mjs <built site> <site folder> <photos folder> <screenshots folder> [sub-path]
// (the site is served under the sub-path it was built for, `/` by default, as on GitHub Pages).
// Prints one JSON line: { steps: {activity, lesson, product, plot, market}, seconds, outside, problems }.

import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './serve.mjs';

const [built, site, photos, shots, prefix = '/'] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
const problems = [];
const outside = [];
const steps = {};
let count = 0;
const step = async (what) => {
  count += 1;
  return what;
};

/** Every file of `dir` (relative path, base64), `.git` included. */
function filesOf(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesOf(dir, p));
    else out.push({ path: p, data: fs.readFileSync(path.join(dir, p)).toString('base64') });
  }
  return out;
}

const server = await serve(built, prefix);
const base = `http://127.0.0.1:${server.address().port}${prefix}`;
const browser = await launch();
const context = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: 'th-TH',
});
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
  outside.push(url.href);
  return route.abort();
});
await context.addInitScript(() => {
  window.showDirectoryPicker = async () => navigator.storage.getDirectory();
  // A browser that cannot encode WebP (Safari): asked for WebP, the canvas gives PNG.
  if (sessionStorage.getItem('knn-test-no-webp')) {
    const original = OffscreenCanvas.prototype.convertToBlob;
    OffscreenCanvas.prototype.convertToBlob = function (options = {}) {
      return original.call(this, options.type === 'image/webp' ? { ...options, type: 'image/png' } : options);
    };
  }
});
const page = await context.newPage();
page.setDefaultTimeout(20_000);
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('dialog', (d) => d.accept()); // "leave with unsaved changes?" when the test reloads
const encoder = [];
page.on('request', (r) => { if (r.url().includes('/vendor/@jsquash/webp@')) encoder.push(r.url()); });

/** Fails the run when the page is wider than the phone or a visible label is not Thai. */
async function phoneCheck(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
  const found = await page.evaluate(() => {
    const wide = document.documentElement.scrollWidth;
    const thai = /[\u0E01-\u0E5B]/;
    const labels = [...document.querySelectorAll('label, legend, [role="heading"], h1, h2, h3, button, [role="tab"]')]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0)
      .map((el) => (el.getAttribute('aria-label') || el.innerText || '').trim())
      // Icons are ligatures of the icon font (`arrow_back`): not words anyone reads.
      .filter((t) => /[A-Za-z]{3,}/.test(t) && !thai.test(t) && !/^[a-z0-9_]+(\s+[a-z0-9_]+)*$/.test(t))
      .filter((t) => !/^(GitHub|OTOP|GAP|Markdown|URL|CMS)$/.test(t));
    return { wide, english: [...new Set(labels)].slice(0, 10) };
  });
  if (found.wide > 390) problems.push(`${name}: page is ${found.wide}px wide`);
  if (found.english.length) problems.push(`${name}: labels not in Thai: ${found.english.join(' | ')}`);
}

const started = Date.now();
// 1. Open the form's address, 2. choose the district.
await step(page.goto(`${base}admin/`));
await phoneCheck('01-districts');
await step(page.getByRole('link', { name: /อำเภอบางคล้า/ }).click());
await page.evaluate(async (files) => {
  const root = await navigator.storage.getDirectory();
  for (const f of files) {
    const parts = f.path.split('/');
    let dir = root;
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    const handle = await dir.getFileHandle(parts.at(-1), { create: true });
    const w = await handle.createWritable();
    await w.write(Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0)));
    await w.close();
  }
}, filesOf(site));
await page.getByRole('button', { name: 'ทำงานกับคลังข้อมูลในเครื่อง' }).waitFor();
await phoneCheck('02-sign-in');
// 3. Sign in (here: the local folder; on the web: the saved token).
await step(page.getByRole('button', { name: 'ทำงานกับคลังข้อมูลในเครื่อง' }).click());
const signInSteps = count;

/** The field labelled `label` (the CMS names each field's group "ช่อง “label”"). */
const group = (label) => page.getByRole('group', { name: `ช่อง “\u2068${label}\u2069”`, exact: true });

/** Scrolls the editor until the field labelled `label` is drawn (fields are drawn as they come into view). */
async function reveal(label) {
  for (let i = 0; i < 30 && !(await group(label).count()); i += 1) await page.mouse.wheel(0, 700);
  await group(label).scrollIntoViewIfNeeded();
}

/** Chooses `option` in the select field labelled `label`. */
async function choose(label, option) {
  const field = group(label);
  const radio = field.getByRole('radio', { name: option, exact: true });
  if (await radio.count()) return step(radio.check());
  await step(field.getByRole('combobox').click());
  await step(page.getByRole('option', { name: option, exact: true }).click());
}

async function fill(label, text, role = 'textbox') {
  await step(group(label).getByRole(role).first().fill(String(text)));
}

async function pickDate(label, iso) {
  await step(group(label).locator('input[type="date"]').fill(iso));
}

async function attach(label, files) {
  const input = group(label).locator('input[type="file"]').first();
  await step(input.setInputFiles(files.map((f) => path.join(photos, f))));
  // The CMS resizes each photo in the browser before it shows it in the field.
  await page.waitForFunction(
    ({ name, n }) => {
      const field = [...document.querySelectorAll('[role="group"]')].find((g) => g.getAttribute('aria-label') === name
        || g.getAttribute('aria-labelledby') && document.getElementById(g.getAttribute('aria-labelledby'))?.innerText === name);
      return field && field.querySelectorAll('img').length >= n;
    },
    { name: `ช่อง “\u2068${label}\u2069”`, n: files.length },
    { timeout: 90_000 },
  ).catch(async () => {
    const images = await group(label).locator('img').count();
    throw new Error(`${label}: ${images} of ${files.length} photos shown after 90 s`);
  });
}

async function newEntry(collection, shot) {
  const back = page.getByRole('button', { name: 'กลับไปที่รายชื่อหมวดเนื้อหา' });
  if (await back.waitFor({ timeout: 5_000 }).then(() => true, () => false)) await step(back.click());
  await step(page.getByRole('treeitem', { name: collection, exact: true }).first().click());
  await step(page.getByRole('button', { name: 'สร้างรายการใหม่' }).first().click());
  await group('แปลง').waitFor();
  await page.waitForTimeout(1000); // the page slides in
  await phoneCheck(shot);
}

async function save(shot, listed = 'สร้างรายการใหม่') {
  await phoneCheck(shot);
  await step(page.getByRole('button', { name: 'บันทึก', exact: true }).first().click());
  // Saved: the CMS leaves the editor for the collection's list of entries.
  await page.getByRole('button', { name: listed }).first().waitFor({ timeout: 60_000 }).catch(async () => {
    await page.screenshot({ path: path.join(shots, `${shot}-not-saved.png`) });
    throw new Error(`${shot}: not saved`);
  });
}

/** The activity's preview: drawn as the site's page, in the site's stylesheet. */
async function preview() {
  await page.getByRole('button', { name: 'ตัวอย่าง', exact: true }).first().click();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: path.join(shots, '04b-activity-preview.png') });
  const found = [];
  for (const frame of page.frames()) {
    found.push(await frame.evaluate(() => {
      const roots = [document, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
      for (const root of roots) {
        const article = root.querySelector('.knn-preview article');
        if (!article) continue;
        const sheets = [...root.querySelectorAll('link[rel="stylesheet"], style')].map((l) => l.href || l.textContent.slice(0, 200));
        const css = [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href);
        return {
          srcs: [...article.querySelectorAll('.gallery img')].map((i) => i.src).slice(0, 2),
          title: article.querySelector('h1')?.textContent,
          meta: article.querySelector('.meta')?.textContent,
          photos: [...article.querySelectorAll('.gallery img')].filter((i) => i.complete && i.naturalWidth > 0).length,
          siteCss: [...sheets, ...css].some((h) => /assets\/site\.[0-9a-f]+\.css/.test(h)),
          font: getComputedStyle(article.querySelector('h1')).fontFamily,
        };
      }
      return null;
    }).catch(() => null));
  }
  const shown = found.find(Boolean);
  if (!shown) return problems.push('preview: no activity drawn as the site page');
  if (!shown.title?.includes('อบรมการทำปุ๋ยหมัก')) problems.push(`preview: title ${shown.title}`);
  if (!shown.meta?.includes('๒๕๖๙') || !shown.meta?.includes('อบรม')) problems.push(`preview: meta ${shown.meta}`);
  if (shown.photos < 6) problems.push(`preview: ${shown.photos} of 6 photos shown (${shown.srcs})`);
  if (!shown.siteCss) problems.push('preview: without the site stylesheet');
  await page.getByRole('button', { name: 'ตัวอย่าง', exact: true }).first().click();
}

async function body(text) {
  const editor = group('รายละเอียด').locator('[contenteditable="true"]').first();
  await step(editor.click());
  await step(editor.pressSequentially(text));
}

try {
  // The activity: every field of the monthly form.
  let before = count;
  await newEntry('กิจกรรม', '03-activity-new');
  await choose('แปลง', 'แปลงทดสอบบ้านไร่');
  await fill('ข้อ ๔ ชื่อกิจกรรม', 'อบรมการทำปุ๋ยหมักจากเศษใบไม้: ชุมชนบ้านไร่ #โคกหนองนา');
  await pickDate('วันที่', '2026-11-18');
  await choose('ประเภท', 'อบรม');
  await step(group('ยุทธศาสตร์').getByRole('checkbox').first().check());
  await fill('จำนวนผู้เข้าร่วม', 32, 'spinbutton');
  await step(group('ข้อ ๖ ช่องทางประชาสัมพันธ์').getByRole('button', { name: /เพิ่ม/ }).click());
  await fill('ข้อ ๖ ช่องทางประชาสัมพันธ์', 'https://www.facebook.com/cdd.chachoengsao/posts/123');
  await fill('ชื่อ', 'นางสาวรายงาน ทดสอบ');
  await fill('ตำแหน่ง', 'นักวิชาการพัฒนาชุมชน');
  await pickDate('วันที่รายงาน', '2026-11-19');
  await attach('ข้อ ๕ ภาพ', ['01-GreenMeadow.jpg', '02-Garden.jpg', '03-LadyBird.jpg', '04-RainDrops.jpg', '05-YellowFlower.jpg', '06-Dune.jpg']);
  await body('ชาวบ้านร่วมกันทำปุ๋ยหมักจากเศษใบไม้ในแปลง');
  await preview();
  await save('04-activity-filled');
  steps.activity = count - before + signInSteps;

  before = count;
  await newEntry('ถอดบทเรียน', '05-lesson-new');
  await choose('แปลง', 'แปลงทดสอบบ้านไร่');
  await fill('ชื่อเรื่อง', 'บทเรียนการจัดการน้ำหน้าแล้ง');
  await pickDate('วันที่', '2026-11-19');
  await fill('ประเด็น', 'การจัดการน้ำ');
  await attach('ภาพ', ['07-Storm.jpg', '08-Path.jpg']);
  await body('ขุดหนองให้ลึกพอเก็บน้ำไว้ใช้ตลอดหน้าแล้ง');
  await save('06-lesson-filled');
  steps.lesson = count - before;

  before = count;
  await newEntry('ผลิตภัณฑ์', '07-product-new');
  await choose('แปลง', 'แปลงทดสอบบ้านไร่');
  await fill('ชื่อผลิตภัณฑ์', 'ปุ๋ยหมักใบไม้');
  await choose('ประเภท', 'ผลิตภัณฑ์แปรรูป');
  await fill('ราคา', 50, 'spinbutton');
  await fill('หน่วย', 'กระสอบ');
  await attach('ภาพ', ['09-BytheWater.jpg']);
  await save('08-product-filled');
  steps.product = count - before;

  // The plot: its facts edited in place (a cluster added).
  before = count;
  const back = page.getByRole('button', { name: 'กลับไปที่รายชื่อหมวดเนื้อหา' });
  await step(back.click());
  await step(page.getByRole('treeitem', { name: 'แปลง', exact: true }).first().click());
  await step(page.getByRole('row').filter({ hasText: 'แปลงทดสอบบ้านไร่' }).first().click());
  await reveal('คลัสเตอร์');
  await step(group('คลัสเตอร์').getByRole('button', { name: /เพิ่ม/ }).click());
  await fill('คลัสเตอร์', 'ปุ๋ยอินทรีย์');
  await save('08b-plot-edited', 'กลับไปที่รายชื่อหมวดเนื้อหา');
  steps.plot = count - before;

  // The plot's markets: a list at the top of its markets.yaml.
  before = count;
  if (await back.isVisible()) await step(back.click());
  await step(page.getByRole('treeitem', { name: 'ตลาด', exact: true }).first().click());
  await step(page.getByRole('row').filter({ hasText: 'แปลงทดสอบบ้านไร่' }).first().click());
  await step(group('ตลาด').getByRole('button', { name: /เพิ่ม/ }).first().click());
  await fill('ชื่อตลาด', 'ตลาดนัดชุมชนบ้านไร่');
  await choose('ระดับ', 'ชุมชน');
  await choose('ประเภท', 'ตลาดนัดชุมชน');
  await fill('วันเวลา', 'ทุกวันเสาร์ 06:00-10:00');
  await save('08c-market-added', 'กลับไปที่รายชื่อหมวดเนื้อหา');
  steps.market = count - before;

  // The next visit: the reporter is filled in from last time, and five photos are refused.
  await page.reload();
  const local = page.getByRole('button', { name: 'ทำงานกับคลังข้อมูลในเครื่อง' });
  if (await local.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await local.click();
  await newEntry('กิจกรรม', '09-activity-again');
  await reveal('ผู้รายงาน');
  const remembered = await group('ชื่อ').getByRole('textbox').inputValue();
  if (remembered !== 'นางสาวรายงาน ทดสอบ') problems.push(`reporter not remembered: ${JSON.stringify(remembered)}`);
  await choose('แปลง', 'แปลงทดสอบบ้านไร่');
  await fill('ข้อ ๔ ชื่อกิจกรรม', 'กิจกรรมที่มีภาพไม่ครบ');
  await pickDate('วันที่', '2026-11-25');
  await choose('ประเภท', 'ประชุม');
  await attach('ข้อ ๕ ภาพ', ['07-Storm.jpg', '08-Path.jpg', '09-BytheWater.jpg', '10-FallenLeaf.jpg', '11-EveningGlow.jpg']);
  await page.getByRole('button', { name: 'บันทึก', exact: true }).first().click();
  await page.waitForTimeout(3000);
  await page.screenshot({ path: path.join(shots, '10-five-photos-refused.png') });
  if (await page.getByRole('button', { name: 'สร้างรายการใหม่' }).first().isVisible()) {
    problems.push('an activity with five photos was saved');
  }

  // On a browser without a WebP encoder (Safari) the photo is resized by the vendored encoder.
  await page.evaluate(() => sessionStorage.setItem('knn-test-no-webp', '1'));
  await page.goto(page.url().split('#')[0]); // the form's start, not the unsaved entry
  if (await local.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await local.click();
  await newEntry('ถอดบทเรียน', '11-lesson-without-webp');
  await choose('แปลง', 'แปลงทดสอบบ้านไร่');
  await fill('ชื่อเรื่อง', 'บทเรียนจากโทรศัพท์ไอโฟน');
  await pickDate('วันที่', '2026-11-26');
  await fill('ประเด็น', 'การถ่ายภาพ');
  await attach('ภาพ', ['10-FallenLeaf.jpg']);
  await save('12-lesson-without-webp-saved');
  if (!encoder.some((u) => u.endsWith('.wasm'))) problems.push(`the WebP encoder was not used: ${encoder.join(', ')}`);
} catch (e) {
  problems.push(`form: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: path.join(shots, 'failed.png'), fullPage: true });
  fs.writeFileSync(path.join(shots, 'failed.txt'), await page.locator('body').ariaSnapshot());
}
const seconds = (Date.now() - started) / 1000;

// Copy the private file system back into the site folder.
const written = await page.evaluate(async () => {
  const out = [];
  const walk = async (dir, rel) => {
    for await (const [name, handle] of dir.entries()) {
      const p = rel ? `${rel}/${name}` : name;
      if (handle.kind === 'directory') await walk(handle, p);
      else {
        const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        out.push({ path: p, data: btoa(s) });
      }
    }
  };
  await walk(await navigator.storage.getDirectory(), '');
  return out;
});
for (const f of written) {
  const target = path.join(site, f.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(f.data, 'base64'));
}
await browser.close();
server.close();
console.log(JSON.stringify({ steps, seconds, outside, problems }));
