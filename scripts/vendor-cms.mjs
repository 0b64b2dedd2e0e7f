#!/usr/bin/env node
// Vendors the web form's CMS into the theme at a pinned version, so that nothing is fetched
// from a CDN at run time:
//   themes/default/admin/sveltia-cms.js             Sveltia CMS's build, patched (below)
//   themes/default/admin/LICENSE-sveltia-cms.txt    its licence (MIT)
//   themes/default/admin/chunks/react-dom.js        its React DOM chunk (for the activity preview)
//   themes/default/admin/fonts/…woff2 + OFL.txt     the icon font it needs (Material Symbols, OFL-1.1)
// and checks that our Thai strings (themes/default/admin/locales/th.json) have exactly the keys
// and placeholders of the version's English strings.
//
// The patches are exact string replacements into the minified build, each of which must match
// exactly once: updating the version means running this script, and it fails loudly (naming
// the replacement) wherever the new build differs, instead of shipping a half-patched CMS.
//
// Usage: node scripts/vendor-cms.mjs   (needs npm and the registry; run from anywhere)

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CMS = '@sveltia/cms@0.221.1';
const ICONS = '@fontsource/material-symbols-outlined@5.3.7';
const ICON_FILE = 'material-symbols-outlined-latin-400-normal.woff2';
// The CMS page is always `admin/<district>/`, the fonts `admin/fonts/`: the CMS injects its
// @font-face rules into the page, so the URL is relative to the page, not to the script.
const ICON_URL = `../fonts/${ICON_FILE}`;

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repo, 'themes/default/admin');

/** Unpacks an npm package (exact version) into a temporary folder; its `package/` path. */
function unpack(spec) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knn-vendor-'));
  const name = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', name], { cwd: dir });
  return path.join(dir, 'package');
}

/** Replaces `from` by `to` in `text`, which must contain `from` exactly once. */
function once(text, from, to, why) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`vendor-cms: "${why}" expects ${JSON.stringify(from.slice(0, 80))} exactly once`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// Modules the CMS imports on demand (from unpkg, at the versions its package.json pins), kept
// beside it: Immutable.js for event hooks, exifr for photo metadata, Turndown for pasted HTML,
// and the WebP encoder (with the one module it imports) that resizes photos on browsers that
// cannot encode WebP themselves (Safari). Others it can import (maps, HEIC decoding) are not
// vendored: their fetch stays local and fails, and the CMS goes on without them.
const MODULES = [
  ['immutable', '5.1.9', ['dist/immutable.es.js']],
  ['exifr', '7.1.3', ['dist/lite.esm.mjs']],
  ['turndown', '7.2.4', ['lib/turndown.browser.es.js']],
  ['@jsquash/webp', '1.5.0', ['encode.js', 'meta.js', 'utils.js', 'codec/enc/webp_enc.js', 'codec/enc/webp_enc.wasm', 'codec/enc/webp_enc_simd.js', 'codec/enc/webp_enc_simd.wasm', 'codec/LICENSE.codec.md']],
];
// The encoder's one dependency, which unpkg would have resolved by its bare name.
const FEATURE_DETECT = ['wasm-feature-detect', '1.8.0', 'dist/esm/index.js'];

const PATCHES = [
  [
    // On-demand modules from `admin/vendor/<name>@<version>/` beside the script, not unpkg.
    'let t=`https://unpkg.com/${e}`,n=Kfe[e]',
    'let t=new URL(`vendor/${e}`,qW).href,n=Kfe[e]',
    'modules from beside the script',
  ],
  [
    // Locale strings come from `admin/locales/` beside the script, not from unpkg.
    '`${iP}@${rP}/locales`',
    'new URL(`locales`,document.currentScript.src).href.replace(/\\/$/,``)',
    'locales from beside the script',
  ],
  [
    // The languages offered: English (built in) and our Thai.
    '`ar,bg,ca,cs,da,de,el,en-CA,en-GB,en-US,es-CO,fa,fi,fr,hr,it,ja,ko,nl,pl,pt-BR,pt-PT,ru,sv,tr,uk,vi,zh-CN,zh-TW`.split(`,`)',
    '`en-US,th`.split(`,`)',
    'English and Thai only',
  ],
  [
    // No update check against unpkg: the version is pinned here.
    'LSe=async()=>{try{let e=await fetch(NSe);',
    'LSe=async()=>{try{let e={ok:!1};',
    'no update check',
  ],
  [
    // No request to githubstatus.com: "GitHub is down" banners are not worth a third party.
    '`https://www.githubstatus.com/api/v2/status.json`',
    '`data:application/json,{"status":{"indicator":"none"}}`',
    'no status check',
  ],
  [
    // The icon font from the theme (static weight 400: 322 KB instead of the 753 KB variable font).
    "url(https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2)\n      format('woff2-variations')",
    `url(${ICON_URL})\n      format('woff2')`,
    'icons from the theme',
  ],
  [
    // Latin UI text in the system font (Thai always is): no font download for it.
    'url(https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2)',
    "local('Source Sans 3')",
    'no Source Sans download',
  ],
  [
    'url(https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2)',
    "local('Noto Mono')",
    'no Noto Mono download',
  ],
];

/** The placeholders (`{$name}`) and tags of a message, sorted, to compare translations. */
function shape(value) {
  if (typeof value !== 'string') return JSON.stringify(Object.keys(value ?? {}).sort());
  return [...value.matchAll(/\{\$[A-Za-z_]+\}|<\/?[a-z]+>/g)].map((m) => m[0]).sort().join(' ');
}

/** Every message key of a locale file (nested objects flattened as `a.b`), with its shape. */
function messages(obj, prefix = '', into = new Map()) {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix + key;
    if (value && typeof value === 'object' && !Array.isArray(value)) messages(value, `${name}.`, into);
    else into.set(name, shape(value));
  }
  return into;
}

function checkThai(cmsPackage) {
  const english = messages(JSON.parse(fs.readFileSync(path.join(cmsPackage, 'locales/en-US.json'), 'utf8')));
  const thai = messages(JSON.parse(fs.readFileSync(path.join(out, 'locales/th.json'), 'utf8')));
  const problems = [];
  for (const [key, want] of english) {
    if (!thai.has(key)) problems.push(`missing ${key}`);
    else if (!key.endsWith('.match') && thai.get(key) !== want && !/\.(one|other|few|many|zero|two)$/.test(key)) {
      // Plural branches may drop a placeholder (Thai has no plural form to spell).
      if (!thai.get(key).split(' ').every((p) => want.split(' ').includes(p))) problems.push(`placeholders of ${key}`);
    }
  }
  for (const key of thai.keys()) if (!english.has(key)) problems.push(`unknown ${key}`);
  if (problems.length) throw new Error(`vendor-cms: th.json: ${problems.slice(0, 20).join(', ')}`);
  return english.size;
}

const cms = unpack(CMS);
const icons = unpack(ICONS);
let js = fs.readFileSync(path.join(cms, 'dist/sveltia-cms.js'), 'utf8');
for (const [from, to, why] of PATCHES) js = once(js, from, to, why);
const left = js.match(/https:\/\/(cdn\.jsdelivr\.net|fonts\.googleapis\.com)[^\s`'")]*/g);
if (left) throw new Error(`vendor-cms: CDN URLs left in the build: ${left.join(', ')}`);

fs.mkdirSync(path.join(out, 'fonts'), { recursive: true });
fs.writeFileSync(path.join(out, 'sveltia-cms.js'), js);
fs.copyFileSync(path.join(cms, 'LICENSE.txt'), path.join(out, 'LICENSE-sveltia-cms.txt'));
// React DOM, which the CMS loads from beside itself (`chunks/`) for custom previews.
fs.mkdirSync(path.join(out, 'chunks'), { recursive: true });
fs.copyFileSync(path.join(cms, 'dist/chunks/react-dom.js'), path.join(out, 'chunks/react-dom.js'));
fs.copyFileSync(path.join(icons, 'files', ICON_FILE), path.join(out, 'fonts', ICON_FILE));
fs.copyFileSync(path.join(icons, 'LICENSE'), path.join(out, 'fonts/OFL-material-symbols.txt'));
fs.copyFileSync(path.join(cms, 'schema/sveltia-cms.json'), path.join(repo, 'cms/sveltia-cms.schema.json'));
/** Copies `files` of the npm package `name@version` (and its licence) to `admin/vendor/`. */
function vendorModule(name, version, files) {
  const pkg = unpack(`${name}@${version}`);
  const dir = path.join(out, 'vendor', `${name}@${version}`);
  for (const file of files) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.join(pkg, file), path.join(dir, file));
  }
  const licence = fs.readdirSync(pkg).find((f) => /^licen[cs]e/i.test(f));
  fs.copyFileSync(path.join(pkg, licence), path.join(dir, 'LICENSE.txt'));
  return dir;
}

fs.rmSync(path.join(out, 'vendor'), { recursive: true, force: true });
for (const [name, version, files] of MODULES) {
  if (!js.includes(`${/[-@/]/.test(name) ? `"${name}"` : name}:\`^${version}\``)) {
    throw new Error(`vendor-cms: the CMS no longer asks for ${name} ${version}`);
  }
  vendorModule(name, version, files);
}
{
  const [name, version, file] = FEATURE_DETECT;
  vendorModule(name, version, [file]);
  const encode = path.join(out, 'vendor', '@jsquash/webp@1.5.0', 'encode.js');
  const text = once(fs.readFileSync(encode, 'utf8'), "from 'wasm-feature-detect'", `from '../../${name}@${version}/${file}'`, 'the encoder imports its dependency from beside it');
  fs.writeFileSync(encode, text);
}
const strings = checkThai(cms);
console.log(`vendored ${CMS} (${(js.length / 1e6).toFixed(2)} MB, ${PATCHES.length} patches) and ${ICONS}; th.json covers ${strings} strings`);
