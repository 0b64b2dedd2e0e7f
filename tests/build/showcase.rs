//! The sample site as the public sees it: every page valid HTML (the Nu HTML Checker), each
//! page kind without an axe-core violation at phone and desktop widths, no page wider than a
//! 320 px screen, a compact header, proper names kept whole, the first photo on the first
//! screen (tests/browser/showcase.mjs in Chromium), Lighthouse's mobile audit at 100 in
//! all four categories over HTTPS and HTTP/2 (tests/browser/lighthouse.mjs), photo files a web
//! server may read, and the digits of staff's titles and captions in the site's one style.

use super::{browser_test, build, copy_site, fragment, one_heavy_tool, root, stderr_of};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The sample site built once for this module's tests, at the server's root.
fn sample_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let result = build(&root().join("content"), &out, &["--base-url", "http://127.0.0.1/"]);
        assert!(result.status.success(), "{}", stderr_of(&result));
        (tmp, out)
    });
    out
}

/// The page kinds issue 19 names, one page each.
const KINDS: [&str; 11] = [
    "/",
    "/districts/bang-nam-priao/",
    "/districts/bang-nam-priao/pa-wanna-khok-nong-na/",
    "/districts/bang-nam-priao/pa-wanna-khok-nong-na/activities/2023-10-14-ao-mue-plant-forest/",
    "/districts/bang-nam-priao/photos/",
    "/search/",
    "/lessons/",
    "/products/",
    "/markets/",
    "/months/2023-11/",
    "/districts/bang-nam-priao/pa-wanna-khok-nong-na/sign/",
];

#[test]
fn every_page_of_the_sample_site_is_valid_html() {
    let site = sample_site();
    let jar = root().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the HTML checker needs vnu-jar: run scripts/setup.sh --browser"
    );
    let pages = html_files(site);
    assert!(pages.len() > 200, "{} pages", pages.len());
    let _alone = one_heavy_tool();
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("java runs (Debian's default-jre-headless, see scripts/setup.sh)");
    let report = String::from_utf8_lossy(&run.stderr).replace(&format!("{}/", site.display()), "");
    let errors = report.lines().filter(|l| l.contains(": error:")).count();
    assert_eq!(errors, 0, "{errors} errors over {} pages:\n{report}", pages.len());
    assert!(run.status.success(), "{report}");
}

/// Every HTML file of a built site.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = e.path();
        if path.is_dir() {
            found.extend(html_files(&path));
        } else if path.extension().is_some_and(|x| x == "html") {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn the_sample_site_passes_axe_and_fits_a_phone_in_chromium() {
    for module in ["playwright-core", "axe-core"] {
        assert!(
            root().join("node_modules").join(module).is_dir(),
            "browser tests need {module}: run scripts/setup.sh --browser"
        );
    }
    let grids: Vec<&str> = KINDS[1..5].to_vec();
    let spec = serde_json::json!({ "axe": KINDS, "activity": KINDS[3], "grids": grids });
    let report = run_browser_script("showcase.mjs", &spec);
    assert!(report.contains(", 0 failed"), "{report}");
}

/// Runs `tests/browser/<script>` on the sample site with `spec` (written to a JSON file beside
/// the site) and returns what it printed, once it has exited with success.
fn run_browser_script(script: &str, spec: &serde_json::Value) -> String {
    let site = sample_site();
    let file = site.parent().unwrap().join(script.replace(".mjs", ".json"));
    std::fs::write(&file, spec.to_string()).unwrap();
    browser_test(script, &[site.as_os_str(), file.as_os_str()])
}

/// Lighthouse's four categories, each required at 100 (the median of three runs).
const LIGHTHOUSE_REQUIRED: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

#[test]
fn lighthouse_scores_100_in_all_four_categories_on_a_phone() {
    assert!(
        root().join("node_modules/lighthouse").is_dir(),
        "the audit needs lighthouse: run scripts/setup.sh --browser"
    );
    // A QR sign is a sheet to print, not a page people browse.
    let pages: Vec<&str> = KINDS.iter().copied().filter(|k| !k.ends_with("/sign/")).collect();
    assert_eq!(pages.len(), 10);
    let spec = serde_json::json!({ "pages": pages, "require": LIGHTHOUSE_REQUIRED });
    let report = run_browser_script("lighthouse.mjs", &spec);
    let checks = pages.len() * LIGHTHOUSE_REQUIRED.len();
    assert!(report.contains(&format!("{checks} passed, 0 failed")), "{report}");
}

#[cfg(unix)]
#[test]
fn every_published_file_is_readable_by_a_web_server() {
    use std::os::unix::fs::PermissionsExt;
    let site = sample_site();
    let mut unreadable = Vec::new();
    let mut photos = 0;
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
                continue;
            }
            photos += usize::from(e.path().extension().is_some_and(|x| x == "webp"));
            if meta.permissions().mode() & 0o444 != 0o444 {
                unreadable.push(e.path());
            }
        }
    }
    assert!(photos > 500, "{photos} photos");
    assert!(
        unreadable.is_empty(),
        "{} files not 0644, e.g. {:?}",
        unreadable.len(),
        unreadable.first()
    );
}

#[test]
fn each_page_kind_loads_its_largest_photo_first_and_the_rest_lazily() {
    let site = sample_site();
    for kind in KINDS
        .iter()
        .filter(|k| !k.ends_with("/sign/") && !k.contains("search") && !k.contains("months") && !k.contains("markets"))
    {
        let html = std::fs::read_to_string(site.join(kind.trim_start_matches('/')).join("index.html")).unwrap();
        let imgs: Vec<&str> = html
            .split("<img ")
            .skip(1)
            .map(|s| &s[..s.find('>').unwrap()])
            .collect();
        let first: Vec<_> = imgs.iter().filter(|i| i.contains("fetchpriority=\"high\"")).collect();
        assert_eq!(first.len(), 1, "{kind}: one photo with high priority");
        assert!(
            !first[0].contains("loading=\"lazy\""),
            "{kind}: the first photo is not lazy"
        );
        assert!(
            imgs[0].contains("fetchpriority=\"high\""),
            "{kind}: it is the first photo of the page"
        );
        assert!(
            imgs.len() < 6 || imgs.iter().skip(4).all(|i| i.contains("loading=\"lazy\"")),
            "{kind}: photos further down are lazy"
        );
        assert!(
            imgs.iter().all(|i| i.contains(" sizes=\"")),
            "{kind}: every photo has sizes"
        );
    }
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    for tag in [
        "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">",
        "<link rel=\"apple-touch-icon\" href=\"/assets/apple-touch-icon.png\">",
        "sarabun-thai-400-normal.woff2\" as=\"font\"",
        "sarabun-thai-700-normal.woff2\" as=\"font\"",
        "sarabun-latin-400-normal.woff2\" as=\"font\"",
    ] {
        assert!(home.contains(tag), "home has {tag}");
    }
    assert_eq!(
        home.matches("as=\"font\"").count(),
        3,
        "only the first screen's fonts are preloaded"
    );
    assert!(site.join("assets/favicon.svg").is_file() && site.join("assets/apple-touch-icon.png").is_file());
}

#[test]
fn no_two_photos_of_a_page_share_their_alt_text() {
    let site = sample_site();
    let mut photos = 0;
    for page in html_files(site) {
        let html = std::fs::read_to_string(&page).unwrap();
        let mut alts: Vec<&str> = html
            .split("<img ")
            .skip(1)
            .filter_map(|tag| tag.split(" alt=\"").nth(1)?.split('"').next())
            .collect();
        photos += alts.len();
        assert!(
            alts.iter().all(|a| !a.is_empty()),
            "{}: a photo without alt text",
            page.display()
        );
        alts.sort_unstable();
        let before = alts.len();
        alts.dedup();
        assert_eq!(alts.len(), before, "{}: photos share their alt text", page.display());
    }
    assert!(photos > 500, "{photos} photos checked");
}

#[test]
fn digits_typed_in_titles_and_captions_follow_the_site_and_machines_get_them_as_typed() {
    let tmp = tempfile::tempdir().unwrap();
    // The minimal fixture sets thai_digits; its activity's title and caption get ASCII digits.
    let site = copy_site("minimal", &tmp.path().join("site"));
    let bundle = site.join("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md");
    let text = std::fs::read_to_string(&bundle).unwrap();
    let text = text
        .replace("ชื่อกิจกรรม: เอามื้อสามัคคีขุดคลองไส้ไก่", "ชื่อกิจกรรม: เอามื้อสามัคคีขุดคลองไส้ไก่ 3 สาย")
        .replace("คำบรรยาย: ภาพที่ต้องหมุนตาม EXIF", "คำบรรยาย: ภาพที่ 2 ต้องหมุนตาม EXIF");
    assert!(text.contains("3 สาย") && text.contains("ภาพที่ 2"), "the fixture changed");
    std::fs::write(&bundle, text).unwrap();
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let page = read("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.html");
    let plot = read("districts/bang-khla/ban-rai-plot/index.html");
    // What people read: the page's title, heading and caption, and the card on the plot page.
    for (what, html, start) in [
        ("title", &page, "<title>"),
        ("heading", &page, "<h1>"),
        ("caption", &page, "<figcaption>"),
        (
            "card",
            &plot,
            "<h3><a href=\"/knn-demo/districts/bang-khla/ban-rai-plot/activities/",
        ),
    ] {
        let text = fragment(html, start, "</");
        assert!(
            (text.contains("๓ สาย") || text.contains("ภาพที่ ๒")) && !text.contains("3 สาย") && !text.contains("ภาพที่ 2"),
            "{what}: {text}"
        );
    }
    // What machines read keeps the digits as typed.
    let og = fragment(&page, "<meta property=\"og:title\"", ">");
    assert!(og.contains("3 สาย"), "{og}");
    let alt = fragment(&page, "<figure>", "</figure>");
    assert!(alt.contains("alt=\"ภาพที่ 2 ต้องหมุนตาม EXIF\""), "{alt}");
    let feed = read("feed.xml");
    assert!(
        feed.contains("3 สาย") && !feed.contains("๓ สาย"),
        "the feed keeps the digits as typed"
    );
}

/// The lead photo of an activity page is its first photo's 4:3 crops on a phone (what the
/// slot shows, at a fraction of the bytes), loaded first; the link still opens the whole photo.
#[test]
fn an_activity_page_leads_with_the_4x3_crops_of_its_first_photo() {
    let site = sample_site();
    let dir = site.join(KINDS[3].trim_start_matches('/'));
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let lead = html.split("<li class=\"lead\">").nth(1).expect("a lead photo");
    let lead = &lead[..lead.find("</li>").unwrap()];
    let link = &lead[lead.find(" href=\"").unwrap() + 7..];
    assert!(link.starts_with(&format!("{}1-768.webp\"", KINDS[3])), "{lead}");
    let img = &lead[lead.find("<img ").unwrap()..];
    let img = &img[..img.find('>').unwrap()];
    for part in [
        "1-480x360.webp\" srcset=\"",
        "1-480x360.webp 480w, ",
        "1-720x540.webp 720w, ",
        "1-768x576.webp 768w\"",
        " sizes=\"calc(100vw - 2rem)\"",
        " width=\"480\" height=\"360\"",
        " fetchpriority=\"high\"",
    ] {
        assert!(img.contains(part), "{part} in {img}");
    }
    assert!(!img.contains("loading=\"lazy\""), "{img}");
    for (name, most) in [
        ("1-480x360.webp", 50_000),
        ("1-720x540.webp", 100_000),
        ("1-768x576.webp", 100_000),
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(&bytes[8..12], b"WEBP", "{name}");
        assert!(bytes.len() < most, "{name}: {} bytes", bytes.len());
    }
}
