// Shared by the browser tests and the search benchmark: a static server for a built site
// (optionally under a sub-path, optionally gzipped with GitHub Pages' cache header and over
// HTTPS with HTTP/2, as on GitHub Pages), Debian's Chromium through playwright-core (never a downloaded browser) and
// the check list every browser test prints and counts.

import http from 'node:http';
import http2 from 'node:http2';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/octet-stream',
};

/** The types GitHub Pages sends gzipped to a browser that accepts it. */
const TEXT = /^(text\/|application\/(json|xml|javascript)|image\/svg\+xml)/;

/**
 * Serves the folder `root` at `prefix` (`/` or `/knn-demo/`) on 127.0.0.1, any free port. With
 * `notFound`, a missing path gets the site's `404.html` with status 404, as GitHub Pages does.
 * With `pages`, text files go gzipped to a client that accepts gzip and every file carries
 * `cache-control: max-age=600`, GitHub Pages' headers; otherwise files are sent as they are,
 * with `no-cache`. With `tls` (from `certificate()`), it speaks HTTPS, and HTTP/2 to a browser
 * that offers it, as GitHub Pages does; else plain HTTP/1.1.
 */
export function serve(root, prefix = '/', { notFound = false, pages = false, tls = null } = {}) {
  root = fs.realpathSync(path.resolve(root));
  const handler = (req, res) => {
    const fail = (code, text) => {
      const page = path.join(root, '404.html');
      if (code === 404 && notFound && fs.existsSync(page)) {
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        return res.end(fs.readFileSync(page));
      }
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return fail(400, 'bad path');
    }
    if (pathname.includes('\0')) return fail(400, 'bad path');
    if (!pathname.startsWith(prefix)) return fail(404, 'not found');
    const inside = '/' + pathname.slice(prefix.length);
    let file = path.resolve(root, '.' + inside);
    if (file !== root && !file.startsWith(root + path.sep)) return fail(403, 'outside the site');
    let stat;
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: pathname + '/' });
          return res.end();
        }
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
    } catch {
      return fail(404, 'not found');
    }
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type || !stat.isFile()) return fail(404, 'not found');
    if (pages) {
      const headers = { 'content-type': type, 'cache-control': 'max-age=600', vary: 'Accept-Encoding' };
      let body = fs.readFileSync(file);
      if (TEXT.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        body = zlib.gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  };
  const server = tls
    ? http2.createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, handler)
    : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, made by `openssl` in a temporary folder:
 * `{ key, cert, spki }`, where `spki` is the base64 SHA-256 of its public key, the value of
 * Chromium's `--ignore-certificate-errors-spki-list` that makes it trust exactly this one.
 */
export function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knn-tls-'));
  try {
    const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    const cert = fs.readFileSync(certFile);
    const der = new crypto.X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    const spki = crypto.createHash('sha256').update(der).digest('base64');
    return { key: fs.readFileSync(keyFile), cert, spki };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Debian's Chromium ($CHROMIUM, default /usr/bin/chromium), headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/** Thrown by a check of a fail-fast list: the failure is already printed and counted. */
export class CheckFailed extends Error {}

/**
 * The check list of a browser test. `check(what, good, detail)` prints `ok - what` or
 * `not ok - what: detail` and counts it; with `failFast` a failed check also throws
 * `CheckFailed`, ending the run. `summary()` is the line `[label: ]N passed, M failed`.
 * `run(main)` runs the test, counts an exception other than a failed check as one more
 * failure, prints the summary and exits with 0 only when none failed.
 */
export function checks({ label = '', failFast = false } = {}) {
  let passed = 0;
  let failed = 0;
  const summary = () => `${label ? `${label}: ` : ''}${passed} passed, ${failed} failed`;
  return {
    check(what, good, detail) {
      if (good) {
        passed += 1;
        console.log(`ok - ${what}`);
        return;
      }
      failed += 1;
      console.log(`not ok - ${what}: ${detail}`);
      if (failFast) throw new CheckFailed(what);
    },
    summary,
    async run(main) {
      try {
        await main();
      } catch (e) {
        if (!(e instanceof CheckFailed)) {
          failed += 1;
          console.log(`not ok - the run stopped: ${e && e.stack ? e.stack : e}`);
        }
      }
      console.log(summary());
      process.exit(failed ? 1 : 0);
    },
  };
}
