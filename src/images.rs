//! Stage 3, images: plans every photo's outputs (URL and size known before rendering, from
//! the file header alone) and later executes the plan in parallel: decode, turn upright by
//! the EXIF orientation, resize, and re-encode as JPEG without any metadata.

use crate::diag::Diagnostic;
use crate::model::{Photo, Site};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Output widths: a thumbnail for lists and galleries, and the full view.
const SMALL_WIDTH: u32 = 480;
const LARGE_WIDTH: u32 = 1280;
/// JPEG quality of the outputs.
const QUALITY: u8 = 80;
/// Photos with more pixels than this are refused (a 12 MP phone photo has 12 million).
const MAX_PIXELS: u64 = 100_000_000;

/// One output file of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Path relative to the output root (`districts/.../img-480.jpg`).
    pub(crate) path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The outputs planned for one photo.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub(crate) small: Variant,
    pub(crate) large: Variant,
}

/// Every photo's planned outputs, by source path.
#[derive(Debug, Default)]
pub(crate) struct ImagePlan {
    pub(crate) photos: BTreeMap<String, Planned>,
    jobs: Vec<Job>,
}

/// The work for one source photo.
#[derive(Debug)]
struct Job {
    source: String,
    path: PathBuf,
    orientation: Orientation,
    outputs: Vec<Variant>,
}

/// What executing the plan did.
#[derive(Debug, Default)]
pub(crate) struct ImageStats {
    pub(crate) photos: usize,
    pub(crate) bytes_in: u64,
    pub(crate) bytes_out: u64,
}

/// Every photo shown anywhere on the site.
fn all_photos(site: &Site) -> Vec<&Photo> {
    let plots = site.districts.iter().flat_map(|d| &d.plots);
    plots
        .flat_map(|p| {
            let a = p.activities.iter().flat_map(|a| &a.photos);
            let l = p.lessons.iter().flat_map(|l| &l.photos);
            a.chain(l).chain(p.products.iter().flat_map(|x| &x.photos))
        })
        .collect()
}

/// Reads each photo's header and plans its outputs. Unreadable photos are left out with a
/// warning naming the file, so the rest of the site still builds.
pub(crate) fn plan(site: &Site) -> (ImagePlan, Vec<Diagnostic>) {
    let results: Vec<Result<Job, Diagnostic>> = all_photos(site).par_iter().map(|p| plan_one(p)).collect();
    let mut plan = ImagePlan::default();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(job) => {
                let small = job.outputs[0].clone();
                let large = job.outputs.last().cloned().unwrap_or_else(|| small.clone());
                plan.photos.insert(job.source.clone(), Planned { small, large });
                plan.jobs.push(job);
            }
            Err(d) => diags.push(d),
        }
    }
    (plan, diags)
}

/// Plans one photo from its header: size and orientation.
fn plan_one(photo: &Photo) -> Result<Job, Diagnostic> {
    let bad = |why: String| {
        Diagnostic::warning(
            &photo.source,
            1,
            1,
            format!("อ่านไฟล์ภาพไม่ได้ จึงไม่แสดงภาพนี้ (unreadable photo): {why}"),
        )
        .with_hint("เปิดภาพในโทรศัพท์หรือคอมพิวเตอร์แล้วบันทึกใหม่เป็น .jpg (ภาพ HEIC ของ iPhone ให้ส่งออกเป็น JPEG ก่อน)")
    };
    let mut decoder = ImageReader::open(&photo.path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| bad(e.to_string()))?
        .into_decoder()
        .map_err(|e| bad(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(bad(format!(
            "ขนาด {w}x{h} พิกเซล ใหญ่หรือเล็กเกินไป (image too large or empty)"
        )));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (w, h) = if turns_sideways(orientation) { (h, w) } else { (w, h) };
    let dir = photo.source.rsplit_once('/').map_or("", |(d, _)| d);
    let mut outputs: Vec<Variant> = [SMALL_WIDTH, LARGE_WIDTH]
        .iter()
        .map(|&target| {
            let width = target.min(w);
            let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32;
            Variant {
                path: format!("{dir}/{}-{width}.jpg", photo.stem),
                width,
                height,
            }
        })
        .collect();
    outputs.dedup();
    Ok(Job {
        source: photo.source.clone(),
        path: photo.path.clone(),
        orientation,
        outputs,
    })
}

/// Whether an EXIF orientation swaps width and height.
fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// Executes the plan into `out_root`, in parallel. Photos that fail to decode are reported.
pub(crate) fn execute(plan: &ImagePlan, out_root: &Path) -> (ImageStats, Vec<Diagnostic>) {
    let results: Vec<Result<(u64, u64), Diagnostic>> = plan.jobs.par_iter().map(|job| run_job(job, out_root)).collect();
    let mut stats = ImageStats::default();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok((bytes_in, bytes_out)) => {
                stats.photos += 1;
                stats.bytes_in += bytes_in;
                stats.bytes_out += bytes_out;
            }
            Err(d) => diags.push(d),
        }
    }
    (stats, diags)
}

/// Decodes, turns upright, resizes and encodes one photo; returns bytes read and written.
fn run_job(job: &Job, out_root: &Path) -> Result<(u64, u64), Diagnostic> {
    let fail = |why: String| {
        Diagnostic::warning(
            &job.source,
            1,
            1,
            format!("แปลงไฟล์ภาพไม่สำเร็จ (photo failed to convert): {why}"),
        )
    };
    let bytes_in = std::fs::metadata(&job.path).map(|m| m.len()).unwrap_or(0);
    let mut img: DynamicImage = ImageReader::open(&job.path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| fail(e.to_string()))?
        .decode()
        .map_err(|e| fail(e.to_string()))?;
    img.apply_orientation(job.orientation);
    let mut bytes_out = 0;
    for v in &job.outputs {
        let resized = img
            .resize_exact(v.width, v.height, image::imageops::FilterType::Triangle)
            .into_rgb8();
        let mut buf = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, QUALITY)
            .encode_image(&resized)
            .map_err(|e| fail(e.to_string()))?;
        let target = out_root.join(&v.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        std::fs::write(&target, &buf).map_err(|e| fail(e.to_string()))?;
        bytes_out += buf.len() as u64;
    }
    Ok((bytes_in, bytes_out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sideways_orientations_swap_dimensions() {
        assert!(turns_sideways(Orientation::Rotate90));
        assert!(!turns_sideways(Orientation::Rotate180));
    }
}
