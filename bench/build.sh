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

echo "== check run (untimed, also warms the file cache): $bin build $site --out $out"
rm -rf "$out"
if ! "$bin" build "$site" --out "$out" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build.sh: knn build failed (output above, also in $log)" >&2
  exit 1
fi

# Each timed run writes into a folder that has never existed: deleting thousands of files just
# before a run makes ext4 slow to create new ones (its "recently deleted" inode check), which
# would measure the file system's churn rather than knn. The run folders are removed at the end.
time_runs() { # label, then: out-folder-per-run function
  local label="$1" times=() i t start end
  for ((i = 1; i <= runs; i++)); do
    local target
    target="$("$2" "$i")"
    start="$(now)"
    if ! "$bin" build "$site" --out "$target" >"$log" 2>&1; then
      cat "$log" >&2
      echo "build.sh: knn build failed on run $i" >&2
      exit 1
    fi
    end="$(now)"
    t="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
    times+=("$t")
    echo "$label run $i: $t s"
  done
  printf '%s\n' "${times[@]}" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }' >"$work/median-$label"
}
fresh_out() { echo "$work/run-fresh-$1"; }
same_out() { echo "$out"; }

echo "== $runs timed runs into new folders (a first build)"
time_runs fresh fresh_out
echo "== $runs timed runs over the previous output (a rebuild: the old output is replaced)"
time_runs rebuild same_out
median="$(cat "$work/median-fresh")"
rebuild="$(cat "$work/median-rebuild")"
rm -rf "$work"/run-fresh-*

pages="$(find "$out" -name index.html | wc -l | tr -d ' ')"
size="$(du -sh "$out" | cut -f1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "== result"
echo "commit:      $commit"
echo "cpus:        $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "source .md:  $sources"
echo "pages:       $pages (index.html files in $out, $size)"
echo "median:      $(awk -v m="$median" 'BEGIN { printf "%.3f", m }') s (first build), $(awk -v m="$rebuild" 'BEGIN { printf "%.3f", m }') s (rebuild over the previous output)"
if [[ "$pages" -eq 0 ]]; then
  echo "build.sh: no index.html in the output: nothing to measure" >&2
  exit 1
fi
echo "pages/s:     $(awk -v p="$pages" -v m="$median" 'BEGIN { printf "%.0f", p / m }')"
