//! Tests of the guard as a whole: real sites validated from text, output files fed directly.
//! Lists of writings that must be found and that must not, per kind of personal data.

use super::secrets::What;
use super::*;
use crate::load::Sources;
use std::collections::BTreeSet;

const PLOT: &str = "districts/bang-khla/ban-rai-plot/plot.md";
const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md";
const OTHER_PLOT: &str = "districts/bang-khla/suan-b/plot.md";

/// The site's texts: a plot of `owner` (non-consenting unless `consent`) and one of a public
/// owner and teacher elsewhere.
fn site_texts(owner: &str, consent: bool, phone: &str, house: &str) -> BTreeMap<String, String> {
    let plot = |name: &str, owner: &str, consent: bool, phone: &str, house: &str, teachers: &str| {
        format!(
            "---\nname: {name}\nowner: {owner}\nowner_consent: {}\nmodel: HLM\nprogramme: covid-loan\nsize_rai: 3\n\
             address:\n  house_no: \"{house}\"\n  moo: 4\n  subdistrict: บางคล้า\nphone: \"{phone}\"\nrating: B\n\
             parts: [โคก, หนอง, นา]\nteachers: [{teachers}]\n---\nแปลงตัวอย่าง\n",
            if consent { "yes" } else { "no" }
        )
    };
    BTreeMap::from([
        (
            "site.yaml".to_string(),
            "title: ทดสอบ\nprovince: ฉะเชิงเทรา\nbase_url: https://example.org/\n".to_string(),
        ),
        (
            PLOT.to_string(),
            plot("แปลงบ้านไร่", owner, consent, phone, house, "นางครู ทดสอบ"),
        ),
        (
            OTHER_PLOT.to_string(),
            plot("สวนบี", "นายสมชาย รักดี", true, "081-999-0000", "12", "นายสมชาย รักดี"),
        ),
    ])
}

/// An output file of the kind its path gives.
fn out(path: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile::new(path, bytes, crate::output::kind_of_rendered(path))
}

/// The validated site of `texts`.
fn site(texts: &BTreeMap<String, String>) -> Site {
    let sources = Sources {
        root: std::path::PathBuf::from("/nonexistent"),
        texts: texts.clone().into(),
        photos: BTreeMap::new(),
        others: Vec::new(),
        diagnostics: Vec::new(),
    };
    let registry = crate::registry::Registry::shipped();
    let (site, diags) = crate::validate::validate(&sources, &registry, &Default::default());
    site.unwrap_or_else(|| panic!("test site is valid: {diags:#?}"))
}

/// What kinds of personal data of the owner `text` holds.
fn found_in(owner: &str, text: &str) -> BTreeSet<What> {
    let texts = site_texts(owner, false, "086-112-3344", "99/9");
    let site = site(&texts);
    let (secrets, problems) = secrets::collect(&site, &texts.clone().into());
    assert!(problems.is_empty(), "{problems:?}");
    let m = Matcher::build(&secrets, &secrets::public_names(&site)).unwrap();
    m.find(&Text::new(text))
        .iter()
        .map(|h| secrets[h.secret].what)
        .collect()
}

/// Asserts every text of `yes` holds `what` of the owner and none of `no` does.
fn assert_lists(owner: &str, what: What, yes: &[&str], no: &[&str]) {
    for t in yes {
        assert!(found_in(owner, t).contains(&what), "must be found: {t:?}");
    }
    for t in no {
        assert!(!found_in(owner, t).contains(&what), "must not be found: {t:?}");
    }
}

#[test]
fn phones_are_found_in_any_grouping() {
    let yes = [
        "0861123344",
        "โทร 086-112-3344",
        "086 112 3344",
        "086.112.3344",
        "086-1123344",
        "08 6112 3344",
        "08-6112-3344",
        "+66 86 112 3344",
        "+66861123344",
        "+66 (0) 86 112 3344",
        "(086) 112-3344",
        "<a href=\"tel:0861123344\">โทร</a>",
        "<a href=\"tel:+66861123344\">โทร</a>",
        "tel:086%20112%203344",
        "๐๘๖-๑๑๒-๓๓๔๔",
        "๐๘๖๑๑๒๓๓๔๔",
        "０８６-１１２-３３４４",
        "โทร.0861123344นะ",
        "ปี 2566 086-112-3344",
        "086\u{200b}112\u{200b}3344",
        "086&nbsp;112&nbsp;3344",
        "086 112 <strong>3344</strong>",
        "086\n112\n3344",
        "086–112–3344",
        r#"{"t":"\u0030861123344"}"#,
    ];
    let no = [
        "086-112-3345",
        "0861123345",
        "908611233445",
        "10861123344",
        "086-112-334",
        "86 112 3344",
    ];
    assert_lists("นายสมชาย ใจดี", What::Phone, &yes, &no);
}

#[test]
fn house_numbers_are_found_after_a_house_word_at_a_number_boundary() {
    let yes = [
        "บ้านเลขที่ 99/9",
        "บ้านเลขที่99/9",
        "บ้านเลขที่: 99/9",
        "เลขที่ 99/9 หมู่ 4",
        "ไปที่บ้าน 99/9 ได้",
        "บ้านเลขที่ ๙๙/๙",
        "อยู่บ้านเลขที่ 99/9 ต.บางคล้า",
        "บ้านเลขที่ <strong>99/9</strong>",
        "บ้านเลขที่&nbsp;99/9",
        "บ้านเลขที่ 99 / 9",
        "99/9 ม.4 ต.บางคล้า",
        "ที่อยู่ 99/9",
        "บ้านเลขที่\n99/9",
    ];
    let no = [
        "บ้านเลขที่ 99/99",
        "บ้านเลขที่ 199/9",
        "บ้านเลขที่ 99/9-1",
        "ปลูกได้ 99/9 ต้น",
        "วันที่ 9/9/2566",
    ];
    assert_lists("นายสมชาย ใจดี", What::House, &yes, &no);
}

#[test]
fn names_are_found_with_any_spacing_and_any_title() {
    let yes = [
        "นายสมชาย ใจดี",
        "สมชาย ใจดี",
        "สมชายใจดี",
        "สมชาย  ใจดี",
        "สมชาย\u{200b}ใจดี",
        "สมชาย\nใจดี",
        "สมชาย<br>ใจดี",
        "สมชาย&nbsp;ใจดี",
        "ลุงสมชาย ใจดี",
        "ลุงสมชาย",
        "ลุง สมชาย มาช่วย",
        "ลุงสมชายมาช่วยขุดคลอง",
        "คุณสมชาย",
        "คุณลุงสมชาย",
        "ผู้ใหญ่สมชาย",
        "พ่อสมชายเล่าว่า",
        "ขอบคุณ ตา<strong>สมชาย</strong>",
    ];
    let no = ["สมชาย", "สมชายมาช่วย", "ลุงสมชัย", "ใจดี", "ครูสมชาย รักดี", "นายสมชาย รักดี"];
    assert_lists("นายสมชาย ใจดี", What::Name, &yes, &no);
}

#[test]
fn a_given_name_that_is_a_common_word_is_found_only_as_a_name() {
    let owner = "นายสมบัติ คงเจริญ";
    let yes = ["ลุงสมบัติมาช่วย", "สมบัติ คงเจริญ", "คุณสมบัติ คงเจริญ"];
    let no = ["คุณสมบัติของดินดี", "สมบัติของแผ่นดิน", "ดินมีคุณสมบัติเก็บน้ำ"];
    assert_lists(owner, What::Name, &yes, &no);
}

#[test]
fn a_consenting_owners_name_is_no_secret() {
    let texts = site_texts("นายสมชาย ใจดี", true, "086-112-3344", "99/9");
    let (secrets, _) = secrets::collect(&site(&texts), &texts.clone().into());
    assert!(secrets.iter().all(|s| s.what != What::Name));
    assert!(
        secrets.iter().any(|s| s.what == What::Phone),
        "a phone is always secret"
    );
}

/// The guard's errors for `output` published as `path` with the sources `extra`.
fn guard(owner: &str, phone: &str, house: &str, path: &str, output: &str, extra: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut texts = site_texts(owner, false, phone, house);
    let site = site(&texts);
    // Added after validation: these only need to be searched.
    texts.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let files = [out(path, output.as_bytes().to_vec())];
    check(&site, &files, &texts)
}

/// An activity whose body line 3 is `body`.
fn activity(body: &str) -> String {
    format!("---\ntitle: x\n---\n{body}\n")
}

/// Asserts one error, at `file:line:column`, naming `output`.
fn assert_one_at(diags: &[Diagnostic], file: &str, line: usize, column: usize, output: &str) {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!((d.file.as_str(), d.line, d.column), (file, line, column), "{d:#?}");
    assert!(d.message.contains(output), "{d:#?}");
}

#[test]
fn regression_privacy_thai_digit_phone() {
    let body = activity("ติดต่อ โทร ๐๘๖-๑๑๒-๓๓๔๔");
    let diags = guard(
        "นายสมชาย ใจดี",
        "086-112-3344",
        "",
        "a/index.html",
        "<p>โทร 086 112 3344</p>",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 12, "a/index.html");
    // And the other way round: the owner's phone written in Thai digits in plot.md.
    let diags = guard("นายสมชาย ใจดี", "๐๘๖-๑๑๒-๓๓๔๔", "", "a/index.html", "0861123344", &[]);
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn regression_privacy_thai_digit_house_number() {
    let body = activity("ไปที่บ้านเลขที่ ๒๗ ได้เลย");
    let diags = guard("นายสมชาย ใจดี", "", "27", "feed.xml", "บ้านเลขที่ ๒๗", &[(ACTIVITY, &body)]);
    assert_one_at(&diags, ACTIVITY, 4, 17, "feed.xml");
}

#[test]
fn regression_privacy_name_two_spaces() {
    let body = activity("ขอบคุณ สมชาย  ใจดี");
    let diags = guard(
        "นายสมชาย ใจดี",
        "",
        "",
        "a/index.html",
        "สมชาย&nbsp; ใจดี",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 8, "a/index.html");
}

#[test]
fn regression_privacy_name_zero_width_space() {
    let body = activity("ขอบคุณ สมชาย\u{200b}ใจดี");
    let diags = guard(
        "นายสมชาย ใจดี",
        "",
        "",
        "a/index.html",
        "สมชาย\u{200b}ใจดี",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 8, "a/index.html");
}

#[test]
fn regression_privacy_name_without_honorific() {
    let body = activity("เจ้าของแปลงคือ สมชาย ใจดี");
    let diags = guard(
        "นายสมชาย ใจดี",
        "",
        "",
        "a/index.html",
        "<p>สมชาย ใจดี</p>",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 16, "a/index.html");
}

#[test]
fn regression_privacy_name_with_kinship_word() {
    let body = activity("วันนี้ลุงสมชายมาช่วยขุดคลอง");
    let diags = guard(
        "นายสมชาย ใจดี",
        "",
        "",
        "a/index.html",
        "<p>วันนี้ลุงสมชายมาช่วยขุดคลอง</p>",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 7, "a/index.html");
}

#[test]
fn a_given_name_alone_counts_only_in_the_owners_own_folder() {
    // The same words in another plot's page are about someone else with that given name.
    let other = "districts/bang-khla/suan-b/activities/2023-11-01-x/index.md";
    let body = activity("ลุงสมชายมาช่วย");
    let diags = guard(
        "นายสมชาย ใจดี",
        "",
        "",
        "b/index.html",
        "ลุงสมชายมาช่วย",
        &[(other, &body)],
    );
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn regression_privacy_search_text_not_scanned() {
    // Only the search text holds it: the guard must still find it and name that file.
    let body = activity("โทร 086 112 3344");
    let diags = guard(
        "นายสมชาย ใจดี",
        "086-112-3344",
        "",
        "search/p-0.json",
        "โทร 086 112 3344",
        &[(ACTIVITY, &body)],
    );
    assert_one_at(&diags, ACTIVITY, 4, 5, "search/p-0.json");
}

#[test]
fn every_text_output_is_scanned_whatever_its_name_and_only_binaries_are_skipped() {
    for path in [
        "search/t-0.json",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "assets/x.js",
        "a/form/index.html",
        "map.svg",
        "noext",
        "x.woff2",
    ] {
        let diags = guard("นายสมชาย ใจดี", "086-112-3344", "", path, "0861123344", &[]);
        assert_eq!(diags.len(), 1, "{path}: {diags:#?}");
        assert_eq!(diags[0].file, PLOT, "not typed in any source: the owner's plot.md");
    }
    let mut binary = b"\xff\xd8\xff0861123344".to_vec();
    let texts = site_texts("นายสมชาย ใจดี", false, "086-112-3344", "");
    let mut files = vec![out("a/photo.jpg", binary.clone())];
    assert!(check(&site(&texts), &files, &texts).is_empty(), "an image is not text");
    binary.insert(0, b'x');
    files[0].path = "a/page".into();
    assert_eq!(
        check(&site(&texts), &files, &texts).len(),
        1,
        "invalid UTF-8 without a binary extension is scanned"
    );
}

#[test]
fn a_plot_mds_own_front_matter_is_not_searched_but_its_body_is() {
    let texts = site_texts("นายสมชาย ใจดี", false, "086-112-3344", "");
    let site = site(&texts);
    let mut texts = texts;
    let plot = texts[PLOT].clone() + "โทร 086-112-3344\n";
    let body_line = plot.lines().count();
    texts.insert(PLOT.into(), plot);
    let files = [out("p/index.html", b"0861123344".to_vec())];
    let diags = check(&site, &files, &texts);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].line, diags[0].column), (body_line, 5));
}

#[test]
fn regression_privacy_guard_fails_open() {
    let texts = site_texts("นายสมชาย ใจดี", false, "086-112-3344", "99/9");
    let site = site(&texts);
    let files = [out("index.html", b"nothing here".to_vec())];
    let diags = check_with(&site, &files, &texts, |_, _| {
        Err(anyhow::anyhow!("automaton too large"))
    });
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].severity, crate::diag::Severity::Error);
    assert!(diags[0].message.contains("automaton too large"), "{diags:#?}");
}

#[test]
fn a_value_the_guard_cannot_read_stops_the_build_at_its_line() {
    let texts = site_texts("นายสมชาย ใจดี", false, "08-111-222", "99/9");
    let files = [out("index.html", b"nothing here".to_vec())];
    let diags = check(&site(&texts), &files, &texts);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].file.as_str(), diags[0].line),
        (PLOT, 12),
        "the phone line: {diags:#?}"
    );
    let texts = site_texts("นาย ก", false, "", "");
    let diags = check(&site(&texts), &files, &texts);
    assert_eq!((diags.len(), diags[0].line), (1, 3), "the owner line: {diags:#?}");
}

#[test]
fn a_name_in_the_plots_own_public_fields_is_reported_at_its_line() {
    // The plot's name is published on every page: "สวนลุงสมชาย" names the owner.
    let mut texts = site_texts("นายสมชาย ใจดี", false, "086-112-3344", "99/9");
    let site = site(&texts);
    let plot = texts[PLOT].replace("name: แปลงบ้านไร่", "name: สวนลุงสมชาย");
    texts.insert(PLOT.into(), plot);
    let files = [out(
        "districts/bang-khla/ban-rai-plot/index.html",
        "<h1>สวนลุงสมชาย</h1>".as_bytes().to_vec(),
    )];
    let diags = check(&site, &files, &texts);
    assert_one_at(&diags, PLOT, 2, 10, "ban-rai-plot/index.html");
}
