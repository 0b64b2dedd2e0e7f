//! Stage 5, write: puts the rendered files and the photos into a staging folder beside the
//! output, then swaps it in. A failed build leaves the previous output exactly as it was.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A rendered file: its path relative to the output root and its bytes.
#[derive(Debug)]
pub(crate) struct OutputFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// Writes `files` and whatever `extra` writes into a staging folder, then replaces `out`
/// with it. `extra` returns `Err` to abandon the build (the staging folder is removed).
pub(crate) fn publish<T>(
    out: &Path,
    files: &[OutputFile],
    extra: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<T, String> {
    let staging = sibling(out, "staging");
    let _ = std::fs::remove_dir_all(&staging);
    let result = write_all(&staging, files).and_then(|_| extra(&staging));
    match result {
        Ok(value) => swap(out, &staging).map(|_| value),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
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
        let files = [OutputFile {
            path: "a/index.html".into(),
            bytes: b"one".to_vec(),
        }];
        publish(&out, &files, |_| Ok(())).unwrap();
        let files2 = [OutputFile {
            path: "a/index.html".into(),
            bytes: b"two".to_vec(),
        }];
        let err = publish::<()>(&out, &files2, |_| Err("boom".into()));
        assert!(err.is_err());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        publish(&out, &files2, |_| Ok(())).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging and old folders are cleaned up");
    }
}
