//! Stage 5, write: puts the rendered files and the photos (hard-linked from the image cache,
//! or copied where links are impossible) into a staging folder beside the output, then swaps
//! it in. A failed build leaves the previous output exactly as it was.

use crate::images::Published;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub(crate) use crate::output::OutputFile;

/// Writes `files` and `photos` into a staging folder, then replaces `out` with it. On any
/// error the staging folder is removed and `out` is untouched.
pub(crate) fn publish(out: &Path, files: &[OutputFile], photos: &[Published]) -> Result<(), String> {
    let staging = sibling(out, "staging");
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_all(&staging, files).and_then(|_| link_all(&staging, photos));
    match result {
        Ok(()) => swap(out, &staging),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Creates one new file (for `knn new`), with its folders; never overwrites staff's work.
pub(crate) fn create_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `files` into `dir` (for `knn schema`), each through a temporary file and a rename
/// so a reader never sees half a file.
pub(crate) fn replace_files(dir: &Path, files: &[OutputFile]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for f in files {
        let target = dir.join(&f.path);
        let tmp = dir.join(format!(".{}.tmp-{}", f.path, std::process::id()));
        std::fs::write(&tmp, &f.bytes)
            .and_then(|_| std::fs::rename(&tmp, &target))
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// Hard-links (or copies) each cached photo to its place in the output.
fn link_all(root: &Path, photos: &[Published]) -> Result<(), String> {
    let mut dirs: Vec<&str> = photos
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(root.join(dir)).map_err(|e| format!("{dir}: {e}"))?;
    }
    photos.par_iter().try_for_each(|p| {
        let target = root.join(&p.path);
        std::fs::hard_link(&p.cached, &target)
            .or_else(|_| std::fs::copy(&p.cached, &target).map(|_| ()))
            .map_err(|e| format!("{} -> {}: {e}", p.cached.display(), p.path))
    })
}

/// `public` -> `.public.<what>-<pid>` in the same parent folder (so renames stay atomic).
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}-{}", std::process::id()))
}

/// Writes every file (in parallel), creating folders as needed.
fn write_all(root: &Path, files: &[OutputFile]) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(root.join(dir)).map_err(|e| format!("{dir}: {e}"))?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(root.join(&f.path), &f.bytes).map_err(|e| format!("{}: {e}", f.path)))
}

/// Moves the old output aside, the staging folder in, and deletes the old output.
fn swap(out: &Path, staging: &Path) -> Result<(), String> {
    let old = sibling(out, "old");
    let _ = std::fs::remove_dir_all(&old);
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(format!("{}: {e}", out.display()));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_publish_keeps_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let files = [OutputFile::new(
            "a/index.html",
            b"one".to_vec(),
            crate::output::Kind::Page,
        )];
        publish(&out, &files, &[]).unwrap();
        let files2 = [OutputFile::new(
            "a/index.html",
            b"two".to_vec(),
            crate::output::Kind::Page,
        )];
        let missing = [Published {
            cached: tmp.path().join("no-such-photo.webp"),
            path: "a/p.webp".into(),
            bytes: 0,
        }];
        let err = publish(&out, &files2, &missing);
        assert!(err.is_err(), "a photo that cannot be published fails the build");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        publish(&out, &files2, &[]).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging and old folders are cleaned up");
    }
}
