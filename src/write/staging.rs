//! The folders beside an output while it is written: the lock that lets one build at a time
//! write into one `--out`, and the staging and old folders of builds that were killed, which
//! the next build cleans (restoring the previous output if a build died between its renames).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// `public` -> `.public.<what>-<pid>` in the same parent folder (so renames stay atomic).
pub(crate) fn sibling(out: &Path, what: &str) -> PathBuf {
    parent(out).join(format!(".{}.{what}-{}", name(out), std::process::id()))
}

/// The folder an output sits in.
fn parent(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The output folder's own name.
fn name(out: &Path) -> String {
    out.file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned())
}

/// What is locked: the folder the output sits in (Unix locks a folder like a file, so no lock
/// file is left in the user's folder or their git status).
#[cfg(unix)]
fn lock_file(out: &Path) -> std::io::Result<File> {
    File::open(parent(out))
}

/// What is locked: a file in the temporary folder named after the output's path (Windows
/// cannot lock a folder). It is never deleted, so two builds always lock the same file.
#[cfg(not(unix))]
fn lock_file(out: &Path) -> std::io::Result<File> {
    let key = blake3::hash(out.as_os_str().as_encoded_bytes()).to_hex();
    let path = std::env::temp_dir().join(format!("knn-{key}.lock"));
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Holds the output's lock until dropped (the operating system also releases it when the
/// process dies, so a killed build never leaves the folder locked).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// Takes the lock of `out`. If another build holds it, says so and waits for it.
pub(crate) fn lock(out: &Path) -> Result<Lock, String> {
    let dir = parent(out);
    let failed = |e: std::io::Error| {
        format!(
            "ล็อกโฟลเดอร์ {} ไม่ได้ (cannot lock the output folder): {e}\n  = วิธีแก้ (hint): ตรวจว่าเขียนไฟล์ในโฟลเดอร์ {} ได้ หรือระบุ --out เป็นโฟลเดอร์อื่น",
            out.display(),
            dir.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let file = lock_file(out).map_err(failed)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            eprintln!(
                "กำลังรอ knn อีกคำสั่งหนึ่งที่เขียนโฟลเดอร์ {} อยู่ให้เสร็จก่อน (waiting for another build writing the same folder)",
                out.display()
            );
            file.lock().map_err(|e| locking_failed(out, &e))?;
        }
        Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
            eprintln!(
                "คำเตือน: ระบบไฟล์ของ {} ไม่รองรับการล็อกไฟล์ (file locks unsupported): อย่าสั่ง knn สองคำสั่งพร้อมกันกับโฟลเดอร์นี้",
                dir.display()
            );
        }
        Err(TryLockError::Error(e)) => return Err(locking_failed(out, &e)),
    }
    Ok(Lock { _file: file })
}

/// The message when the lock cannot be taken at all.
fn locking_failed(out: &Path, e: &std::io::Error) -> String {
    format!(
        "ล็อกโฟลเดอร์ {} ไม่ได้ (cannot lock the output folder): {e}\n  = วิธีแก้ (hint): รอให้ knn คำสั่งอื่นที่เขียนโฟลเดอร์นี้เสร็จ แล้วสั่งใหม่",
        out.display()
    )
}

/// Removes the staging and old folders that builds killed while writing `out` left behind.
/// Called under the lock, so none of them belongs to a build still running. If a build died
/// between moving the old output aside and moving the new one in, the old one is put back.
pub(crate) fn clean_leftovers(out: &Path) {
    let (staging, old) = leftovers(out);
    let mut old = old.into_iter();
    if std::fs::symlink_metadata(out).is_err()
        && let Some(previous) = old.next()
    {
        let _ = std::fs::rename(&previous, out);
    }
    for dir in staging.into_iter().chain(old) {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The staging and the old folders beside `out`, of any process.
fn leftovers(out: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let staging = format!(".{}.staging-", name(out));
    let old = format!(".{}.old-", name(out));
    let mut found = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(parent(out)).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && file_name.starts_with(&staging) {
            found.0.push(entry.path());
        } else if is_dir && file_name.starts_with(&old) {
            found.1.push(entry.path());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_a_lost_output_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(tmp.path().join(".public.staging-99999/a")).unwrap();
        std::fs::create_dir_all(tmp.path().join(".public.old-99998")).unwrap();
        std::fs::write(tmp.path().join(".public.old-99998/index.html"), "previous").unwrap();
        std::fs::create_dir_all(tmp.path().join(".other.staging-1")).unwrap();
        clean_leftovers(&out);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".other.staging-1", "public"],
            "another output's folders are left alone"
        );
    }

    #[test]
    fn a_second_lock_on_the_same_output_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = lock(&out).unwrap();
        let file = lock_file(&out).unwrap();
        assert!(
            matches!(file.try_lock(), Err(TryLockError::WouldBlock)),
            "held while the first lives"
        );
        drop(first);
        assert!(file.try_lock().is_ok(), "released when dropped");
    }
}
