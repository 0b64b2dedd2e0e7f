//! Stage 5, write: puts the rendered files and the photos (hard-linked from the image cache,
//! or copied where links are impossible) into a staging folder beside the output, then swaps
//! it in. A failed build leaves the previous output exactly as it was. The output folder is
//! checked first (`target`: nothing of the user's is ever replaced), one build at a time
//! writes it, and what killed builds left beside it is cleaned (`staging`).

mod found;
mod staging;
mod target;

use crate::images::Published;
use crate::last_build::LastBuild;
use crate::output::Sink;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub(crate) use target::Target;

pub(crate) use crate::output::OutputFile;

/// Writes `files` and `photos` into a staging folder, then replaces the checked `target` with
/// it (`Staging` for a whole batch, as `knn report` writes its month).
pub(crate) fn publish(target: &Target, files: &[OutputFile], photos: &[Published]) -> Result<(), String> {
    let staging = Staging::open(target)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.finish(photos)
}

/// A build's output while it is being made: a staging folder beside the `--out` folder, which
/// files are written into as they are rendered (`Sink::put`, from many threads) and which
/// `finish` swaps in for the output. Holds the output's lock throughout, and checks the target
/// again under it (another build or a person may have changed it since). Dropped without
/// `finish` (content errors, a failed write), the staging folder is removed and the output is
/// untouched. A file whose bytes equal the previous output's is hard-linked from there instead
/// of written again.
pub(crate) struct Staging<'t> {
    target: &'t Target,
    dir: PathBuf,
    /// Folders already made inside `dir`.
    made: Mutex<HashSet<String>>,
    finished: bool,
    _lock: staging::Lock,
}

impl<'t> Staging<'t> {
    /// Takes the lock, checks the target, cleans what killed builds left, makes the folder.
    pub(crate) fn open(target: &'t Target) -> Result<Staging<'t>, String> {
        let out = target.path.as_path();
        let lock = staging::lock(out)?;
        target.check()?;
        staging::clean_leftovers(out);
        let dir = staging::sibling(out, "staging");
        std::fs::create_dir_all(&dir).map_err(|e| cannot_write(&dir.display().to_string(), &e))?;
        Ok(Staging {
            target,
            dir,
            made: Mutex::new(HashSet::new()),
            finished: false,
            _lock: lock,
        })
    }

    /// Puts one file in the staging folder: hard-linked from the previous output when that
    /// holds the same bytes, else written.
    fn write(&self, f: &OutputFile) -> Result<(), String> {
        if let Some((dir, _)) = f.path.rsplit_once('/') {
            self.make_dir(dir)?;
        }
        let path = self.dir.join(&f.path);
        let previous = self.target.path.join(&f.path);
        if unchanged(&previous, &f.bytes) && std::fs::hard_link(&previous, &path).is_ok() {
            return Ok(());
        }
        std::fs::write(&path, &f.bytes).map_err(|e| cannot_write(&f.path, &e))
    }

    /// Makes a folder of the staging folder once.
    fn make_dir(&self, dir: &str) -> Result<(), String> {
        if self.made.lock().unwrap_or_else(|e| e.into_inner()).contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(self.dir.join(dir)).map_err(|e| cannot_write(dir, &e))?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_string());
        Ok(())
    }

    /// Links the photos, marks the folder as knn's and swaps it in for the output.
    /// The target is checked once more: the run itself may have filled it (an `--out` that
    /// names the image cache).
    pub(crate) fn finish(mut self, photos: &[Published]) -> Result<(), String> {
        self.target.check()?;
        link_all(&self.dir, photos)?;
        write_marker(&self.dir, self.target.kind)?;
        let swapped = swap(&self.target.path, &self.dir);
        self.finished = swapped.is_ok();
        swapped
    }
}

impl Sink for Staging<'_> {
    fn put(&self, file: OutputFile) -> Result<(), String> {
        self.write(&file)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether the file at `previous` (in the output being replaced) holds exactly `bytes`.
fn unchanged(previous: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(previous).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(previous).is_ok_and(|old| old == bytes)
}

/// Marks the folder as knn's, so a later run may replace it.
fn write_marker(root: &Path, kind: target::Kind) -> Result<(), String> {
    std::fs::write(root.join(found::MARKER), kind.marker_text()).map_err(|e| cannot_write(found::MARKER, &e))
}

/// Keeps what the next build needs to see that nothing changed (`last_build`). Written after
/// the swap; if it cannot be written, the next build simply does all the work again.
pub(crate) fn save_last_build(cache: &Path, out: &Path, last: &LastBuild) {
    let file = crate::last_build::file(cache, out);
    let Ok(json) = serde_json::to_vec(last) else {
        return;
    };
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
        prune_last_builds(dir, KEPT_BUILDS - 1);
    }
    let _ = std::fs::write(file, json);
}

/// How many output folders' last builds the cache keeps (each holds that build's warnings,
/// megabytes on a large site): building into ever new folders must not fill the disk.
const KEPT_BUILDS: usize = 8;

/// Whether `name` is one `last_build::file` makes (16 hex digits, `.json`): nothing else in
/// the folder is touched, whatever `--cache` points at.
fn is_last_build_name(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes all but the `keep` most recently written of the last builds' files in `dir`.
fn prune_last_builds(dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = entries
        .flatten()
        .filter(|e| is_last_build_name(&e.file_name().to_string_lossy()))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, old) in files.into_iter().skip(keep) {
        let _ = std::fs::remove_file(old);
    }
}

/// Removes the last build's file before a build changes the output, so that a build which
/// stops halfway never leaves a fingerprint of an output that is no longer there.
pub(crate) fn forget_last_build(cache: &Path, out: &Path) {
    let _ = std::fs::remove_file(crate::last_build::file(cache, out));
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
    fn only_the_newest_last_builds_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("cache");
        let last: LastBuild = serde_json::from_str(
            r#"{"version":1,"inputs":"a","output":"b","printed":{"text":"","json":"","annotations":[]},"pages":1,"bytes":1}"#,
        )
        .unwrap();
        std::fs::create_dir_all(cache.join("builds")).unwrap();
        std::fs::write(cache.join("builds/notes.json"), "{}").unwrap();
        let outs: Vec<_> = (0..KEPT_BUILDS + 3)
            .map(|i| tmp.path().join(format!("out-{i}")))
            .collect();
        for out in &outs {
            save_last_build(&cache, out, &last);
            // Distinct modification times, however coarse the file system's clock.
            std::thread::sleep(std::time::Duration::from_millis(15));
        }
        let left = std::fs::read_dir(cache.join("builds")).unwrap().count();
        assert_eq!(left, KEPT_BUILDS + 1, "the newest and the user's own file");
        assert!(
            cache.join("builds/notes.json").exists(),
            "a file knn did not make stays"
        );
        assert!(
            crate::last_build::file(&cache, outs.last().unwrap()).exists(),
            "the newest is kept"
        );
        assert!(
            !crate::last_build::file(&cache, &outs[0]).exists(),
            "the oldest is gone"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_from_the_previous_output_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = Target::site(&tmp.path().join("site"), &tmp.path().join("public")).unwrap();
        let page = |path: &str, text: &str| OutputFile::new(path, text.as_bytes().to_vec(), crate::output::Kind::Page);
        publish(&out, &[page("same.html", "same"), page("edit.html", "one")], &[]).unwrap();
        let inode = |name: &str| std::fs::metadata(out.path.join(name)).unwrap().ino();
        let (same, edit) = (inode("same.html"), inode("edit.html"));
        publish(&out, &[page("same.html", "same"), page("edit.html", "two")], &[]).unwrap();
        assert_eq!(inode("same.html"), same, "the unchanged file is the same file, linked");
        assert_ne!(inode("edit.html"), edit, "the changed file is written anew");
        assert_eq!(std::fs::read(out.path.join("edit.html")).unwrap(), b"two");
        assert_eq!(
            std::fs::metadata(out.path.join("same.html")).unwrap().nlink(),
            1,
            "the old output is gone"
        );
    }

    #[test]
    fn a_staging_folder_dropped_unfinished_is_removed_and_the_output_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Target::site(&tmp.path().join("site"), &tmp.path().join("public")).unwrap();
        publish(
            &out,
            &[OutputFile::new("a.html", b"old".to_vec(), crate::output::Kind::Page)],
            &[],
        )
        .unwrap();
        let staging = Staging::open(&out).unwrap();
        staging
            .put(OutputFile::new("a.html", b"new".to_vec(), crate::output::Kind::Page))
            .unwrap();
        drop(staging);
        assert_eq!(std::fs::read(out.path.join("a.html")).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "no staging folder is left");
    }

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
