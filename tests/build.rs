//! End-to-end tests: the real `knn` binary builds fixture sites and the sample site in
//! `content/`, and the output is checked file by file.

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

/// Runs `knn build <site> --out <out> [extra...]`.
fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("knn runs")
}

/// Standard error with the machine-specific root replaced, for snapshots.
fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).replace(&root().display().to_string(), "[ROOT]")
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

    let jpegs: Vec<_> = site.iter().filter(|(p, _)| p.ends_with(".jpg")).collect();
    assert!(jpegs.len() > 250, "{} photos", jpegs.len());
    for (path, bytes) in &jpegs {
        assert!(!jpeg_has_app1(bytes), "{path} carries EXIF/XMP");
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{path} carries EXIF");
    }

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
    let (w, h) = image::image_dimensions(bundle.join("turned-768.jpg")).unwrap();
    assert_eq!((w, h), (768, 1024));
    let (w, h) = image::image_dimensions(bundle.join("turned-480.jpg")).unwrap();
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
    let plot = std::fs::read_to_string(out.join("districts/bang-khla/ban-rai-plot/index.html")).unwrap();
    assert!(!plot.contains("นายทดสอบ"), "owner did not consent");
    insta::assert_snapshot!("minimal_plot_facts", fragment(&plot, "<dl class=\"facts\">", "</dl>"));
    let head = std::fs::read_to_string(out.join("index.html")).unwrap();
    insta::assert_snapshot!("minimal_head", fragment(&head, "<head>", "</head>"));
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
        .collect();
    assert_eq!(leftovers.len(), 1, "no staging folder left behind: {leftovers:?}");
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
    assert!(err.contains("ban-rai-plot/plot.md"), "{err}");
}

#[test]
fn a_missing_site_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let result = build(&tmp.path().join("nowhere"), &tmp.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr_of(&result).contains("site.yaml"));
}

#[test]
fn unreadable_photos_are_named_and_the_site_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("bad-photo"), &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let err = stderr_of(&result);
    for name in ["broken.jpg", "empty.jpg"] {
        assert!(
            err.contains(&format!("2023-11-15-ao-mue-swale/{name}:1:1: warning: อ่านไฟล์ภาพไม่ได้")),
            "{name}: {err}"
        );
    }
    let bundle = out.join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale");
    let html = std::fs::read_to_string(bundle.join("index.html")).unwrap();
    assert!(html.contains("turned-480.jpg"), "the good photos are still shown");
    assert!(
        !html.contains("broken") && !html.contains("empty-"),
        "no link to a photo that was not produced"
    );
}
