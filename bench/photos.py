#!/usr/bin/env python3
"""Photo benchmark: knn's image pipeline next to vipsthumbnail and Hugo.

Times how fast knn turns phone photos into its published images, next to libvips' vipsthumbnail
and (when installed) Hugo making the same outputs from the same photos.

This file owns, under bench/.work/ (git-ignored):
  - photos-N-SEED/     N distinct phone-like JPEGs cut from tests/fixtures/phone-photos (kept
                       between runs and reused when complete);
  - site-N-SEED/       a knn site holding them, 8 photos per activity;
  - run-N-SEED/        the outputs and logs of one run (removed at the end unless --keep);
  - photos-result.json the numbers of the last run.

    python3 bench/photos.py [--photos N] [--seed S] [--jobs J] [--keep] [--knn BINARY]
                            [--plots P] [--photos-per-activity A]

Besides the timings it prints what knn publishes per photo and how many months a province's
photos take to fill GitHub Pages' 1 GB (with and without an image bucket).

Needs Python 3.11 (standard library only) and `vips`, `vipsthumbnail` and `vipsheader` from
Debian's libvips-tools. See bench/PHOTOS.md for what is measured and how to read the output.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
SOURCE_GLOB = "tests/fixtures/phone-photos/**/*.jpg"
TEMPLATE_SITE = ROOT / "tests" / "fixtures" / "minimal"
PLOT_DIR = Path("districts/bang-khla/ban-rai-plot")
RESULT_FILE = WORK / "photos-result.json"

# Bump when the generated photos would change for the same N and seed.
GENERATOR_VERSION = 1
CROP_MIN = 0.6  # each side of a crop covers 60-100% of the source side
QUALITY_RANGE = (85, 92)
PHOTOS_PER_ACTIVITY = 8
FIRST_DATE = datetime.date(2024, 1, 1)

# The outputs every tool makes per photo, as knn publishes them.
WEBP_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 75
CARD_SIZE = (1200, 630)
# The 4:3 lead crops of a page's first photo (src/images/mod.rs LEAD_WIDTHS, WebP quality 60).
LEAD_WIDTHS = (480, 720, 960)
LEAD_QUALITY = 60
CARD_QUALITY = 80
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif"}

# Targets the summary checks.
TARGET_NOOP_PER_1000_S = 1.0
TARGET_PEAK_RSS_MIB = 1024
MIB = 1024 * 1024
PROGRESS_EVERY_S = 5.0

# The size forecast: a province's plots, each with one activity a month of this many photos (the
# monthly report form asks for at least 6), against GitHub Pages' limit as knn counts it.
PROVINCE_PLOTS = 340
FORECAST_PHOTOS_PER_ACTIVITY = 6
PAGES_LIMIT_MB = 1000
MB = 1_000_000  # knn's MB and KB are decimal, as GitHub's 1 GB
KB = 1_000
# knn's names for a photo's outputs: `<stem>-480.webp` (a width), `<stem>-card.jpg` (the share
# card), `<stem>-480x360.webp` (a 4:3 lead crop); only a page's first photo has the last two.
LEAD_CROP_NAME = re.compile(r"-\d+x\d+\.webp$")
CARD_SUFFIX = "-card.jpg"


# ---------------------------------------------------------------------------------------------
# Running commands


@dataclass
class Measured:
    """One finished child process: wall-clock and CPU seconds, peak RSS and what it printed."""

    cmd: list[str]
    seconds: float
    cpu_seconds: float  # user + system
    peak_rss_kib: int
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_kib / 1024


def run_measured(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Runs `cmd` to the end; times it and reads its peak RSS with wait4 (Linux: KiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            cmd=[str(c) for c in cmd],
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            peak_rss_kib=usage.ru_maxrss,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def fail(message: str, run: Measured | None = None) -> NoReturn:
    """Prints what went wrong (and the child's output) and exits non-zero."""
    if run is not None:
        print(f"$ {' '.join(run.cmd)}", file=sys.stderr)
        for text in (run.stdout, run.stderr):
            if text.strip():
                print(text.rstrip(), file=sys.stderr)
        message = f"{message} (exit code {run.returncode})"
    sys.exit(f"photos.py: {message}")


def tool_output(cmd: list[str]) -> str:
    """The stdout of a quick command that must succeed."""
    run = run_measured(cmd)
    if not run.ok:
        fail(f"{cmd[0]} failed", run)
    return run.stdout


def parallel_map(label: str, items: list, work, jobs: int) -> list:
    """Runs `work(item)` on a pool of `jobs` threads; prints progress now and then; keeps order.

    The first failure (an exception, or `fail` in a worker) cancels the items not started yet.
    """
    results: list = [None] * len(items)
    start = last = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(work, item): i for i, item in enumerate(items)}
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                now = time.monotonic()
                if now - last >= PROGRESS_EVERY_S and done < len(items):
                    print(f"  {label}: {done}/{len(items)} ({now - start:.0f} s)")
                    last = now
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def require_vips() -> None:
    missing = [t for t in ("vips", "vipsthumbnail", "vipsheader") if shutil.which(t) is None]
    if missing:
        sys.exit(
            f"photos.py: {', '.join(missing)} not found. Install libvips' command-line tools:\n"
            "    apt-get install -y libvips-tools"
        )


# ---------------------------------------------------------------------------------------------
# Generated photos


@dataclass(frozen=True)
class PhotoSpec:
    """How photo `name` is cut from `source`: a crop of the stored pixels, re-encoded at `quality`."""

    name: str
    source: str  # relative to the repository root
    orientation: int  # the source's EXIF orientation, kept in the output
    left: int
    top: int
    width: int
    height: int
    quality: int


def find_sources() -> list[Path]:
    sources = sorted(ROOT.glob(SOURCE_GLOB))
    if not sources:
        sys.exit(f"photos.py: no source photos match {SOURCE_GLOB} in {ROOT}")
    return sources


def image_header(path: Path) -> dict[str, str]:
    """vipsheader's fields of one image (width, height, orientation, exif-...)."""
    fields = {}
    for line in tool_output(["vipsheader", "-a", str(path)]).splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def plan_photos(sources: list[Path], count: int, seed: int) -> list[PhotoSpec]:
    """One distinct crop per photo: sources round-robin, crop size, offset and quality random."""
    rng = random.Random(seed)
    headers = {s: image_header(s) for s in sources}
    specs: list[PhotoSpec] = []
    seen = set()
    while len(specs) < count:
        source = sources[len(specs) % len(sources)]
        h = headers[source]
        full_w, full_h = int(h["width"]), int(h["height"])
        w = rng.randint(int(full_w * CROP_MIN + 0.999), full_w)
        ht = rng.randint(int(full_h * CROP_MIN + 0.999), full_h)
        left, top = rng.randint(0, full_w - w), rng.randint(0, full_h - ht)
        quality = rng.randint(*QUALITY_RANGE)
        key = (source, left, top, w, ht, quality)
        if key in seen:  # never happens in practice, but identical files would flatter a cache
            continue
        seen.add(key)
        specs.append(
            PhotoSpec(
                name=f"p{len(specs) + 1:05d}.jpg",
                source=str(source.relative_to(ROOT)),
                orientation=int(h.get("orientation", "1")),
                left=left,
                top=top,
                width=w,
                height=ht,
                quality=quality,
            )
        )
    return specs


def generate_photo(spec: PhotoSpec, folder: Path) -> None:
    """Cuts one photo with vips (which keeps the source's EXIF, orientation and GPS included)."""
    final = folder / spec.name
    if final.exists():
        return
    partial = folder / f".partial-{spec.name}"
    run = run_measured(
        ["vips", "extract_area", str(ROOT / spec.source), f"{partial}[Q={spec.quality}]",
         str(spec.left), str(spec.top), str(spec.width), str(spec.height)]
    )
    if not run.ok:
        fail(f"could not make {spec.name}", run)
    partial.rename(final)  # a file under its final name is always whole


def check_all_different(folder: Path, specs: list[PhotoSpec]) -> None:
    """Hashes every photo (which also loads them into the file cache) and refuses duplicates."""
    seen: dict[str, str] = {}
    for spec in specs:
        digest = hashlib.sha256((folder / spec.name).read_bytes()).hexdigest()
        if digest in seen:
            sys.exit(f"photos.py: {spec.name} and {seen[digest]} are identical; try another --seed")
        seen[digest] = spec.name


def ensure_photos(count: int, seed: int, jobs: int) -> tuple[Path, list[PhotoSpec]]:
    """The generated photos, made now or reused from an earlier run with the same plan."""
    folder = WORK / f"photos-{count}-{seed}"
    specs = plan_photos(find_sources(), count, seed)
    plan = {"generator": GENERATOR_VERSION, "photos": [asdict(s) for s in specs]}
    plan_file = folder / "plan.json"
    if plan_file.exists() and json.loads(plan_file.read_text()) != plan:
        print(f"== photos: the plan changed; regenerating {folder.relative_to(ROOT)}")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    plan_file.write_text(json.dumps(plan, indent=1) + "\n")

    missing = [s for s in specs if not (folder / s.name).exists()]
    if missing:
        print(f"== photos: making {len(missing)} of {count} in {folder.relative_to(ROOT)} ({jobs} jobs)")
        start = time.monotonic()
        parallel_map("photos", missing, lambda s: generate_photo(s, folder), jobs)
        print(f"  made {len(missing)} photos in {time.monotonic() - start:.1f} s")
    else:
        print(f"== photos: reusing {count} photos in {folder.relative_to(ROOT)}")
    check_all_different(folder, specs)
    return folder, specs


# ---------------------------------------------------------------------------------------------
# The knn site


def activity_index(number: int, date: datetime.date, names: list[str]) -> str:
    """The index.md of test activity `number`, listing its photos with captions."""
    lines = [
        "---",
        f"title: กิจกรรมทดสอบ {number}",
        f"date: {date.isoformat()}",
        "kind: meeting",
        "participants: 12",
        "reporter:",
        "  name: นางสาวรายงาน ทดสอบ",
        "  position: นักวิชาการพัฒนาชุมชน",
        "photos:",
    ]
    for name in names:
        lines += [f"  - file: {name}", f"    caption: ภาพที่ {int(Path(name).stem[1:])}"]
    lines += ["---", "ข้อความ", ""]
    return "\n".join(lines)


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def make_site(site: Path, photos: Path, specs: list[PhotoSpec]) -> list[Path]:
    """Writes a knn site holding the photos, 8 per activity; returns the photo paths in it."""
    if site.exists():
        shutil.rmtree(site)
    plot = site / PLOT_DIR
    plot.mkdir(parents=True)
    shutil.copy(TEMPLATE_SITE / "site.yaml", site / "site.yaml")
    shutil.copy(TEMPLATE_SITE / PLOT_DIR / "plot.md", plot / "plot.md")
    placed = []
    for start in range(0, len(specs), PHOTOS_PER_ACTIVITY):
        number = start // PHOTOS_PER_ACTIVITY + 1
        date = FIRST_DATE + datetime.timedelta(days=number - 1)
        folder = plot / "activities" / f"{date.isoformat()}-photos-{number:04d}"
        folder.mkdir(parents=True)
        names = [s.name for s in specs[start : start + PHOTOS_PER_ACTIVITY]]
        (folder / "index.md").write_text(activity_index(number, date, names), encoding="utf-8")
        for name in names:
            link_or_copy(photos / name, folder / name)
            placed.append(folder / name)
    return placed


# ---------------------------------------------------------------------------------------------
# knn


@dataclass
class Knn:
    """The release binary, and whether it has the `--cache` option yet."""

    binary: Path
    version: str
    has_cache_flag: bool
    jobs: int

    def build(self, site: Path, out: Path, cache: Path, log: Path) -> Measured:
        """`knn build SITE --out OUT --cache CACHE`, what it printed kept in `log`.

        Exits with knn's output if the build fails.
        """
        theme = ROOT / "themes" / "default"
        cmd = [str(self.binary), "build", str(site), "--out", str(out), "--theme", str(theme)]
        if self.has_cache_flag:
            cmd += ["--cache", str(cache)]
        env = dict(os.environ, RAYON_NUM_THREADS=str(self.jobs))
        run = run_measured(cmd, env=env)
        log.write_text(f"$ {' '.join(run.cmd)}\n{run.stdout}{run.stderr}", encoding="utf-8")
        if not run.ok:
            fail("knn build failed", run)
        return run


def build_knn(jobs: int, given: Path | None = None) -> Knn:
    """`cargo build --release` (or the binary given with --knn), then what the binary can do."""
    if given is not None:
        if not (given.is_file() and os.access(given, os.X_OK)):
            sys.exit(f"photos.py: --knn {given}: not an executable file")
        print(f"== knn: using {given} (not built by this run)")
        binary = given
    else:
        binary = cargo_build_release()
    version = tool_output([str(binary), "--version"]).strip()
    has_cache = re.search(r"--cache(?![\w-])", tool_output([str(binary), "build", "--help"])) is not None
    if not has_cache:
        print(
            "  NOTE: this knn has no `build --cache` option yet: building without it, so every\n"
            "  rebuild re-encodes every photo and the rebuild targets cannot be met"
        )
    return Knn(binary, version, has_cache, jobs)


def cargo_build_release() -> Path:
    """`cargo build --release`; the path of the knn binary it made."""
    if shutil.which("cargo") is None:
        sys.exit("photos.py: cargo not found (knn is built with `cargo build --release`; "
                 "or give a binary with --knn)")
    print("== cargo build --release")
    run = run_measured(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    if not run.ok:
        fail("cargo build --release failed", run)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return (target if target.is_absolute() else ROOT / target) / "release" / "knn"


def published_images(out: Path) -> list[Path]:
    """The image files in a tool's output folder (knn's theme assets/ left out)."""
    return [
        p for p in out.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file() and "assets" not in p.relative_to(out).parts
    ]


def total_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def image_kind(path: Path) -> str:
    """`card`, `lead` (a 4:3 lead crop) or `variant` (one of a photo's WebP widths)."""
    name = path.name.lower()
    if name.endswith(CARD_SUFFIX):
        return "card"
    if LEAD_CROP_NAME.search(name):
        return "lead"
    return "variant"


def site_bytes(out: Path) -> dict[str, int]:
    """Bytes of a knn output folder by kind: `photos` (the published images, as
    `published_images` finds them), `pages` (.html), `search` (the index files in search/, its
    page aside) and `other` (the web form in admin/, the theme's assets/, sitemap, feed, ...)."""
    photos = set(published_images(out))
    sizes = {"photos": 0, "pages": 0, "search": 0, "other": 0}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        if path in photos:
            kind = "photos"
        elif path.suffix == ".html":
            kind = "pages"
        elif path.relative_to(out).parts[0] == "search":
            kind = "search"
        else:
            kind = "other"
        sizes[kind] += path.stat().st_size
    return sizes


def activities_of(count: int) -> int:
    """How many activity pages the bench site has for `count` photos (8 a page, the last fewer)."""
    return -(-count // PHOTOS_PER_ACTIVITY)


def timing(seconds: float, cpu_seconds: float, count: int | None = None) -> str:
    """`12.30 s (CPU 23.10 s)`, with photos/s when `count` is given."""
    text = f"{seconds:.2f} s (CPU {cpu_seconds:.2f} s)"
    return text + (f", {count / seconds:.2f} photos/s" if count else "")


def summary_line(run: Measured) -> str:
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def check_knn(knn: Knn, photos: Path, specs: list[PhotoSpec], run_dir: Path) -> dict[str, int]:
    """A quick build of the first activity alone, before anything is timed; its output's bytes
    by kind (`site_bytes`), the one-activity end of the per-activity page estimate."""
    first = specs[:PHOTOS_PER_ACTIVITY]
    print(f"== knn check build ({len(first)} photos)")
    site, cache = run_dir / "check-site", run_dir / "check-cache"
    make_site(site, photos, first)
    cache.mkdir()
    run = knn.build(site, run_dir / "check-out", cache, run_dir / "knn-check.log")
    print(f"  {summary_line(run)}")
    return site_bytes(run_dir / "check-out")


def measure_knn(knn: Knn, site: Path, site_photos: list[Path], run_dir: Path) -> dict:
    """Cold build, no-op rebuild and 'fresh checkout' rebuild of the whole site."""
    out, cache = run_dir / "knn-out", run_dir / "knn-cache"
    cache.mkdir()
    count = len(site_photos)
    print(f"== knn: cold build ({count} photos, empty cache, new output folder)")
    cold = knn.build(site, out, cache, run_dir / "knn-cold.log")
    print(f"  {timing(cold.seconds, cold.cpu_seconds, count)}, peak RSS {cold.peak_rss_mib:.0f} MiB")
    print(f"  knn: {summary_line(cold)}")
    images = published_images(out)
    bytes_out = total_bytes(images)
    by_kind = {"variant": [0, 0], "card": [0, 0], "lead": [0, 0]}  # kind: [files, bytes]
    for image in images:
        counted = by_kind[image_kind(image)]
        counted[0] += 1
        counted[1] += image.stat().st_size
    output_bytes = site_bytes(out)

    print("== knn: no-op rebuild (same command again)")
    noop = knn.build(site, out, cache, run_dir / "knn-noop.log")
    print(f"  {timing(noop.seconds, noop.cpu_seconds)}, peak RSS {noop.peak_rss_mib:.0f} MiB")

    print("== knn: fresh-checkout rebuild (every photo's mtime set to now)")
    for photo in site_photos:
        os.utime(photo)
    fresh = knn.build(site, out, cache, run_dir / "knn-fresh-checkout.log")
    print(f"  {timing(fresh.seconds, fresh.cpu_seconds)}, peak RSS {fresh.peak_rss_mib:.0f} MiB")

    runs = {"cold": cold, "noop": noop, "fresh_checkout": fresh}
    return {
        "version": knn.version,
        "cache_flag": knn.has_cache_flag,
        "photos_per_s": count / cold.seconds,
        **{
            name: {"seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "peak_rss_mib": r.peak_rss_mib}
            for name, r in runs.items()
        },
        "peak_rss_mib": max(r.peak_rss_mib for r in runs.values()),
        "bytes_in": total_bytes(site_photos),
        "bytes_out": bytes_out,
        "files_out": len(images),
        "images_by_kind": {kind: {"files": f, "bytes": b} for kind, (f, b) in by_kind.items()},
        "site_bytes": output_bytes,
        "outputs": out,
    }


# ---------------------------------------------------------------------------------------------
# Bytes published per photo, and the months until GitHub Pages' limit


def volume(count: int, knn: dict, check_bytes: dict[str, int], plots: int, per_activity: int) -> dict:
    """What knn published per photo in the cold build, the pages and search index an activity
    adds, and the forecast for `plots` plots with one activity of `per_activity` photos a month.

    Apportionment: knn makes one share card and its 4:3 lead crops per page, for the page's
    first photo; here that is one set per activity of 8 photos. "Published per photo" is all of
    the cold build's images over the N photos (each photo carrying 1/8 of its activity's set);
    the forecast's activity is `per_activity` photos' WebP widths plus one set. The pages an
    activity adds are the full build's minus the check build's (the first activity alone), over
    the activities the full build has more.
    """
    kinds = knn["images_by_kind"]
    activities = activities_of(count)
    webp_per_photo = kinds["variant"]["bytes"] / count
    set_bytes = kinds["card"]["bytes"] + kinds["lead"]["bytes"]
    set_per_activity = set_bytes / activities
    published = {
        "photos": count,
        "activities": activities,
        "photos_per_activity": PHOTOS_PER_ACTIVITY,
        "webp_bytes_per_photo": webp_per_photo,
        "card_and_lead_bytes_per_activity": set_per_activity,
        "card_and_lead_files": kinds["card"]["files"] + kinds["lead"]["files"],
        "bytes_per_photo": (kinds["variant"]["bytes"] + set_bytes) / count,
        "apportionment": f"one card + lead crops per activity of {PHOTOS_PER_ACTIVITY} photos, "
                         "spread over the activity's photos",
    }
    photo_bytes_activity = per_activity * webp_per_photo + set_per_activity
    photos_month = plots * photo_bytes_activity
    forecast = {
        "plots": plots,
        "photos_per_activity": per_activity,
        "limit_mb": PAGES_LIMIT_MB,
        "photo_bytes_per_activity": photo_bytes_activity,
        "photo_mb_per_month": photos_month / MB,
        "months_to_limit_photos_alone": PAGES_LIMIT_MB * MB / photos_month,
    }
    full = knn["site_bytes"]
    per = {k: (full[k] - check_bytes[k]) / max(activities - 1, 1) for k in ("pages", "search", "other")}
    stays = sum(per.values())
    if activities > 1 and stays > 0:
        fixed = sum(check_bytes[k] - per[k] for k in ("pages", "search", "other"))
        forecast |= {
            "page_bytes_per_activity": per,
            "fixed_bytes": fixed,
            "bucket_mb_per_month": plots * stays / MB,
            "months_to_limit_with_bucket": (PAGES_LIMIT_MB * MB - fixed) / (plots * stays),
        }
    return {"published_per_photo": published, "forecast": forecast}


def print_volume(result: dict) -> None:
    pub, fc = result["published_per_photo"], result["forecast"]
    n, acts = pub["photos"], pub["activities"]
    print("== published per photo (knn's cold build)")
    print(f"  WebP widths              {pub['webp_bytes_per_photo'] / KB:7.1f} KB per photo")
    print(f"  card + 4:3 lead crops    {pub['card_and_lead_bytes_per_activity'] / KB:7.1f} KB per activity "
          f"(one set, for its first photo; {acts} activit{'y' if acts == 1 else 'ies'} "
          f"of up to {PHOTOS_PER_ACTIVITY} photos)")
    print(f"  published per photo      {pub['bytes_per_photo'] / KB:7.1f} KB (all images / {n} photos: "
          f"each photo carries 1/{PHOTOS_PER_ACTIVITY} of its activity's set)")
    per = fc.get("page_bytes_per_activity")
    if per:
        print(f"== pages per activity (full build, {acts} activities, minus the check build, 1; "
              f"over {acts - 1})")
        print(f"  pages {per['pages'] / KB:.1f} KB, search index {per['search'] / KB:.1f} KB, "
              f"other {per['other'] / KB:.1f} KB per activity; "
              f"fixed part {fc['fixed_bytes'] / MB:.1f} MB (web form, theme assets, ...)")
    else:
        print("== pages per activity: n/a (one activity only: needs more than "
              f"{PHOTOS_PER_ACTIVITY} photos)")
    plots, a, limit = fc["plots"], fc["photos_per_activity"], fc["limit_mb"]
    print(f"== forecast: {plots} plots, one activity of {a} photos each a month, {limit} MB on GitHub Pages")
    print(f"  photos         {a} x {pub['webp_bytes_per_photo'] / KB:.1f} KB + "
          f"{pub['card_and_lead_bytes_per_activity'] / KB:.1f} KB = "
          f"{fc['photo_bytes_per_activity'] / KB:.0f} KB per activity, "
          f"{fc['photo_mb_per_month']:.1f} MB a month: "
          f"{limit} MB of photos alone in {fc['months_to_limit_photos_alone']:.1f} months")
    if per:
        months = fc["months_to_limit_with_bucket"]
        print(f"  with a bucket  pages + search + other {sum(per.values()) / KB:.1f} KB per activity, "
              f"{fc['bucket_mb_per_month']:.1f} MB a month: {limit} MB in {months:.0f} months "
              f"({months / 12:.1f} years)")


# ---------------------------------------------------------------------------------------------
# vipsthumbnail


def expected_files(count: int) -> int:
    """What knn publishes for `count` photos: three WebP widths each, and a share card and the
    4:3 lead crops for the first photo of each activity (the photo that leads a page)."""
    return 3 * count + (1 + len(LEAD_WIDTHS)) * -(-count // PHOTOS_PER_ACTIVITY)


def is_lead(index: int) -> bool:
    """Whether the photo at `index` (in name order) is the first of its activity."""
    return index % PHOTOS_PER_ACTIVITY == 0


def vips_commands(source: Path, out: Path, card: bool) -> list[list[str]]:
    """The vipsthumbnail commands making knn's outputs for one photo (never enlarging): three
    WebP widths, and the share card when the photo leads its activity's page."""
    stem = source.stem
    cmds = [
        ["vipsthumbnail", str(source), "--size", f"{w}x>",
         "-o", f"{out / stem}-{w}.webp[Q={WEBP_QUALITY},strip]"]
        for w in WEBP_WIDTHS
    ]
    card_w, card_h = CARD_SIZE
    if card:
        cmds.append(
            ["vipsthumbnail", str(source), "--size", f"{card_w}x{card_h}", "--smartcrop", "centre",
             "-o", f"{out / stem}-card.jpg[Q={CARD_QUALITY},strip]"]
        )
        cmds.extend(
            ["vipsthumbnail", str(source), "--size", f"{w}x{w * 3 // 4}", "--smartcrop", "centre",
             "-o", f"{out / stem}-{w}x{w * 3 // 4}.webp[Q={LEAD_QUALITY},strip]"]
            for w in LEAD_WIDTHS
        )
    return cmds


def vips_version() -> str:
    return tool_output(["vips", "--version"]).strip()


def measure_vips(sources: list[Path], run_dir: Path, jobs: int) -> dict:
    """All photos through vipsthumbnail on `jobs` workers, one photo (up to 7 commands) per task."""
    out = run_dir / "vips-out"
    out.mkdir()
    # One libvips thread per process: `jobs` workers then use `jobs` cores, as knn does.
    env = dict(os.environ)
    env.setdefault("VIPS_CONCURRENCY", "1")

    def one_photo(item: tuple[int, Path]) -> list[Measured]:
        index, source = item
        runs = [run_measured(cmd, env=env) for cmd in vips_commands(source, out, is_lead(index))]
        for run in runs:
            if not run.ok:
                fail("vipsthumbnail failed", run)
        return runs

    version = vips_version()
    print(f"== vipsthumbnail ({version}): {len(sources)} photos, {jobs} workers, "
          f"VIPS_CONCURRENCY={env['VIPS_CONCURRENCY']}")
    start = time.perf_counter()
    runs = [run for photo in parallel_map("vipsthumbnail", list(enumerate(sorted(sources))), one_photo, jobs) for run in photo]
    seconds = time.perf_counter() - start
    cpu_seconds = sum(r.cpu_seconds for r in runs)
    images = published_images(out)
    print(f"  {timing(seconds, cpu_seconds, len(sources))}")
    return {
        "version": version,
        "vips_concurrency": env["VIPS_CONCURRENCY"],
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "photos_per_s": len(sources) / seconds,
        "peak_rss_mib_per_process": max(r.peak_rss_mib for r in runs),
        "bytes_out": total_bytes(images),
        "files_out": len(images),
        "outputs": out,
    }


# ---------------------------------------------------------------------------------------------
# Hugo

HUGO_CONFIG = """\
baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

# Only the processed images are published, not the originals. The front matter key is `_build`
# before Hugo 0.123 and `build` since.
HUGO_PAGE = """\
---
title: photos
{build_key}:
  publishResources: false
---
"""

# Hugo's Resize and Fill do not apply the EXIF orientation (Go's JPEG decoder ignores it, and
# images.AutoOrient is an opt-in filter since 0.121.2), so the template turns each photo itself
# (rN turns counter-clockwise). Fill uses the Center anchor like `--smartcrop centre`: Hugo's
# default Smart anchor runs a content analysis that neither knn nor the vips command does.
HUGO_SINGLE = """\
{{- range $i, $img := .Resources.ByType "image" -}}
{{- $turn := "" -}}
{{- with .Exif -}}{{- with .Tags.Orientation -}}
{{- $o := . | int -}}
{{- if eq $o 6 }}{{ $turn = " r270" }}
{{- else if eq $o 3 }}{{ $turn = " r180" }}
{{- else if eq $o 8 }}{{ $turn = " r90" }}{{ end -}}
{{- end -}}{{- end -}}
{{- $a := .Resize (print "480x webp q75" $turn) -}}
{{- $b := .Resize (print "960x webp q75" $turn) -}}
{{- $c := .Resize (print "1600x webp q75" $turn) -}}
{{- range slice $a $b $c }}<img src="{{ .RelPermalink }}">{{ end }}
{{- if eq (mod $i 8) 0 }}{{ with $img.Fill (print "1200x630 Center q80 jpg" $turn) }}<img src="{{ .RelPermalink }}">{{ end }}{{ end }}
{{- end }}
"""


def hugo_version(hugo: str) -> tuple[str, tuple[int, ...]]:
    """Hugo's version line and its number (`hugo v0.111.3+extended linux/amd64 ...`)."""
    line = tool_output([hugo, "version"]).strip()
    match = re.search(r"v(\d+)\.(\d+)\.(\d+)", line)
    return line, tuple(int(n) for n in match.groups()) if match else (0, 0, 0)


def make_hugo_site(folder: Path, photos: list[Path], version: tuple[int, ...]) -> None:
    """One page bundle holding every photo as a page resource."""
    bundle = folder / "content" / "photos"
    bundle.mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG)
    build_key = "build" if version >= (0, 123, 0) else "_build"
    (bundle / "index.md").write_text(HUGO_PAGE.format(build_key=build_key))
    for layout, text in (("single.html", HUGO_SINGLE), ("list.html", "")):
        path = folder / "layouts" / "_default" / layout
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (folder / "layouts" / "index.html").write_text("")
    for photo in photos:
        link_or_copy(photo, bundle / photo.name)


def measure_hugo(photos: list[Path], run_dir: Path) -> dict:
    """`hugo --quiet` on a fresh site (no resources/_gen, no cache, no public/), if Hugo is here."""
    hugo = shutil.which("hugo")
    if hugo is None:
        print("== hugo: not installed, skipped (apt-get install -y hugo to compare with it)")
        return {"skipped": "not installed"}
    folder = run_dir / "hugo"
    version, number = hugo_version(hugo)
    make_hugo_site(folder, photos, number)
    print(f"== hugo: {len(photos)} photos (hugo {'.'.join(map(str, number))})")
    cmd = [hugo, "--quiet", "--source", str(folder), "--destination", str(folder / "public"),
           "--cacheDir", str(folder / "cache")]
    run = run_measured(cmd)
    if not run.ok:
        print(f"  hugo failed (exit code {run.returncode}); left out of the comparison:")
        print("  " + (run.stderr.strip() or run.stdout.strip()).replace("\n", "\n  "))
        return {"version": version, "failed": run.stderr.strip()[-2000:]}
    images = published_images(folder / "public")
    print(f"  {timing(run.seconds, run.cpu_seconds, len(photos))}, peak RSS {run.peak_rss_mib:.0f} MiB")
    return {
        "version": version,
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "photos_per_s": len(photos) / run.seconds,
        "peak_rss_mib": run.peak_rss_mib,
        "bytes_out": total_bytes(images),
        "files_out": len(images),
        "outputs": folder / "public",
    }


# ---------------------------------------------------------------------------------------------
# Checking that every tool made comparable outputs


def turned_photo(specs: list[PhotoSpec]) -> PhotoSpec | None:
    """A photo stored sideways (EXIF orientation 6 or 8) and clearly not square."""
    for spec in specs:
        if spec.orientation in (6, 8) and abs(spec.width - spec.height) > spec.height // 10:
            return spec
    return None


def output_verdict(paths: list[Path], spec: PhotoSpec) -> str:
    """Whether one photo's outputs are upright (the card and lead crops aside) and free of GPS."""
    upright = spec.width / spec.height  # height/width once turned: the stored sides swap
    sideways, gps = [], []
    for path in paths:
        header = image_header(path)
        w, h = int(header["width"]), int(header["height"])
        # The card (1200x630) and the 4:3 lead crops have their own shape whatever the photo's.
        fixed = (w, h) == CARD_SIZE or LEAD_CROP_NAME.search(path.name)
        if not fixed and abs(h / w - upright) > 0.02 * upright:
            sideways.append(f"{path.name} ({w}x{h})")
        if any(k.startswith("exif-ifd3-GPS") for k in header):
            gps.append(path.name)
    verdict = f"{len(paths)} files"
    if not sideways and not gps:
        return verdict + ", upright, no GPS"
    if sideways:
        verdict += "; NOT UPRIGHT: " + ", ".join(sideways)
    if gps:
        verdict += "; GPS KEPT: " + ", ".join(gps)
    return verdict


def check_outputs(tools: dict[str, dict], specs: list[PhotoSpec]) -> dict[str, str]:
    """Looks at every tool's outputs of one sideways photo; prints and returns a verdict each."""
    spec = turned_photo(specs)
    if spec is None:
        return {}
    stem = Path(spec.name).stem
    stored = f"{spec.width}x{spec.height}"
    print(f"== output check: {spec.name} (EXIF orientation {spec.orientation}, {stored} stored)")
    verdicts = {}
    for tool, result in tools.items():
        outputs = result.get("outputs")
        if outputs is None:
            continue
        paths = sorted(p for p in outputs.rglob(f"{stem}*") if p.suffix.lower() in IMAGE_SUFFIXES)
        verdicts[tool] = output_verdict(paths, spec)
        print(f"  {tool}: {verdicts[tool]}")
    return verdicts


# ---------------------------------------------------------------------------------------------
# Report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def git_commit() -> str:
    run = run_measured(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])
    return run.stdout.strip() if run.ok else "unknown"


def verdict(met: bool | None) -> str:
    return "" if met is None else ("ok" if met else "MISSED")


def output_size(tool: dict) -> str:
    return f"{tool['bytes_out'] / MIB:.1f} MiB ({tool['files_out']} files)"


def summary_rows(count: int, knn: dict, vips: dict, hugo: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, verdict) rows of the summary table."""
    ratio = knn["photos_per_s"] / vips["photos_per_s"]
    # A knn that publishes other images than the other tools does other work: no verdict on speed.
    speed_verdict = verdict(ratio >= 1) if knn["files_out"] == expected_files(count) else "n/a (see NOTE)"
    noop_1000 = knn["noop"]["seconds"] * 1000 / count
    fresh_1000 = knn["fresh_checkout"]["seconds"] * 1000 / count
    per_1000 = "" if count == 1000 else " (scaled to 1,000)"
    rows = [
        ("knn cold build", f"{knn['photos_per_s']:.2f} photos/s ({knn['cold']['seconds']:.2f} s)",
         ">= vipsthumbnail", speed_verdict),
        ("vipsthumbnail", f"{vips['photos_per_s']:.2f} photos/s ({vips['seconds']:.2f} s)", "", ""),
    ]
    if "photos_per_s" in hugo:
        rows.append(("hugo", f"{hugo['photos_per_s']:.2f} photos/s ({hugo['seconds']:.2f} s)", "", ""))
    else:
        rows.append(("hugo", "skipped" if "skipped" in hugo else "failed", "", ""))
    rows.append(("knn / vipsthumbnail", f"{ratio:.2f}x", ">= 1.00x", speed_verdict))
    if "photos_per_s" in hugo:
        rows.append(("knn / hugo", f"{knn['photos_per_s'] / hugo['photos_per_s']:.2f}x", "", ""))
    rows += [
        (f"no-op rebuild, {count} photos", f"{knn['noop']['seconds']:.3f} s", "", ""),
        (f"no-op rebuild per 1,000 photos{per_1000}", f"{noop_1000:.3f} s",
         f"< {TARGET_NOOP_PER_1000_S:.0f} s", verdict(noop_1000 < TARGET_NOOP_PER_1000_S)),
        (f"fresh-checkout rebuild, {count} photos", f"{knn['fresh_checkout']['seconds']:.3f} s", "", ""),
        (f"fresh-checkout per 1,000 photos{per_1000}", f"{fresh_1000:.3f} s", "", ""),
        ("knn peak RSS (max of 3 builds)", f"{knn['peak_rss_mib']:.0f} MiB",
         f"< {TARGET_PEAK_RSS_MIB} MiB", verdict(knn["peak_rss_mib"] < TARGET_PEAK_RSS_MIB)),
        ("photos in", f"{knn['bytes_in'] / MIB:.1f} MiB ({count} files)", "", ""),
        ("knn published", output_size(knn), f"{expected_files(count)} files",
         verdict(knn["files_out"] == expected_files(count))),
        ("vipsthumbnail wrote", output_size(vips), "", ""),
    ]
    if "bytes_out" in hugo:
        rows.append(("hugo published", output_size(hugo), "", ""))
    return rows


def print_summary(header: str, rows: list[tuple[str, str, str, str]], notes: list[str]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"== result: {header}")
    print(f"  {'measure':<{widths[0]}}  {'value':<{widths[1]}}  target")
    for measure, value, target, met in rows:
        print(f"  {measure:<{widths[0]}}  {value:<{widths[1]}}  {target:<{widths[2]}}  {met}".rstrip())
    for note in notes:
        print(f"  NOTE: {note}")


def summary_notes(count: int, knn: dict) -> list[str]:
    """What makes the numbers above not like for like."""
    notes = []
    if knn["files_out"] != expected_files(count):
        notes.append(
            f"knn published {knn['files_out']} images, not {expected_files(count)} (3 WebP per photo "
            "+ 1 card and 3 lead crops per activity): it did "
            "other work than the other tools, so its speed is not compared"
        )
    if not knn["cache_flag"]:
        notes.append("knn has no --cache option: its rebuilds re-encoded every photo")
    if count < 1000:
        notes.append("per-1,000 rebuild times are scaled from fewer photos: --photos 1000 measures them")
    return notes


def write_result(result: dict) -> None:
    def plain(value):
        return str(value) if isinstance(value, Path) else value

    for tool in ("knn", "vipsthumbnail", "hugo"):
        result[tool].pop("outputs", None)
    RESULT_FILE.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=plain) + "\n")
    print(f"  written to {RESULT_FILE.relative_to(ROOT)}")


# ---------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="Writes to bench/.work/. See bench/PHOTOS.md."
    )
    parser.add_argument("--photos", type=int, default=300, help="how many distinct photos (default 300)")
    parser.add_argument("--seed", type=int, default=2566, help="seed of the random crops (default 2566)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel workers for the photo generation and vipsthumbnail, and knn's "
                             "threads (default: the CPU count)")
    parser.add_argument("--keep", action="store_true", help="keep the site and every tool's outputs")
    parser.add_argument("--skip-hugo", action="store_true", help="leave Hugo out even if it is installed")
    parser.add_argument("--knn", type=Path, metavar="BINARY",
                        help="time this knn binary instead of running `cargo build --release`")
    parser.add_argument("--plots", type=int, default=PROVINCE_PLOTS,
                        help=f"plots of the province in the size forecast (default {PROVINCE_PLOTS})")
    parser.add_argument("--photos-per-activity", type=int, default=FORECAST_PHOTOS_PER_ACTIVITY,
                        help="photos of each plot's monthly activity in the size forecast "
                             f"(default {FORECAST_PHOTOS_PER_ACTIVITY})")
    args = parser.parse_args()
    if args.photos < 1 or args.jobs < 1:
        parser.error("--photos and --jobs must be at least 1")
    if args.plots < 1 or args.photos_per_activity < 1:
        parser.error("--plots and --photos-per-activity must be at least 1")
    return args


def measure_all(args: argparse.Namespace, site: Path, run_dir: Path) -> tuple[dict, list[PhotoSpec], dict]:
    """Makes (or reuses) the photos and the site, then times knn, vipsthumbnail and Hugo; also
    returns the bytes the check build wrote (`site_bytes`)."""
    photos, specs = ensure_photos(args.photos, args.seed, args.jobs)
    knn = build_knn(args.jobs, args.knn.resolve() if args.knn else None)
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir()
    site_photos = make_site(site, photos, specs)
    check_bytes = check_knn(knn, photos, specs, run_dir)
    sources = [photos / s.name for s in specs]
    tools = {
        "knn": measure_knn(knn, site, site_photos, run_dir),
        "vipsthumbnail": measure_vips(sources, run_dir, args.jobs),
        "hugo": {"skipped": "--skip-hugo"} if args.skip_hugo else measure_hugo(sources, run_dir),
    }
    return tools, specs, check_bytes


def report(
    args: argparse.Namespace, tools: dict[str, dict], specs: list[PhotoSpec], check_bytes: dict[str, int]
) -> None:
    """The output check, the summary table, the bytes per photo with the size forecast, and
    photos-result.json."""
    checks = check_outputs(tools, specs)
    rows = summary_rows(args.photos, tools["knn"], tools["vipsthumbnail"], tools["hugo"])
    notes = summary_notes(args.photos, tools["knn"])
    cpus, model, commit = os.cpu_count(), cpu_model(), git_commit()
    header = f"{args.photos} photos (seed {args.seed}), {args.jobs} jobs, {cpus} CPUs ({model})"
    print_summary(f"{header}, commit {commit}", rows, notes)
    sizes = volume(args.photos, tools["knn"], check_bytes, args.plots, args.photos_per_activity)
    print_volume(sizes)
    write_result({
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": cpus, "cpu_model": model},
        "photos": args.photos, "seed": args.seed, "jobs": args.jobs,
        **tools,
        "output_check": checks,
        "summary": [dict(zip(("measure", "value", "target", "verdict"), row, strict=True)) for row in rows],
        "notes": notes,
        **sizes,
    })


def main() -> None:
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up in order, even in a pipe
    require_vips()
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; jobs: {args.jobs}")
    tag = f"{args.photos}-{args.seed}"
    site, run_dir = WORK / f"site-{tag}", WORK / f"run-{tag}"

    tools, specs, check_bytes = measure_all(args, site, run_dir)
    report(args, tools, specs, check_bytes)

    if args.keep:
        print(f"kept: {site.relative_to(ROOT)} and {run_dir.relative_to(ROOT)}")
    else:
        shutil.rmtree(run_dir)
        shutil.rmtree(site)


if __name__ == "__main__":
    main()
