//! Stage 5, guard: checks every output file after rendering and before anything is written,
//! outside the renderer, so a new page kind or template cannot skip them. Deny by default: every
//! file whose kind can carry content is scanned, and a guard that cannot run is an error.
//! The guards: personal data (`render::privacy`), internal links (`links`), and markup safety
//! (`markup`: no script URL in any attribute, feeds and sitemap well-formed XML, JSON-LD valid).

pub(crate) mod links;
mod markup;

use crate::diag::Diagnostic;
use crate::images::ImagePlan;
use crate::load::Texts;
use crate::model::Site;
use crate::output::{Kind, OutputFile};
use crate::render::privacy::Leaks;
use std::collections::HashSet;
use std::sync::Mutex;

/// The guards over a build's files as they stream past, on every thread: each file is scanned
/// once when it is made (`scan`), only what the end needs is kept (the leaks found, each page's
/// markup problems, every output path and each link target once), and `finish` turns it into
/// diagnostics. Each error names the content file (and line, where the offending text can be
/// found in it) that staff would fix.
pub(crate) struct Guard<'a> {
    texts: &'a Texts,
    base_path: &'a str,
    scanner: Option<crate::render::privacy::Scanner>,
    early: Vec<Diagnostic>,
    found: Mutex<Found>,
    /// The files an earlier run found clean under the same secrets (`knn serve` keeps them),
    /// or none when nothing is remembered (`knn build`: then no file is hashed).
    memo: Option<Memo>,
}

/// What the guards remember between runs: the files they found clean (by a hash of their
/// bytes), valid as long as the secrets they were checked against are the same. A clean
/// file's bytes are not scanned again; its links are still collected, since a link that
/// worked may break when another page goes.
#[derive(Default)]
pub(crate) struct Memo {
    secrets: Option<blake3::Hash>,
    clean: HashSet<blake3::Hash>,
}

/// What the guards keep of the files seen so far.
#[derive(Default)]
struct Found {
    leaks: Leaks,
    links: links::Links,
    markup: Vec<(usize, Diagnostic)>,
    bytes: u64,
    pages: usize,
    html_bytes: u64,
    search_bytes: u64,
    clean: HashSet<blake3::Hash>,
}

/// What the guards counted: the bytes of every file, and the HTML pages.
pub(crate) struct Totals {
    pub(crate) bytes: u64,
    pub(crate) pages: usize,
    /// The bytes of the HTML pages, and of the search index with its page texts.
    pub(crate) html_bytes: u64,
    pub(crate) search_bytes: u64,
}

impl<'a> Guard<'a> {
    /// The guards for `site`, with the matcher of its personal data built once; with `memo`,
    /// the files found clean by the run that made it are not scanned again.
    pub(crate) fn new(site: &'a Site, texts: &'a Texts, memo: Option<&Memo>) -> Guard<'a> {
        let (scanner, early) = crate::render::privacy::Scanner::new(site, texts);
        let secrets = scanner.as_ref().map(crate::render::privacy::Scanner::fingerprint);
        let memo = memo.map(|m| Memo {
            secrets,
            clean: if m.secrets == secrets {
                m.clean.clone()
            } else {
                HashSet::new()
            },
        });
        Guard {
            texts,
            base_path: &site.config.base_path,
            scanner,
            early,
            found: Mutex::new(Found::default()),
            memo,
        }
    }

    /// Scans one output file; `order` is its place in the output's order (errors are sorted by
    /// it, so they come out the same however the threads ran).
    pub(crate) fn scan(&self, order: usize, f: &OutputFile) {
        let at = Locator::new(self.texts);
        let hash = self.memo.as_ref().map(|_| blake3::hash(&f.bytes));
        let known = hash.is_some_and(|h| self.memo.as_ref().is_some_and(|m| m.clean.contains(&h)));
        let content = f.kind.carries_content() && !known;
        // Validated once for both scans.
        let text = if content {
            std::str::from_utf8(&f.bytes).ok()
        } else {
            None
        };
        let secrets = match (&self.scanner, content) {
            (Some(s), true) => s.secrets_in(f, text),
            _ => Default::default(),
        };
        let markup = if content {
            markup::check_file(f, text, &at)
        } else {
            Vec::new()
        };
        let mut links = links::Links::default();
        links.add(order, f, text, self.base_path);
        let clean = hash.filter(|_| secrets.is_empty() && markup.is_empty());
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.clean.extend(clean);
        found.leaks.add(order, f, secrets);
        found.links.merge(links);
        found.markup.extend(markup.into_iter().map(|d| (order, d)));
        let size = f.bytes.len() as u64;
        found.bytes += size;
        found.pages += usize::from(f.kind.is_html());
        match f.kind {
            Kind::SearchIndex | Kind::SearchText => found.search_bytes += size,
            k if k.is_html() => found.html_bytes += size,
            _ => {}
        }
    }

    /// Every guard's errors (personal data, then links, then markup), what was counted, and
    /// (when the guard was given a memo) the memo for the next run. `plan` names the photos
    /// published beside the files.
    pub(crate) fn finish(self, plan: &ImagePlan) -> (Vec<Diagnostic>, Totals, Option<Memo>) {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        let memo = self.memo.map(|m| Memo {
            secrets: m.secrets,
            clean: std::mem::take(&mut found.clean),
        });
        let at = Locator::new(self.texts);
        let mut diags = self.early;
        if let Some(scanner) = &self.scanner {
            diags.extend(scanner.locate(found.leaks, self.texts));
        }
        let photos: Vec<&str> = plan.files.iter().map(|p| p.path.as_str()).collect();
        diags.extend(found.links.broken(&photos, &at));
        let mut markup = found.markup;
        markup.sort_by_key(|(order, _)| *order);
        diags.extend(markup.into_iter().map(|(_, d)| d));
        let totals = Totals {
            bytes: found.bytes,
            pages: found.pages,
            html_bytes: found.html_bytes,
            search_bytes: found.search_bytes,
        };
        (diags, totals, memo)
    }
}

/// Finds where a piece of output text was typed in the site's sources.
pub(crate) struct Locator<'a> {
    texts: &'a Texts,
}

impl<'a> Locator<'a> {
    /// A locator over the site's text files (relative path -> text).
    pub(crate) fn new(texts: &'a Texts) -> Locator<'a> {
        Locator { texts }
    }

    /// `(file, line, column)` of `needle`: in the page's own content file first, then in any
    /// content file; failing both, the page's content file (or `site.yaml`, for pages made
    /// from the whole site) at line 1.
    pub(crate) fn find(&self, needle: &str, page: &OutputFile) -> (String, usize, usize) {
        let mut files = page
            .source
            .as_deref()
            .into_iter()
            .chain(self.texts.names().map(String::as_str));
        let found = files.find_map(|file| {
            let text = self.texts.get(file)?;
            text.find(needle).map(|i| (file.to_string(), line_column(&text, i)))
        });
        match found {
            Some((file, (line, column))) => (file, line, column),
            None => (page.source.clone().unwrap_or_else(|| "site.yaml".into()), 1, 1),
        }
    }
}

/// The 1-based line and character column of a byte offset (on a character boundary).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Kind;
    use std::collections::BTreeMap;

    /// A validated site whose one plot has a non-consenting owner and the phone `phone`.
    fn site_with_phone(phone: &str) -> (Site, Texts) {
        let plot = format!(
            "---\nname: แปลงบ้านไร่\nowner: นายทดสอบ ไม่เปิดเผย\nowner_consent: no\nmodel: HLM\nprogramme: covid-loan\n\
             size_rai: 3\naddress:\n  house_no: \"9\"\n  moo: 4\n  subdistrict: บางคล้า\nphone: \"{phone}\"\nrating: B\n\
             parts: [โคก, หนอง, นา]\n---\nแปลงตัวอย่าง\n"
        );
        let texts = BTreeMap::from([
            (
                "site.yaml".to_string(),
                "title: ทดสอบ\nprovince: ฉะเชิงเทรา\nbase_url: https://example.org/\n".to_string(),
            ),
            ("districts/bang-khla/ban-rai-plot/plot.md".to_string(), plot),
        ]);
        let sources = crate::load::Sources {
            root: std::path::PathBuf::from("/nonexistent"),
            texts: Texts::from(texts.clone()),
            photos: BTreeMap::new(),
            others: Vec::new(),
            diagnostics: Vec::new(),
        };
        let (site, diags) =
            crate::validate::validate(&sources, &crate::registry::Registry::shipped(), &Default::default());
        (
            site.unwrap_or_else(|| panic!("test site is valid: {diags:#?}")),
            Texts::from(texts),
        )
    }

    /// One run of the guards over `files` with `memo`: the errors and the next memo.
    fn run(site: &Site, texts: &Texts, memo: &Memo, files: &[OutputFile]) -> (usize, Memo) {
        let guard = Guard::new(site, texts, Some(memo));
        for (i, f) in files.iter().enumerate() {
            guard.scan(i, f);
        }
        let (diags, _, next) = guard.finish(&ImagePlan::default());
        (diags.len(), next.expect("a memo comes back when one was given"))
    }

    #[test]
    fn files_found_clean_are_remembered_only_while_the_secrets_stay_the_same() {
        let (site, texts) = site_with_phone("086-112-3344");
        let page = |path: &str, text: &str| OutputFile::new(path, text.as_bytes().to_vec(), Kind::Page);
        let clean = page("a/index.html", "<p>สวัสดี</p>");
        let leak = page("b/index.html", "<p>โทร 086-112-3344</p>");
        let (errors, memo) = run(&site, &texts, &Memo::default(), &[clean.clone(), leak.clone()]);
        assert_eq!(errors, 1, "the phone is found");
        assert_eq!(
            memo.clean,
            HashSet::from([blake3::hash(&clean.bytes)]),
            "only the clean file"
        );
        // The next run trusts the clean file and still checks the other.
        let (errors, again) = run(&site, &texts, &memo, &[clean.clone(), leak.clone()]);
        assert_eq!(errors, 1);
        assert_eq!(again.clean, memo.clean);
        // A new phone makes a new set of secrets: nothing is trusted, the same bytes now leak.
        let (site, texts) = site_with_phone("081-555-0000");
        let now_leaks = page("a/index.html", "<p>โทร 081-555-0000</p>");
        let stale = Memo {
            secrets: memo.secrets,
            clean: HashSet::from([blake3::hash(&now_leaks.bytes)]),
        };
        let (errors, next) = run(&site, &texts, &stale, &[now_leaks]);
        assert_eq!(errors, 1, "a memo made for other secrets is not used");
        assert!(next.clean.is_empty());
    }

    #[test]
    fn text_is_located_in_the_page_source_first_then_anywhere() {
        let texts = Texts::from(BTreeMap::from([
            ("a.md".to_string(), "x\nลิงก์ /z/\n".to_string()),
            ("b.md".to_string(), "/z/ /y/\n".to_string()),
        ]));
        let at = Locator::new(&texts);
        let page = OutputFile::new("p/index.html", vec![], Kind::Page).with_source(Some("a.md".into()));
        assert_eq!(at.find("/z/", &page), ("a.md".into(), 2, 7));
        assert_eq!(at.find("/y/", &page), ("b.md".into(), 1, 5));
        assert_eq!(at.find("/none/", &page), ("a.md".into(), 1, 1));
        let home = OutputFile::new("index.html", vec![], Kind::Page);
        assert_eq!(at.find("/none/", &home), ("site.yaml".into(), 1, 1));
    }
}
