#!/usr/bin/env bash
# Runs every test (unit, fixture sites, snapshots, the end-to-end build of content/, and the
# lightbox in headless Chromium) after installing what they need. Arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
cargo test "$@"
