//! End-to-end tests: the real `knn` binary builds fixture sites and the sample site in
//! `content/`, and the output is checked file by file.

#[path = "build/authoring.rs"]
mod authoring;
#[path = "build/bucket.rs"]
mod bucket;
#[path = "build/corpus.rs"]
mod corpus;
#[cfg(unix)]
#[path = "build/disk.rs"]
mod disk;
#[path = "build/mistakes.rs"]
mod mistakes;
#[path = "build/output_safety.rs"]
mod output_safety;
#[path = "build/pipeline.rs"]
mod pipeline;
#[path = "build/privacy.rs"]
mod privacy;
#[path = "build/publish.rs"]
mod publish;
#[cfg(unix)]
#[path = "build/rebuild.rs"]
mod rebuild;
#[path = "build/report.rs"]
mod report;
#[path = "build/search.rs"]
mod search;
#[path = "build/serve.rs"]
mod serve;
#[path = "build/showcase.rs"]
mod showcase;
#[path = "build/web_form.rs"]
mod web_form;
#[path = "build/workflows.rs"]
mod workflows;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site folder.
fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs `knn build <site> --out <out> --cache <out>/../cache [extra...]`: the image cache
/// sits beside the output in the test's temporary folder, never in the repository.
fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(out.parent().unwrap().join("cache"))
        .args(extra)
        .output()
        .expect("knn runs")
}

/// The summary line about photos: (processed, reused).
fn photo_counts(output: &Output) -> (usize, usize) {
    let [processed, reused] = counts(output, "(photos)", [" (processed)", " (reused)"]);
    (processed, reused)
}

/// The numbers written just before each of `tags` on the first summary line holding `line`.
fn counts<const N: usize>(output: &Output, line: &str, tags: [&str; N]) -> [usize; N] {
    let text = String::from_utf8_lossy(&output.stdout);
    let found = text
        .lines()
        .find(|l| l.contains(line))
        .unwrap_or_else(|| panic!("no line with {line} in:\n{text}"));
    tags.map(|tag| {
        let head = &found[..found.find(tag).unwrap_or_else(|| panic!("{tag} in {found}"))];
        head.split_whitespace().last().unwrap().parse().unwrap()
    })
}

/// Whether any metadata a phone writes survives in an output file: an EXIF block (which
/// holds GPS and the camera serial), the camera model's text, XMP, or a WebP chunk other
/// than image data.
fn has_metadata(bytes: &[u8]) -> bool {
    let needles: [&[u8]; 3] = [b"Exif\0\0", b"Galaxy A54", b"http://ns.adobe.com/xap"];
    if needles.iter().any(|n| bytes.windows(n.len()).any(|w| w == *n)) {
        return true;
    }
    if bytes.starts_with(b"RIFF") {
        let mut i = 12;
        while i + 8 <= bytes.len() {
            let tag = &bytes[i..i + 4];
            if !matches!(tag, b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH") {
                return true;
            }
            let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().unwrap()) as usize;
            i += 8 + len + len % 2;
        }
    }
    false
}

/// Standard error with the machine-specific root replaced, for snapshots.
fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).replace(&root().display().to_string(), "[ROOT]")
}

/// Runs `node tests/browser/<script> <args...>` and returns what it printed, once it has
/// exited with success. One browser test (or the HTML checker, see `one_heavy_tool`) runs at a
/// time.
fn browser_test<S: AsRef<std::ffi::OsStr>>(script: &str, args: &[S]) -> String {
    assert!(
        root().join("node_modules/playwright-core").is_dir(),
        "browser tests need playwright-core: run scripts/setup.sh --browser"
    );
    let _alone = one_heavy_tool();
    let run = Command::new("node")
        .arg(root().join("tests/browser").join(script))
        .args(args)
        .output()
        .expect("node runs (Node.js 20 or later is needed for the browser tests)");
    let report = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.status.success(), "{report}{}", String::from_utf8_lossy(&run.stderr));
    report
}

/// Held while a browser or the HTML checker runs. On a two-core machine two of them side by
/// side slow each other down, and Lighthouse would score pages on a CPU that is not its own.
fn one_heavy_tool() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Every file under `dir`, relative path -> bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every `href`, `src` and `srcset` URL in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "srcset=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            let value = &rest[..end];
            if attr == "srcset=\"" {
                out.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(str::to_string),
                );
            } else {
                out.push(value.to_string());
            }
        }
    }
    out
}

/// Whether a JPEG has an APP1 (EXIF or XMP) segment before its image data.
fn jpeg_has_app1(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xE1 {
            return true;
        }
        if marker == 0xDA {
            return false;
        }
        let len = usize::from(bytes[i + 2]) << 8 | usize::from(bytes[i + 3]);
        i += 2 + len;
    }
    false
}

/// The text between the first `start` and the following `end` (inclusive).
fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let s = html.find(start).unwrap_or_else(|| panic!("{start} not in page"));
    let e = html[s..].find(end).map(|e| s + e + end.len()).unwrap_or(html.len());
    &html[s..e]
}

/// The values of `key:` lines (English or Thai key) in the sample site's plot files.
fn sample_values(keys: &[&str]) -> Vec<String> {
    files(&root().join("content/districts"))
        .iter()
        .filter(|(p, _)| p.ends_with("plot.md"))
        .flat_map(|(_, b)| {
            String::from_utf8_lossy(b)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|l| {
            keys.iter()
                .find_map(|k| l.trim().strip_prefix(k))
                .map(|v| v.trim().trim_matches('"').to_string())
        })
        .collect()
}

#[test]
fn sample_site_builds_every_page_kind_with_working_links_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(
        &root().join("content"),
        &out,
        &["--base-url", "https://example.github.io/knn-demo/"],
    );
    assert!(result.status.success(), "{}", stderr_of(&result));
    let site = files(&out);

    let kinds = [
        "index.html",
        "districts/index.html",
        "districts/bang-nam-priao/index.html",
        "districts/bang-nam-priao/pa-wanna-khok-nong-na/index.html",
        "districts/bang-nam-priao/pa-wanna-khok-nong-na/activities/2023-10-14-ao-mue-plant-forest/index.html",
        "lessons/index.html",
        "products/index.html",
        "markets/index.html",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "districts/bang-nam-priao/feed.xml",
        ".nojekyll",
    ];
    for kind in kinds {
        assert!(site.contains_key(kind), "missing {kind}");
    }
    for (section, min) in [("/lessons/", 3), ("/products/", 5)] {
        let n = site
            .keys()
            .filter(|k| k.contains(section) && k.starts_with("districts/") && k.ends_with("index.html"))
            .count();
        assert!(n >= min, "{section}: {n}");
    }
    for d in [
        "mueang-chachoengsao",
        "bang-khla",
        "bang-nam-priao",
        "bang-pakong",
        "ban-pho",
        "phanom-sarakham",
        "ratchasan",
        "sanam-chai-khet",
        "plaeng-yao",
        "tha-takiap",
        "khlong-khuean",
    ] {
        assert!(site.contains_key(&format!("districts/{d}/index.html")), "district {d}");
    }

    let mut checked = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(html.contains("<html lang=\"th\">"), "{path}");
        if html.contains("class=\"site-header\"") {
            // Every page of the site can be shared: Thai title and description, its address,
            // Thai locale, a 1200x630 card (the page's own, or the newest activity's).
            for tag in [
                "<meta property=\"og:title\" content=\"",
                "<meta property=\"og:description\" content=\"",
                "<meta property=\"og:url\" content=\"https://example.github.io/knn-demo/",
                "<meta property=\"og:locale\" content=\"th_TH\">",
                "<meta property=\"og:image\" content=\"https://example.github.io/knn-demo/",
                "<meta property=\"og:image:width\" content=\"1200\">",
                "<meta property=\"og:image:height\" content=\"630\">",
                "<meta name=\"twitter:card\" content=\"summary_large_image\">",
                "<meta name=\"twitter:title\" content=\"",
                "<meta name=\"twitter:description\" content=\"",
            ] {
                assert!(html.contains(tag), "{path}: no {tag}");
            }
        }
        for link in links(&html) {
            if link.starts_with("https://example.github.io/knn-demo/") {
                continue;
            }
            if link.starts_with("http") || link.starts_with('#') {
                continue;
            }
            let local = link
                .strip_prefix("/knn-demo/")
                .unwrap_or_else(|| panic!("{path}: link {link} is not under the sub-path"));
            let local = local.split('#').next().unwrap();
            let target = if local.is_empty() || local.ends_with('/') {
                format!("{local}index.html")
            } else {
                local.to_string()
            };
            assert!(site.contains_key(&target), "{path}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");

    let webps: Vec<_> = site.iter().filter(|(p, _)| p.ends_with(".webp")).collect();
    assert!(webps.len() > 500, "{} photos", webps.len());
    let cards: Vec<_> = site.iter().filter(|(p, _)| p.ends_with("-card.jpg")).collect();
    assert!(cards.len() >= 45, "a share card per activity: {}", cards.len());
    for (path, bytes) in webps.iter().chain(&cards) {
        assert!(!has_metadata(bytes), "{path} carries metadata");
    }
    for (path, bytes) in &cards {
        assert!(!jpeg_has_app1(bytes), "{path} carries EXIF/XMP");
        let card = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).expect("a JPEG");
        assert_eq!((card.width(), card.height()), (1200, 630), "{path}");
    }
    let activity = String::from_utf8_lossy(
        &site["districts/bang-nam-priao/pa-wanna-khok-nong-na/activities/2023-10-14-ao-mue-plant-forest/index.html"],
    )
    .to_string();
    assert!(activity.contains("<meta property=\"og:image\" content=\"https://example.github.io/knn-demo/"));
    assert!(
        activity.contains("sizes=\"") && activity.contains(".webp 480w"),
        "responsive markup"
    );
    assert!(
        activity.contains("style=\"background:linear-gradient(#"),
        "placeholder colours"
    );
    let district = String::from_utf8_lossy(&site["districts/bang-nam-priao/photos/index.html"]).to_string();
    assert!(district.contains("class=\"gallery-link\""), "district gallery");

    let phones = sample_values(&["phone:", "เบอร์โทร:"]);
    let houses = sample_values(&["house_no:", "บ้านเลขที่:"]);
    assert!(
        phones.len() >= 22 && houses.len() >= 22,
        "every plot has a phone and house number"
    );
    let mut secrets: Vec<String> = phones
        .iter()
        .map(|p| p.chars().filter(char::is_ascii_digit).collect())
        .collect();
    secrets.extend(phones.iter().cloned());
    secrets.extend(houses.iter().map(|h| format!("บ้านเลขที่ {h}")));
    for (path, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{path} contains personal data {secret}"
            );
        }
    }
}

#[test]
fn minimal_site_turns_photos_upright_and_renders_thai_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("minimal"), &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let bundle = out.join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale");
    // The source is stored 1024x768 with EXIF orientation 6: upright it is portrait.
    let (w, h) = image::image_dimensions(bundle.join("turned-768.webp")).unwrap();
    assert_eq!((w, h), (768, 1024));
    let (w, h) = image::image_dimensions(bundle.join("turned-480.webp")).unwrap();
    assert_eq!((w, h), (480, 640));
    // `ภาพ แปลง.JPG` gets a URL-safe name.
    for name in files(&bundle).keys() {
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b)),
            "{name}"
        );
    }
    let html = std::fs::read_to_string(bundle.join("index.html")).unwrap();
    assert!(html.contains("๑๕ พฤศจิกายน ๒๕๖๖"), "Thai digits and B.E. year");
    insta::assert_snapshot!("minimal_activity_article", fragment(&html, "<article>", "</article>"));
    let tags: Vec<&str> = fragment(&html, "<head>", "</head>")
        .lines()
        .filter(|l| {
            [
                "<meta property=\"og:",
                "<meta name=\"twitter:",
                "<link rel=\"canonical\"",
                "<meta name=\"description\"",
            ]
            .iter()
            .any(|t| l.starts_with(t))
        })
        .collect();
    insta::assert_snapshot!("minimal_activity_share_tags", tags.join("\n"));
    let plot = std::fs::read_to_string(out.join("districts/bang-khla/ban-rai-plot/index.html")).unwrap();
    assert!(!plot.contains("นายทดสอบ"), "owner did not consent");
    insta::assert_snapshot!("minimal_plot_facts", fragment(&plot, "<dl class=\"facts\">", "</dl>"));
    let head = std::fs::read_to_string(out.join("index.html")).unwrap();
    insta::assert_snapshot!("minimal_head", fragment(&head, "<head>", "</head>"));
    // The activity's schema.org data: the breadcrumb trail and the Event at its plot.
    let ld: Vec<serde_json::Value> = html
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| serde_json::from_str(&s[..s.find("</script>").unwrap()]).expect("valid JSON-LD"))
        .collect();
    assert_eq!(ld.len(), 2, "{ld:#?}");
    assert_eq!(ld[0]["@type"], "BreadcrumbList");
    assert_eq!(ld[1]["@type"], "Event");
    assert!(!serde_json::to_string(&ld).unwrap().contains("99/9"), "no house number");
    insta::assert_snapshot!("minimal_activity_jsonld", serde_json::to_string_pretty(&ld).unwrap());
    let share = fragment(&html, "<p class=\"share\">", "</p>");
    assert!(
        share.contains("facebook.com/sharer/sharer.php?u=https%3A//example.github.io/knn-demo/districts/"),
        "{share}"
    );
    assert!(
        share.contains("social-plugins.line.me/lineit/share?url=") && share.contains("data-copy"),
        "{share}"
    );
}

#[test]
fn invalid_site_reports_every_problem_and_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert!(build(&fixture("minimal"), &out, &[]).status.success());
    let before = files(&out);

    let result = build(&fixture("invalid"), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(files(&out), before, "the previous output must stay exactly as it was");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind: {leftovers:?}");
    insta::assert_snapshot!("invalid_diagnostics", stderr_of(&result));
}

#[test]
fn personal_data_in_a_body_stops_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("privacy-leak"), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!out.exists(), "nothing is published");
    let err = stderr_of(&result);
    assert!(err.contains("เบอร์โทร (phone number)"), "{err}");
    // The error points where the number was typed (line 23, column 39, after "โทร "), not at plot.md.
    assert!(
        err.contains("activities/2023-11-15-ao-mue-swale/index.md:23:39: error"),
        "{err}"
    );
    assert!(!err.contains("plot.md:1:1"), "{err}");
    insta::assert_snapshot!("privacy_leak_diagnostics", err);
}

#[test]
fn a_missing_site_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let result = build(&tmp.path().join("nowhere"), &tmp.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr_of(&result).contains("site.yaml"));
}

#[test]
fn every_bad_photo_gets_a_named_diagnostic_and_the_site_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("bad-photo"), &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let err = stderr_of(&result);
    let cases = [
        ("broken.jpg", "unsupported or corrupt image format"),
        ("empty.jpg", "empty file"),
        ("truncated.jpg", "truncated JPEG"),
        ("IMG_0001.HEIC", "HEIC/HEIF"),
        ("bomb.png", "decompression bomb"),
    ];
    for (name, term) in cases {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("2023-11-15-ao-mue-swale/{name}:1:1: warning:")))
            .unwrap_or_else(|| panic!("no diagnostic for {name}: {err}"));
        assert!(line.contains(term), "{name}: {line}");
    }
    assert!(err.contains("Most Compatible"), "HEIC advice says how to get a JPEG");
    insta::assert_snapshot!("bad_photo_diagnostics", err);
    let bundle = out.join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale");
    let html = std::fs::read_to_string(bundle.join("index.html")).unwrap();
    assert!(html.contains("turned-480.webp"), "the good photos are still shown");
    for bad in ["broken", "empty", "truncated", "img-0001", "bomb"] {
        assert!(
            !html.contains(&format!("{bad}-")),
            "no link to {bad}, which was not produced"
        );
    }
    let names: Vec<String> = files(&bundle).into_keys().collect();
    assert!(
        names.iter().any(|n| n.starts_with("photo-")),
        "Thai file names get a URL-safe name: {names:?}"
    );
    for name in &names {
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b)),
            "{name}"
        );
    }
}

/// Copies a folder tree, hidden files too, to `to`.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Copies a fixture site into `dir` (so a test may change its files).
fn copy_site(name: &str, dir: &Path) -> PathBuf {
    let from = fixture(name);
    let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for e in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_entry(visible)
        .filter_map(Result::ok)
    {
        let target = dir.join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
    dir.to_path_buf()
}

/// Mean absolute difference of two RGB images of the same size.
fn difference(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn phone_photos_are_turned_upright_stripped_and_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("phone-photos", &tmp.path().join("site"));
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    assert_eq!(photo_counts(&result), (12, 0), "a cold build encodes every photo");
    let bundle = out.join("districts/bang-khla/ban-rai-plot/activities/2024-01-10-phone-photos");
    let sources = site.join("districts/bang-khla/ban-rai-plot/activities/2024-01-10-phone-photos");

    // Stored 4032x3024; EXIF orientation 6 and 8 are portrait when shown, 3 is upside down.
    for (stem, size) in [
        ("04-raindrops", (960, 1280)),
        ("09-bythewater", (960, 1280)),
        ("12-onestandsout", (960, 1280)),
        ("11-eveningglow", (960, 720)),
        ("01-greenmeadow", (960, 720)),
    ] {
        assert_eq!(
            image::image_dimensions(bundle.join(format!("{stem}-960.webp"))).unwrap(),
            size,
            "{stem}"
        );
        for w in [480, 1600] {
            assert!(bundle.join(format!("{stem}-{w}.webp")).is_file(), "{stem}-{w}.webp");
        }
    }
    assert_eq!(
        image::image_dimensions(bundle.join("01-greenmeadow-card.jpg")).unwrap(),
        (1200, 630)
    );
    // Orientation 3: the output matches the stored pixels turned 180 degrees, not as stored.
    let stored = image::open(sources.join("11-EveningGlow.jpg"))
        .unwrap()
        .thumbnail_exact(64, 48)
        .to_rgb8();
    let shown = image::open(bundle.join("11-eveningglow-480.webp"))
        .unwrap()
        .thumbnail_exact(64, 48)
        .to_rgb8();
    let turned = image::imageops::rotate180(&stored);
    assert!(
        difference(&shown, &turned) < difference(&shown, &stored) / 2.0,
        "EveningGlow is turned upright"
    );

    let published = files(&bundle);
    let images: Vec<_> = published.iter().filter(|(p, _)| !p.ends_with(".html")).collect();
    assert_eq!(
        images.len(),
        12 * 3 + 1 + 3,
        "three widths per photo, and the lead photo's share card and three 4:3 crops"
    );
    for crop in ["480x360", "720x540", "960x720"] {
        assert!(bundle.join(format!("01-greenmeadow-{crop}.webp")).is_file(), "{crop}");
    }
    for (path, bytes) in &images {
        assert!(!has_metadata(bytes), "{path} carries EXIF, GPS or camera data");
    }

    // A second build into the same folder finds nothing changed; one into another folder
    // encodes nothing; neither does one after a fresh checkout (new mtimes).
    let same = build(&site, &out, &[]);
    assert!(String::from_utf8_lossy(&same.stdout).contains("nothing changed"));
    let again = build(&site, &tmp.path().join("elsewhere"), &[]);
    assert_eq!(
        photo_counts(&again),
        (0, 12),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    for e in std::fs::read_dir(&sources).unwrap().filter_map(Result::ok) {
        std::fs::File::options()
            .write(true)
            .open(e.path())
            .unwrap()
            .set_modified(later)
            .unwrap();
    }
    assert_eq!(
        photo_counts(&build(&site, &out, &[])),
        (0, 12),
        "unchanged content is reused"
    );
    assert_eq!(files(&bundle), published, "the same files are published");

    // A changed photo is the only one encoded again.
    let mut bytes = std::fs::read(sources.join("02-Garden.jpg")).unwrap();
    bytes.extend_from_slice(b"edited");
    std::fs::write(sources.join("02-Garden.jpg"), bytes).unwrap();
    assert_eq!(photo_counts(&build(&site, &out, &[])), (1, 11));
}

#[test]
fn the_lightbox_works_in_chromium_and_without_javascript() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("phone-photos"), &out, &["--base-url", "http://127.0.0.1/"]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let page = "/districts/bang-khla/ban-rai-plot/activities/2024-01-10-phone-photos/";
    let report = browser_test("lightbox.mjs", &[out.as_os_str(), page.as_ref()]);
    assert!(report.contains(", 0 failed"), "{report}");
}
