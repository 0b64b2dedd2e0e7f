//! The site's text files through a build: load reads and checks each one, then keeps only
//! where it is and the hash of its bytes; validation, the pages and the diagnostics read it
//! again when they need it (the hash proves it unchanged), so a build holds a few bytes per
//! file instead of every text. A page's Markdown body is kept as its place in its file
//! (`Body`) and read again when a page shows it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use super::Seen;
use crate::diag::Diagnostic;

/// What a file that changed while the build read it is called.
pub(crate) const CHANGED: &str = "ไฟล์ถูกแก้ไขระหว่างสร้างเว็บไซต์ (file changed during the build)";
/// What to do about it.
pub(crate) const CHANGED_HINT: &str = "บันทึกไฟล์ให้เสร็จแล้วสั่งสร้างใหม่อีกครั้ง ผลลัพธ์เดิมยังอยู่ครบ";

/// Where `part` lies in `text` as byte offsets, when it is a slice of it.
fn place_in(text: &str, part: &str) -> Option<(u32, u32)> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + part.len();
    (text.get(start..end) == Some(part)).then_some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

/// The text files of a site by path relative to the site folder (NFC, `/` separators).
#[derive(Debug, Default)]
pub(crate) struct Texts {
    files: BTreeMap<String, Text>,
    /// Bodies that could not be read again unchanged (each once, with why).
    failed: Mutex<Vec<String>>,
}

/// One text file: where to read it again and the hash of its bytes when load read it, or
/// the text itself (texts made in memory, by tests).
#[derive(Debug)]
enum Text {
    OnDisk { from: PathBuf, seen: Seen },
    Held(String),
}

/// A page's Markdown body: where it is in its content file, or the text itself when that
/// file cannot be read again (texts made in memory).
#[derive(Debug, Clone)]
pub(crate) enum Body {
    In { file: String, start: u32, end: u32 },
    Own(String),
}

impl Body {
    /// A body given as its text (pages made in memory, and empty bodies).
    pub(crate) fn own(text: &str) -> Body {
        Body::Own(text.to_string())
    }
}

impl From<BTreeMap<String, String>> for Texts {
    /// Texts made in memory: they stay held.
    fn from(texts: BTreeMap<String, String>) -> Texts {
        Texts {
            files: texts.into_iter().map(|(rel, text)| (rel, Text::Held(text))).collect(),
            failed: Mutex::default(),
        }
    }
}

impl Texts {
    /// Adds a text read (and found good) from the file `from`, as load saw it.
    pub(crate) fn insert_read(&mut self, rel: String, from: PathBuf, seen: Seen) {
        self.files.insert(rel, Text::OnDisk { from, seen });
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is a text file `rel`.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// Every path, in order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    /// The text of `rel`, read again; `None` when there is no such file or it has changed
    /// since load read it (then nothing can be quoted from it).
    pub(crate) fn get(&self, rel: &str) -> Option<Cow<'_, str>> {
        match self.files.get(rel)? {
            Text::Held(text) => Some(Cow::Borrowed(text)),
            Text::OnDisk { from, seen } => super::read_again(rel, from, seen).map(Cow::Owned),
        }
    }

    /// The text of `rel` for validation, which lists only files load read: when it cannot be
    /// read again as it was, an error at the file.
    pub(crate) fn validated(&self, rel: &str) -> Result<Cow<'_, str>, Diagnostic> {
        self.get(rel)
            .ok_or_else(|| Diagnostic::error(rel, 1, 1, CHANGED).with_hint(CHANGED_HINT))
    }

    /// The body of a page whose content file `rel` holds `text`, `body` being part of it.
    pub(crate) fn body(&self, rel: &str, text: &str, body: &str) -> Body {
        match place_in(text, body).filter(|_| self.files.contains_key(rel)) {
            Some((start, end)) => Body::In {
                file: rel.to_string(),
                start,
                end,
            },
            None => Body::own(body),
        }
    }

    /// The text of `body`. When its file can no longer be read as it was (changed or removed
    /// during the build) the text is empty and the failure is kept for `failures`, which
    /// stops the build before anything is published.
    pub(crate) fn read<'a>(&'a self, body: &'a Body) -> Cow<'a, str> {
        let (file, start, end) = match body {
            Body::Own(text) => return Cow::Borrowed(text),
            Body::In { file, start, end } => (file, *start as usize, *end as usize),
        };
        let part = |text: Cow<'a, str>| match text {
            Cow::Borrowed(t) => t.get(start..end).map(Cow::Borrowed),
            Cow::Owned(t) => t.get(start..end).map(|s| Cow::Owned(s.to_string())),
        };
        match self.get(file).and_then(part) {
            Some(text) => text,
            None => {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if !failed.iter().any(|f| f == file) {
                    failed.push(file.clone());
                }
                Cow::Borrowed("")
            }
        }
    }

    /// The content files whose body could not be read again unchanged, in path order.
    pub(crate) fn failures(&self) -> Vec<String> {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner()).clone();
        failed.sort();
        failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with one file `a.md` read from a real file holding `text`.
    fn read_from_disk(text: &str) -> (tempfile::TempDir, Texts) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, text).unwrap();
        let mut texts = Texts::default();
        let (_, seen) = super::super::read_checked("a.md", &path).unwrap();
        texts.insert_read("a.md".into(), path, seen);
        (dir, texts)
    }

    #[test]
    fn a_body_is_kept_as_its_place_and_read_again_from_its_file() {
        let (_dir, texts) = read_from_disk("\u{feff}---\r\ntitle: ก\r\n---\r\nเนื้อหา ไทย\r\n");
        let text = texts.validated("a.md").unwrap();
        assert_eq!(text, "---\ntitle: ก\n---\nเนื้อหา ไทย\n", "read again as load reads it");
        let at = text.find("เนื้อหา").unwrap();
        let body = texts.body("a.md", &text, &text[at..]);
        assert!(
            matches!(body, Body::In { start, .. } if start as usize == at),
            "{body:?}"
        );
        drop(text);
        assert_eq!(texts.read(&body), "เนื้อหา ไทย\n");
        assert!(texts.failures().is_empty());
    }

    #[test]
    fn a_file_changed_after_it_was_read_is_a_failure_not_a_wrong_text() {
        let (dir, texts) = read_from_disk("---\ntitle: ก\n---\nเนื้อหา\n");
        let text = texts.validated("a.md").unwrap();
        let body = texts.body("a.md", &text, &text[text.find("เนื้อหา").unwrap()..]);
        assert_eq!(texts.read(&body), "เนื้อหา\n");
        std::fs::write(dir.path().join("a.md"), "---\ntitle: ข\n---\nอื่น\n").unwrap();
        assert_eq!(texts.read(&body), "");
        assert_eq!(texts.get("a.md"), None);
        let error = texts.validated("a.md").unwrap_err();
        assert_eq!((error.file.as_str(), error.message.as_str()), ("a.md", CHANGED));
        assert_eq!(texts.failures(), vec!["a.md".to_string()]);
        std::fs::remove_file(dir.path().join("a.md")).unwrap();
        assert_eq!(texts.read(&body), "");
        assert_eq!(texts.failures().len(), 1, "each file once");
    }

    #[test]
    fn texts_made_in_memory_are_held_and_foreign_bodies_are_kept_whole() {
        let texts = Texts::from(BTreeMap::from([("b.md".to_string(), "ข้อความ".to_string())]));
        assert_eq!(texts.get("b.md").as_deref(), Some("ข้อความ"));
        let body = texts.body("b.md", "x", "not part of it");
        assert!(matches!(&body, Body::Own(t) if t == "not part of it"));
        assert_eq!(texts.read(&body), "not part of it");
    }
}
