//! Stage 5, write: puts the rendered files and the photos (hard-linked from the image cache,
//! or copied where links are impossible) into a staging folder beside the output, then swaps
//! it in. A failed build leaves the previous output exactly as it was. The output folder is
//! checked first (`target`: nothing of the user's is ever replaced), one build at a time
//! writes it, and what killed builds left beside it is cleaned (`staging`).

mod found;
mod staging;
mod target;

use crate::images::Published;
use rayon::prelude::*;
use std::path::Path;

pub(crate) use target::Target;

pub(crate) use crate::output::OutputFile;

/// Writes `files` and `photos` into a staging folder, then replaces the checked `target` with
/// it. Holds the output's lock throughout and checks the target again under it (another build
/// or a person may have changed it since). On any error the staging folder is removed and the
/// output is untouched.
pub(crate) fn publish(target: &Target, files: &[OutputFile], photos: &[Published]) -> Result<(), String> {
    let out = target.path.as_path();
    let _lock = staging::lock(out)?;
    target.check()?;
    staging::clean_leftovers(out);
    let staging = staging::sibling(out, "staging");
    let result = write_all(&staging, files)
        .and_then(|_| link_all(&staging, photos))
        .and_then(|_| write_marker(&staging, target.kind));
    match result {
        Ok(()) => swap(out, &staging),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Marks the folder as knn's, so a later run may replace it.
fn write_marker(root: &Path, kind: target::Kind) -> Result<(), String> {
    std::fs::write(root.join(found::MARKER), kind.marker_text()).map_err(|e| cannot_write(found::MARKER, &e))
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
        std::fs::create_dir_all(root.join(dir)).map_err(|e| cannot_write(dir, &e))?;
    }
    photos.par_iter().try_for_each(|p| {
        let target = root.join(&p.path);
        std::fs::hard_link(&p.cached, &target)
            .or_else(|_| std::fs::copy(&p.cached, &target).map(|_| ()))
            .map_err(|e| cannot_write(&format!("{} -> {}", p.cached.display(), p.path), &e))
    })
}

/// Writes every file (in parallel), creating folders as needed.
fn write_all(root: &Path, files: &[OutputFile]) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| cannot_write(&root.display().to_string(), &e))?;
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(root.join(dir)).map_err(|e| cannot_write(dir, &e))?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(root.join(&f.path), &f.bytes).map_err(|e| cannot_write(&f.path, &e)))
}

/// The message when a file of the output cannot be written (a full disk, no permission).
fn cannot_write(what: &str, e: &std::io::Error) -> String {
    format!("เขียนไฟล์ผลลัพธ์ไม่ได้ (cannot write the output): {what}: {e}; ผลลัพธ์เดิมยังอยู่ครบ")
}

/// Moves the old output aside, the staging folder in, and deletes the old output.
fn swap(out: &Path, staging: &Path) -> Result<(), String> {
    let old = staging::sibling(out, "old");
    let moved = |e: std::io::Error| {
        format!(
            "ย้ายโฟลเดอร์ผลลัพธ์เข้าที่ไม่ได้ (cannot move the output into place): {}: {e}",
            out.display()
        )
    };
    let had_old = std::fs::symlink_metadata(out).is_ok();
    if had_old {
        std::fs::rename(out, &old).map_err(moved)?;
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(moved(e));
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
        let out = Target::site(&tmp.path().join("site"), &tmp.path().join("public")).unwrap();
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
        assert_eq!(std::fs::read(out.path.join("a/index.html")).unwrap(), b"one");
        publish(&out, &files2, &[]).unwrap();
        assert_eq!(std::fs::read(out.path.join("a/index.html")).unwrap(), b"two");
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["public"],
            "staging and old folders are cleaned up, no lock file is left"
        );
        assert!(out.path.join(found::MARKER).is_file(), "the output is marked as knn's");
    }
}
