//! The photos of a page bundle (their order, captions and URL-safe names), and the form's
//! minimum of photos per activity, counted after the images stage with the one rule that
//! `check`, `build` and `report` share (`model::Photo::usable`).

use super::fields::Ctx;
use super::names::{ascii_slug, is_slug};
use crate::diag::{Diagnostic, nearest};
use crate::load::Sources;
use crate::model::{District, Photo, Site};
use crate::raw::RawPhoto;
use std::collections::BTreeSet;

/// The photos of a bundle: those listed in `photos:` first (with captions), then the others
/// by file name. A listed file that does not exist is an error naming the nearest file.
pub(crate) fn photos(sources: &Sources, dir: &str, listed: &Option<Vec<RawPhoto>>, ctx: &mut Ctx) -> Vec<Photo> {
    let prefix = format!("{dir}/");
    let files: Vec<(&str, &String)> = sources
        .photos
        .range(prefix.clone()..)
        .map_while(|(k, _)| k.strip_prefix(&prefix).map(|name| (name, k)))
        .filter(|(name, _)| !name.contains('/'))
        .collect();
    let mut order: Vec<(&str, Option<String>)> = Vec::new();
    for p in listed.iter().flatten() {
        let name = p.file.value.trim();
        if let Some((found, _)) = files.iter().find(|(f, _)| *f == name) {
            order.push((found, p.caption.as_ref().map(|c| c.value.trim().to_string())));
        } else {
            let hint = match nearest(name, files.iter().map(|(f, _)| *f)) {
                Some(n) => format!("หมายถึง `{n}` หรือไม่? ชื่อไฟล์ต้องตรงทุกตัวอักษร รวมทั้งตัวพิมพ์ใหญ่เล็ก"),
                None => "วางไฟล์ภาพไว้ในโฟลเดอร์เดียวกับไฟล์ index.md".into(),
            };
            ctx.error(&p.file, format!("ไม่พบไฟล์ภาพ `{name}` (photo not found)"), hint);
        }
    }
    for (f, _) in &files {
        if !order.iter().any(|(o, _)| o == f) {
            order.push((f, None));
        }
    }
    let mut stems: Vec<String> = Vec::new();
    order
        .into_iter()
        .map(|(file, caption)| {
            let source = format!("{prefix}{file}");
            let stem = unique_stem(file, &mut stems);
            Photo {
                path: sources.photos[&source].clone(),
                source,
                stem,
                caption,
            }
        })
        .collect()
}

/// A URL-safe, bundle-unique output name for a photo file name.
fn unique_stem(file: &str, taken: &mut Vec<String>) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let base = ascii_slug(stem)
        .filter(|s| is_slug(s))
        .unwrap_or_else(|| format!("photo-{}", taken.len() + 1));
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The photos the images stage refused: each refusal is a warning that names the photo, so
/// the sources its warnings name (as `knn check` probes them, or as `build` and `report`
/// convert them).
pub(crate) fn refused(image_diags: &[Diagnostic]) -> BTreeSet<String> {
    image_diags.iter().map(|d| d.file.clone()).collect()
}

/// A warning for every activity with fewer usable photos than the form asks for (form item
/// 5), given what the images stage refused.
pub(crate) fn photo_minimum(site: &Site, refused: &BTreeSet<String>) -> Vec<Diagnostic> {
    minimum(&site.districts, site.config.min_photos, refused)
}

/// The same warnings for a site with errors, which never reaches the images stage: photos
/// are then judged by their format alone, so a HEIC still does not count.
pub(crate) fn minimum(districts: &[District], min: usize, refused: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in districts {
        for p in &d.plots {
            for a in &p.activities {
                let usable = a.photos.iter().filter(|ph| ph.usable(refused)).count();
                if usable >= min {
                    continue;
                }
                let file = crate::paths::bundle_source(&crate::paths::activity(d, p, a));
                let left_out = a.photos.len() - usable;
                out.push(
                    Diagnostic::warning(
                        &file,
                        1,
                        1,
                        format!("มีภาพที่ใช้ได้ {usable} ภาพ น้อยกว่า {min} ภาพตามแบบรายงาน (fewer than {min} photos)"),
                    )
                    .with_hint(if left_out > 0 {
                        format!(
                            "มีภาพ {left_out} ภาพที่ใช้ไม่ได้ (ดูคำเตือนของไฟล์ภาพ เช่น HEIC หรือไฟล์เสีย) จึงไม่นับ: เพิ่มไฟล์ภาพ .jpg ในโฟลเดอร์เดียวกับไฟล์นี้"
                        )
                    } else {
                        "เพิ่มไฟล์ภาพ .jpg ในโฟลเดอร์เดียวกับไฟล์นี้".to_string()
                    }),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_become_url_safe_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(unique_stem("IMG_0001.JPG", &mut taken), "img-0001");
        assert_eq!(unique_stem("img 0001.jpg", &mut taken), "img-0001-2");
        assert_eq!(unique_stem("ภาพกิจกรรม.jpg", &mut taken), "photo-3");
        assert_eq!(unique_stem("🌱.jpg", &mut taken), "photo-4");
        assert_eq!(unique_stem("ภาพ.", &mut taken), "photo-5");
    }
}
