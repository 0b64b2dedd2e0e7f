// What one search downloads on a built site: for each query, a fresh page calls
// window.knnSearch and the files fetched from search/ (and the client) are counted.
//
//   node bench/search-download.mjs <public-dir> <base-path> <query>...
//   e.g. after `bash bench/build.sh`: node bench/search-download.mjs "$KNN_BENCH_DIR/public" /knn-bench/ ปุ๋ยหมัก
//   ($KNN_BENCH_DIR: where bench/build.sh put the site; see bench/README.md)
// V=1 prints every file and its size. Each line gives the bytes as served here (before
// compression) and gzipped (each body compressed on its own with zlib at its default level,
// as GitHub Pages serves JSON, text and JavaScript).
import zlib from 'node:zlib';
import { serve, launch } from '../tests/browser/serve.mjs';
const server = await serve(process.argv[2], process.argv[3]);
const origin = `http://127.0.0.1:${server.address().port}${process.argv[3]}`;
const browser = await launch();
for (const q of process.argv.slice(4)) {
  const ctx = await browser.newContext(); const page = await ctx.newPage();
  await page.goto(origin);
  let bytes = 0, gzipped = 0, files = 0; const pend = [];
  page.on('response', (r) => {
    if (!r.url().includes('/search/') && !r.url().endsWith('search.js')) return;
    files++;
    pend.push(r.body().then((b) => {
      const gz = zlib.gzipSync(b).length;
      bytes += b.length; gzipped += gz;
      if (process.env.V) console.log(b.length, gz, r.url().split('/search/')[1] || 'search.js');
    }, () => {}));
  });
  const t = Date.now();
  const n = await page.evaluate(async (q) => (await window.knnSearch(q)).length, q);
  const ms = Date.now() - t;
  await Promise.all(pend);
  console.log(`${q}: ${n} results, ${files} files, ${bytes} bytes (${gzipped} gzipped), ${ms} ms`);
  await ctx.close();
}
await browser.close(); server.close();
