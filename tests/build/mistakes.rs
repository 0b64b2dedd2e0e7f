//! Staff mistakes caught where they are made, through the real binary: folder names in Thai,
//! empty required values, titles `knn new` must quote, photos `check` and `report` must
//! count alike, the warnings the monthly form needs (publicity link, report date, copied
//! folder), tracking parameters never published, and the guide's own examples building.

use super::{build, copy_site, copy_tree, files, fixture, root, stderr_of};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `knn <args>` with the image cache in `dir/cache`.
fn knn(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_knn"))
        .args(args)
        .arg("--cache")
        .arg(dir.join("cache"))
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("knn runs")
}

/// `knn check <site> --format json`: the exit code and the diagnostics.
fn check(dir: &Path, site: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = knn(dir, &["check", site.to_str().unwrap(), "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}{}", stderr_of(&out)));
    (
        out.status.code(),
        v["diagnostics"].as_array().cloned().unwrap_or_default(),
    )
}

/// The diagnostics about `file` (a path ending) whose message or hint holds `says`.
fn about<'a>(diags: &'a [serde_json::Value], file: &str, says: &str) -> Vec<&'a serde_json::Value> {
    diags
        .iter()
        .filter(|d| d["file"].as_str().unwrap_or_default().ends_with(file))
        .filter(|d| format!("{}{}", d["message"], d["hint"]).contains(says))
        .collect()
}

/// The minimal fixture's activity folder.
const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale";

/// The minimal fixture's activity front matter with `from` replaced by `to`.
fn activity_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture("minimal").join(ACTIVITY).join("index.md")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn regression_thai_activity_folder_panic() {
    let long = "ป".repeat(80);
    for (name, suggested) in [
        ("ปลูกป่า", "2023-11-15-ao-mue"),
        ("🌱ปลูกป่า", "2023-11-15-ao-mue"),
        ("2023-13-45-x", "2023-11-15-x"),
        (long.as_str(), "2023-11-15-ao-mue"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let site = copy_site("minimal", &tmp.path().join("site"));
        let from = site.join(ACTIVITY);
        let to = from.with_file_name(name);
        std::fs::rename(&from, &to).unwrap();
        let out_dir = tmp.path().join("out");
        for args in [vec!["check"], vec!["build", "--out", out_dir.to_str().unwrap()]] {
            let command = args[0];
            let args: Vec<&str> = args.iter().copied().chain([site.to_str().unwrap()]).collect();
            let out = knn(tmp.path(), &args);
            let err = stderr_of(&out);
            assert_eq!(out.status.code(), Some(1), "{command} {name}: {err}");
            assert!(!err.contains("panicked"), "{command} {name}: {err}");
            let shown: String = name.chars().take(20).collect();
            assert!(err.contains(&format!("activities/{name}/index.md:1:1: error")), "{err}");
            assert!(err.contains(&shown) && err.contains(&format!("`{suggested}`")), "{err}");
        }
    }
}

#[test]
fn regression_thai_folder_without_hyphen_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let from = site.join(ACTIVITY);
    std::fs::rename(&from, from.with_file_name("2023-11-15ปลูกป่า")).unwrap();
    let (code, diags) = check(tmp.path(), &site);
    assert_eq!(code, Some(1));
    let found = about(&diags, "2023-11-15ปลูกป่า/index.md", "2023-11-15-ao-mue");
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(found[0]["line"], 1);
}

#[test]
fn regression_empty_required_reported_as_missing() {
    for (from, to, line, key) in [
        ("ประเภท: เอามื้อสามัคคี", "ประเภท:", 4, "`kind`"),
        ("ชื่อกิจกรรม: เอามื้อสามัคคีขุดคลองไส้ไก่", "ชื่อกิจกรรม: \"\"", 2, "`title`"),
        ("ชื่อกิจกรรม: เอามื้อสามัคคีขุดคลองไส้ไก่", "ชื่อกิจกรรม:   ", 2, "`title`"),
        ("  ชื่อ: นางสาวรายงาน ทดสอบ", "  ชื่อ:", 10, "`reporter.name`"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let site = copy_site("minimal", &tmp.path().join("site"));
        std::fs::write(site.join(ACTIVITY).join("index.md"), activity_with(from, to)).unwrap();
        let (code, diags) = check(tmp.path(), &site);
        assert_eq!(code, Some(1), "{to}");
        let empty = about(&diags, "index.md", "(empty value)");
        assert_eq!(empty.len(), 1, "{to}: {diags:#?}");
        assert_eq!(empty[0]["line"], line, "{to}: {:#?}", empty[0]);
        assert!(empty[0]["message"].as_str().unwrap().contains(key), "{:#?}", empty[0]);
        assert!(
            about(&diags, "index.md", "missing").is_empty(),
            "{to}: not `missing` at 1:1"
        );
    }
}

/// Titles `knn new` must write so that they read back exactly.
const TITLES: [&str; 14] = [
    "อบรม: การทำปุ๋ยหมัก",
    "ปลูกป่า #โคกหนองนา #ฉะเชิงเทรา",
    "- เริ่มด้วยขีด",
    "[รุ่นที่ 2] ฝึกอบรม",
    "{ปีกกา}",
    "'อัญประกาศเดี่ยว'",
    "\"ฐาน\" คนมีน้ำยา",
    "*ดอกจัน* &และ !ตกใจ %ร้อยละ @ที่ `โค้ด`",
    "yes",
    "2566",
    "1.5",
    "no",
    "เครื่องหมาย \"คำพูด\" ข้างใน",
    "ทับกลับ \\ และโคลอนท้าย:",
];

#[test]
fn regression_knn_new_colon_title_and_hashtag_title_read_back_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    for (i, title) in TITLES.iter().enumerate() {
        let slug = format!("title-{i}");
        let out = Command::new(env!("CARGO_BIN_EXE_knn"))
            .args(["new", "activity", "--site"])
            .arg(&site)
            .args(["--date", "2569-11-25", "--kind", "ao-mue", "--slug", &slug, "--"])
            .args(["bang-khla/ban-rai-plot", title])
            .output()
            .unwrap();
        assert!(out.status.success(), "{title}: {}", stderr_of(&out));
        let index = site.join(format!(
            "districts/bang-khla/ban-rai-plot/activities/2026-11-25-{slug}/index.md"
        ));
        let text = std::fs::read_to_string(&index).unwrap();
        let filled = text
            .replace("  name:\n", "  name: นางสาวรายงาน ทดสอบ\n")
            .replace("  position:\n", "  position: พัฒนากร\n");
        std::fs::write(&index, filled).unwrap();
    }
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    for (i, title) in TITLES.iter().enumerate() {
        let page = std::fs::read_to_string(out.join(format!(
            "districts/bang-khla/ban-rai-plot/activities/2026-11-25-title-{i}/index.html"
        )))
        .unwrap();
        let h1 = page
            .split("<h1>")
            .nth(1)
            .and_then(|h| h.split("</h1>").next())
            .unwrap_or_default();
        // The fixture sets thai_digits: the heading writes the title's digits in Thai.
        let thai: String = title
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32('๐' as u32 + d).unwrap()))
            .collect();
        assert_eq!(unescape(h1), thai, "the page shows exactly the title");
    }
}

/// HTML text with its character references decoded.
fn unescape(html: &str) -> String {
    [
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2f;", "/"),
        ("&lt;", "<"),
        ("&gt;", ">"),
    ]
    .iter()
    .fold(html.to_string(), |t, (from, to)| t.replace(from, to))
    .replace("&amp;", "&")
}

/// The monthly fixture with its photos (`report.rs` explains the counts), and a HEIC beside
/// plot-c's five JPEGs.
fn monthly_with_heic(dir: &Path) -> PathBuf {
    let site = super::report::monthly_site(dir);
    let heic = fixture("bad-photo").join(ACTIVITY).join("IMG_0001.HEIC");
    std::fs::copy(
        heic,
        site.join("districts/ban-pho/plot-c/activities/2026-11-08-study-visit/IMG_0001.HEIC"),
    )
    .unwrap();
    site
}

#[test]
fn regression_check_counts_heic() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_with_heic(tmp.path());
    let (code, diags) = check(tmp.path(), &site);
    assert_eq!(code, Some(0), "{diags:#?}");
    let few = about(
        &diags,
        "plot-c/activities/2026-11-08-study-visit/index.md",
        "fewer than 6 photos",
    );
    assert_eq!(few.len(), 1, "check does not count the HEIC: {diags:#?}");
    assert!(few[0]["message"].as_str().unwrap().contains(" 5 "), "{:#?}", few[0]);
    let report = knn(
        tmp.path(),
        &[
            "report",
            site.to_str().unwrap(),
            "--out",
            tmp.path().join("reports").to_str().unwrap(),
            "--month",
            "2569-11",
            "--today",
            "2569-11-15",
        ],
    );
    assert!(report.status.success(), "{}", stderr_of(&report));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        text.contains("ศึกษาดูงานแปลงต้นแบบ (ภาพ 5 ภาพ"),
        "the report counts 5 too: {text}"
    );
    let warned = stderr_of(&report);
    assert!(
        warned.contains("มีภาพที่ใช้ได้ 5 ภาพ"),
        "the report warns as check does: {warned}"
    );
}

#[test]
fn regression_missing_publicity_only_in_report() {
    let tmp = tempfile::tempdir().unwrap();
    let site = monthly_with_heic(tmp.path());
    let (_, diags) = check(tmp.path(), &site);
    let file = "plot-d/activities/2026-11-15-market/index.md";
    let warned = about(&diags, file, "no publicity link");
    assert_eq!(warned.len(), 1, "{diags:#?}");
    assert_eq!(warned[0]["severity"], "warning");
    let text = std::fs::read_to_string(site.join("districts/ban-pho").join(file)).unwrap();
    let lines = text.lines().count();
    assert!(warned[0]["line"].as_u64().unwrap() as usize <= lines);
    assert!(
        about(
            &diags,
            "plot-c/activities/2026-11-08-study-visit/index.md",
            "no publicity"
        )
        .is_empty()
    );
}

#[test]
fn a_report_dated_before_the_activity_and_a_copied_folder_are_warnings_at_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let copy = site.join(ACTIVITY).with_file_name("2023-11-15-ao-mue-swale-copy");
    std::fs::create_dir_all(&copy).unwrap();
    for name in ["index.md", "turned.jpg", "ภาพ แปลง.JPG"] {
        std::fs::copy(site.join(ACTIVITY).join(name), copy.join(name)).unwrap();
    }
    let early = activity_with("วันที่รายงาน: 2566-11-17", "วันที่รายงาน: 2566-11-14");
    std::fs::write(site.join(ACTIVITY).join("index.md"), early).unwrap();
    let (code, diags) = check(tmp.path(), &site);
    assert_eq!(code, Some(0), "{diags:#?}");
    let early = about(
        &diags,
        "2023-11-15-ao-mue-swale/index.md",
        "report dated before the activity",
    );
    assert_eq!(early.len(), 1, "{diags:#?}");
    assert_eq!(
        (early[0]["line"].as_u64(), early[0]["column"].as_u64()),
        (Some(12), Some(17))
    );
    let copied = about(&diags, "2023-11-15-ao-mue-swale-copy/index.md", "duplicate activity");
    assert_eq!(copied.len(), 1, "{diags:#?}");
    assert_eq!(copied[0]["line"], 2, "at the title");
    assert!(
        copied[0]["message"]
            .as_str()
            .unwrap()
            .contains("2023-11-15-ao-mue-swale/index.md")
    );
    assert!(
        about(&diags, "2023-11-15-ao-mue-swale/index.md", "duplicate").is_empty(),
        "the first is not warned"
    );
}

#[test]
fn regression_facebook_tracking_parameters_published() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let links = "  - https://www.facebook.com/example/posts/pfbid02x?__cft__[0]=AZV9x&__tn__=%2CO%2CP-R&mibextid=WC7FNe&fbclid=IwAR3\n  - https://youtu.be/abcdEFGhijk?si=Xy12\n  - https://www.tiktok.com/@knn/video/7301?is_from_webapp=1&sender_device=pc&_r=1&_t=8hX\n";
    let text = activity_with("  - https://www.facebook.com/example/posts/1\n", links);
    std::fs::write(site.join(ACTIVITY).join("index.md"), text).unwrap();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap() + "publish_forms: ใช่\n";
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    let out = tmp.path().join("public");
    let result = build(&site, &out, &[]);
    assert!(result.status.success(), "{}", stderr_of(&result));
    let page = std::fs::read_to_string(out.join(ACTIVITY).join("index.html")).unwrap();
    assert!(
        page.contains("https://www.facebook.com/example/posts/pfbid02x\""),
        "the cleaned link is published"
    );
    assert!(
        page.contains("https://youtu.be/abcdEFGhijk\"") && page.contains("/video/7301\""),
        "{page}"
    );
    let form = std::fs::read_to_string(out.join(ACTIVITY).join("form/index.html")).unwrap();
    assert!(
        form.contains("https://www.facebook.com/example/posts/pfbid02x"),
        "and printed on the form"
    );
    for (path, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for tracker in [
            "__cft__",
            "__tn__",
            "mibextid",
            "fbclid",
            "si=Xy12",
            "is_from_webapp",
            "sender_device",
            "_t=8hX",
        ] {
            assert!(!text.contains(tracker), "{path} holds {tracker}");
        }
    }
}

/// The fenced blocks of a Markdown file whose info string is one of `kinds`, each with the
/// heading above it.
fn examples(doc: &str, kinds: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    // Inside a fence: whether its block is kept, the fence's indentation (a block in a list
    // item is indented as the item is), and the block so far.
    let mut fence: Option<(bool, usize, String)> = None;
    for line in doc.lines() {
        let fenced = line.trim_start().strip_prefix("```");
        let indent = line.len() - line.trim_start().len();
        match (&mut fence, fenced) {
            (None, Some(info)) => fence = Some((kinds.contains(&info.trim()), indent, String::new())),
            (Some(_), Some(_)) => {
                if let Some((true, _, block)) = fence.take() {
                    out.push((heading.clone(), block));
                }
            }
            (Some((_, indent, block)), None) => {
                block.push_str(
                    line.get(*indent..)
                        .filter(|_| line.len() >= *indent)
                        .unwrap_or(line.trim_start()),
                );
                block.push('\n');
            }
            (None, None) => {
                if let Some(h) = line.strip_prefix("### ") {
                    heading = h.trim().to_string();
                }
            }
        }
    }
    out
}

/// Copies a real JPEG to every photo file a page lists (`- ไฟล์: 01.jpg`, `- file: ...`).
fn listed_photos(page: &str, folder: &Path) {
    let jpeg = fixture("minimal").join(ACTIVITY).join("turned.jpg");
    for line in page.lines() {
        let line = line.trim().trim_start_matches("- ");
        if let Some(name) = line.strip_prefix("ไฟล์:").or_else(|| line.strip_prefix("file:")) {
            std::fs::copy(&jpeg, folder.join(name.trim())).unwrap();
        }
    }
}

/// `knn check` passes the site with no error; returns the diagnostics.
fn passes(dir: &Path, site: &Path) -> Vec<serde_json::Value> {
    let (code, diags) = check(dir, site);
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty() && code == Some(0), "{errors:#?}");
    diags
}

#[test]
fn regression_guide_example_reporter_is_non_consenting_owner() {
    let guide = std::fs::read_to_string(root().join("docs/guide.th.md")).unwrap();
    let blocks = examples(&guide, &["yaml", "markdown"]);
    assert!(blocks.len() >= 2, "{blocks:?}");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&root().join("content"), &site);
    let plot = site.join("districts/bang-khla/suan-lung-prasert");
    for (_, block) in &blocks {
        if block.starts_with("---\n") {
            // A page: the guide writes it as `.../activities/2026-11-25-ao-mue/index.md`.
            let folder = plot.join("activities/2026-11-25-ao-mue");
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("index.md"), block).unwrap();
            listed_photos(block, &folder);
        } else {
            // Keys to add to a plot's front matter.
            let text = std::fs::read_to_string(plot.join("plot.md")).unwrap();
            let (front, body) = text[4..].split_once("\n---\n").unwrap();
            std::fs::write(plot.join("plot.md"), format!("---\n{front}\n{block}---\n{body}")).unwrap();
        }
    }
    // `check` renders every page and runs the privacy guard, as a build does.
    let diags = passes(tmp.path(), &site);
    let example = about(&diags, "activities/2026-11-25-ao-mue/index.md", "");
    assert!(example.iter().all(|d| d["severity"] == "warning"), "{diags:#?}");
}

#[test]
fn every_complete_example_of_the_content_format_builds() {
    let doc = std::fs::read_to_string(root().join("docs/content-format.th.md")).unwrap();
    let blocks = examples(&doc, &["yaml", "markdown"]);
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_site("minimal", &tmp.path().join("site"));
    let mut written = 0;
    for (heading, block) in &blocks {
        let path = heading.split_whitespace().next().unwrap_or_default();
        if !(path.ends_with(".md") || path.ends_with(".yaml")) {
            continue;
        }
        let target = site.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, block).unwrap();
        listed_photos(block, target.parent().unwrap());
        written += 1;
    }
    assert!(
        written >= 6,
        "site, plot, activity, lesson, product and markets: {written}"
    );
    passes(tmp.path(), &site);
}
