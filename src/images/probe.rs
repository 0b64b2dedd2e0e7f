//! What a photo file is, from its bytes alone: the format, the stored size, the EXIF
//! orientation and the colour profile; and every reason to refuse it before decoding
//! (empty, HEIC, unknown format, too many pixels, a JPEG cut short), and before reading (a
//! file too large, judged from its size alone).

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// Photos with more pixels than this are refused before decoding: a 12 MP phone photo has
/// 12 million; 100 million would take 300 MB decoded, and a crafted file could claim billions.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// Photo files larger than this are refused from their size, before a byte is read or hashed:
/// a phone photo is 2-10 MB, and 50 MB is more than a 100-megapixel JPEG at top quality.
pub(crate) const MAX_FILE_BYTES: u64 = 50_000_000;

/// A photo's header, read without decoding the pixels.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub(crate) format: ImageFormat,
    /// Stored size, before the orientation is applied.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) orientation: Orientation,
    /// The embedded ICC colour profile, if any.
    pub(crate) icc: Option<Vec<u8>>,
}

impl Header {
    /// The size as shown, after the orientation is applied.
    pub(crate) fn upright(&self) -> (u32, u32) {
        if turns_sideways(self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Why a photo cannot be used: a Thai message with the English term, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) message: String,
    pub(crate) hint: String,
}

impl Refusal {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The usual fix for a photo that cannot be read.
const RESAVE: &str = "เปิดภาพในโทรศัพท์หรือคอมพิวเตอร์ แล้วบันทึกหรือส่งออกใหม่เป็นไฟล์ .jpg แล้ววางแทนไฟล์เดิม";

/// Refuses a photo file larger than [`MAX_FILE_BYTES`] (its size from the file's metadata).
pub(crate) fn check_size(bytes: u64) -> Result<(), Refusal> {
    if bytes <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Refusal::new(
        format!(
            "ไฟล์ภาพใหญ่เกินไป {:.1} MB เกินขีดจำกัด {} MB จึงไม่อ่าน (photo file too large)",
            bytes as f64 / 1e6,
            MAX_FILE_BYTES / 1_000_000
        ),
        format!("ภาพจากกล้องโทรศัพท์มีขนาด 2-10 MB: {RESAVE}"),
    ))
}

/// A photo file over this size is still used, with a warning: the web form sends photos at
/// most 2048 px wide (under 1 MB each, 2.9 MB for pure noise at 2048x2048, see
/// docs/photos-at-scale.md), so a file this large came straight from a
/// camera, and kept in the repository every such file costs several times what it shows.
pub(crate) const LARGE_FILE_BYTES: u64 = 3_000_000;

/// The warning for a photo file larger than [`LARGE_FILE_BYTES`].
pub(crate) fn large(source: &str, bytes: u64) -> Option<crate::diag::Diagnostic> {
    (bytes > LARGE_FILE_BYTES).then(|| {
        crate::diag::Diagnostic::warning(
            source,
            1,
            1,
            format!(
                "ไฟล์ภาพใหญ่ {:.1} MB เกิน {} MB (large photo file): เว็บไซต์แสดงภาพกว้างไม่เกิน 1600 px แต่ไฟล์เต็มขนาดนี้ทำให้ที่เก็บข้อมูล (repository) โตเร็วจนเกินขีดจำกัดของ GitHub",
                bytes as f64 / 1e6,
                LARGE_FILE_BYTES / 1_000_000
            ),
        )
        .with_hint("ใส่ภาพผ่านฟอร์มบนเว็บ (ย่อให้อัตโนมัติ) หรือย่อภาพให้กว้างไม่เกิน 2048 px ก่อนวางในโฟลเดอร์ แล้ววางแทนไฟล์เดิม")
    })
}

/// Reads a photo file, never more than [`MAX_FILE_BYTES`] (should it grow after its size
/// was checked).
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Refusal> {
    use std::io::Read as _;
    let unreadable = |e: std::io::Error| Refusal::new(format!("อ่านไฟล์ภาพไม่ได้ (unreadable file): {e}"), "");
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    check_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// Reads the header of a photo held in memory.
pub(crate) fn probe(bytes: &[u8]) -> Result<Header, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::new("ไฟล์ภาพว่างเปล่า ขนาด 0 ไบต์ (empty file)", RESAVE));
    }
    if let Some(brand) = heif_brand(bytes) {
        return Err(heif_refusal(&brand));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refusal::new(format!("อ่านไฟล์ภาพไม่ได้ (unreadable file): {e}"), RESAVE))?;
    let Some(format) = reader.format() else {
        return Err(Refusal::new(
            "ไม่ใช่ไฟล์ภาพที่รู้จัก (unsupported or corrupt image format)",
            format!("ใช้ภาพ JPEG (.jpg) PNG หรือ WebP: {RESAVE}"),
        ));
    };
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(Refusal::new(
            format!("รูปแบบภาพ {format:?} ยังไม่รองรับ (unsupported image format)"),
            format!("ใช้ภาพ JPEG (.jpg) PNG หรือ WebP: {RESAVE}"),
        ));
    }
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| Refusal::new(format!("ไฟล์ภาพเสียหาย อ่านส่วนหัวไม่ได้ (corrupt image header): {e}"), RESAVE))?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(Refusal::new(
            "ไฟล์ภาพไม่ครบ ถูกตัดกลางไฟล์ (truncated JPEG): ส่วนล่างของภาพจะเป็นสีเทา",
            "คัดลอกหรืออัปโหลดภาพจากต้นฉบับในโทรศัพท์ใหม่อีกครั้ง (การส่งไฟล์อาจขาดกลางทาง)",
        ));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    Ok(Header {
        format,
        width,
        height,
        orientation,
        icc,
    })
}

/// Refuses empty and oversized images (a decompression bomb claims a huge size in a tiny file).
fn check_pixels(width: u32, height: u32) -> Result<(), Refusal> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(Refusal::new(
            format!("ภาพมีขนาด {width}x{height} พิกเซล ไม่มีเนื้อภาพ (empty image)"),
            RESAVE,
        ));
    }
    if pixels > MAX_PIXELS {
        return Err(Refusal::new(
            format!(
                "ภาพใหญ่เกินไป {width}x{height} พิกเซล ({:.0} ล้านพิกเซล เกิน {} ล้าน) อาจทำให้หน่วยความจำหมด (image too large, possible decompression bomb)",
                pixels as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
            "ย่อภาพให้เหลือด้านยาวไม่เกิน 4,000-6,000 พิกเซล (ขนาดภาพจากกล้องโทรศัพท์ทั่วไป) แล้วบันทึกเป็น .jpg",
        ));
    }
    Ok(())
}

/// The brand of an ISO-BMFF image (HEIC, HEIF, AVIF), from its `ftyp` box.
fn heif_brand(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 12 || &bytes[4..8] != b"ftyp" {
        return None;
    }
    let brand = String::from_utf8_lossy(&bytes[8..12]).to_string();
    let known = [
        "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis",
    ];
    known.contains(&brand.as_str()).then_some(brand)
}

/// HEIC from iPhones and AVIF: say how to get a JPEG instead.
fn heif_refusal(brand: &str) -> Refusal {
    let kind = if brand.starts_with("avi") { "AVIF" } else { "HEIC/HEIF" };
    Refusal::new(
        format!("ไฟล์ภาพแบบ {kind} ยังไม่รองรับ (unsupported format: {kind}, not JPEG)"),
        "iPhone: เปิด การตั้งค่า > กล้อง > รูปแบบ แล้วเลือก \"ใช้ได้มากที่สุด\" (Most Compatible) เพื่อถ่ายเป็น JPEG; \
         ภาพที่ถ่ายแล้วให้เปิดในแอป รูปภาพ แล้วแชร์ > ตัวเลือก เลือก \"ใช้ได้มากที่สุด\" หรือส่งออกเป็น JPEG แล้วบันทึกเป็นไฟล์ .jpg",
    )
}

/// Whether a JPEG's image data reaches its end-of-image marker. Walks the marker segments
/// and the entropy-coded scans; data after the marker (phones append videos there) is fine.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0xFF => i += 1,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(len) = bytes
                    .get(i + 2..i + 4)
                    .map(|b| usize::from(b[0]) << 8 | usize::from(b[1]))
                else {
                    return false;
                };
                i += 2 + len;
                if marker == 0xDA {
                    i = match scan_end(bytes, i) {
                        Some(end) => end,
                        None => return false,
                    };
                }
            }
        }
    }
    false
}

/// The position of the first marker after entropy-coded data that starts at `from`
/// (skipping stuffed `FF 00` bytes and restart markers).
fn scan_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF {
            match bytes[i + 1] {
                0x00 | 0xD0..=0xD7 => i += 2,
                _ => return Some(i),
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Whether an EXIF orientation swaps width and height.
pub(crate) fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_over_the_large_size_is_a_warning_naming_its_size() {
        assert!(large("a/1.jpg", LARGE_FILE_BYTES).is_none());
        let d = large("a/1.jpg", 6_400_000).expect("a warning");
        assert_eq!(d.severity, crate::diag::Severity::Warning);
        assert!(
            d.message.contains("6.4 MB") && d.message.contains("(large photo file)"),
            "{}",
            d.message
        );
        assert!(d.hint.contains("2048 px"), "{}", d.hint);
    }

    /// A small real JPEG made by the image crate.
    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn reads_a_jpeg_header() {
        let h = probe(&jpeg(64, 32)).unwrap();
        assert_eq!((h.format, h.width, h.height), (ImageFormat::Jpeg, 64, 32));
        assert_eq!(h.upright(), (64, 32));
    }

    #[test]
    fn sideways_orientations_swap_dimensions() {
        assert!(turns_sideways(Orientation::Rotate90));
        assert!(!turns_sideways(Orientation::Rotate180));
    }

    #[test]
    fn a_jpeg_cut_short_is_refused_but_trailing_data_is_fine() {
        let whole = jpeg(64, 64);
        assert!(jpeg_is_complete(&whole));
        let mut trailer = whole.clone();
        trailer.extend_from_slice(b"MotionPhoto_Data and more bytes \xFF\x00");
        assert!(jpeg_is_complete(&trailer));
        let cut = &whole[..whole.len() * 2 / 3];
        let refusal = probe(cut).unwrap_err();
        assert!(refusal.message.contains("truncated"), "{refusal:?}");
    }

    #[test]
    fn empty_heic_and_unknown_files_are_refused_with_a_way_out() {
        assert!(probe(b"").unwrap_err().message.contains("empty file"));
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        let refusal = probe(heic).unwrap_err();
        assert!(refusal.message.contains("HEIC"), "{refusal:?}");
        assert!(refusal.hint.contains("Most Compatible"), "{refusal:?}");
        assert!(
            probe(b"hello, this is text")
                .unwrap_err()
                .message
                .contains("unsupported")
        );
    }

    #[test]
    fn a_huge_file_is_refused_from_its_size_and_never_read_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("huge.jpg");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(1 << 30).unwrap();
        let refusal = check_size(file.metadata().unwrap().len()).unwrap_err();
        assert!(
            refusal.message.contains("1073.7 MB") && refusal.message.contains("50 MB"),
            "{refusal:?}"
        );
        assert!(read_file(&path).is_err(), "a bounded read stops at the limit");
        assert!(check_size(8_000_000).is_ok());
    }

    #[test]
    fn a_jpeg_declaring_huge_dimensions_is_refused_from_its_header() {
        let mut bomb = jpeg(16, 16);
        let sof = bomb
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline JPEG");
        // SOF0: length (2), precision (1), height (2), width (2).
        bomb[sof + 5..sof + 7].copy_from_slice(&60000u16.to_be_bytes());
        bomb[sof + 7..sof + 9].copy_from_slice(&60000u16.to_be_bytes());
        let refusal = probe(&bomb).unwrap_err();
        assert!(refusal.message.contains("decompression bomb"), "{refusal:?}");
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        // A 1-bit PNG header claiming 60000 x 60000 pixels: a few bytes, 3.6 billion pixels.
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0u8; 4], 2, 2, image::ExtendedColorType::L8)
            .unwrap();
        // Patch the IHDR width and height (bytes 16..24) and its CRC.
        png[16..20].copy_from_slice(&60000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let refusal = probe(&png).unwrap_err();
        assert!(refusal.message.contains("decompression bomb"), "{refusal:?}");
    }

    /// CRC-32 as PNG uses it.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    use image::ImageEncoder;
}
