//! The persistent image cache: encoded outputs stored by the source's content hash and the
//! output parameters, and a manifest that remembers each source file's size, modification
//! time and hash, so an unchanged photo is recognised without reading it. When size or time
//! differ (a fresh `git clone`, a cache restored by GitHub Actions) the file is hashed and
//! its outputs are still found by content. Deleting the folder only costs a slower build.
//!
//! The manifest is untrusted input (a cache restored by CI, a file anyone can edit): a damaged
//! one is an empty cache, and every entry of a readable one is checked (keys and output names
//! of the form knn writes, no links), so it can never name a file outside the cache folder.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Bumped whenever the outputs for the same parameters would change.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.json";
/// A manifest larger than this is not read (one of 50,000 photos is about 20 MB).
const MAX_MANIFEST_BYTES: u64 = 200_000_000;

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
    /// `480`, `960`, `1600`, `card` or a lead crop (`lead480`, `lead720`, `lead960`).
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
    /// The folder with its links resolved (none until it exists): every file used lies in it.
    real: Option<PathBuf>,
}

impl Cache {
    /// Opens the cache in `dir`; a missing, unreadable, damaged or outdated manifest means an
    /// empty cache, and entries that do not look like knn's are dropped.
    pub(crate) fn open(dir: &Path) -> Cache {
        let mut manifest = read_manifest(&dir.join(MANIFEST)).unwrap_or(Manifest {
            format: FORMAT,
            ..Manifest::default()
        });
        manifest.sources.retain(|_, seen| is_hash(&seen.hash));
        manifest.entries.retain(|key, entry| is_key(key) && is_entry(entry));
        Cache {
            dir: dir.to_path_buf(),
            manifest,
            real: dir.canonicalize().ok(),
        }
    }

    /// Where an output of an entry is stored.
    pub(crate) fn file(&self, key: &str, name: &str) -> PathBuf {
        let ext = ext(name);
        let shard = key.get(..2).unwrap_or("00");
        self.dir.join("files").join(shard).join(format!("{key}-{name}.{ext}"))
    }

    /// The entry for `key` if every output it lists (and every output in `names`) is on disk,
    /// each a real file inside the cache folder. Its files are made readable by everyone
    /// (0644), since the output links to them: an older knn stored them 0600.
    pub(crate) fn complete(&self, key: &str, names: &[String]) -> Option<&Entry> {
        let entry = self.manifest.entries.get(key)?;
        let all = names.iter().all(|n| entry.outputs.iter().any(|o| &o.name == n));
        let on_disk = entry.outputs.iter().all(|o| self.holds(&self.file(key, &o.name)));
        if !(all && on_disk) {
            return None;
        }
        for o in &entry.outputs {
            publishable(&self.file(key, &o.name)).ok()?;
        }
        Some(entry)
    }

    /// Whether `path` is a regular file (not a link) whose real place is inside the cache.
    fn holds(&self, path: &Path) -> bool {
        let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
        let real = path.canonicalize().ok();
        regular && matches!((real, &self.real), (Some(r), Some(dir)) if r.starts_with(dir))
    }

    /// Stores an encoded output (written to a temporary name, then renamed). A link where a
    /// folder of the cache belongs is removed first, so nothing is written outside the cache.
    pub(crate) fn put(&self, key: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = self.file(key, name);
        if let Some(parent) = target.parent() {
            for dir in [self.dir.join("files"), parent.to_path_buf()] {
                if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
                    std::fs::remove_file(&dir)?;
                }
            }
            std::fs::create_dir_all(parent)?;
        }
        let mut tmp = tempfile::NamedTempFile::new_in(target.parent().unwrap_or(&self.dir))?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        publishable(tmp.path())?;
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
        if std::fs::symlink_metadata(&tag).is_err() {
            // `create_new` never follows a link someone left in the tag's place.
            let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tag)?;
            std::io::Write::write_all(
                &mut file,
                b"Signature: 8a477f597d28d172789f06886806bc55\n# knn image cache: safe to delete, rebuilt on the next build.\n",
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

/// The manifest at `path`, if it is a regular file of a sane size that parses and has this
/// format; anything else (missing, a link, truncated, garbage, wrong types) is `None`.
fn read_manifest(path: &Path) -> Option<Manifest> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice::<Manifest>(&bytes)
        .ok()
        .filter(|m| m.format == FORMAT)
}

/// A BLAKE3 hash as [`hash`] writes it: 64 lower-case hex digits.
fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// An entry key as the images stage makes it: `<hash>-<8 hex digits of the parameters>`.
pub(crate) fn is_key(key: &str) -> bool {
    key.split_once('-')
        .is_some_and(|(h, p)| is_hash(h) && p.len() == 8 && p.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// An entry as the images stage writes it: outputs named `card`, by a width in digits or
/// `lead` and a width (the 4:3 crops),
/// sizes that make sense, and a placeholder of two `#rrggbb` colours (it lands in a page's
/// style attribute, so nothing else may pass).
fn is_entry(entry: &Entry) -> bool {
    let digits = |n: &str| !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit());
    let name_ok = |n: &str| n == "card" || digits(n) || n.strip_prefix("lead").is_some_and(digits);
    let size_ok = |o: &Stored| (1..=100_000).contains(&o.width) && (1..=100_000).contains(&o.height);
    let colour = |c: &str| {
        c.strip_prefix('#')
            .is_some_and(|hex| hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let placeholder = entry
        .placeholder
        .strip_prefix("linear-gradient(")
        .and_then(|p| p.strip_suffix(')'))
        .and_then(|p| p.split_once(','))
        .is_some_and(|(a, b)| colour(a) && colour(b));
    placeholder && entry.outputs.iter().all(|o| name_ok(&o.name) && size_ok(o))
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

/// Makes a stored output readable by everyone (0644), as a web server needs: the published
/// photo is a hard link to it, and a temporary file starts 0600.
#[cfg(unix)]
fn publishable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode == 0o644 {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere files are readable as they are made.
#[cfg(not(unix))]
fn publishable(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The file extension of an output: the share card is a JPEG, the rest WebP.
pub(crate) fn ext(name: &str) -> &'static str {
    if name == "card" { "jpg" } else { "webp" }
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
        let key = format!("{}-0123abcd", hash(b"photo"));
        cache.put(&key, "480", b"webp bytes").unwrap();
        cache.put("ffff-old", "480", b"stale").unwrap();
        let entry = Entry {
            placeholder: "linear-gradient(#102030,#405060)".into(),
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

    #[cfg(unix)]
    #[test]
    fn stored_outputs_are_readable_by_a_web_server() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        let key = one_entry(tmp.path());
        let cache = Cache::open(tmp.path());
        let file = cache.file(&key, "480");
        assert_eq!(mode(&file), 0o644, "written 0644");
        // A file an older knn stored 0600 is repaired when it is used again.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(cache.complete(&key, &[]).is_some());
        assert_eq!(mode(&file), 0o644, "repaired when reused");
    }

    /// A cache holding one complete entry (one 480 output), and its key.
    fn one_entry(dir: &Path) -> String {
        let key = format!("{}-0123abcd", hash(b"photo"));
        let cache = Cache::open(dir);
        cache.put(&key, "480", b"webp bytes").unwrap();
        let entry = Entry {
            placeholder: "linear-gradient(#000000,#ffffff)".into(),
            outputs: vec![Stored {
                name: "480".into(),
                width: 480,
                height: 360,
                bytes: 10,
            }],
        };
        let seen = Seen {
            size: 5,
            mtime_s: 1,
            mtime_ns: 0,
            hash: hash(b"photo"),
        };
        let sources = BTreeMap::from([("a/p.jpg".to_string(), seen)]);
        cache.save(sources, BTreeMap::from([(key.clone(), entry)])).unwrap();
        key
    }

    #[test]
    fn regression_damaged_cache_manifest_crash_truncated_garbage_or_wrong_types_are_a_miss() {
        let tmp = tempfile::tempdir().unwrap();
        let key = one_entry(tmp.path());
        let good = std::fs::read_to_string(tmp.path().join(MANIFEST)).unwrap();
        assert!(Cache::open(tmp.path()).complete(&key, &[]).is_some());
        let truncated = good[..good.len() / 2].to_string();
        let wrong_types = good.replace("\"width\":480", "\"width\":\"wide\"");
        let negative = good.replace("\"size\":5", "\"size\":-5");
        let damaged = [
            truncated.as_str(),
            "{not json",
            "",
            "null",
            "[1,2]",
            "\u{0}\u{ff}",
            &wrong_types,
            &negative,
        ];
        for text in damaged {
            std::fs::write(tmp.path().join(MANIFEST), text).unwrap();
            let cache = Cache::open(tmp.path());
            assert!(
                cache.manifest.entries.is_empty() && cache.manifest.sources.is_empty(),
                "{text:?}"
            );
            assert!(cache.complete(&key, &[]).is_none());
        }
        std::fs::write(tmp.path().join(MANIFEST), b"\xff\xfe binary \x00").unwrap();
        assert!(Cache::open(tmp.path()).manifest.entries.is_empty());
    }

    #[test]
    fn regression_tampered_cache_manifest_read_outside_entries_naming_other_places_are_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let key = one_entry(&dir);
        std::fs::write(tmp.path().join("secret-480.webp"), "machine file").unwrap();
        let good = std::fs::read_to_string(dir.join(MANIFEST)).unwrap();
        let tampered = [
            good.replace("\"name\":\"480\"", "\"name\":\"../../../secret\""),
            good.replace("\"name\":\"480\"", "\"name\":\"/etc/passwd\""),
            good.replace(&key, "../../secret"),
            good.replace(&key, "/tmp/x"),
            good.replace(&key, "ก"),
            good.replace(&key, "a"),
            good.replace("linear-gradient(#000000,#ffffff)", "url(https://tracker.example/x.gif)"),
            good.replace(&hash(b"photo"), "../../etc/passwd"),
        ];
        for text in &tampered {
            std::fs::write(dir.join(MANIFEST), text).unwrap();
            let cache = Cache::open(&dir);
            let listed: Vec<PathBuf> = cache
                .manifest
                .entries
                .iter()
                .flat_map(|(k, e)| e.outputs.iter().map(|o| cache.file(k, &o.name)))
                .collect();
            assert!(listed.iter().all(|p| p.starts_with(dir.join("files"))), "{text}");
            assert!(!listed.iter().any(|p| p.to_string_lossy().contains("..")), "{text}");
            assert!(cache.manifest.sources.values().all(|s| is_hash(&s.hash)), "{text}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_cache_are_never_followed_out_of_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let key = one_entry(&dir);
        let stored = Cache::open(&dir).file(&key, "480");
        std::fs::write(tmp.path().join("secret.webp"), "machine file").unwrap();
        std::fs::remove_file(&stored).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.webp"), &stored).unwrap();
        assert!(
            Cache::open(&dir).complete(&key, &[]).is_none(),
            "a linked output is a miss"
        );
        // A shard folder replaced by a link out of the cache: neither read nor written through.
        let shard = stored.parent().unwrap().to_path_buf();
        std::fs::remove_dir_all(&shard).unwrap();
        std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), &shard).unwrap();
        std::fs::write(tmp.path().join("elsewhere").join(stored.file_name().unwrap()), "x").unwrap();
        let cache = Cache::open(&dir);
        assert!(
            cache.complete(&key, &[]).is_none(),
            "an output outside the cache is a miss"
        );
        cache.put(&key, "480", b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&shard).unwrap().is_dir(),
            "the link was replaced by a folder"
        );
        assert_eq!(
            std::fs::read(tmp.path().join("elsewhere").join(stored.file_name().unwrap())).unwrap(),
            b"x"
        );
        // The manifest and the tag as links: not read, not written through.
        std::fs::remove_file(dir.join(MANIFEST)).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.webp"), dir.join(MANIFEST)).unwrap();
        assert!(Cache::open(&dir).manifest.entries.is_empty());
        std::fs::remove_file(dir.join("CACHEDIR.TAG")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("tag-target"), dir.join("CACHEDIR.TAG")).unwrap();
        Cache::open(&dir).save(BTreeMap::new(), BTreeMap::new()).unwrap();
        assert!(
            !tmp.path().join("tag-target").exists(),
            "no file created through the tag's link"
        );
    }
}
