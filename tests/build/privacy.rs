//! The privacy guard through the real binary: the `privacy-places` fixture has an owner's
//! phone, house number and name planted once in each place content comes from (activity title,
//! body and caption, plot body, lesson, product, `markets.yaml`, `about.md`), each written the
//! way the guard used to miss, next to look-alikes that must pass. `knn build` and `knn check`
//! must both refuse it at exactly those lines, and publish nothing.

use super::{build, fixture};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

const PLOT: &str = "districts/bang-khla/ban-rai-plot";

/// One error as `(file relative to the site, line, kind of data)`.
type Located = (String, usize, &'static str);

/// The errors of a `--format json` run, located relative to `site`.
fn errors(output: &Output, site: &Path) -> Vec<Located> {
    let text = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = text
        .lines()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("JSON diagnostics: {text}"));
    let prefix = format!("{}/", site.display());
    let mut out: Vec<Located> = json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let message = d["message"].as_str().unwrap_or_default();
            let kind = ["phone number", "house number", "owner's name"]
                .into_iter()
                .find(|k| message.contains(k))
                .unwrap_or("other");
            let file = d["file"].as_str().unwrap_or_default();
            let file = file.strip_prefix(&prefix).unwrap_or(file).to_string();
            (file, d["line"].as_u64().unwrap_or(0) as usize, kind)
        })
        .collect();
    out.sort();
    out
}

/// What `knn build` and `knn check` report on the fixture (run once for all tests here).
fn refused() -> &'static (Vec<Located>, Vec<Located>) {
    static RUN: OnceLock<(Vec<Located>, Vec<Located>)> = OnceLock::new();
    RUN.get_or_init(|| {
        let site = fixture("privacy-places");
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let built = build(&site, &out, &["--format", "json"]);
        assert_eq!(
            built.status.code(),
            Some(1),
            "refused: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        assert!(!out.exists(), "nothing is published");
        let checked = Command::new(env!("CARGO_BIN_EXE_knn"))
            .arg("check")
            .arg(&site)
            .args(["--format", "json", "--cache"])
            .arg(tmp.path().join("cache"))
            .output()
            .expect("knn runs");
        assert_eq!(checked.status.code(), Some(1));
        (errors(&built, &site), errors(&checked, &site))
    })
}

/// Asserts the build was refused at `file:line` for `kind`.
fn refused_at(file: &str, line: usize, kind: &str) {
    let (built, _) = refused();
    assert!(
        built.iter().any(|(f, l, k)| f == file && *l == line && *k == kind),
        "{kind} at {file}:{line} in {built:#?}"
    );
}

#[test]
fn a_leak_in_every_place_content_comes_from_is_refused_at_its_line_and_nothing_else() {
    let activity = format!("{PLOT}/activities/2023-11-15-ao-mue/index.md");
    let want: Vec<(String, usize, &str)> = vec![
        ("about.md".into(), 3, "house number"),
        (activity.clone(), 2, "phone number"),
        (activity.clone(), 15, "owner's name"),
        (activity, 19, "owner's name"),
        (format!("{PLOT}/lessons/water/index.md"), 7, "phone number"),
        (format!("{PLOT}/markets.yaml"), 5, "owner's name"),
        (format!("{PLOT}/plot.md"), 18, "phone number"),
        (format!("{PLOT}/products/banana/index.md"), 8, "house number"),
    ];
    let (built, checked) = refused();
    // Exactly these: the look-alikes beside them (บ้านเลขที่ 99/99, 086-112-3345, คุณสมบัติ,
    // the teacher นางครู สมหมาย) are not taken for the owner's.
    assert_eq!(built, &want);
    assert_eq!(checked, built, "check reports what build reports");
}

#[test]
fn regression_privacy_thai_digit_phone() {
    // ชื่อกิจกรรม: ... โทร ๐๘๖-๑๑๒-๓๓๔๔ (the owner's phone is 086-112-3344).
    refused_at(
        &format!("{PLOT}/activities/2023-11-15-ao-mue/index.md"),
        2,
        "phone number",
    );
}

#[test]
fn regression_privacy_thai_digit_house_number() {
    // about.md: บ้านเลขที่ ๙๙/๙ (the owner's house is 99/9).
    refused_at("about.md", 3, "house number");
}

#[test]
fn regression_privacy_name_two_spaces() {
    // markets.yaml: place: หน้าบ้านสมหมาย  ศรีสุข
    refused_at(&format!("{PLOT}/markets.yaml"), 5, "owner's name");
}

#[test]
fn regression_privacy_name_zero_width_space() {
    // A caption: สมหมาย<U+200B>ศรีสุข
    refused_at(
        &format!("{PLOT}/activities/2023-11-15-ao-mue/index.md"),
        15,
        "owner's name",
    );
}

#[test]
fn regression_privacy_name_without_honorific() {
    // The owner is "นายสมหมาย ศรีสุข"; the caption and the market write no นาย.
    refused_at(
        &format!("{PLOT}/activities/2023-11-15-ao-mue/index.md"),
        15,
        "owner's name",
    );
    refused_at(&format!("{PLOT}/markets.yaml"), 5, "owner's name");
}

#[test]
fn regression_privacy_name_with_kinship_word() {
    // วันนี้ลุงสมหมายมาช่วยขุดคลอง: the given name alone, after ลุง, with no space around it.
    refused_at(
        &format!("{PLOT}/activities/2023-11-15-ao-mue/index.md"),
        19,
        "owner's name",
    );
}

#[test]
fn regression_privacy_guard_fails_open() {
    // A phone the guard cannot read (8 digits) cannot be checked for: the build stops at it.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let minimal = fixture("minimal");
    for e in walkdir::WalkDir::new(&minimal).into_iter().filter_map(Result::ok) {
        let to = site.join(e.path().strip_prefix(&minimal).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let plot = site.join("districts/bang-khla/ban-rai-plot/plot.md");
    let text = std::fs::read_to_string(&plot)
        .unwrap()
        .replace("081-111-2222", "08-111-222");
    std::fs::write(&plot, text).unwrap();
    let out = tmp.path().join("public");
    let result = build(&site, &out, &["--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!out.exists());
    let errors = errors(&result, &site);
    assert!(
        errors
            .iter()
            .any(|(f, l, _)| f == "districts/bang-khla/ban-rai-plot/plot.md" && *l == 12),
        "{errors:#?}"
    );
}
