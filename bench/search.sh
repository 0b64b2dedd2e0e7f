#!/usr/bin/env bash
# Search benchmark: knn's Thai search against Pagefind on the same built site, in Chromium.
#
#   bash bench/search.sh
#
# Builds tests/fixtures/search with knn (release) under the sub-path /knn-demo/, indexes the
# same output with Pagefind (`npm install pagefind` into bench/.work/, not a project
# dependency), then runs the query set tests/browser/search-queries.json through both
# clients (tests/browser/search.mjs) and prints both scores, both index sizes and the bytes
# each downloads for a typical query. Needs Debian's chromium and `npm ci` (scripts/setup.sh --browser).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/.work/search"
mkdir -p "$work"
"$root/scripts/setup.sh" --browser

if [[ ! -x "$work/node_modules/.bin/pagefind" ]]; then
  echo "search.sh: npm install pagefind (into bench/.work/search)"
  (cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund pagefind@1 >/dev/null)
fi

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
out="$work/public"
rm -rf "$out"
"$root/target/release/knn" build "$root/tests/fixtures/search" --out "$out" \
  --cache "$work/cache" --base-url http://127.0.0.1/knn-demo/ | grep "search index"
"$work/node_modules/.bin/pagefind" --site "$out" --quiet

size() { du -sb "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }
node "$root/tests/browser/search.mjs" "$out" /knn-demo/ --engine knn --json "$work/knn.json" | grep "^search: "
node "$root/tests/browser/search.mjs" "$out" /knn-demo/ --engine pagefind --json "$work/pagefind.json" | grep -v -e "^ok  " -e "^search page"
# Pagefind's folder also holds its optional UI bundles; count them out.
core=$(find "$out/pagefind" -type f ! -name '*ui*' ! -name '*highlight*' -printf '%s\n' | awk '{s+=$1} END {print s}')
python3 - "$work" "$(size "$out/search")" "$(files "$out/search")" "$(size "$out/pagefind")" "$(files "$out/pagefind")" "$core" <<'PY'
import json, sys
work, ks, kf, ps, pf, pc = sys.argv[1], *map(int, sys.argv[2:])
k = json.load(open(f"{work}/knn.json"))
p = json.load(open(f"{work}/pagefind.json"))
# Pagefind is scored on the queries it can be asked (not the district/kind filters).
kc = sum(1 for r in k["report"] if not r["knnOnly"] and r["ok"])
print(f"{'':24}{'knn':>14}{'Pagefind':>14}")
print(f"{'exactly right':24}{k['right']:>9}/{k['total']:<4}{p['right']:>9}/{p['total']:<4}")
print(f"{'  on the same queries':24}{kc:>9}/{p['total']:<4}{p['right']:>9}/{p['total']:<4}")
print(f"{'index size (bytes)':24}{ks:>14}{ps:>14}")
print(f"{'  without UI bundles':24}{ks:>14}{pc:>14}")
print(f"{'index files':24}{kf:>14}{pf:>14}")
print(f"{'typical query download':24}{k['bytes']:>14}{p['bytes']:>14}")
PY
