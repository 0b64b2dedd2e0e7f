//! The GitHub Pages workflow a district office uses as it is: parsed and checked for its
//! triggers, permissions, caches, the `knn check` and `knn build` steps and the deploy job.

use super::root;
use serde_json::Value;

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
        "actions/checkout@v5",
        "actions/cache@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v4",
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
    assert!(uses(deploy).contains(&"actions/deploy-pages@v4"));
    let condition = deploy["if"].as_str().unwrap_or_default();
    assert!(
        condition.contains("pull_request") && condition.contains("refs/heads/main"),
        "{condition}"
    );
}
