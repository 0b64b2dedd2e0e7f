//! Output safety: links outside the allow-list are refused at their line; text holding
//! `</script>`, quotes, `]]>` or control characters leaves every page, feed and sitemap valid
//! (feeds and sitemap parsed as XML, JSON-LD as JSON); posts keep their lines; video links
//! become plain cards.

use super::{build, files, fixture, fragment, stderr_of};
use std::path::{Path, PathBuf};

/// The minimal fixture's activity, relative to the site.
const ACTIVITY: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.md";

/// The activity's page in the output.
const ACTIVITY_PAGE: &str = "districts/bang-khla/ban-rai-plot/activities/2023-11-15-ao-mue-swale/index.html";

/// A copy of the minimal fixture in `tmp/site` with `changes` written over it.
fn site(tmp: &Path, changes: &[(&str, &str)]) -> PathBuf {
    let from = fixture("minimal");
    let to = tmp.join("site");
    for entry in walkdir::WalkDir::new(&from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    for (path, text) in changes {
        std::fs::write(to.join(path), text).unwrap();
    }
    to
}

/// The minimal activity with `title` (a YAML value as written) and `body`.
fn activity(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2023-11-15\nkind: เอามื้อสามัคคี\nreporter:\n  name: นางสาวรายงาน ทดสอบ\n  position: นักวิชาการพัฒนาชุมชน\n---\n{body}"
    )
}

/// Builds the site; returns the output's files as text.
fn built(site: &Path, tmp: &Path, extra: &[&str]) -> std::collections::BTreeMap<String, String> {
    let out = tmp.join("public");
    let result = build(site, &out, extra);
    assert!(result.status.success(), "{}", stderr_of(&result));
    files(&out)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
        .collect()
}

/// Builds and expects a refusal with an error naming `file:line` whose text holds `says`;
/// `knn check` must report the same.
fn refused_at(site: &Path, tmp: &Path, at: &str, says: &str) {
    let out = tmp.join("public");
    let result = build(site, &out, &[]);
    let stderr = stderr_of(&result);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains(at) && l.contains("error"))
        .unwrap_or_else(|| panic!("no error at {at}:\n{stderr}"));
    assert!(
        stderr.to_lowercase().contains(&says.to_lowercase()),
        "{line}: no {says}\n{stderr}"
    );
    assert!(!out.exists(), "a refused build writes nothing");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_knn"))
        .arg("check")
        .arg(site)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "check agrees");
    assert!(
        stderr_of(&check).contains(at),
        "check names {at}:\n{}",
        stderr_of(&check)
    );
}

/// Every feed and the sitemap parse as XML; returns the text of every `<title>` of the feeds.
fn xml_titles(site: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    let mut titles = Vec::new();
    let mut parsed = 0;
    for (path, text) in site.iter().filter(|(p, _)| p.ends_with(".xml")) {
        let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
        titles.extend(
            doc.descendants()
                .filter(|n| n.has_tag_name("title"))
                .filter_map(|n| n.text().map(str::to_string)),
        );
        parsed += 1;
    }
    assert!(parsed >= 13, "sitemap, site feed and 11 district feeds: {parsed}");
    titles
}

/// Every JSON-LD block of every page parses as JSON; returns them.
fn json_ld(site: &std::collections::BTreeMap<String, String>) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        for block in html.split("<script type=\"application/ld+json\">").skip(1) {
            let json = &block[..block.find("</script>").unwrap()];
            all.push(serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: JSON-LD {e}: {json}")));
        }
    }
    all
}

#[test]
fn regression_markdown_javascript_link() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "ขุดคลองไส้ไก่\n\nดูรายละเอียด [ที่นี่](javascript:alert(document.domain))\n";
    let site = site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]);
    refused_at(&site, tmp.path(), &format!("{ACTIVITY}:11:14"), "javascript");
}

#[test]
fn allowed_body_links_reach_the_feed_as_html() {
    // The page body and the feed content come from the same function (`markdown::to_html`),
    // whose own refusal of a `javascript:` link is tested beside it.
    let tmp = tempfile::tempdir().unwrap();
    let body = "ก่อน\n\n[ลิงก์](https://cdd.go.th/) ข้อความ\n";
    let site = built(
        &site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]),
        tmp.path(),
        &[],
    );
    let feed = roxmltree::Document::parse(&site["feed.xml"]).unwrap();
    let content = feed
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(content.contains("<a href=\"https://cdd.go.th/\">ลิงก์</a>"), "{content}");
    assert!(!site[ACTIVITY_PAGE].to_lowercase().contains("javascript:"));
}

#[test]
fn regression_markdown_image_javascript() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "ภาพ\n\n![แผนที่](  JaVaScRiPt:alert(1))\n";
    let site = site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]);
    refused_at(&site, tmp.path(), &format!("{ACTIVITY}:11:1"), "javascript");
}

#[test]
fn regression_reference_definition_javascript() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "ดู [เพจ][1]\n\n[1]: &#106;avascript:alert(1)\n";
    let site = site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]);
    refused_at(&site, tmp.path(), &format!("{ACTIVITY}:11:1"), "javascript");
}

#[test]
fn regression_autolink_javascript() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "ลิงก์\n\n<javascript:alert(1)>\n";
    let site = site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]);
    refused_at(&site, tmp.path(), &format!("{ACTIVITY}:11:1"), "javascript");
}

#[test]
fn regression_svg_map_base_url_unescaped() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = "title: เว็บไซต์ทดสอบ\nprovince: ฉะเชิงเทรา\nbase_url: \"https://example.org/a\\\"b<c&d'e/\"\n";
    let site = built(&site(tmp.path(), &[("site.yaml", yaml)]), tmp.path(), &[]);
    let svg = fragment(&site["index.html"], "<svg class=\"map\"", "</svg>");
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("the map is not well-formed: {e}\n{svg}"));
    let hrefs: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("href")).collect();
    assert_eq!(hrefs.len(), 11, "{hrefs:?}");
    for href in hrefs {
        assert!(href.starts_with("/a\"b<c&d'e/districts/"), "{href}");
    }
    xml_titles(&site);
    json_ld(&site);
}

#[test]
fn regression_feed_xml_vertical_tab() {
    let tmp = tempfile::tempdir().unwrap();
    // As pasted from Word: a raw vertical tab (Shift+Enter) in the body, and one written as
    // YAML's `\v` in the title (YAML itself refuses a raw one, at its line).
    let page = activity("\"เอามื้อ\\vขุดคลอง\"", "บรรทัดหนึ่ง\u{b}บรรทัดสอง\n");
    let site = built(&site(tmp.path(), &[(ACTIVITY, &page)]), tmp.path(), &[]);
    let titles = xml_titles(&site);
    assert!(titles.iter().any(|t| t == "เอามื้อ ขุดคลอง"), "{titles:?}");
    let feed = roxmltree::Document::parse(&site["feed.xml"]).unwrap();
    let content = feed
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .and_then(|n| n.text());
    assert_eq!(content, Some("<p>บรรทัดหนึ่ง บรรทัดสอง</p>\n"));
    for (path, text) in site.iter().filter(|(p, _)| p.ends_with(".xml") || p.ends_with(".html")) {
        assert!(!text.contains('\u{b}'), "{path}");
    }
}

#[test]
fn regression_feed_xml_escaped_control_character() {
    let tmp = tempfile::tempdir().unwrap();
    let page = activity("\"เอามื้อ\\u0001ขุด\\vคลอง\\uFFFE\"", "เนื้อหา\n");
    let site = built(&site(tmp.path(), &[(ACTIVITY, &page)]), tmp.path(), &[]);
    let titles = xml_titles(&site);
    assert!(titles.iter().any(|t| t == "เอามื้อ ขุด คลอง "), "{titles:?}");
    let ld = json_ld(&site);
    assert!(!serde_json::to_string(&ld).unwrap().contains("\\u0001"));
}

#[test]
fn regression_jsonld_script_breakout() {
    let tmp = tempfile::tempdir().unwrap();
    let title = "'</script><script>alert(1)</script><!-- \u{2028} \"q\" & ]]>'";
    let site = built(
        &site(tmp.path(), &[(ACTIVITY, &activity(title, "เนื้อหา\n"))]),
        tmp.path(),
        &[],
    );
    let html = &site[ACTIVITY_PAGE];
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert_eq!(html.matches("<script").count(), html.matches("</script>").count());
    let ld = json_ld(&site);
    let event = ld.iter().find(|v| v["@type"] == "Event").expect("the Event");
    assert_eq!(
        event["name"],
        "</script><script>alert(1)</script><!-- \u{2028} \"q\" & ]]>"
    );
    let titles = xml_titles(&site);
    assert!(titles.iter().any(|t| t.contains("]]>")), "{titles:?}");
}

#[test]
fn regression_facebook_post_lines_joined() {
    let tmp = tempfile::tempdir().unwrap();
    let post =
        "🟡 เอามื้อสามัคคีขุดคลองไส้ไก่\n✅ จุดที่ 1-4 ขุดคลอง\n✅ จุดที่ 5 ปลูกแฝก\nผักบุ้ง 20 บาท\nมะนาว 5 บาท\n#โคกหนองนา #พัฒนาชุมชน\n";
    let site = built(
        &site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", post))]),
        tmp.path(),
        &[],
    );
    let prose = fragment(&site[ACTIVITY_PAGE], "<div class=\"prose\">", "</div>");
    assert_eq!(prose.matches("<br>").count(), 5, "{prose}");
    assert!(
        // The fixture sets thai_digits: the page writes the body's digits in Thai.
        prose.contains("✅ จุดที่ ๑-๔ ขุดคลอง<br>") && prose.contains("#โคกหนองนา #พัฒนาชุมชน"),
        "{prose}"
    );
    assert!(
        site["feed.xml"].contains("มะนาว 5 บาท&lt;br&gt;"),
        "the feed keeps the lines"
    );
    let description = fragment(&site[ACTIVITY_PAGE], "<meta name=\"description\"", ">");
    assert!(
        !description.contains("<br") && !description.contains('\n'),
        "{description}"
    );
}

#[test]
fn regression_bare_youtube_link_not_clickable() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "ชมคลิปกิจกรรม\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nเพจ https://www.facebook.com/cdd.chachoengsao นะคะ\n";
    let site = built(
        &site(tmp.path(), &[(ACTIVITY, &activity("เอามื้อ", body))]),
        tmp.path(),
        &[],
    );
    let html = &site[ACTIVITY_PAGE];
    insta::assert_snapshot!(
        "bare_youtube_link_card",
        fragment(html, "<div class=\"prose\">", "</div>")
    );
    let prose = fragment(html, "<div class=\"prose\">", "</div>");
    assert!(!prose.contains("<iframe") && !prose.contains("<img") && !prose.contains("<script"));
    assert!(
        !html.contains("youtube.com/embed") && !html.contains("ytimg"),
        "nothing from YouTube loads"
    );
}
