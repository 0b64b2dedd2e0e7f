//! The files a build produces, in memory: each with its path in the output, its bytes, its kind
//! (so every guard can choose what to scan without guessing from file names) and the content
//! file it was made from (so a guard's error points at the file staff wrote).

/// What an output file is. Guards scan by kind; a new kind must be placed in `carries_content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// An HTML page of the public site.
    Page,
    /// An Atom feed (`feed.xml`, a district's `feed.xml`).
    Feed,
    /// `sitemap.xml` and `robots.txt`.
    Sitemap,
    /// The search index: `search/index.json`, key shards and the page filters.
    SearchIndex,
    /// Page records with their texts for the search client: `search/p-<n>.json`.
    SearchText,
    /// A printable report form (public copy on the site, internal copy in `reports/`).
    Form,
    /// A report workbook (internal only).
    Workbook,
    /// A file of the theme: CSS, fonts, scripts, licences; never holds content.
    Asset,
    /// A marker such as `.nojekyll`: empty or fixed text.
    Marker,
    /// A page of the web form (`admin/`): never in the sitemap or the search.
    Admin,
    /// The web form's configuration of a district (`admin/<district>/config.json`).
    AdminConfig,
}

impl Kind {
    /// Whether files of this kind can hold text that came from content (and so must pass the
    /// privacy and output-safety guards). Deny by default: only theme assets and fixed markers
    /// are exempt, because nothing staff write reaches them.
    pub(crate) fn carries_content(self) -> bool {
        !matches!(self, Kind::Asset | Kind::Marker)
    }

    /// Whether a browser parses files of this kind as HTML (links and scripts are live).
    pub(crate) fn is_html(self) -> bool {
        matches!(self, Kind::Page | Kind::Form | Kind::Admin)
    }
}

/// A rendered file: its path relative to the output root, its bytes, its kind and the content
/// file (relative to the site folder) whose data it mainly shows, if there is one.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
    pub(crate) kind: Kind,
    pub(crate) source: Option<String>,
}

impl OutputFile {
    /// A file of `kind` made from the whole site (no single source file).
    pub(crate) fn new(path: impl Into<String>, bytes: Vec<u8>, kind: Kind) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes,
            kind,
            source: None,
        }
    }

    /// The same file, made from the content file `source`.
    pub(crate) fn with_source(mut self, source: Option<String>) -> OutputFile {
        self.source = source;
        self
    }
}

/// Where a run's files go once guarded, one at a time from many threads: the staging folder of
/// a build (`write::Staging`), memory (`Keep`: `serve`, the API), or nowhere (`Discard`:
/// `check`, `report`).
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), String>;
}

/// A sink that keeps every file (`into_files` gives them sorted by path, whatever order the
/// threads put them in).
#[derive(Default)]
pub(crate) struct Keep {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl Keep {
    /// The files kept, sorted by path.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Keep {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// A sink that drops every file (the guards have seen it).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<(), String> {
        Ok(())
    }
}

/// The kind of a file the site's renderer made, from its output path.
pub(crate) fn kind_of_rendered(path: &str) -> Kind {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.starts_with("admin/") {
        if name.ends_with(".html") {
            Kind::Admin
        } else {
            Kind::AdminConfig
        }
    } else if path.starts_with("search/p-") {
        Kind::SearchText
    } else if path.starts_with("search/") && name.ends_with(".json") {
        Kind::SearchIndex
    } else if name == "feed.xml" {
        Kind::Feed
    } else if name == "sitemap.xml" || name == "robots.txt" {
        Kind::Sitemap
    } else if path.ends_with("/form/index.html") {
        Kind::Form
    } else if name.ends_with(".html") {
        Kind::Page
    } else {
        // Anything else the renderer makes from content is treated as a page: it is scanned.
        Kind::Page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_files_get_their_kind_and_unknown_ones_are_scanned() {
        assert_eq!(kind_of_rendered("search/p-12.json"), Kind::SearchText);
        assert_eq!(kind_of_rendered("search/t-3.json"), Kind::SearchIndex);
        assert_eq!(kind_of_rendered("districts/a/feed.xml"), Kind::Feed);
        assert_eq!(kind_of_rendered("sitemap.xml"), Kind::Sitemap);
        assert_eq!(
            kind_of_rendered("districts/a/b/activities/c/form/index.html"),
            Kind::Form
        );
        assert_eq!(kind_of_rendered("index.html"), Kind::Page);
        assert_eq!(kind_of_rendered("admin/index.html"), Kind::Admin);
        assert_eq!(kind_of_rendered("admin/bang-khla/config.json"), Kind::AdminConfig);
        assert!(Kind::AdminConfig.carries_content() && Kind::Admin.is_html());
        assert!(kind_of_rendered("something/new.thing").carries_content());
        assert!(!Kind::Asset.carries_content() && Kind::SearchText.carries_content());
    }
}
