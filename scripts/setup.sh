#!/usr/bin/env bash
# Installs what building and testing knn needs beyond Rust, once (later runs do nothing):
#   nasm             mozjpeg's SIMD code is assembled with it (Debian package)
#   --browser adds   Debian's chromium and playwright-core from npm (`npm ci`), for the
#                    real-browser tests of the theme's scripts (no browser is downloaded),
#                    zbar-tools, whose zbarimg scans the printed QR signs in a test,
#                    fonts-thai-tlwg, so the web form's screenshots show Thai letters, and
#                    default-jre-headless, the Java that runs the Nu HTML Checker (vnu-jar
#                    from npm, like axe-core) over every page of the sample site, and
#                    lighthouse from npm, which audits the sample site in that Chromium over
#                    HTTPS (openssl makes the test's throwaway certificate); npm
#                    runs no install scripts (vnu-jar's would fetch a Java of its own), and
#                    s3s-fs (cargo install), the S3-compatible server the object-storage tests
#                    start on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v nasm >/dev/null || packages+=(nasm)
if [[ "${1:-}" == "--browser" ]]; then
  [[ -x /usr/bin/chromium ]] || packages+=(chromium)
  command -v zbarimg >/dev/null || packages+=(zbar-tools)
  [[ -d /usr/share/fonts/truetype/tlwg ]] || packages+=(fonts-thai-tlwg)
  command -v java >/dev/null || packages+=(default-jre-headless)
  command -v openssl >/dev/null || packages+=(openssl)
fi

if ((${#packages[@]})); then
  sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  echo "setup: installing ${packages[*]} (apt-get)"
  $sudo apt-get update -q >/dev/null
  for p in "${packages[@]}"; do
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
  done
fi

npm_missing() {
  local p
  for p in playwright-core axe-core vnu-jar lighthouse; do
    [[ -d "node_modules/$p" ]] || return 0
  done
  return 1
}
if [[ "${1:-}" == "--browser" ]] && npm_missing; then
  echo "setup: npm ci (playwright-core, axe-core, vnu-jar, lighthouse)"
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null
fi

# The S3-compatible server of the object-storage tests (a real one, on loopback).
S3S_FS_VERSION=0.14.1
if [[ "${1:-}" == "--browser" ]] && ! s3s-fs --version 2>/dev/null | grep -q "$S3S_FS_VERSION"; then
  echo "setup: cargo install s3s-fs $S3S_FS_VERSION (the S3 server of the tests)"
  cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary --locked --quiet
fi
