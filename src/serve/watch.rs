//! Watching the site and theme folders: file events, debounced (notify-debouncer-full), become
//! batches of changed paths; the image cache, hidden files and editors' temporary files are
//! left out, so a build never triggers itself.

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The running watcher (stops when dropped).
pub(crate) type Watcher = Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// Watches `folders`; each message is the list of changed paths (as text) of one batch.
pub(crate) fn start(folders: &[PathBuf], ignored: Vec<PathBuf>) -> Result<(Watcher, Receiver<Vec<String>>), String> {
    let (tx, rx) = channel();
    let folders: Vec<PathBuf> = folders.iter().map(|f| absolute(f)).collect();
    let ignored: Vec<PathBuf> = ignored.iter().map(|f| absolute(f)).collect();
    let roots = folders.clone();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let mut paths: Vec<String> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| relevant(p, &roots, &ignored))
            .map(|p| p.display().to_string())
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let mut debouncer = new_debouncer(Duration::from_millis(150), None, handler)
        .map_err(|e| format!("เฝ้าดูไฟล์ไม่ได้ (cannot watch files): {e}"))?;
    for folder in &folders {
        debouncer
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| format!("เฝ้าดูโฟลเดอร์ {} ไม่ได้ (cannot watch): {e}", folder.display()))?;
    }
    Ok((debouncer, rx))
}

/// `path` made absolute, with symbolic links resolved where it exists (events name real paths).
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a change to `path` can change the site.
fn relevant(path: &Path, roots: &[PathBuf], ignored: &[PathBuf]) -> bool {
    if ignored.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let inside = roots.iter().find_map(|r| path.strip_prefix(r).ok()).unwrap_or(path);
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let temporary = name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") || name.starts_with(".#");
    !hidden && !temporary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_hidden_and_temporary_files_are_not_changes() {
        let roots = [PathBuf::from("/s/content")];
        let ignored = [PathBuf::from("/s/cache")];
        assert!(relevant(Path::new("/s/content/districts/a/plot.md"), &roots, &ignored));
        assert!(!relevant(
            Path::new("/s/content/.knn-cache/files/ab/x.webp"),
            &roots,
            &ignored
        ));
        assert!(!relevant(Path::new("/s/cache/manifest.json"), &roots, &ignored));
        assert!(!relevant(
            Path::new("/s/content/districts/a/plot.md~"),
            &roots,
            &ignored
        ));
        assert!(!relevant(
            Path::new("/s/content/districts/a/.plot.md.swp"),
            &roots,
            &ignored
        ));
    }
}
