//! What is at an output path: nothing, a file, an empty folder, a folder knn wrote (by its
//! `.knn-output` marker, or for outputs of older versions by their shape), or a folder of other
//! files; and paths made absolute with their links resolved, so aliases of a folder compare equal.

use super::target::Kind;
use std::path::{Component, Path, PathBuf};

/// The file knn writes into every output folder, naming the command that wrote it.
pub(crate) const MARKER: &str = ".knn-output";

/// What is at the output path now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// Nothing: the folder will be created.
    Nothing,
    /// A file (or a link, a device): anything that is not a folder.
    File,
    /// A folder with nothing in it (operating-system litter like `.DS_Store` aside).
    Empty,
    /// A folder knn wrote, and for which command.
    Knn(Kind),
    /// A folder holding other things: a few of their names, for the message.
    Other(Vec<String>),
}

/// Names an operating system leaves in folders; they do not make a folder "not empty".
const LITTER: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];

/// What is at `path`.
pub(crate) fn inspect(path: &Path) -> Result<Found, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(format!("อ่านโฟลเดอร์ {} ไม่ได้ (cannot read --out): {e}", path.display())),
    };
    if !meta.is_dir() {
        return Ok(Found::File);
    }
    let mut names =
        entries(path).map_err(|e| format!("อ่านโฟลเดอร์ {} ไม่ได้ (cannot read --out): {e}", path.display()))?;
    if names.is_empty() {
        return Ok(Found::Empty);
    }
    if let Some(k) = folder_kind(path) {
        return Ok(Found::Knn(k));
    }
    names.truncate(3);
    Ok(Found::Other(names))
}

/// The names in a folder, sorted, without operating-system litter.
fn entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !LITTER.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The kind of knn output `dir` is: by its marker, or (for outputs of knn versions before the
/// marker) by its shape, when it holds nothing but what that command writes.
pub(crate) fn folder_kind(dir: &Path) -> Option<Kind> {
    let marker = dir.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file() && m.len() < 4096) {
        return std::fs::read_to_string(&marker)
            .ok()
            .and_then(|t| Kind::from_marker(&t));
    }
    let names = entries(dir).ok()?;
    [Kind::Site, Kind::Report]
        .into_iter()
        .find(|k| legacy_shape(dir, &names, *k))
}

/// Everything a knn build writes at the top of its output.
const SITE_NAMES: &[&str] = &[
    ".nojekyll",
    "404.html",
    "about",
    "admin",
    "assets",
    "districts",
    "feed.xml",
    "index.html",
    "lessons",
    "markets",
    "months",
    "products",
    "robots.txt",
    "search",
    "signs",
    "sitemap.xml",
];

/// Whether a folder without a marker is an older knn output of kind `k`: only knn's own names
/// at the top, and the files that mark the kind (a site's `.nojekyll`, `sitemap.xml` and
/// `index.html`; a report's `knn-<month>.xlsx` named after its folder). Such a folder holds
/// nothing a person put there, since every earlier build replaced it whole.
fn legacy_shape(dir: &Path, names: &[String], k: Kind) -> bool {
    match k {
        Kind::Site => {
            let own = names.iter().all(|n| SITE_NAMES.contains(&n.as_str()));
            own && [".nojekyll", "sitemap.xml", "index.html", "assets"]
                .iter()
                .all(|n| names.iter().any(|x| x == n))
        }
        Kind::Report => {
            let month = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let workbook = format!("knn-{month}.xlsx");
            let own = names
                .iter()
                .all(|n| [workbook.as_str(), "index.html", "forms"].contains(&n.as_str()));
            own && names.contains(&workbook)
        }
    }
}

/// The absolute form of `path`, `.` and `..` applied by name, then the longest part that
/// exists with its links resolved (the parts that do not exist yet cannot be links).
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let absolute = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for part in rest.iter().rev() {
        out.push(part);
    }
    out
}

/// Applies `.` and `..` by name.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::Target;

    #[test]
    fn what_is_there_is_read_from_the_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let at = |name: &str| tmp.path().join(name);
        assert_eq!(inspect(&at("none")).unwrap(), Found::Nothing);
        std::fs::write(at("report.pdf"), "pdf").unwrap();
        assert_eq!(inspect(&at("report.pdf")).unwrap(), Found::File);
        std::fs::create_dir(at("empty")).unwrap();
        std::fs::write(at("empty/.DS_Store"), "").unwrap();
        assert_eq!(inspect(&at("empty")).unwrap(), Found::Empty);
        std::fs::create_dir(at("marked")).unwrap();
        std::fs::write(at("marked/index.html"), "").unwrap();
        std::fs::write(at("marked").join(MARKER), Kind::Report.marker_text()).unwrap();
        assert_eq!(inspect(&at("marked")).unwrap(), Found::Knn(Kind::Report));
        std::fs::create_dir(at("docs")).unwrap();
        std::fs::write(at("docs/a.docx"), "").unwrap();
        assert_eq!(inspect(&at("docs")).unwrap(), Found::Other(vec!["a.docx".into()]));
    }

    #[test]
    fn an_output_of_an_older_knn_is_recognised_by_its_shape_only_when_it_holds_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("public");
        std::fs::create_dir_all(old.join("assets")).unwrap();
        for f in [".nojekyll", "index.html", "404.html", "sitemap.xml", "feed.xml"] {
            std::fs::write(old.join(f), "").unwrap();
        }
        assert_eq!(inspect(&old).unwrap(), Found::Knn(Kind::Site));
        std::fs::write(old.join("ภาพงานบวช.jpg"), "").unwrap();
        assert!(
            matches!(inspect(&old).unwrap(), Found::Other(_)),
            "a file of the user's"
        );
        let month = tmp.path().join("2569-11");
        std::fs::create_dir_all(month.join("forms")).unwrap();
        std::fs::write(month.join("knn-2569-11.xlsx"), "").unwrap();
        std::fs::write(month.join("index.html"), "").unwrap();
        assert_eq!(inspect(&month).unwrap(), Found::Knn(Kind::Report));
    }

    #[test]
    fn paths_are_compared_after_dots_and_links_are_resolved() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("content");
        std::fs::create_dir_all(site.join("districts")).unwrap();
        let dotted = site.join("districts/../../content");
        assert_eq!(resolve(&dotted), resolve(&site));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&site, tmp.path().join("public")).unwrap();
            let e = Target::site(&site, &tmp.path().join("public")).unwrap_err();
            assert!(e.contains("site folder"), "a link to the site is the site: {e}");
        }
        let e = Target::site(&site, &dotted).unwrap_err();
        assert!(e.contains("site folder"), "{e}");
        let fresh = Target::site(&site, &tmp.path().join("new/public")).unwrap();
        assert_eq!(fresh.path, resolve(tmp.path()).join("new/public"));
    }
}
