//! Property tests (proptest, stable Rust): whatever staff type, knn never panics. Each target
//! runs 10,000 generated cases in the normal test run; `PROPTEST_CASES=1000000 cargo test
//! --release --lib proptests` runs a million per target. The generators mix what real input
//! holds (Thai letters and digits, tone marks, emoji, YAML and Markdown punctuation, control
//! characters, zero-width spaces) so that the cases reach the parsers' edges, not only noise.

use crate::load::Sources;
use crate::registry::Registry;
use crate::validate::{Overrides, validate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::BTreeMap;

/// Cases per target: 10,000 unless `PROPTEST_CASES` says otherwise.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// Runs `test` on `cases()` values of `strategy`; a panic or a failed assertion fails the test
/// with the smallest input proptest can find.
fn check<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// Pieces of real staff input, from which texts are strung together.
const PIECES: &[&str] = &[
    "ก",
    "ข้าว",
    "ปลูกป่า",
    "เอามื้อสามัคคี",
    "่",
    "้",
    "ั",
    "ำ",
    "๑๕",
    "๒๕๖๖",
    "พ.ย.",
    "พฤศจิกายน",
    "-",
    "/",
    ":",
    ": ",
    " #",
    "#",
    "---",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "  ",
    "\u{200b}",
    "\u{a0}",
    "\u{feff}",
    "\u{b}",
    "\u{1}",
    "\u{2028}",
    "🟡",
    "✅",
    "👍🏽",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "*",
    "&a",
    "*a",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\\",
    "<",
    "</script>",
    "&#106;",
    "javascript:",
    "https://www.facebook.com/x?mibextid=1",
    "2023",
    "11",
    "15",
    "31",
    "13",
    "0",
    "99999999999",
    "2566-11-15",
    "15/11/2566",
    "yes",
    "ใช่",
    "ไม่",
    "null",
    "~",
    "- ",
    "  - ",
    "title",
    "ชื่อกิจกรรม",
    "วันที่",
    "ภาพ",
    "ไฟล์",
    "[x](y)",
    "![a](b)",
    "<https://x.y>",
    "[r]: javascript:x",
    "```",
    "    ",
    "**",
    "_",
    "~~",
    "|---|",
    "\u{0}",
];

/// A text of up to `n` pieces.
fn text(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..n).prop_map(|v| v.concat())
}

/// Text with arbitrary characters mixed in, so nothing is missed that the pieces lack.
fn any_text(n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => prop::collection::vec(any::<char>(), 0..4).prop_map(String::from_iter)], 0..n)
        .prop_map(|v| v.concat())
}

/// A minimal site in memory with one activity at `folder` whose file is `index_md`.
fn site_with(folder: &str, index_md: &str) -> Sources {
    let dir = "districts/bang-khla/a-plot";
    let mut texts = BTreeMap::new();
    texts.insert(
        "site.yaml".to_string(),
        "title: t\nprovince: ฉะเชิงเทรา\nbase_url: https://x.org/\n".into(),
    );
    texts.insert(
        format!("{dir}/plot.md"),
        "---\nname: แปลง\nowner: นาย ก ข\nmodel: HLM\nprogramme: covid-loan\nsize_rai: 3\naddress:\n  subdistrict: บางคล้า\n---\n".into(),
    );
    texts.insert(format!("{dir}/activities/{folder}/index.md"), index_md.to_string());
    Sources {
        texts: texts.into(),
        ..Sources::default()
    }
}

#[test]
fn dates_never_panic() {
    check(any_text(8), |s| {
        let _ = crate::values::date(&s);
        let _ = crate::report::Month::parse(&s);
        Ok(())
    });
}

#[test]
fn folder_names_never_panic() {
    let registry = Registry::shipped();
    let body = "---\ntitle: x\ndate: 2566-11-15\nkind: ao-mue\n---\n";
    check(any_text(6), |folder| {
        let folder = folder.replace(['/', '\\', '\0'], "");
        let _ = validate(&site_with(&folder, body), &registry, &Overrides::default());
        Ok(())
    });
}

#[test]
fn front_matter_never_panics() {
    let registry = Registry::shipped();
    check(any_text(24), |yaml| {
        let file = format!("---\n{yaml}\n---\nเนื้อหา\n");
        let _ = validate(&site_with("2023-11-15-x", &file), &registry, &Overrides::default());
        let _ = validate(&site_with("2023-11-15-x", &yaml), &registry, &Overrides::default());
        Ok(())
    });
}

#[test]
fn markdown_never_panics() {
    check(any_text(32), |md| {
        let html = crate::markdown::to_html(&md);
        prop_assert!(!html.to_lowercase().contains("<script"), "{html}");
        let _ = crate::markdown::excerpt(&md, 160);
        Ok(())
    });
}

#[test]
fn yaml_never_panics() {
    check(text(24), |yaml| {
        let _ = crate::frontmatter::parse::<crate::raw::RawSite>("site.yaml", &yaml, 0);
        let _ = crate::frontmatter::parse::<crate::raw::RawPlot>("plot.md", &yaml, 1);
        let _ = crate::frontmatter::parse::<Vec<crate::raw::RawMarket>>("markets.yaml", &yaml, 0);
        let _ = crate::frontmatter::parse::<crate::raw::RawActivity>("index.md", &yaml, 1);
        Ok(())
    });
}
