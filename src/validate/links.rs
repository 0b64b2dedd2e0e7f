//! The link check of content: every URL in a Markdown body (links, images, autolinks,
//! reference definitions) and the URLs of `site.yaml` against the allow-list (`urls`),
//! each refusal an error at its own file line and column.

use super::fields::Ctx;
use crate::diag::Diagnostic;
use crate::frontmatter::Split;
use crate::markdown;
use crate::raw::S;
use crate::urls::{self, Refusal, Target};
use pulldown_cmark::{Event, LinkType, Parser, Tag};

/// Lines of a file before the body of `split` (the front matter and its two `---` lines).
pub(crate) fn body_line_offset(split: &Split) -> usize {
    split.line_offset + split.yaml.matches('\n').count() + 1
}

/// Checks the body of a file split at its front matter.
pub(crate) fn check_split(file: &str, split: &Split, diags: &mut Vec<Diagnostic>) {
    check_body(file, split.body, body_line_offset(split), diags);
}

/// Checks every URL of a Markdown `body` that starts after `line_offset` lines of `file`.
pub(crate) fn check_body(file: &str, body: &str, line_offset: usize, diags: &mut Vec<Diagnostic>) {
    let parser = Parser::new_ext(body, markdown::options());
    let mut found: Vec<(usize, String, &'static str)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.span.start, def.dest.to_string(), "ลิงก์อ้างอิง"))
        .collect();
    for (event, range) in parser.into_offset_iter() {
        let (link_type, dest, what) = match event {
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) => (link_type, dest_url, "ลิงก์"),
            Event::Start(Tag::Image {
                link_type, dest_url, ..
            }) => (link_type, dest_url, "ภาพ"),
            _ => continue,
        };
        match link_type {
            // Their target is a reference definition, checked once where it is written.
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {}
            LinkType::Email => {}
            _ => found.push((range.start, dest.to_string(), what)),
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    for (at, url, what) in found {
        if let Err(refusal) = urls::check(&url) {
            let (line, column) = position(body, at);
            diags.push(
                Diagnostic::error(file, line + line_offset, column, refusal.message(what, &url))
                    .with_hint(refusal.hint()),
            );
        }
    }
}

/// Line and column (in characters, both from 1) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Checks the base URL of `site.yaml`: an `http(s)` address with a host and nothing hidden
/// in it (a line break there would add lines to `robots.txt`). Returns whether it passed.
pub(crate) fn check_base_url(ctx: &mut Ctx, s: &S) -> bool {
    let url = s.value.trim();
    let refusal = match urls::check(url) {
        Ok(Target::Web) => None,
        Ok(_) => Some(Refusal::BadWeb),
        Err(r) => Some(r),
    };
    let Some(refusal) = refusal else {
        return true;
    };
    ctx.error(
        s,
        refusal.message("ที่อยู่เว็บไซต์ (base_url)", url),
        "ใช้ที่อยู่เต็มที่ขึ้นต้นด้วย https:// เช่น https://ชื่อบัญชี.github.io/ชื่อที่เก็บ/",
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(body: &str, offset: usize) -> Vec<(usize, usize, String)> {
        let mut diags = Vec::new();
        check_body("a/index.md", body, offset, &mut diags);
        diags.into_iter().map(|d| (d.line, d.column, d.message)).collect()
    }

    #[test]
    fn every_kind_of_link_is_found_at_its_line_and_column() {
        let body = "ข้อความ\n\nดู [ที่นี่](javascript:alert(1)) นะ\n![ภาพ](data:image/png;base64,AA)\n\
                    <vbscript:msgbox(1)>\n[อ้างอิง] และ [อ้างอิง][]\n\n[อ้างอิง]: file:///etc/passwd\n\
                    [ไม่ได้ใช้]: //evil.example/x\n[ซ่อน](java&#9;script:alert(1))\n";
        let got = errors(body, 10);
        let at: Vec<(usize, usize)> = got.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            at,
            vec![(13, 4), (14, 1), (15, 1), (18, 1), (19, 1), (20, 1)],
            "{got:#?}"
        );
        assert!(
            got[0].2.contains("javascript") && got[0].2.starts_with("ลิงก์"),
            "{}",
            got[0].2
        );
        assert!(got[1].2.starts_with("ภาพ") && got[1].2.contains("data"), "{}", got[1].2);
        assert!(
            got[3].2.starts_with("ลิงก์อ้างอิง") && got[3].2.contains("file"),
            "{}",
            got[3].2
        );
        assert!(got[4].2.contains("//"), "{}", got[4].2);
        assert!(got[5].2.contains("\\u{9}"), "{}", got[5].2);
    }

    #[test]
    fn allowed_links_pass() {
        let body = "[ก](https://cdd.go.th/) [ข](tel:038511111) <https://youtu.be/x> <a@b.org>\n\
                    ![ภาพ](photo.jpg) [ค](../lessons/) [ง](#ฐาน)\n\n[x]: mailto:a@b.org\n";
        assert_eq!(errors(body, 0), vec![]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(position("ก\nขค[x](y)", 10), (2, 3));
        assert_eq!(position("ก\nขค[x](y)", 9), (2, 2), "inside a character: its start");
        assert_eq!(position("ab", 99), (1, 3));
    }

    #[test]
    fn the_body_offset_counts_the_front_matter() {
        let split = crate::frontmatter::split("a.md", "---\ntitle: x\ndate: y\n---\nbody\n").unwrap();
        assert_eq!(body_line_offset(&split), 4);
        let empty = crate::frontmatter::split("a.md", "---\n---\nbody\n").unwrap();
        assert_eq!(body_line_offset(&empty), 2);
    }
}
