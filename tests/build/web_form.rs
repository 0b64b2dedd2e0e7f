//! What the web form (Sveltia CMS) writes, knn reads: the `web-form` fixture holds an activity
//! as the CMS saved it from a first hand-written configuration (front matter with `plot:`, an
//! empty `publicity: []`, a photo list of file names, and the six WebP photos it resized in
//! Chromium from the shared phone photos), plus the `reporter:` group that configuration
//! lacked, written the way the CMS writes an object field.

use super::{browser_test, build, copy_site, fixture, root, stderr_of};
use knn::api::{self, As};

const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2026-11-20-training";

#[test]
fn an_activity_as_the_web_form_writes_it_builds_with_its_six_photos() {
    let tmp = tempfile::tempdir().unwrap();
    let run = api::run(&fixture("web-form"), &tmp.path().join("cache"), None, As::Build).unwrap();
    let errors: Vec<_> = run.findings.iter().filter(|f| f.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    let page = run
        .files
        .iter()
        .find(|f| f.path == format!("{ACTIVITY}/index.html"))
        .expect("the activity page");
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(
        html.contains("ทดสอบกิจกรรมจากฟอร์ม: ปลูกป่า #โคกหนองนา"),
        "the title as typed"
    );
    let photos: Vec<_> = run
        .photos
        .iter()
        .filter(|p| p.starts_with(ACTIVITY) && p.ends_with("-480.webp"))
        .collect();
    assert_eq!(photos.len(), 6, "{photos:?}");
    for name in ["01-greenmeadow", "06-dune"] {
        assert!(html.contains(&format!("{name}-480.webp")), "{name} on the page");
    }
    let few = run
        .findings
        .iter()
        .any(|f| f.message.contains("fewer than 6 photos") && f.file.starts_with(ACTIVITY));
    assert!(!few, "six photos listed by name count as six: {:?}", run.findings);
}

#[test]
fn a_page_the_form_saved_under_another_plot_is_refused_at_its_plot_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("web-form", &tmp.path().join("site"));
    let file = format!("{ACTIVITY}/index.md");
    let text = std::fs::read_to_string(site.join(&file)).unwrap();
    std::fs::write(
        site.join(&file),
        text.replace("plot: ban-rai-plot", "plot: suan-lung-prasert"),
    )
    .unwrap();
    for run_as in [As::Check, As::Build] {
        let run = api::run(&site, &tmp.path().join("cache"), None, run_as).unwrap();
        let error = run.findings.iter().find(|f| f.severity == "error").expect("an error");
        assert_eq!((error.file.as_str(), error.line), (file.as_str(), 2), "{error:?}");
        assert!(error.message.contains("plot differs from folder"), "{error:?}");
        assert!(run.files.is_empty());
    }
}

/// The text of the built page `path` of a run.
fn page(run: &api::Run, path: &str) -> String {
    let file = run
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is built"));
    String::from_utf8_lossy(&file.bytes).into_owned()
}

/// The end-to-end test of the web form: `tests/browser/cms.mjs` adds an activity, a lesson and
/// a product, edits the plot and adds a market through the real CMS in Chromium at phone size,
/// on a copy of the site folder; the files it saved must pass `knn check` and build into pages
/// with their photos upright.
#[test]
fn an_activity_a_lesson_and_a_product_typed_into_the_web_form_on_a_phone_pass_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("web-form", &tmp.path().join("site"));
    let public = tmp.path().join("public");
    let built = build(&site, &public, &["--base-url", "http://127.0.0.1/knn/"]);
    assert!(built.status.success(), "{}", stderr_of(&built));
    // The CMS's local mode works on a folder that is a Git working copy.
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let photos = fixture("phone-photos").join("districts/bang-khla/ban-rai-plot/activities/2024-01-10-phone-photos");
    let shots = root().join("target/web-form-screenshots");
    let args = [
        public.as_os_str(),
        site.as_os_str(),
        photos.as_os_str(),
        shots.as_os_str(),
        "/knn/".as_ref(),
    ];
    let report = browser_test("cms.mjs", &args);
    let report: serde_json::Value = serde_json::from_str(report.trim()).expect("one JSON line");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["outside"],
        serde_json::json!([]),
        "nothing is fetched from outside: {report}"
    );
    for kind in ["activity", "lesson", "product", "plot", "market"] {
        assert!(
            report["steps"][kind].as_u64().is_some_and(|n| n > 5),
            "{kind} steps counted: {report}"
        );
    }
    std::fs::remove_dir_all(site.join(".git")).unwrap();

    let cache = tmp.path().join("cache");
    let check = api::run(&site, &cache, None, As::Check).unwrap();
    let errors: Vec<_> = check.findings.iter().filter(|f| f.severity == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = api::run(&site, &cache, Some("http://127.0.0.1/"), As::Build).unwrap();
    let plot = "districts/bang-khla/ban-rai-plot";
    let activity = page(&run, &format!("{plot}/activities/2026-11-18-training/index.html"));
    assert!(
        activity.contains("อบรมการทำปุ๋ยหมักจากเศษใบไม้: ชุมชนบ้านไร่ #โคกหนองนา"),
        "the title"
    );
    assert!(activity.contains("๑๘ พฤศจิกายน ๒๕๖๙"), "the date in B.E.");
    assert!(
        activity.contains("href=\"https://www.facebook.com/cdd.chachoengsao/posts/123\""),
        "the link"
    );
    let shown = activity.matches("-480.webp\" srcset=").count();
    let lead = activity.matches("-480x360.webp\" srcset=").count();
    assert_eq!(
        (lead, shown),
        (1, 5),
        "six photos on the page, the lead from its 4:3 crops"
    );
    let turned = activity
        .split("<img ")
        .find(|img| img.contains("04-raindrops-480.webp\""))
        .expect("the turned photo");
    assert!(
        turned.contains("width=\"480\" height=\"640\""),
        "upright (portrait): {turned}"
    );
    assert!(
        !run.files.iter().any(|f| f.path.contains("2026-11-25-meeting")),
        "the activity with five photos was refused by the form"
    );
    let warnings: Vec<_> = run
        .findings
        .iter()
        .filter(|f| {
            f.file.contains("2026-11-18-training") || f.file.contains("/lessons/") || f.file.contains("/products/")
        })
        .collect();
    assert!(warnings.is_empty(), "the form's pages need no fixing: {warnings:?}");
    let encoded = walkdir::WalkDir::new(site.join(plot).join("lessons"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "10-FallenLeaf.webp")
        .expect("the photo resized without the browser's WebP encoder");
    let bytes = std::fs::read(encoded.path()).unwrap();
    assert!(&bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP", "a real WebP file");
    // The plot edited in place and the market added to its markets.yaml.
    let plot_page = page(&run, &format!("{plot}/index.html"));
    assert!(plot_page.contains("ปุ๋ยอินทรีย์"), "the cluster added to the plot");
    assert!(
        plot_page.contains("ฐานคนรักษ์ดิน"),
        "the stations written with a Thai key are kept"
    );
    let markets = page(&run, "markets/index.html");
    assert!(
        markets.contains("ตลาดนัดชุมชนบ้านไร่") && markets.contains("ทุกวันเสาร์ 06:00-10:00"),
        "{markets}"
    );
    // Lessons and products get a short random suffix: find them by the start of their folder.
    for (folder, shows) in [
        ("lessons/2026-11-19-", ["บทเรียนการจัดการน้ำหน้าแล้ง", "07-storm-480.webp"]),
        ("products/processed-", ["ปุ๋ยหมักใบไม้", "09-bythewater-480.webp"]),
        // Saved from a browser that cannot encode WebP: resized by the vendored encoder.
        (
            "lessons/2026-11-26-",
            ["บทเรียนจากโทรศัพท์ไอโฟน", "10-fallenleaf-480.webp"],
        ),
    ] {
        let start = format!("{plot}/{folder}");
        let built = run
            .files
            .iter()
            .find(|f| f.path.starts_with(&start) && f.path.ends_with("/index.html"));
        let html = String::from_utf8_lossy(&built.unwrap_or_else(|| panic!("a page under {start}")).bytes).into_owned();
        assert!(shows.iter().all(|s| html.contains(s)), "{start}: {html}");
    }
}

/// The form lives at `admin/` only: no public page links or loads it, the sitemap and the
/// search leave it out, and its pages carry `noindex`.
#[test]
fn the_web_form_adds_nothing_to_the_public_pages_and_is_not_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let run = api::run(&fixture("web-form"), &tmp.path().join("cache"), None, As::Build).unwrap();
    let admin: Vec<_> = run
        .files
        .iter()
        .filter(|f| f.path.starts_with("admin/"))
        .map(|f| f.path.as_str())
        .collect();
    for path in [
        "admin/index.html",
        "admin/bang-khla/index.html",
        "admin/bang-khla/config.json",
        "admin/sveltia-cms.js",
        "admin/locales/th.json",
    ] {
        assert!(admin.contains(&path), "{path} in {admin:?}");
    }
    for f in run.files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&f.bytes);
        if f.path.starts_with("admin/") {
            assert!(
                html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
                "{}",
                f.path
            );
        } else {
            assert!(
                !html.contains("admin/") && !html.contains("sveltia"),
                "{} names the form",
                f.path
            );
        }
    }
    for f in run
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/") || f.path == "sitemap.xml")
    {
        assert!(
            !String::from_utf8_lossy(&f.bytes).contains("admin/"),
            "{} lists the form",
            f.path
        );
    }
    let config: serde_json::Value = serde_json::from_slice(
        &run.files
            .iter()
            .find(|f| f.path == "admin/bang-khla/config.json")
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert_eq!(config["collections"][0]["folder"], "districts/bang-khla");
}
