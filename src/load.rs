//! Stage 1, load: reads the site folder and the theme from disk into memory. Text is checked
//! for UTF-8 and normalised to NFC (`encoding`), within size limits (`limits`); photos are only
//! listed here (the images stage reads them). Nothing outside the site is read (`links`).

use crate::diag::{Diagnostic, rel_path};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

mod encoding;
pub(crate) mod limits;
mod links;
pub(crate) mod stamp;
mod texts;

pub(crate) use texts::{Body, CHANGED, CHANGED_HINT, Texts};

/// Everything the build reads, in memory.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// The site folder.
    pub(crate) root: PathBuf,
    /// Text files by path relative to the site folder (NFC, `/` separators): held until
    /// validation is done, then read again when needed (`Texts::release`).
    pub(crate) texts: Texts,
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
    /// The web form's files (the vendored CMS, its Thai strings, its font) by path under
    /// `admin/`, copied to `admin/`: only the form's pages load them.
    pub(crate) admin: Vec<(String, Vec<u8>)>,
}

/// File extensions of photos (compared in lower case).
pub(crate) const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "heic", "heif", "avif"];

/// Reads the site folder. Fails only if the folder itself cannot be read.
pub(crate) fn load_site(root: &Path) -> Result<Sources, String> {
    let real_root = match std::fs::symlink_metadata(root.join("site.yaml")) {
        Ok(_) => root.canonicalize().ok(),
        Err(_) => None,
    };
    let Some(real_root) = real_root else {
        return Err(format!(
            "ไม่พบไฟล์ site.yaml ในโฟลเดอร์ {} (site folder not found)\n  = วิธีแก้ (hint): ระบุโฟลเดอร์เว็บไซต์ที่มีไฟล์ site.yaml เช่น knn build content",
            root.display()
        ));
    };
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    match links::follow(&real_root, "site.yaml", &root.join("site.yaml")) {
        Ok(path) => read_text(&mut sources, "site.yaml".into(), &path),
        Err(d) => sources.diagnostics.push(links::required(d)),
    }
    let about = root.join("about.md");
    if std::fs::symlink_metadata(&about).is_ok() {
        match links::follow(&real_root, "about.md", &about) {
            Ok(path) => read_text(&mut sources, "about.md".into(), &path),
            Err(d) => sources.diagnostics.push(d),
        }
    }
    let texts = walk_districts(&mut sources, &real_root);
    read_texts(&mut sources, texts);
    Ok(sources)
}

/// Lists everything under `districts/`: photos and other files go into `sources`, and the text
/// files to read come back (as their relative path and the path to read). Links are never
/// walked into: a link to a file inside the site is read as that file, every other link is
/// skipped with a warning.
fn walk_districts(sources: &mut Sources, real_root: &Path) -> Vec<(String, PathBuf)> {
    let mut texts = Vec::new();
    let districts = sources.root.join("districts");
    if std::fs::symlink_metadata(&districts).is_ok_and(|m| m.file_type().is_symlink()) {
        let d = links::follow(real_root, "districts", &districts).err();
        sources.diagnostics.extend(d);
        return texts;
    }
    for entry in WalkDir::new(&districts)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.path()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let file = err.path().map(|p| rel_path(&sources.root, p)).unwrap_or_default();
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
            classify(sources, entry.path(), entry.path(), &mut texts);
        } else if entry.path_is_symlink() {
            let rel = nfc_rel(&sources.root, entry.path());
            match links::follow(real_root, &rel, entry.path()) {
                Ok(target) => classify(sources, entry.path(), &target, &mut texts),
                Err(d) => sources.diagnostics.push(d),
            }
        }
    }
    texts
}

/// Reads the text files the walk listed, on every core (a province has thousands), keeping
/// the listed order for the errors.
fn read_texts(sources: &mut Sources, texts: Vec<(String, PathBuf)>) {
    use rayon::prelude::*;
    // Only the hash is kept: the texts are read again when they are validated.
    let read: Vec<(String, Result<Seen, Diagnostic>, PathBuf)> = texts
        .into_par_iter()
        .map(|(rel, path)| {
            let seen = read_checked(&rel, &path).map(|(_, seen)| seen);
            (rel, seen, path)
        })
        .collect();
    for (rel, seen, path) in read {
        match seen {
            Ok(seen) => sources.texts.insert_read(rel, path, seen),
            Err(d) => sources.diagnostics.push(d),
        }
    }
}

/// Files and folders whose name starts with a dot (`.git`, `.DS_Store`) are not content.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Sorts one file, listed as `listed` and read from `path`, into text (to be read), photo or
/// other.
fn classify(sources: &mut Sources, listed: &Path, path: &Path, texts: &mut Vec<(String, PathBuf)>) {
    let ext = listed.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let name = listed.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let rel = nfc_rel(&sources.root, listed);
    if ext == "md" || name == "markets.yaml" || name == "markets.yml" {
        texts.push((rel, path.to_path_buf()));
    } else if PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        sources.photos.insert(rel, path.to_path_buf());
    } else {
        sources.others.push(rel);
    }
}

/// The path relative to the site folder, NFC-normalised.
fn nfc_rel(root: &Path, path: &Path) -> String {
    rel_path(root, path).nfc().collect()
}

/// Reads a text file into `sources.texts` (see `encoding`), or records why it could not be read.
fn read_text(sources: &mut Sources, rel: String, path: &Path) {
    match read_checked(&rel, path) {
        Ok((_, seen)) => sources.texts.insert_read(rel, path.to_path_buf(), seen),
        Err(d) => sources.diagnostics.push(d),
    }
}

/// What load saw of a text file it read and found good: the hash of its bytes, and whether
/// those bytes were already its text (UTF-8, NFC, `\n` line ends, no BOM: nearly every file),
/// so that reading it again needs no decoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen {
    hash: blake3::Hash,
    plain: bool,
}

/// A text file's text (see `encoding`), within the limits, and what was seen of it; or why it
/// could not be read.
fn read_checked(rel: &str, path: &Path) -> Result<(String, Seen), Diagnostic> {
    let bytes = read_limited(rel, path)?;
    let (hash, len) = (blake3::hash(&bytes), bytes.len());
    let text = encoding::decode(rel, bytes)?;
    let plain = text.len() == len && blake3::hash(text.as_bytes()) == hash;
    match limits::check_yaml(rel, &text) {
        Some(d) => Err(d),
        None => Ok((text, Seen { hash, plain })),
    }
}

/// The text of a file read before, if its bytes are still those `seen` (then it was checked
/// when it was first read, and decodes to the same text).
fn read_again(rel: &str, path: &Path, seen: &Seen) -> Option<String> {
    let bytes = read_limited(rel, path).ok()?;
    if blake3::hash(&bytes) != seen.hash {
        return None;
    }
    match seen.plain {
        true => String::from_utf8(bytes).ok(),
        false => encoding::decode(rel, bytes).ok(),
    }
}

/// A file's bytes, refused from its size before reading when it is over the limit (and read
/// no further than the limit, should it grow meanwhile).
fn read_limited(rel: &str, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| Diagnostic::error(rel, 1, 1, format!("อ่านไฟล์ไม่ได้ (cannot read): {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > limits::MAX_TEXT_BYTES {
        return Err(too_big(rel, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits::MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    match bytes.len() as u64 {
        n if n > limits::MAX_TEXT_BYTES => Err(too_big(rel, n)),
        _ => Ok(bytes),
    }
}

/// The error for a text file over [`limits::MAX_TEXT_BYTES`].
fn too_big(rel: &str, size: u64) -> Diagnostic {
    Diagnostic::error(
        rel,
        1,
        1,
        format!(
            "ไฟล์ใหญ่เกินไป {} เกินขีดจำกัด {} ต่อไฟล์ จึงไม่อ่าน (file too large)",
            limits::megabytes(size),
            limits::megabytes(limits::MAX_TEXT_BYTES)
        ),
    )
    .with_hint(
        "หน้าเว็บหนึ่งหน้ามีขนาดไม่ถึง 100 KB: ถ้าวางภาพลงในไฟล์ (ข้อความยาวที่ขึ้นต้นด้วย data:image) ให้บันทึกภาพเป็นไฟล์ .jpg ในโฟลเดอร์เดียวกันแทน; ถ้าเนื้อหายาวมาก ให้แบ่งเป็นหลายหน้า",
    )
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
    if std::fs::symlink_metadata(root.join("districts")).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(out); // not walked into, as in `load_site`: `knn new` never writes through it
    }
    for district in subfolders(&root.join("districts")) {
        for plot in subfolders(&root.join("districts").join(&district)) {
            out.push((district.clone(), plot));
        }
    }
    Ok(out)
}

/// The names of the visible folders in `dir`, sorted (none if it cannot be read); links to
/// folders are not folders here (`DirEntry::file_type` does not follow them).
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

/// Reads a theme folder: `templates/`, `css/`, `static/` and `admin/`.
pub(crate) fn load_theme(dir: &Path) -> Result<Theme, String> {
    if !dir.join("templates").is_dir() {
        return Err(format!("ไม่พบธีม (theme not found): {}", dir.display()));
    }
    let mut theme = Theme::default();
    for (sub, target) in [("templates", 0), ("css", 1), ("static", 2), ("admin", 3)] {
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
                3 => theme.admin.push((name, bytes)),
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
    fn a_text_is_plain_only_when_its_bytes_are_its_text_and_either_way_reads_again_the_same() {
        let dir = tempfile::tempdir().unwrap();
        for (bytes, plain) in [
            ("---\ntitle: ไทย\n---\nข้อความ\n".as_bytes(), true),
            ("---\r\ntitle: ไทย\r\n---\r\n".as_bytes(), false),
            ("\u{feff}title: x\n".as_bytes(), false),
            ("title: Cafe\u{301}\n".as_bytes(), false),
        ] {
            let path = dir.path().join("a.md");
            std::fs::write(&path, bytes).unwrap();
            let (text, seen) = read_checked("a.md", &path).unwrap();
            assert_eq!(seen.plain, plain, "{bytes:?}");
            assert_eq!(read_again("a.md", &path, &seen).as_deref(), Some(text.as_str()));
        }
    }

    #[test]
    fn hidden_files_are_skipped() {
        assert!(is_hidden(Path::new("a/.DS_Store")));
        assert!(!is_hidden(Path::new("a/plot.md")));
    }
}
