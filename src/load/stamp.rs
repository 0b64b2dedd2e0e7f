//! Fingerprints from file metadata alone (path, type, size, modification time and, on Unix,
//! the file's inode), cheap enough to tell in a fraction of a second whether anything a build
//! reads, or anything in the output it wrote, has changed. Contents are not read: editors,
//! `git checkout` and copies all give a changed file a new time or a new inode.

use super::is_hidden;
use crate::last_build::LastBuild;
use std::path::Path;
use std::time::UNIX_EPOCH;
use walkdir::WalkDir;

/// The fingerprint of what a build of `site` with `theme` reads: `site.yaml`, `about.md`
/// and `districts/` as `load_site` walks them (links followed to their targets), the whole
/// theme, this knn program, and `settings` (the resolved options).
pub(crate) fn inputs(site: &Path, theme: &Path, settings: &str) -> String {
    let mut hash = blake3::Hasher::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(settings.as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        entry(&mut hash, "exe", std::fs::metadata(exe).ok());
    }
    for name in ["site.yaml", "about.md"] {
        entry(&mut hash, name, std::fs::metadata(site.join(name)).ok());
    }
    tree(&mut hash, &site.join("districts"), true);
    hash.update(b"\0theme\0");
    tree(&mut hash, theme, false);
    hash.finalize().to_hex().to_string()
}

/// The fingerprint of an output folder: every file in it; `None` when there is none.
pub(crate) fn output(out: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(out).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let mut hash = blake3::Hasher::new();
    tree(&mut hash, out, false);
    Some(hash.finalize().to_hex().to_string())
}

/// The last build into `out`, if its file is there and readable.
pub(crate) fn last_build(cache: &Path, out: &Path) -> Option<LastBuild> {
    let text = std::fs::read(crate::last_build::file(cache, out)).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Adds every entry under `dir`, in name order (hidden ones skipped when `skip_hidden`).
fn tree(hash: &mut blake3::Hasher, dir: &Path, skip_hidden: bool) {
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(skip_hidden && e.depth() > 0 && is_hidden(e.path())));
    for e in walk {
        match e {
            Ok(e) => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let meta = if e.path_is_symlink() {
                    std::fs::metadata(e.path()).ok()
                } else {
                    e.metadata().ok()
                };
                entry(hash, &rel.to_string_lossy(), meta);
            }
            // An unreadable entry changes the fingerprint, so it never matches a build's.
            Err(err) => {
                hash.update(b"\0unreadable\0");
                hash.update(err.to_string().as_bytes());
            }
        }
    }
}

/// Adds one entry: its name and what its metadata says (or that it has none).
fn entry(hash: &mut blake3::Hasher, name: &str, meta: Option<std::fs::Metadata>) {
    hash.update(name.as_bytes());
    hash.update(b"\0");
    let Some(meta) = meta else {
        hash.update(b"-\n");
        return;
    };
    if meta.is_dir() {
        // A folder's own time changes with any entry in it, hidden ones too; its entries count.
        hash.update(b"d\n");
        return;
    }
    let nanos = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let line = format!("f {} {nanos} {}\n", meta.len(), inode(&meta));
    hash.update(line.as_bytes());
}

/// The file's inode (a rewritten file often keeps its size and gets a new inode).
#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("site.yaml"), "title: x\n").expect("write");
        std::fs::create_dir_all(dir.path().join("districts/a")).expect("mkdir");
        std::fs::write(dir.path().join("districts/a/index.md"), "one").expect("write");
        dir
    }

    #[test]
    fn the_same_files_give_the_same_fingerprint() {
        let dir = site();
        let theme = dir.path().join("districts");
        assert_eq!(inputs(dir.path(), &theme, "s"), inputs(dir.path(), &theme, "s"));
        assert_ne!(
            inputs(dir.path(), &theme, "s"),
            inputs(dir.path(), &theme, "t"),
            "settings count"
        );
    }

    #[test]
    fn a_rewritten_added_or_removed_file_changes_the_fingerprint() {
        let dir = site();
        let theme = tempfile::tempdir().expect("theme");
        let before = inputs(dir.path(), theme.path(), "");
        let file = dir.path().join("districts/a/index.md");
        std::fs::remove_file(&file).expect("remove");
        std::fs::write(&file, "two").expect("rewrite, same size");
        let rewritten = inputs(dir.path(), theme.path(), "");
        assert_ne!(before, rewritten, "same size, new inode or time");
        std::fs::write(dir.path().join("districts/a/new.md"), "x").expect("add");
        let added = inputs(dir.path(), theme.path(), "");
        assert_ne!(rewritten, added);
        std::fs::write(theme.path().join("page.html"), "x").expect("theme file");
        assert_ne!(added, inputs(dir.path(), theme.path(), ""), "the theme counts");
    }

    #[test]
    fn hidden_files_of_the_site_do_not_count_but_every_output_file_does() {
        let dir = site();
        let theme = tempfile::tempdir().expect("theme");
        let before = inputs(dir.path(), theme.path(), "");
        let out_before = output(dir.path()).expect("a folder");
        std::fs::write(dir.path().join("districts/a/.DS_Store"), "x").expect("hidden");
        assert_eq!(before, inputs(dir.path(), theme.path(), ""));
        assert_ne!(Some(out_before), output(dir.path()));
        assert_eq!(output(&dir.path().join("missing")), None);
    }
}
