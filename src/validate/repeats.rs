//! Activities that repeat another: the same date, title and photos, as when a folder is copied
//! to start a new activity and never changed. The copy is a warning at its title, naming the
//! activity it repeats, since the monthly report would count the activity twice.

use crate::diag::Diagnostic;
use crate::frontmatter;
use crate::load::Sources;
use crate::model::District;
use crate::thai::Date;
use crate::values::fold;
use std::collections::BTreeMap;

/// What makes two activities the same one: date, title (any case and spacing), photo files;
/// hashed, so a province's years of activities take 32 bytes each.
type Fingerprint = [u8; 32];

/// The fingerprint of an activity on `date` titled `title` with the photo file names `photos`.
fn fingerprint(date: Date, title: &str, mut photos: Vec<&str>) -> Fingerprint {
    photos.sort_unstable();
    let mut h = blake3::Hasher::new();
    h.update(date.iso().as_bytes());
    for part in std::iter::once(fold(title).as_str()).chain(photos) {
        // Each part ends with a byte no text holds, so parts cannot run into each other.
        h.update(part.as_bytes()).update(&[0xff]);
    }
    *h.finalize().as_bytes()
}

/// A warning for every activity that repeats an earlier one (in path order).
pub(crate) fn repeated(districts: &[District], sources: &Sources) -> Vec<Diagnostic> {
    let mut all: Vec<(String, Fingerprint)> = Vec::new();
    for d in districts {
        for p in &d.plots {
            for a in &p.activities {
                let path = crate::paths::bundle_source(&crate::paths::activity(d, p, a));
                let photos = a
                    .photos
                    .iter()
                    .map(|ph| ph.source.rsplit('/').next().unwrap_or_default());
                all.push((path, fingerprint(a.date, &a.title, photos.collect())));
            }
        }
    }
    // By folder, so `x` comes before its copy `x-copy`.
    all.sort_by(|a, b| a.0.trim_end_matches("/index.md").cmp(b.0.trim_end_matches("/index.md")));
    let mut first: BTreeMap<&Fingerprint, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for (path, print) in &all {
        let Some(original) = first.get(print) else {
            first.insert(print, path);
            continue;
        };
        let line = sources
            .texts
            .get(path)
            .and_then(|text| title_line(path, &text))
            .unwrap_or(1);
        out.push(
            Diagnostic::warning(
                path,
                line,
                1,
                format!("กิจกรรมนี้ซ้ำกับ {original}: วันที่ ชื่อกิจกรรม และภาพเหมือนกันทุกอย่าง (duplicate activity)"),
            )
            .with_hint(
                "ถ้าคัดลอกโฟลเดอร์มาเพื่อเริ่มกิจกรรมใหม่ ให้แก้ชื่อกิจกรรม วันที่ และเปลี่ยนภาพเป็นของกิจกรรมนี้; ถ้าใส่กิจกรรมเดียวกันซ้ำ ให้ลบโฟลเดอร์นี้ (รายงานประจำเดือนจะนับซ้ำ)",
            ),
        );
    }
    out
}
/// The line of the title in the front matter of `text`.
fn title_line(path: &str, text: &str) -> Option<usize> {
    let split = frontmatter::split(path, text).ok()?;
    frontmatter::key_line(split.yaml, &["title", "ชื่อกิจกรรม"]).map(|l| l + split.line_offset)
}
