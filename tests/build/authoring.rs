//! Authoring commands end to end: `knn check` (text, JSON, GitHub annotations; writes nothing),
//! `knn new` (templates that follow the form, refusals with the nearest plot), and the JSON
//! Schemas (committed files match the generated ones; they accept every page of `content/`
//! and reject a misspelt key).

use super::{copy_site, files, fixture, root, stderr_of};
use std::path::Path;
use std::process::{Command, Output};

/// Runs the `knn` binary with `args` in `dir`, with extra environment variables.
fn knn(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_knn"));
    cmd.current_dir(dir).args(args).env_remove("GITHUB_ACTIONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("knn runs")
}

#[test]
fn check_passes_a_good_site_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let before = files(tmp.path());
    let out = knn(tmp.path(), &["check", "site"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("(check passed)"));
    assert_eq!(files(tmp.path()), before, "check wrote or changed a file");
    assert!(!site.join(".knn-cache").exists() && !tmp.path().join("public").exists());
}

#[test]
fn check_reports_in_json_and_as_github_annotations() {
    let invalid = fixture("invalid");
    let json = knn(&root(), &["check", invalid.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document on stdout");
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 16, "the same 16 errors the build reports: {v:#}");
    let first = &v["diagnostics"][0];
    assert!(first["line"].as_u64().unwrap() >= 1 && first["column"].as_u64().unwrap() >= 1);
    assert!(first["file"].as_str().unwrap().ends_with(".md"), "{first}");

    let workspace = root().display().to_string();
    let gha = knn(
        &root(),
        &["check", "tests/fixtures/invalid"],
        &[("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", &workspace)],
    );
    assert_eq!(gha.status.code(), Some(1));
    let annotations: Vec<String> = String::from_utf8_lossy(&gha.stdout)
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(str::to_string)
        .collect();
    assert_eq!(annotations.iter().filter(|l| l.starts_with("::error ")).count(), 16);
    insta::assert_snapshot!("github_annotations", annotations.join("\n"));
}

#[test]
fn new_activity_follows_the_form_and_checks_clean_once_filled() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let args = [
        "new",
        "activity",
        "bang-khla/ban-rai-plot",
        "เอามื้อสามัคคีขุดคลองไส้ไก่",
        "--site",
        "site",
        "--date",
        "2569-11-25",
        "--kind",
        "เอามื้อสามัคคี",
    ];
    let out = knn(tmp.path(), &args, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let index = site.join("districts/bang-khla/ban-rai-plot/activities/2026-11-25-ao-mue/index.md");
    assert!(stdout.contains("อย่างน้อย 6 ภาพ"), "tells where the photos go: {stdout}");
    let text = std::fs::read_to_string(&index).expect("the page bundle was created");
    insta::assert_snapshot!("new_activity_template", text);

    let again = knn(tmp.path(), &args, &[]);
    assert!(again.status.success());
    assert!(
        index
            .parent()
            .unwrap()
            .with_file_name("2026-11-25-ao-mue-2/index.md")
            .is_file(),
        "a second one gets -2"
    );

    let unfilled = knn(tmp.path(), &["check", "site"], &[]);
    assert_eq!(unfilled.status.code(), Some(1), "the reporter is still empty");
    assert!(
        stderr_of(&unfilled).contains("reporter.name"),
        "{}",
        stderr_of(&unfilled)
    );

    std::fs::remove_dir_all(index.parent().unwrap().with_file_name("2026-11-25-ao-mue-2")).unwrap();
    let filled = text
        .replace("  name:\n", "  name: นายทดสอบ ระบบ\n")
        .replace("  position:\n", "  position: พัฒนากรผู้ประสานงานตำบล\n");
    std::fs::write(&index, filled).unwrap();
    let checked = knn(tmp.path(), &["check", "site"], &[]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr_of(&checked));
}

#[test]
fn new_refuses_unknown_plots_and_districts_with_the_nearest_name() {
    let tmp = tempfile::tempdir().unwrap();
    copy_site("minimal", &tmp.path().join("site"));
    let typo = knn(
        tmp.path(),
        &["new", "activity", "bang-khla/ban-rai-plto", "x", "--site", "site"],
        &[],
    );
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        stderr_of(&typo).contains("`bang-khla/ban-rai-plot`"),
        "{}",
        stderr_of(&typo)
    );
    let district = knn(
        tmp.path(),
        &["new", "lesson", "bang-klha/ban-rai-plot", "x", "--site", "site"],
        &[],
    );
    assert_eq!(district.status.code(), Some(1));
    assert!(stderr_of(&district).contains("`bang-khla`"), "{}", stderr_of(&district));
    let created = files(&tmp.path().join("site"));
    assert!(created.keys().all(|k| !k.contains("lessons")), "nothing was created");

    let plot = knn(
        tmp.path(),
        &["new", "plot", "บางคล้า/new-plot", "แปลงใหม่", "--site", "site"],
        &[],
    );
    assert!(plot.status.success(), "{}", stderr_of(&plot));
    let text = std::fs::read_to_string(tmp.path().join("site/districts/bang-khla/new-plot/plot.md")).unwrap();
    assert!(
        text.contains("name: แปลงใหม่") && text.contains("สาวชะโงก"),
        "lists the district's sub-districts"
    );
}

/// The YAML of a Markdown file's front matter, or the whole file for `.yaml`.
fn front_matter(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "yaml") {
        return text;
    }
    let rest = text.strip_prefix("---\n").expect("front matter");
    rest[..rest.find("\n---").unwrap()].to_string()
}

/// The schema file that applies to a content file, by the content format's layout.
fn schema_for(path: &Path) -> Option<&'static str> {
    let p = path.to_string_lossy();
    let name = path.file_name()?.to_str()?;
    Some(match name {
        "site.yaml" => "site",
        "markets.yaml" => "markets",
        "plot.md" => "plot",
        "index.md" if p.contains("/activities/") => "activity",
        "index.md" if p.contains("/lessons/") => "lesson",
        "index.md" if p.contains("/products/") => "product",
        _ => return None,
    })
}

/// Validates a content file's front matter against its schema: the messages, if any.
fn schema_errors(path: &Path) -> Vec<String> {
    let kind = schema_for(path).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join(format!("schemas/{kind}.schema.json"))).unwrap()).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&front_matter(path)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn schemas_are_generated_from_the_types_and_describe_the_content() {
    let tmp = tempfile::tempdir().unwrap();
    let out = knn(tmp.path(), &["schema", "--out", "schemas"], &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let generated = files(&tmp.path().join("schemas"));
    let committed = files(&root().join("schemas"));
    assert_eq!(generated.len(), 6);
    assert!(
        generated == committed,
        "schemas/ is out of date: run `cargo run -- schema` and commit the result"
    );

    let mut checked = 0;
    for e in walkdir::WalkDir::new(root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if schema_for(e.path()).is_some() {
            let errors = schema_errors(e.path());
            assert!(errors.is_empty(), "{}: {errors:?}", e.path().display());
            checked += 1;
        }
    }
    assert!(checked > 60, "every page of the sample site was checked ({checked})");

    let misspelt = schema_errors(&fixture("invalid/districts/bang-khla/misspelt-key/plot.md"));
    assert!(misspelt.iter().any(|m| m.contains("ownr")), "{misspelt:?}");
    let kind = schema_errors(&fixture(
        "invalid/districts/bang-khla/good-plot/activities/2023-11-20-year-mixup/index.md",
    ));
    assert!(kind.iter().any(|m| m.starts_with("/kind")), "{kind:?}");
}

#[test]
fn the_editor_task_finds_every_problem_knn_check_prints() {
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(".vscode/tasks.json")).unwrap()).unwrap();
    let task = tasks["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "knn check")
        .expect("a `knn check` task");
    let pattern = &task["problemMatcher"]["pattern"];
    let regex = regex::Regex::new(pattern["regexp"].as_str().unwrap()).unwrap();

    let json = knn(&root(), &["check", "tests/fixtures/invalid", "--format", "json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let expected = v["diagnostics"].as_array().unwrap().len();

    let text = knn(&root(), &["check", "tests/fixtures/invalid"], &[]);
    let stderr = stderr_of(&text);
    let matched: Vec<regex::Captures> = stderr.lines().filter_map(|l| regex.captures(l)).collect();
    assert_eq!(matched.len(), expected, "one problem per diagnostic:\n{stderr}");
    let group = |name: &str| pattern[name].as_u64().unwrap() as usize;
    for m in &matched {
        let file = root().join(&m[group("file")]);
        assert!(file.exists(), "the task finds the file {}", file.display());
        assert!(m[group("line")].parse::<usize>().unwrap() >= 1);
        assert!(matches!(&m[group("severity")], "error" | "warning"));
        assert!(
            m[group("message")].contains('('),
            "Thai with the English term: {}",
            &m[0]
        );
    }
}
