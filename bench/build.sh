#!/usr/bin/env bash
# Build benchmark: time `knn build` (release) on a generated province-scale site.
#
#   bash bench/build.sh [--fresh] [--runs N] [--plots N] [--activities N] [--seed N] [--canonical]
#
#   --fresh       regenerate the site even if an up-to-date one is there
#   --runs N      timed runs (default 5)
#   --plots, --activities, --seed, --canonical   passed to bench/gen_site.py
#
# The site and the output go to $KNN_BENCH_DIR (default: knn-bench in the system temp dir).
# See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

fresh=0
runs=5
gen_args=()
while (($#)); do
  case "$1" in
    --fresh) fresh=1 ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    --plots | --activities | --seed) gen_args+=("$1" "${2:?$1 needs a number}"); shift ;;
    --canonical) gen_args+=("$1") ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "build.sh: --runs must be a positive whole number" >&2
  exit 2
fi

# `mktemp -u` only prints a name inside the system temp dir; its dirname is that dir.
work="${KNN_BENCH_DIR:-$(dirname "$(mktemp -u)")/knn-bench}"
site="$work/site"
out="$work/public"
log="$work/last-build.log"
mkdir -p "$work"

now() {
  local t
  t="$(date +%s.%N)"
  if [[ "$t" == *N* ]]; then # no %N (e.g. BSD date)
    t="$(python3 -c 'import time; print(f"{time.time():.6f}")')"
  fi
  echo "$t"
}

echo "== cargo build --release"
(cd "$root" && cargo build --release --quiet)
bin="${CARGO_TARGET_DIR:-$root/target}/release/knn"
[[ "$bin" == /* ]] || bin="$root/$bin"

echo "== site: $site"
stamp="$(python3 "$here/gen_site.py" --stamp ${gen_args[@]+"${gen_args[@]}"})"
current="$(head -n 1 "$site/site.yaml" 2>/dev/null || true)"
if ((fresh)) || [[ "$current" != "$stamp" ]]; then
  python3 "$here/gen_site.py" --out "$site" ${gen_args[@]+"${gen_args[@]}"}
else
  echo "up to date (${stamp#*: }); --fresh regenerates it"
fi
sources="$(find "$site" -name '*.md' | wc -l | tr -d ' ')"

cmd=("$bin" build "$site" --out "$out")
echo "== check run (untimed, also warms the file cache): ${cmd[*]}"
rm -rf "$out"
if ! "${cmd[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build.sh: knn build failed (output above, also in $log)" >&2
  exit 1
fi

echo "== $runs timed runs (output folder removed before each run)"
if command -v hyperfine >/dev/null 2>&1; then
  json="$work/hyperfine.json"
  hyperfine --runs "$runs" --prepare "rm -rf $(printf '%q' "$out")" --export-json "$json" \
    "$(printf '%q ' "${cmd[@]}")"
  median="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json")"
else
  times=()
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$out"
    start="$(now)"
    if ! "${cmd[@]}" >"$log" 2>&1; then
      cat "$log" >&2
      echo "build.sh: knn build failed on run $i" >&2
      exit 1
    fi
    end="$(now)"
    t="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
    times+=("$t")
    echo "run $i: $t s"
  done
  median="$(printf '%s\n' "${times[@]}" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
fi

pages="$(find "$out" -name index.html | wc -l | tr -d ' ')"
size="$(du -sh "$out" | cut -f1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "== result"
echo "commit:      $commit"
echo "cpus:        $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "source .md:  $sources"
echo "pages:       $pages (index.html files in $out, $size)"
echo "median:      $(awk -v m="$median" 'BEGIN { printf "%.3f", m }') s"
if [[ "$pages" -eq 0 ]]; then
  echo "build.sh: no index.html in the output: nothing to measure" >&2
  exit 1
fi
echo "pages/s:     $(awk -v p="$pages" -v m="$median" 'BEGIN { printf "%.0f", p / m }')"
