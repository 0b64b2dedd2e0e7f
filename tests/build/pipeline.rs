//! The one pipeline, in process (`knn::api`): `check` finds exactly what `build` finds on every
//! fixture site, good and bad, and both see every output kind.

use super::{fixture, root};
use knn::api::{self, As};

/// Every fixture site under `tests/fixtures/` (a folder with a `site.yaml`).
fn fixture_sites() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("site.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn regression_stage_order_drifted_check_and_build_find_the_same_on_every_fixture() {
    let sites = fixture_sites();
    assert!(sites.len() >= 6, "{sites:?}");
    for name in sites {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("cache");
        let build = api::run(&fixture(&name), &cache, None, As::Build).expect("build runs");
        // After the build the cache knows every photo; check a second time from an empty cache
        // too, so agreement does not depend on what the cache holds.
        let warm = api::run(&fixture(&name), &cache, None, As::Check).expect("check runs");
        let cold = api::run(&fixture(&name), &tmp.path().join("empty"), None, As::Check).expect("check runs");
        let mut b = build.findings.clone();
        b.sort();
        for (which, check) in [("warm", &warm), ("cold", &cold)] {
            let mut c = check.findings.clone();
            c.sort();
            assert_eq!(c, b, "{name}: check ({which} cache) and build disagree");
            assert_eq!(
                check.files.is_empty(),
                build.files.is_empty(),
                "{name}: one stopped, one did not"
            );
        }
        if !build.files.is_empty() {
            let paths = |r: &api::Run| r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(&warm), paths(&build), "{name}: check renders the same files");
            assert_eq!(warm.photos, build.photos, "{name}: check plans the same photos");
        }
    }
}

#[test]
fn every_output_file_has_a_kind_and_pages_name_their_source() {
    let tmp = tempfile::tempdir().unwrap();
    let run = api::run(&fixture("minimal"), &tmp.path().join("cache"), None, As::Check).unwrap();
    let kind = |path: &str| run.files.iter().find(|f| f.path == path).map(|f| f.kind.as_str());
    assert_eq!(kind("index.html"), Some("Page"));
    assert_eq!(kind("feed.xml"), Some("Feed"));
    assert_eq!(kind("sitemap.xml"), Some("Sitemap"));
    assert_eq!(kind("search/index.json"), Some("SearchIndex"));
    assert_eq!(kind("search/p-0.json"), Some("SearchText"));
    assert_eq!(kind(".nojekyll"), Some("Marker"));
    assert!(run.files.iter().any(|f| f.kind == "Asset" && f.path.ends_with(".css")));
    let activity = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.html";
    let source = run
        .files
        .iter()
        .find(|f| f.path == activity)
        .and_then(|f| f.source.clone());
    assert_eq!(
        source.as_deref(),
        Some("districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md")
    );
}

/// A copy of `minimal` whose activity body links to a plot that does not exist, with the line
/// of that link in the activity's file (the fixture is built under `/knn-demo/`).
fn site_with_broken_link(dir: &std::path::Path) -> (std::path::PathBuf, String, usize) {
    let site = super::copy_site("minimal", dir);
    let file = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md";
    let mut text = std::fs::read_to_string(site.join(file)).unwrap();
    text.push_str("\nอ่านต่อที่ [แปลงข้างเคียง](/knn-demo/districts/bang-khla/no-such-plot/)\n");
    let line = text.lines().position(|l| l.contains("no-such-plot")).unwrap() + 1;
    std::fs::write(site.join(file), text).unwrap();
    (site, file.to_string(), line)
}

#[test]
fn regression_check_skips_link_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, _, _) = site_with_broken_link(&tmp.path().join("site"));
    for run_as in [As::Check, As::Build] {
        let run = api::run(&site, &tmp.path().join("cache"), None, run_as).unwrap();
        let errors: Vec<_> = run.findings.iter().filter(|f| f.severity == "error").collect();
        assert_eq!(
            errors.len(),
            1,
            "{run_as:?} refuses the broken link: {:?}",
            run.findings
        );
        assert!(run.files.is_empty(), "{run_as:?} writes nothing");
    }
}

#[test]
fn regression_link_error_points_at_output_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, file, line) = site_with_broken_link(&tmp.path().join("site"));
    let run = api::run(&site, &tmp.path().join("cache"), None, As::Check).unwrap();
    let error = run.findings.iter().find(|f| f.severity == "error").expect("an error");
    assert_eq!((error.file.as_str(), error.line), (file.as_str(), line), "{error:?}");
    assert!(!error.file.ends_with(".html"), "never an output path: {error:?}");
    assert!(error.message.contains("no-such-plot"), "{error:?}");
}
