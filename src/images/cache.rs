//! The persistent image cache: encoded outputs stored by the source's content hash and the
//! output parameters, and a manifest that remembers each source file's size, modification
//! time and hash, so an unchanged photo is recognised without reading it. When size or time
//! differ (a fresh `git clone`, a cache restored by GitHub Actions) the file is hashed and
//! its outputs are still found by content. Deleting the folder only costs a slower build.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Bumped whenever the outputs for the same parameters would change.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";

/// A source file as last seen.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) size: u64,
    pub(crate) mtime_s: u64,
    pub(crate) mtime_ns: u32,
    pub(crate) hash: String,
}

/// One stored output of a source.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    /// `480`, `960`, `1600` or `card`.
    pub(crate) name: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) bytes: u64,
}

/// Everything known about one source's outputs (by content and parameters).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) placeholder: String,
    pub(crate) outputs: Vec<Stored>,
}

impl Entry {
    /// Adds the outputs of `other` (the same source, made for another page) not listed yet.
    pub(crate) fn merge(&mut self, other: Entry) {
        for o in other.outputs {
            if !self.outputs.iter().any(|x| x.name == o.name) {
                self.outputs.push(o);
            }
        }
    }
}

/// The manifest file.
#[derive(Serialize, Deserialize, Debug, Default)]
pub(crate) struct Manifest {
    format: u32,
    /// Source path relative to the site folder -> how it was last seen.
    pub(crate) sources: BTreeMap<String, Seen>,
    /// `<hash>-<params>` -> its outputs.
    pub(crate) entries: BTreeMap<String, Entry>,
}

/// The cache folder and its manifest.
#[derive(Debug)]
pub(crate) struct Cache {
    pub(crate) dir: PathBuf,
    pub(crate) manifest: Manifest,
}

impl Cache {
    /// Opens the cache in `dir`; a missing, unreadable or outdated manifest means an empty cache.
    pub(crate) fn open(dir: &Path) -> Cache {
        let manifest = std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            .filter(|m| m.format == FORMAT)
            .unwrap_or(Manifest {
                format: FORMAT,
                ..Manifest::default()
            });
        Cache {
            dir: dir.to_path_buf(),
            manifest,
        }
    }

    /// Where an output of an entry is stored.
    pub(crate) fn file(&self, key: &str, name: &str) -> PathBuf {
        let ext = if name == "card" { "jpg" } else { "webp" };
        self.dir
            .join("files")
            .join(&key[..2])
            .join(format!("{key}-{name}.{ext}"))
    }

    /// The entry for `key` if every output it lists (and every output in `names`) is on disk.
    pub(crate) fn complete(&self, key: &str, names: &[String]) -> Option<&Entry> {
        let entry = self.manifest.entries.get(key)?;
        let all = names.iter().all(|n| entry.outputs.iter().any(|o| &o.name == n));
        let on_disk = entry.outputs.iter().all(|o| self.file(key, &o.name).is_file());
        (all && on_disk).then_some(entry)
    }

    /// Stores an encoded output (written to a temporary name, then renamed).
    pub(crate) fn put(&self, key: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = self.file(key, name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut tmp = tempfile::NamedTempFile::new_in(target.parent().unwrap_or(&self.dir))?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(&target).map(|_| ()).map_err(|e| e.error)
    }

    /// Keeps only what this build used, writes the manifest and removes files no entry
    /// lists any more, so the folder does not grow without bound.
    pub(crate) fn save(
        mut self,
        sources: BTreeMap<String, Seen>,
        used: BTreeMap<String, Entry>,
    ) -> std::io::Result<()> {
        self.manifest.sources = sources;
        self.manifest.entries = used;
        std::fs::create_dir_all(&self.dir)?;
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n# knn image cache: safe to delete, rebuilt on the next build.\n",
            )?;
        }
        let json = serde_json::to_vec(&self.manifest).map_err(std::io::Error::other)?;
        let tmp = self.dir.join(format!("{MANIFEST}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, self.dir.join(MANIFEST))?;
        self.prune();
        Ok(())
    }

    /// Deletes stored files that no entry of the manifest lists.
    fn prune(&self) {
        let keep: BTreeSet<PathBuf> = self
            .manifest
            .entries
            .iter()
            .flat_map(|(k, e)| e.outputs.iter().map(move |o| self.file(k, &o.name)))
            .collect();
        let files = walkdir::WalkDir::new(self.dir.join("files")).min_depth(2).max_depth(2);
        for f in files.into_iter().filter_map(Result::ok) {
            if f.file_type().is_file() && !keep.contains(f.path()) {
                let _ = std::fs::remove_file(f.path());
            }
        }
    }
}

/// A source file's size and modification time, as recorded in [`Seen`].
pub(crate) fn stat(path: &Path) -> std::io::Result<(u64, u64, u32)> {
    let meta = std::fs::metadata(path)?;
    let since = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    Ok((meta.len(), since.as_secs(), since.subsec_nanos()))
}

/// The content hash of a source (BLAKE3, hex).
pub(crate) fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_finds_and_prunes() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(tmp.path());
        let key = format!("{}-p1", hash(b"photo"));
        cache.put(&key, "480", b"webp bytes").unwrap();
        cache.put("ffff-old", "480", b"stale").unwrap();
        let entry = Entry {
            placeholder: "x".into(),
            outputs: vec![Stored {
                name: "480".into(),
                width: 480,
                height: 360,
                bytes: 10,
            }],
        };
        let mut used = BTreeMap::new();
        used.insert(key.clone(), entry.clone());
        cache.save(BTreeMap::new(), used).unwrap();

        let cache = Cache::open(tmp.path());
        assert_eq!(cache.complete(&key, &["480".into()]), Some(&entry));
        assert_eq!(
            cache.complete(&key, &["card".into()]),
            None,
            "a missing output is not complete"
        );
        assert!(!cache.file("ffff-old", "480").exists(), "unlisted files are pruned");
        std::fs::remove_file(cache.file(&key, "480")).unwrap();
        assert_eq!(cache.complete(&key, &[]), None, "a deleted file is not complete");
    }

    #[test]
    fn a_corrupt_manifest_is_an_empty_cache() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(MANIFEST), b"{not json").unwrap();
        assert!(Cache::open(tmp.path()).manifest.entries.is_empty());
    }
}
