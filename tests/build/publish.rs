//! Publishing: the GitHub Pages workflow a district office uses as it is (parsed and checked
//! for its triggers, permissions, caches, the `knn check` and `knn build` steps and the deploy
//! job); the link check under a sub-path; the QR signs, printed and scanned in Chromium; and
//! the 404 page from any depth; the size forecast a build prints and the warning for a photo
//! file that skipped the web form's resize.

use super::{browser_test, build, copy_site, files, fixture, root, stderr_of};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// The site's address in the tests below: a GitHub Pages project site.
const BASE: &str = "https://example.github.io/knn-demo/";
const PLOT: &str = "districts/bang-khla/ban-rai-plot/";
/// A station of the `minimal` fixture whose name takes four lines at full size.
const LONG_STATION: &str =
    "ฐานคนรักษ์น้ำ การขุดหนองเก็บน้ำฝนไว้ใช้ตลอดหน้าแล้ง คลองไส้ไก่ และการปลูกหญ้าแฝกป้องกันตลิ่งพังรอบขอบหนองของครัวเรือนต้นแบบ";

/// Runs `tests/browser/publish.mjs` on a built site with the given checks; its report.
fn browser_checks(out: &Path, checks: &Value) -> String {
    let file = out.with_extension("checks.json");
    std::fs::write(&file, checks.to_string()).unwrap();
    browser_test(
        "publish.mjs",
        &[out.as_os_str(), "/knn-demo/".as_ref(), file.as_os_str()],
    )
}

/// The `uses:` of every step of a job.
fn uses(job: &Value) -> Vec<&str> {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect()
}

/// The step of a job that uses `action` (any version).
fn step<'a>(job: &'a Value, action: &str) -> &'a Value {
    job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(&format!("{action}@"))))
        .unwrap_or_else(|| panic!("a step using {action}"))
}

/// The `minimal` fixture built under the sub-path base; the folder lives as long as the guard.
fn built_demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let result = build(&fixture("minimal"), &out, &["--base-url", BASE]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    (tmp, out)
}

#[test]
fn the_pages_workflow_checks_builds_caches_and_deploys() {
    let text = std::fs::read_to_string(root().join(".github/workflows/pages.yml")).unwrap();
    let wf: Value = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(wf["on"]["push"]["branches"], serde_json::json!(["main"]), "{wf:#}");
    assert!(wf["on"].get("pull_request").is_some(), "pull requests are checked");
    assert_eq!(wf["permissions"]["pages"], "write");
    assert_eq!(wf["permissions"]["id-token"], "write");
    assert_eq!(wf["permissions"]["contents"], "read");

    let build = &wf["jobs"]["build"];
    let actions = uses(build);
    for wanted in [
        "actions/checkout@v7",
        "actions/cache@v6",
        "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
    ] {
        assert!(actions.contains(&wanted), "{wanted} in {actions:?}");
    }
    let cached: Vec<&str> = build["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")))
        .filter_map(|s| s["with"]["path"].as_str())
        .collect();
    assert!(
        cached.iter().any(|p| p.contains("content/.knn-cache")),
        "the image cache: {cached:?}"
    );
    assert!(
        cached.iter().any(|p| p.contains("target")),
        "cargo's build cache: {cached:?}"
    );
    assert_eq!(step(build, "actions/configure-pages")["id"], "pages");

    let runs: Vec<&str> = build["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    let check = runs
        .iter()
        .position(|r| r.contains("knn check content"))
        .expect("a knn check step");
    let publish = runs
        .iter()
        .position(|r| r.contains("knn build content"))
        .expect("a knn build step");
    assert!(check < publish, "errors show as annotations before the build");
    assert!(runs[publish].contains("--out public"), "{}", runs[publish]);
    assert!(
        runs[publish].contains("steps.pages.outputs.base_url"),
        "the base URL from configure-pages"
    );
    assert_eq!(step(build, "actions/upload-pages-artifact")["with"]["path"], "public");

    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert!(uses(deploy).contains(&"actions/deploy-pages@v5"));
    let condition = deploy["if"].as_str().unwrap_or_default();
    assert!(
        condition.contains("pull_request") && condition.contains("refs/heads/main"),
        "{condition}"
    );
}

#[test]
fn qr_signs_open_the_plot_and_print_on_one_a4_or_a5_sheet() {
    let (_tmp, out) = built_demo();
    let site = files(&out);
    let text = |p: &str| String::from_utf8_lossy(&site[p]).to_string();
    // The plot's sign and one per learning station, each in A4 and A5.
    for sign in [
        "sign/",
        "sign/a5/",
        "sign/station-1/",
        "sign/station-1/a5/",
        "sign/station-2/",
        "sign/station-2/a5/",
    ] {
        let page = text(&format!("{PLOT}{sign}index.html"));
        assert!(page.contains("<svg class=\"qr\""), "{sign}: an inline SVG QR code");
        assert!(
            page.contains("example.github.io/knn-demo</p>"),
            "{sign}: the site's address in text"
        );
        let paper = if sign.ends_with("a5/") { "A5" } else { "A4" };
        assert!(
            page.contains(&format!("@page {{ size: {paper} portrait;")),
            "{sign}: {paper}"
        );
    }
    assert!(!site.contains_key(&format!("{PLOT}sign/station-4/index.html")));
    let plot = text(&format!("{PLOT}index.html"));
    assert!(plot.contains("<li id=\"station-2\">ฐานคนมีน้ำยา"), "the station's anchor");
    assert!(
        plot.contains(&format!("href=\"/knn-demo/{PLOT}sign/a5/\"")),
        "the plot links its sign"
    );
    let list = text("signs/index.html");
    assert!(
        list.contains(&format!("href=\"/knn-demo/{PLOT}sign/station-1/\"")),
        "{list}"
    );
    assert!(
        !text("sitemap.xml").contains("/sign/"),
        "print pages stay out of the sitemap"
    );

    let plot_url = format!("{BASE}{PLOT}");
    let checks = json!({"signs": [
        {"path": format!("/{PLOT}sign/"), "url": plot_url, "title": "แปลงทดสอบบ้านไร่", "paper": "A4"},
        {"path": format!("/{PLOT}sign/a5/"), "url": plot_url, "title": "แปลงทดสอบบ้านไร่", "paper": "A5"},
        {"path": format!("/{PLOT}sign/station-2/"), "url": format!("{plot_url}#station-2"), "title": "ฐานคนมีน้ำยา", "paper": "A4"},
        {"path": format!("/{PLOT}sign/station-1/a5/"), "url": format!("{plot_url}#station-1"), "title": "ฐานคนรักษ์ดิน", "paper": "A5"},
        {"path": format!("/{PLOT}sign/station-3/"), "url": format!("{plot_url}#station-3"), "title": LONG_STATION, "paper": "A4"},
        {"path": format!("/{PLOT}sign/station-3/a5/"), "url": format!("{plot_url}#station-3"), "title": LONG_STATION, "paper": "A5"},
    ]});
    let report = browser_checks(&out, &checks);
    assert!(report.contains("signs: 42 passed, 0 failed"), "{report}");
}

#[test]
fn the_404_page_works_from_any_depth_under_a_sub_path() {
    let (_tmp, out) = built_demo();
    // GitHub Pages answers any missing path with /404.html, so its links must not be relative.
    let page = std::fs::read_to_string(out.join("404.html")).unwrap();
    for link in super::links(&page) {
        assert!(
            link.starts_with("/knn-demo/") || link.starts_with("https://") || link.starts_with('#'),
            "404.html: {link} would break below the top folder"
        );
    }
    let checks = json!({"missing": ["/nope", format!("/{PLOT}activities/gone/"), format!("/{PLOT}a/b/c/d/")]});
    let report = browser_checks(&out, &checks);
    assert!(report.contains("missing: 15 passed, 0 failed"), "{report}");
}

#[test]
fn a_broken_link_under_a_sub_path_stops_the_build_and_keeps_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let out = tmp.path().join("public");
    let first = build(&site, &out, &["--base-url", BASE]);
    assert!(first.status.success(), "{}", stderr_of(&first));
    let before = files(&out);
    let plot = site.join(PLOT).join("plot.md");
    let text = std::fs::read_to_string(&plot).unwrap();
    std::fs::write(
        &plot,
        format!("{text}\nดู[แปลงข้างเคียง](/knn-demo/districts/bang-khla/no-such-plot/)\n"),
    )
    .unwrap();
    let second = build(&site, &out, &["--base-url", BASE]);
    assert!(!second.status.success(), "a broken link fails the build");
    let err = stderr_of(&second);
    assert!(
        err.contains(&format!("{PLOT}index.html")) && err.contains("`/knn-demo/districts/bang-khla/no-such-plot/`"),
        "names the page and the link: {err}"
    );
    assert!(err.contains("ลิงก์เสีย") && err.contains("broken internal link"), "{err}");
    assert_eq!(files(&out), before, "the previous site is untouched");
}

#[test]
fn share_buttons_are_plain_links_and_copy_link_copies_the_address() {
    let (_tmp, out) = built_demo();
    let activity = format!("{PLOT}activities/2023-11-15-ao-mue-swale/");
    let checks = json!({"share": [
        {"path": format!("/{activity}"), "url": format!("{BASE}{activity}")},
        {"path": format!("/{PLOT}"), "url": format!("{BASE}{PLOT}")},
    ]});
    let report = browser_checks(&out, &checks);
    assert!(report.contains("share: 12 passed, 0 failed"), "{report}");
}

/// The build says how big the site is by kind, the photos of the last three months from the
/// activities' dates, and the months left; `knn check` warns about a photo over 3 MB (one that
/// skipped the web form's resize) and still uses it.
#[test]
fn a_build_forecasts_the_size_limit_and_check_warns_about_a_photo_over_3_mb() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("phone-photos", &tmp.path().join("site"));
    let out = tmp.path().join("public");
    let built = build(&site, &out, &[]);
    assert!(built.status.success(), "{}", stderr_of(&built));
    let stdout = String::from_utf8_lossy(&built.stdout);
    let photo_bytes: usize = files(&out)
        .iter()
        .filter(|(p, _)| p.ends_with(".webp") || p.ends_with(".jpg"))
        .map(|(_, b)| b.len())
        .sum();
    let photos_mb = format!("ภาพ (photos) {:.1} MB", photo_bytes as f64 / 1e6);
    assert!(
        stdout.contains("ขนาดเว็บไซต์ (published size): หน้าเว็บ (pages) "),
        "{stdout}"
    );
    assert!(stdout.contains(&photos_mb), "{photos_mb} in {stdout}");
    // The fixture's one activity (10 January 2024) with its 12 photos, after two empty months.
    assert!(
        stdout
            .contains("(photos added per month): พ.ย. 2566: 0 ภาพ 0.0 MB, ธ.ค. 2566: 0 ภาพ 0.0 MB, ม.ค. 2567: 12 ภาพ "),
        "{stdout}"
    );
    assert!(stdout.contains("คาดการณ์ (forecast): "), "{stdout}");

    let photo = walkdir::WalkDir::new(site.join("districts"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .unwrap()
        .into_path();
    let mut bytes = std::fs::read(&photo).unwrap();
    bytes.resize(3_200_000.max(bytes.len() + 1), 0);
    std::fs::write(&photo, &bytes).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("check")
        .arg(&site)
        .arg("--cache")
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    let stderr = stderr_of(&check);
    assert!(check.status.success(), "a warning, not an error: {stderr}");
    let name = photo.strip_prefix(&site).unwrap().to_string_lossy().replace('\\', "/");
    let warning = stderr
        .lines()
        .find(|l| l.contains("(large photo file)"))
        .unwrap_or_else(|| panic!("no warning in {stderr}"));
    assert!(warning.contains(&format!("{name}:1:1: warning:")), "{warning}");
    assert!(warning.contains("3.2 MB เกิน 3 MB"), "{warning}");
    assert_eq!(
        stderr.matches("(large photo file)").count(),
        1,
        "only that photo: {stderr}"
    );
}
