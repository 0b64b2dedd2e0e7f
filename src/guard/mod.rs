//! Stage 5, guard: checks every output file after rendering and before anything is written,
//! outside the renderer, so a new page kind or template cannot skip them. Deny by default: every
//! file whose kind can carry content is scanned, and a guard that cannot run is an error.
//! The guards: personal data (`render::privacy`), internal links (`links`), and markup safety
//! (`markup`: no script URL in any attribute, feeds and sitemap well-formed XML, JSON-LD valid).

pub(crate) mod links;
mod markup;

use crate::diag::Diagnostic;
use crate::images::ImagePlan;
use crate::model::Site;
use crate::output::OutputFile;
use std::collections::BTreeMap;

/// Every guard over every output file; each error names the content file (and line, where the
/// offending text can be found in it) that staff would fix.
pub(crate) fn check(
    site: &Site,
    files: &[OutputFile],
    plan: &ImagePlan,
    texts: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let at = Locator::new(texts);
    let scanned: Vec<OutputFile> = files.iter().filter(|f| f.kind.carries_content()).cloned().collect();
    let mut diags = crate::render::privacy::check(site, &scanned, texts);
    let photos: Vec<&str> = plan.files.iter().map(|p| p.path.as_str()).collect();
    diags.extend(links::check(files, &photos, &site.config.base_path, &at));
    diags.extend(markup::check(&scanned, &at));
    diags
}

/// Finds where a piece of output text was typed in the site's sources.
pub(crate) struct Locator<'a> {
    texts: &'a BTreeMap<String, String>,
}

impl<'a> Locator<'a> {
    /// A locator over the site's text files (relative path -> text).
    pub(crate) fn new(texts: &'a BTreeMap<String, String>) -> Locator<'a> {
        Locator { texts }
    }

    /// `(file, line, column)` of `needle`: in the page's own content file first, then in any
    /// content file; failing both, the page's content file (or `site.yaml`, for pages made
    /// from the whole site) at line 1.
    pub(crate) fn find(&self, needle: &str, page: &OutputFile) -> (String, usize, usize) {
        let own = page.source.as_deref().and_then(|s| self.texts.get_key_value(s));
        let found = own
            .into_iter()
            .chain(self.texts.iter())
            .find_map(|(file, text)| text.find(needle).map(|i| (file.clone(), line_column(text, i))));
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

    #[test]
    fn text_is_located_in_the_page_source_first_then_anywhere() {
        let texts = BTreeMap::from([
            ("a.md".to_string(), "x\nลิงก์ /z/\n".to_string()),
            ("b.md".to_string(), "/z/ /y/\n".to_string()),
        ]);
        let at = Locator::new(&texts);
        let page = OutputFile::new("p/index.html", vec![], Kind::Page).with_source(Some("a.md".into()));
        assert_eq!(at.find("/z/", &page), ("a.md".into(), 2, 7));
        assert_eq!(at.find("/y/", &page), ("b.md".into(), 1, 5));
        assert_eq!(at.find("/none/", &page), ("a.md".into(), 1, 1));
        let home = OutputFile::new("index.html", vec![], Kind::Page);
        assert_eq!(at.find("/none/", &home), ("site.yaml".into(), 1, 1));
    }
}
