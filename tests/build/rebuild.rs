//! A build with nothing changed since the last build into the same folder does no work, says
//! so and prints the same warnings; a changed input, option or output file builds again.

use super::{build, copy_site, stderr_of};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The file of the fixture's one activity.
const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md";
const NOTHING_CHANGED: &str = "nothing changed";

/// The inode of the output's home page: a skipped build leaves the very same file.
fn home_inode(out: &Path) -> u64 {
    std::fs::metadata(out.join("index.html")).expect("home page").ino()
}

/// Builds and asserts success; (standard output, standard error).
fn built(site: &Path, out: &Path, extra: &[&str]) -> (String, String) {
    let run = build(site, out, extra);
    assert!(run.status.success(), "{}", stderr_of(&run));
    (String::from_utf8_lossy(&run.stdout).into_owned(), stderr_of(&run))
}

#[test]
fn a_build_with_nothing_changed_does_nothing_and_prints_the_same_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let out = tmp.path().join("public");
    let (first, first_err) = built(&site, &out, &[]);
    assert!(!first.contains(NOTHING_CHANGED), "{first}");
    let inode = home_inode(&out);
    let (second, second_err) = built(&site, &out, &[]);
    assert!(second.contains(NOTHING_CHANGED), "{second}");
    assert_eq!(home_inode(&out), inode, "the output was not replaced");
    assert_eq!(second_err, first_err, "the same warnings, quoted the same way");
    let (json, _) = built(&site, &out, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    assert!(doc.is_object() || doc.is_array(), "{json}");
    assert_eq!(home_inode(&out), inode);
}

#[test]
fn an_edited_activity_a_new_option_or_a_deleted_output_file_builds_again() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let out = tmp.path().join("public");
    built(&site, &out, &[]);
    let page = std::fs::read_dir(out.join("districts/bang-khla/ban-rai-plot/activities"))
        .expect("activity pages")
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .find(|p| p.is_file())
        .expect("an activity page");

    let file = site.join(ACTIVITY);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nย่อหน้าที่เพิ่มหลังการสร้างครั้งแรก\n")).unwrap();
    let (again, _) = built(&site, &out, &[]);
    assert!(!again.contains(NOTHING_CHANGED), "{again}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("ย่อหน้าที่เพิ่มหลังการสร้างครั้งแรก"), "the edit is published");

    let (other, _) = built(&site, &out, &["--base-url", "http://127.0.0.1:9/"]);
    assert!(!other.contains(NOTHING_CHANGED), "another base URL: {other}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("http://127.0.0.1:9/"));

    std::fs::remove_file(&page).unwrap();
    let (restored, _) = built(&site, &out, &["--base-url", "http://127.0.0.1:9/"]);
    assert!(
        !restored.contains(NOTHING_CHANGED),
        "a file of the output was deleted: {restored}"
    );
    assert!(page.is_file(), "the deleted page is back");
    let (same, _) = built(&site, &out, &["--base-url", "http://127.0.0.1:9/"]);
    assert!(same.contains(NOTHING_CHANGED), "{same}");
}
