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
fn check_and_build_find_the_same_on_every_fixture() {
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
    assert_eq!(kind("search/x/0.txt"), Some("SearchText"));
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
