//! What the web form (Sveltia CMS) writes, knn reads: the `web-form` fixture holds an activity
//! as the CMS saved it from a first hand-written configuration (front matter with `plot:`, an
//! empty `publicity: []`, a photo list of file names, and the six WebP photos it resized in
//! Chromium from the shared phone photos), plus the `reporter:` group that configuration
//! lacked, written the way the CMS writes an object field.

use super::{copy_site, fixture};
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
