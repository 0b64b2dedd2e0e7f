//! The link check: after rendering, every internal `href`, `src` and `srcset` URL of every
//! page must name a file the build writes (a page, an asset, a photo). Fast (a scan of the
//! HTML, a set lookup per link) and the same under a sub-path base URL: internal URLs are the
//! ones under the base path. A broken link is reported where it was typed, when a content
//! file holds it, else at the page's own content file.

use super::Locator;
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use std::collections::{HashMap, HashSet};

/// One error per broken link, at the first page (in output order) that has it. `written` are
/// the paths of the photos published beside `files`; `base_path` is the site's path (`/` or
/// `/knn-demo/`). The build does the same file by file (`Links`).
#[cfg(test)]
pub(crate) fn check(files: &[OutputFile], written: &[&str], base_path: &str, at: &Locator) -> Vec<Diagnostic> {
    let mut links = Links::default();
    for (order, f) in files.iter().enumerate() {
        links.add(order, f, None, base_path);
    }
    links.broken(written, at)
}

/// What the link check keeps while files stream past: every output path, and each internal
/// link target with the first page that links to it (not every page: a menu link is on all).
#[derive(Default)]
pub(crate) struct Links {
    known: HashSet<String>,
    /// Output path a link names -> (order of the page, the URL as written, the page by name).
    targets: HashMap<String, (usize, String, OutputFile)>,
}

impl Links {
    /// Records one output file: its path, and if it is HTML its internal links; `valid` is its
    /// bytes as text when the caller already found them valid UTF-8.
    pub(crate) fn add(&mut self, order: usize, f: &OutputFile, valid: Option<&str>, base_path: &str) {
        self.known.insert(f.path.clone());
        if !f.kind.is_html() {
            return;
        }
        let html = valid.map_or_else(|| String::from_utf8_lossy(&f.bytes), std::borrow::Cow::Borrowed);
        for (target, url) in page_targets(&html, base_path) {
            let first = self.targets.get(&target).is_none_or(|(o, _, _)| order < *o);
            if first {
                let page = OutputFile::new(f.path.clone(), Vec::new(), f.kind).with_source(f.source.clone());
                self.targets.insert(target, (order, url, page));
            }
        }
    }

    /// Merges what another thread recorded.
    pub(crate) fn merge(&mut self, other: Links) {
        self.known.extend(other.known);
        for (target, (order, url, page)) in other.targets {
            if self.targets.get(&target).is_none_or(|(o, _, _)| order < *o) {
                self.targets.insert(target, (order, url, page));
            }
        }
    }

    /// The errors for the links that name no file of the output nor a photo in `written`.
    pub(crate) fn broken(&self, written: &[&str], at: &Locator) -> Vec<Diagnostic> {
        let photos: HashSet<&str> = written.iter().copied().collect();
        let mut missing: Vec<_> = self
            .targets
            .iter()
            .filter(|(target, _)| !self.known.contains(target.as_str()) && !photos.contains(target.as_str()))
            .map(|(_, found)| found)
            .collect();
        missing.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        missing
            .into_iter()
            .map(|(_, url, page)| {
                let (file, line, column) = at.find(url, page);
                Diagnostic::error(
                    &file,
                    line,
                    column,
                    format!("ลิงก์เสีย `{url}` ในหน้า {} (broken internal link)", page.path),
                )
                .with_hint("ลิงก์นี้ชี้ไปยังไฟล์ที่ knn ไม่ได้สร้าง: ตรวจชื่อไฟล์ภาพหรือชื่อโฟลเดอร์ในเนื้อหา หรือแม่แบบ (theme) ที่สร้างลิงก์นี้")
            })
            .collect()
    }
}

/// A page's internal links: the output path each names (a folder as its `index.html`) and the
/// URL as written, each target once.
fn page_targets(html: &str, base_path: &str) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for url in urls(html) {
        let Some(mut target) = internal(&url, base_path) else {
            continue;
        };
        if target.is_empty() || target.ends_with('/') {
            target.push_str("index.html");
        }
        if seen.insert(target.clone()) {
            out.push((target, url));
        }
    }
    out
}

/// Every URL in `href`, `src` and `srcset` attributes, with `&amp;` decoded.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " srcset=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value = &rest[..rest.find('"').unwrap_or(rest.len())];
            if attr == " srcset=\"" {
                out.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(str::to_string),
                );
            } else {
                out.push(value.to_string());
            }
        }
    }
    out.into_iter().map(|u| u.replace("&amp;", "&")).collect()
}

/// The output path an internal URL names (without query and fragment, percent-decoded), or
/// `None` for external links, `mailto:`, in-page anchors and the like.
fn internal(url: &str, base_path: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let rest = path.strip_prefix(base_path)?;
    Some(
        percent_encoding::percent_decode_str(rest)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec(), crate::output::kind_of_rendered(path))
    }

    #[test]
    fn broken_internal_links_are_errors_naming_the_page() {
        let files = [
            file(
                "index.html",
                r#"<a href="/knn/a/">a</a> <a href="/knn/missing/">x</a> <a href="https://example.org/">e</a> <a href="/knn/">home</a> <a href="/knn/a/#top">anchor</a>"#,
            ),
            file(
                "a/index.html",
                r#"<img src="/knn/a/p-480.webp" srcset="/knn/a/p-480.webp 480w, /knn/a/p-960.webp 960w"><a href="/knn/feed.xml?x=1&amp;y=2">f</a>"#,
            ),
            file("feed.xml", ""),
        ];
        let texts = crate::load::Texts::from(std::collections::BTreeMap::from([
            ("site.yaml".to_string(), "title: x\n".to_string()),
            ("about.md".to_string(), "---\n---\nดู [ที่นี่](/knn/missing/)\n".to_string()),
        ]));
        let at = Locator::new(&texts);
        let diags = check(&files, &["a/p-480.webp"], "/knn/", &at);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(diags.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`/knn/missing/`") && messages[0].contains("index.html"));
        assert_eq!(
            (diags[0].file.as_str(), diags[0].line, diags[0].column),
            ("about.md", 3, 13),
            "where it was typed"
        );
        assert!(messages[1].contains("`/knn/a/p-960.webp`") && messages[1].contains("a/index.html"));
        assert_eq!(
            (diags[1].file.as_str(), diags[1].line),
            ("site.yaml", 1),
            "a page made from the whole site"
        );
    }

    #[test]
    fn only_urls_under_the_base_path_are_internal() {
        assert_eq!(internal("/knn/a%20b/#x", "/knn/").as_deref(), Some("a b/"));
        assert_eq!(internal("https://example.org/knn/", "/knn/"), None);
        assert_eq!(internal("/other/", "/knn/"), None);
    }
}
