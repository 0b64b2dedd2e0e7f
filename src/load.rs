//! Stage 1, load: reads the site folder and the theme from disk into memory. Text is checked
//! for UTF-8 and normalised to NFC; photos are only listed here (the images stage reads them).

use crate::diag::{Diagnostic, rel_path};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

/// Everything the build reads, in memory.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The site folder.
    pub(crate) root: PathBuf,
    /// Text files by path relative to the site folder (NFC, `/` separators).
    pub(crate) texts: BTreeMap<String, String>,
    /// Photos by path relative to the site folder.
    pub(crate) photos: BTreeMap<String, PathBuf>,
    /// Files that are neither content nor photos (reported as warnings by validate).
    pub(crate) others: Vec<String>,
    /// Problems found while reading (unreadable or non-UTF-8 files).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The theme: templates, the CSS entry point with its imports, and static files.
#[derive(Debug, Default)]
pub(crate) struct Theme {
    /// Template sources by name (`page.html`).
    pub(crate) templates: BTreeMap<String, String>,
    /// Stylesheets by name (`main.css`), bundled from `main.css`.
    pub(crate) css: BTreeMap<String, String>,
    /// Static files (fonts, licences) by path under `static/`, copied to `assets/`.
    pub(crate) assets: Vec<(String, Vec<u8>)>,
}

/// File extensions of photos (compared in lower case).
pub(crate) const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "heic", "heif", "avif"];

/// Reads the site folder. Fails only if the folder itself cannot be read.
pub(crate) fn load_site(root: &Path) -> Result<Sources, String> {
    if !root.join("site.yaml").is_file() {
        return Err(format!(
            "ไม่พบไฟล์ site.yaml ในโฟลเดอร์ {} (site folder not found)\n  = วิธีแก้ (hint): ระบุโฟลเดอร์เว็บไซต์ที่มีไฟล์ site.yaml เช่น knn build content",
            root.display()
        ));
    }
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    read_text(&mut sources, &root.join("site.yaml"));
    if root.join("about.md").is_file() {
        read_text(&mut sources, &root.join("about.md"));
    }
    let districts = root.join("districts");
    for entry in WalkDir::new(&districts)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.path()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let file = err.path().map(|p| rel_path(root, p)).unwrap_or_default();
                sources.diagnostics.push(Diagnostic::error(
                    &file,
                    1,
                    1,
                    format!("อ่านไฟล์ไม่ได้ (cannot read): {err}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_file() {
            classify(&mut sources, entry.path());
        }
    }
    Ok(sources)
}

/// Files and folders whose name starts with a dot (`.git`, `.DS_Store`) are not content.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Sorts one file into text, photo or other.
fn classify(sources: &mut Sources, path: &Path) {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if ext == "md" || name == "markets.yaml" || name == "markets.yml" {
        read_text(sources, path);
    } else if PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        sources.photos.insert(nfc_rel(&sources.root, path), path.to_path_buf());
    } else {
        sources.others.push(nfc_rel(&sources.root, path));
    }
}

/// The path relative to the site folder, NFC-normalised.
fn nfc_rel(root: &Path, path: &Path) -> String {
    rel_path(root, path).nfc().collect()
}

/// Reads a UTF-8 text file into `sources.texts`, or records why it could not be read.
fn read_text(sources: &mut Sources, path: &Path) {
    let rel = nfc_rel(&sources.root, path);
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                sources
                    .texts
                    .insert(rel, text.nfc().collect::<String>().replace("\r\n", "\n"));
            }
            Err(e) => {
                let (line, column) = utf8_error_position(e.as_bytes(), e.utf8_error().valid_up_to());
                sources.diagnostics.push(
                    Diagnostic::error(&rel, line, column, "ไฟล์ไม่ได้บันทึกเป็น UTF-8 (not UTF-8)")
                        .with_hint("เปิดไฟล์ในโปรแกรมแก้ไขข้อความแล้วบันทึกใหม่โดยเลือกการเข้ารหัส UTF-8"),
                );
            }
        },
        Err(e) => sources
            .diagnostics
            .push(Diagnostic::error(&rel, 1, 1, format!("อ่านไฟล์ไม่ได้ (cannot read): {e}"))),
    }
}

/// Line and character column of the first invalid byte.
fn utf8_error_position(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The plot folders of a site, as (district folder, plot folder), for `knn new`.
pub(crate) fn plot_folders(root: &Path) -> Result<Vec<(String, String)>, String> {
    if !root.join("site.yaml").is_file() {
        return Err(format!(
            "ไม่พบไฟล์ site.yaml ในโฟลเดอร์ {} (site folder not found)\n  = วิธีแก้ (hint): ระบุโฟลเดอร์เว็บไซต์ด้วย --site เช่น --site content",
            root.display()
        ));
    }
    let mut out = Vec::new();
    for district in subfolders(&root.join("districts")) {
        for plot in subfolders(&root.join("districts").join(&district)) {
            out.push((district.clone(), plot));
        }
    }
    Ok(out)
}

/// The names of the visible folders in `dir`, sorted (none if it cannot be read).
fn subfolders(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Reads a theme folder: `templates/`, `css/` and `static/`.
pub(crate) fn load_theme(dir: &Path) -> Result<Theme, String> {
    if !dir.join("templates").is_dir() {
        return Err(format!("ไม่พบธีม (theme not found): {}", dir.display()));
    }
    let mut theme = Theme::default();
    for (sub, target) in [("templates", 0), ("css", 1), ("static", 2)] {
        for entry in WalkDir::new(dir.join(sub))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || is_hidden(entry.path()) {
                continue;
            }
            let name = rel_path(&dir.join(sub), entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| format!("{}: {e}", entry.path().display()))?;
            match target {
                2 => theme.assets.push((name, bytes)),
                _ => {
                    let text =
                        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8", entry.path().display()))?;
                    if target == 0 {
                        theme.templates.insert(name, text)
                    } else {
                        theme.css.insert(name, text)
                    };
                }
            }
        }
    }
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_error_is_located_in_characters() {
        let bytes = "ab\nกข\u{0}".as_bytes();
        let mut bad = bytes.to_vec();
        bad.push(0xff);
        let valid = bad.len() - 1;
        assert_eq!(utf8_error_position(&bad, valid), (2, 4));
    }

    #[test]
    fn hidden_files_are_skipped() {
        assert!(is_hidden(Path::new("a/.DS_Store")));
        assert!(!is_hidden(Path::new("a/plot.md")));
    }
}
