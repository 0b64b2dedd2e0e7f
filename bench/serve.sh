#!/usr/bin/env bash
# How fast `knn serve` rebuilds the province-scale site of bench/build.sh after one activity's
# title is edited: prints the first build's and each rebuild's line as knn serve prints them
# (milliseconds, pages rendered and reused). Run bench/build.sh first (it makes the site).
#   bash bench/serve.sh [--edits 3]
set -euo pipefail
cd "$(dirname "$0")/.."

edits=3
while (($#)); do
  case "$1" in
    --edits) edits="$2"; shift 2 ;;
    *) echo "usage: bash bench/serve.sh [--edits N]" >&2; exit 2 ;;
  esac
done

work="${KNN_BENCH_DIR:-${TMPDIR:-/tmp}/knn-bench}"
[[ -f "$work/site/site.yaml" ]] || { echo "serve.sh: no site in $work/site; run bench/build.sh first" >&2; exit 1; }
cargo build --release --quiet
site="$work/serve-site"
rm -rf "$site"
cp -r "$work/site" "$site"
rm -rf "$site/.knn-cache"
log="$work/serve.log"
./target/release/knn serve "$site" --port 0 >"$log" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

built() { grep -c "(built)" "$log" || true; }
wait_built() { # count to reach
  local i
  for ((i = 0; i < 600; i++)); do
    (($(built) >= $1)) && return 0
    sleep 0.2
  done
  echo "serve.sh: no build line after 120 s" >&2
  exit 1
}

wait_built 1
activity="$(find "$site/districts" -name index.md -path '*activities*' | LC_ALL=C sort | sed -n 1p)"
for ((n = 1; n <= edits; n++)); do
  # The title line, in English or Thai keys as gen_site.py writes them.
  sed -i -E "s/^((title|ชื่อกิจกรรม): .*)$/\1 $n/" "$activity"
  wait_built $((n + 1))
done
grep "(built)" "$log"
