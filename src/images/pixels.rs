//! Pixels: decoding a photo at the smallest scale its outputs need (JPEG DCT scaling with
//! mozjpeg, like libvips' shrink-on-load), converting its colour profile to sRGB, resizing
//! with a SIMD resizer, and turning the result upright by the EXIF orientation.

use super::probe::{Header, turns_sideways};
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageFormat, RgbImage};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An 8-bit RGB image in memory.
pub(crate) struct Rgb {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) data: Vec<u8>,
}

/// The smallest JPEG scale `n/8` whose output is still at least `need` times the stored size.
pub(crate) fn dct_scale(need: f64) -> u8 {
    (1..=8u8).find(|&n| f64::from(n) / 8.0 >= need).unwrap_or(8)
}

/// Decodes a photo, at reduced scale when it is a JPEG and `need` (the largest fraction of
/// the stored size any output uses) allows it, then converts its colours to sRGB.
pub(crate) fn decode(bytes: &[u8], header: &Header, need: f64) -> Result<Rgb, String> {
    let mut rgb = match header.format {
        ImageFormat::Jpeg => decode_jpeg(bytes, dct_scale(need)).or_else(|_| decode_generic(bytes))?,
        _ => decode_generic(bytes)?,
    };
    if let Some(icc) = &header.icc {
        to_srgb(&mut rgb, icc);
    }
    Ok(rgb)
}

/// JPEG through mozjpeg with DCT scaling. libjpeg reports errors by unwinding, caught here.
fn decode_jpeg(bytes: &[u8], scale: u8) -> Result<Rgb, String> {
    let run = || -> std::io::Result<Rgb> {
        let mut d = mozjpeg::Decompress::new_mem(bytes)?;
        d.scale(scale);
        let mut started = d.rgb()?;
        let (width, height) = (started.width() as u32, started.height() as u32);
        let data: Vec<u8> = started.read_scanlines::<u8>()?;
        started.finish()?;
        Ok(Rgb { width, height, data })
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(rgb)) if rgb.data.len() == rgb.width as usize * rgb.height as usize * 3 => Ok(rgb),
        Ok(Ok(_)) => Err("incomplete JPEG data".into()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic_text(panic)),
    }
}

/// Any other format (and JPEGs mozjpeg cannot convert, such as CMYK) through the image crate.
fn decode_generic(bytes: &[u8]) -> Result<Rgb, String> {
    let img = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let rgb = flatten(img);
    Ok(Rgb {
        width: rgb.width(),
        height: rgb.height(),
        data: rgb.into_raw(),
    })
}

/// RGB without alpha: transparent areas become white, as a page background would show them.
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

/// The text of a caught unwind from libjpeg.
fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "JPEG decoder error".into())
}

/// Converts pixels from the photo's embedded ICC profile (Display P3 on many phones) to
/// sRGB, the colour space browsers assume for untagged images. An unusable profile is ignored.
fn to_srgb(rgb: &mut Rgb, icc: &[u8]) {
    let Some(profile) = qcms::Profile::new_from_slice(icc, false) else {
        return;
    };
    let srgb = qcms::Profile::new_sRGB();
    if let Some(t) = qcms::Transform::new(&profile, &srgb, qcms::DataType::RGB8, qcms::Intent::Perceptual) {
        t.apply(&mut rgb.data);
    }
}

/// Resizes the decoded image to an upright `width` x `height`, cropping the middle when the
/// shape differs (share cards), then turns it upright.
pub(crate) fn resize_upright(
    src: &Rgb,
    header: &Header,
    width: u32,
    height: u32,
    resizer: &mut Resizer,
) -> Result<RgbImage, String> {
    let sideways = turns_sideways(header.orientation);
    let (dw, dh) = if sideways { (height, width) } else { (width, height) };
    let source = ImageRef::new(src.width, src.height, &src.data, PixelType::U8x3).map_err(|e| e.to_string())?;
    let mut dst = Image::new(dw, dh, PixelType::U8x3);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .fit_into_destination(Some((0.5, 0.5)));
    resizer.resize(&source, &mut dst, &options).map_err(|e| e.to_string())?;
    let stored = RgbImage::from_raw(dw, dh, dst.into_vec()).ok_or("resize produced a wrong buffer")?;
    let mut img = DynamicImage::ImageRgb8(stored);
    img.apply_orientation(header.orientation);
    Ok(img.into_rgb8())
}

/// A placeholder shown while a photo loads: the average colours of its top and bottom
/// halves as a CSS gradient (a few bytes that hint at sky and ground).
pub(crate) fn placeholder(img: &RgbImage) -> String {
    let half = img.height() / 2;
    let top = mean(img, 0, half.max(1));
    let bottom = mean(img, half, img.height());
    format!("linear-gradient({top},{bottom})")
}

/// The mean colour of rows `from..to`, as `#rrggbb`.
fn mean(img: &RgbImage, from: u32, to: u32) -> String {
    let mut sum = [0u64; 3];
    let mut n = 0u64;
    for y in from..to.min(img.height()) {
        for x in 0..img.width() {
            let p = img.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += u64::from(p[c]);
            }
            n += 1;
        }
    }
    let n = n.max(1);
    format!("#{:02x}{:02x}{:02x}", sum[0] / n, sum[1] / n, sum[2] / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation;

    #[test]
    fn the_smallest_dct_scale_that_keeps_enough_pixels() {
        assert_eq!(dct_scale(1600.0 / 4032.0), 4);
        assert_eq!(dct_scale(1.0), 8);
        assert_eq!(dct_scale(0.1), 1);
    }

    #[test]
    fn resizes_and_turns_upright() {
        let src = Rgb {
            width: 40,
            height: 20,
            data: vec![200; 40 * 20 * 3],
        };
        let header = Header {
            format: ImageFormat::Jpeg,
            width: 40,
            height: 20,
            orientation: Orientation::Rotate90,
            icc: None,
        };
        let out = resize_upright(&src, &header, 10, 20, &mut Resizer::new()).unwrap();
        assert_eq!(out.dimensions(), (10, 20));
    }

    #[test]
    fn placeholder_is_two_colours() {
        let img = RgbImage::from_fn(4, 4, |_, y| {
            if y < 2 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([0, 0, 255])
            }
        });
        assert_eq!(placeholder(&img), "linear-gradient(#ff0000,#0000ff)");
    }
}
