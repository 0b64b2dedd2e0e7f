//! Encoders for the published files: lossy WebP (libwebp) for the photos on the pages and a
//! JPEG (mozjpeg) for share cards, which Facebook and LINE read reliably. Neither writes any
//! metadata: no EXIF, no GPS, no camera serial.

use image::RgbImage;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// WebP quality of the photos on the pages.
pub(crate) const WEBP_QUALITY: f32 = 75.0;
/// WebP quality of the lead crops: lower than the other photos', since a phone shows them at
/// 1.75x or more, where the losses are too fine to see, and the lead is the photo a slow
/// connection waits for first (the page's Largest Contentful Paint).
pub(crate) const LEAD_QUALITY: f32 = 60.0;
/// JPEG quality of the share cards.
pub(crate) const JPEG_QUALITY: f32 = 80.0;

/// Lossy WebP at the photos' quality.
pub(crate) fn webp(img: &RgbImage) -> Result<Vec<u8>, String> {
    webp_at(img, WEBP_QUALITY)
}

/// Lossy WebP at `quality` (0-100).
pub(crate) fn webp_at(img: &RgbImage, quality: f32) -> Result<Vec<u8>, String> {
    let encoder = webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height());
    encoder
        .encode_simple(false, quality)
        .map(|m| m.to_vec())
        .map_err(|e| format!("WebP encoder: {e:?}"))
}

/// Progressive JPEG with optimised Huffman tables; libjpeg errors unwind and are caught here.
pub(crate) fn jpeg(img: &RgbImage) -> Result<Vec<u8>, String> {
    let run = || -> std::io::Result<Vec<u8>> {
        let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
        c.set_size(img.width() as usize, img.height() as usize);
        c.set_quality(JPEG_QUALITY);
        c.set_progressive_mode();
        c.set_optimize_coding(true);
        let mut started = c.start_compress(Vec::new())?;
        started.write_scanlines(img.as_raw())?;
        started.finish()
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(format!("JPEG encoder: {e}")),
        Err(_) => Err("JPEG encoder failed".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encoders_make_files_the_image_crate_reads_back() {
        let img = RgbImage::from_fn(64, 40, |x, y| image::Rgb([x as u8 * 4, y as u8 * 6, 120]));
        let w = webp(&img).unwrap();
        assert_eq!(&w[8..12], b"WEBP");
        assert_eq!(image::load_from_memory(&w).unwrap().width(), 64);
        let j = jpeg(&img).unwrap();
        assert_eq!(&j[..2], &[0xFF, 0xD8]);
        assert_eq!(image::load_from_memory(&j).unwrap().height(), 40);
        assert!(!j.windows(4).any(|x| x == b"Exif"));
    }
}
