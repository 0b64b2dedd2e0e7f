//! Text files as staff save them: UTF-8 with or without a byte-order mark, with Windows (CRLF)
//! or old Mac (CR) line ends, all read as plain UTF-8 with `\n`. UTF-16 and the old Thai
//! Windows encoding (TIS-620 / Windows-874, Notepad's "ANSI") are refused with the encoding
//! named and the way to save the file as UTF-8.

use crate::diag::Diagnostic;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How to save a file as UTF-8, in the tools staff use.
const SAVE_AS_UTF8: &str = "เปิดไฟล์ใน Notepad แล้วเลือก ไฟล์ > บันทึกเป็น (File > Save As) ตรงช่อง การเข้ารหัส (Encoding) เลือก UTF-8 แล้วกด บันทึก (Save) ทับไฟล์เดิม; \
     ใน VS Code คลิกชื่อการเข้ารหัสที่แถบล่างขวา แล้วเลือก Save with Encoding > UTF-8";

/// The text of a file, or why it cannot be read as UTF-8. `file` names it in the diagnostic.
pub(crate) fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if let Some(order) = utf16(&bytes) {
        return Err(Diagnostic::error(
            file,
            1,
            1,
            format!("ไฟล์นี้บันทึกเป็นรหัส UTF-16 {order} (Unicode) ไม่ใช่ UTF-8 (not UTF-8: looks like UTF-16 {order})"),
        )
        .with_hint(SAVE_AS_UTF8));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalise(text)),
        Err(e) => Err(not_utf8(file, e.as_bytes(), e.utf8_error().valid_up_to())),
    }
}

/// `\n` line ends (a CR alone is a line end too, as YAML and Markdown read it) and NFC. Text
/// already in NFC (nearly all of it) is kept as it is: the quick check is many times faster
/// than composing.
fn normalise(text: String) -> String {
    let text = match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n"),
        false => text,
    };
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// The diagnostic for bytes that are not UTF-8: named as TIS-620 when they look like it.
fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    if let Some(first) = tis620_start(bytes) {
        let (line, column) = byte_position(bytes, first);
        return Diagnostic::error(
            file,
            line,
            column,
            "ไฟล์นี้บันทึกเป็นรหัสภาษาไทยแบบเก่า TIS-620 / Windows-874 (ANSI) ไม่ใช่ UTF-8 (not UTF-8: looks like TIS-620 / Windows-874)",
        )
        .with_hint(SAVE_AS_UTF8);
    }
    let (line, column) = utf8_error_position(bytes, valid_up_to);
    Diagnostic::error(file, line, column, "ไฟล์ไม่ได้บันทึกเป็น UTF-8 (not UTF-8)").with_hint(SAVE_AS_UTF8)
}

/// `LE` or `BE` when the bytes are UTF-16: by their byte-order mark, or (without one) because
/// nearly every other byte is 0x00 (Latin letters) or 0x0E (Thai letters), which UTF-8 text
/// never holds.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("BE");
    }
    if !bytes.contains(&0) {
        return None;
    }
    let pairs: Vec<(u8, u8)> = bytes.chunks_exact(2).take(2048).map(|p| (p[0], p[1])).collect();
    let high = |b: u8| b == 0x00 || b == 0x0E;
    let share = |hits: usize| pairs.len() >= 2 && hits * 10 >= pairs.len() * 9;
    if share(pairs.iter().filter(|(a, b)| high(*b) && *a != 0).count()) {
        Some("LE")
    } else if share(pairs.iter().filter(|(a, b)| high(*a) && *b != 0).count()) {
        Some("BE")
    } else {
        None
    }
}

/// Whether a byte is a Thai letter, vowel, tone mark or digit in TIS-620.
fn is_tis620_thai(b: u8) -> bool {
    matches!(b, 0xA1..=0xDA | 0xDF..=0xFB)
}

/// The position of the first Thai byte when every byte above ASCII is one Windows-874 uses
/// (Thai, and the euro sign, ellipsis, curly quotes, bullet and dashes Notepad adds) and most
/// are Thai; `None` for anything else.
fn tis620_start(bytes: &[u8]) -> Option<usize> {
    let windows_874 = |b: u8| is_tis620_thai(b) || matches!(b, 0x80 | 0x85 | 0x91..=0x97 | 0xA0);
    let high: Vec<u8> = bytes.iter().copied().filter(|b| *b >= 0x80).collect();
    let thai = high.iter().filter(|b| is_tis620_thai(**b)).count();
    let looks_thai = !bytes.contains(&0) && high.iter().all(|b| windows_874(*b)) && thai * 2 >= high.len();
    if looks_thai && thai > 0 {
        bytes.iter().position(|b| is_tis620_thai(*b))
    } else {
        None
    }
}

/// Line and column of byte `at` in a one-byte-per-character encoding.
fn byte_position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Line and character column of the first invalid byte.
fn utf8_error_position(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thai text in TIS-620: each Thai character U+0E01..U+0E5B is one byte, 0xA1..0xFB.
    fn tis620(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c as u32 {
                0x0E01..=0x0E5B => (c as u32 - 0x0E00 + 0xA0) as u8,
                other => other as u8,
            })
            .collect()
    }

    /// UTF-16 code units of `text` in little- or big-endian order.
    fn utf16_bytes(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf8_error_is_located_in_characters() {
        let bytes = "ab\nกข\u{0}".as_bytes();
        let mut bad = bytes.to_vec();
        bad.push(0xff);
        let valid = bad.len() - 1;
        assert_eq!(utf8_error_position(&bad, valid), (2, 4));
    }

    #[test]
    fn a_byte_order_mark_and_windows_or_mac_line_ends_read_as_if_absent() {
        let plain = "---\ntitle: ปลูกป่า\n---\nเนื้อหา\n";
        let windows = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
        assert_eq!(decode("a.md", windows.into_bytes()).unwrap(), plain);
        assert_eq!(decode("a.md", plain.replace('\n', "\r").into_bytes()).unwrap(), plain);
    }

    #[test]
    fn text_is_normalised_to_nfc() {
        let decomposed = "e\u{301}";
        assert_eq!(decode("a.md", decomposed.as_bytes().to_vec()).unwrap(), "\u{e9}");
        // A tone mark typed before the lower vowel (ก + ่ + ุ) is put in canonical order, and
        // text already in NFC passes the quick check unchanged.
        let typed = "\u{e01}\u{e48}\u{e38}";
        assert_eq!(
            decode("a.md", typed.as_bytes().to_vec()).unwrap(),
            "\u{e01}\u{e38}\u{e48}"
        );
        let nfc = "ข้าวหอมมะลิ ปุ๋ยหมัก\n";
        assert_eq!(decode("a.md", nfc.as_bytes().to_vec()).unwrap(), nfc);
    }

    #[test]
    fn utf16_in_either_byte_order_with_or_without_a_mark_is_refused_by_name() {
        let text = "---\ntitle: เอามื้อสามัคคี\n---\n";
        for le in [true, false] {
            let order = if le { "LE" } else { "BE" };
            let bare = utf16_bytes(text, le);
            let mut marked = utf16_bytes("\u{feff}", le);
            marked.extend(&bare);
            for bytes in [bare, marked] {
                let d = decode("a.md", bytes).unwrap_err();
                assert!(d.message.contains(&format!("UTF-16 {order}")), "{}", d.message);
                assert!(d.hint.contains("Save As") && d.hint.contains("UTF-8"), "{}", d.hint);
            }
        }
        let thai_only = utf16_bytes("กขค\nงจ\n", true);
        assert!(decode("a.md", thai_only).unwrap_err().message.contains("UTF-16 LE"));
    }

    #[test]
    fn tis620_from_thai_notepad_is_refused_at_its_first_thai_letter() {
        let bytes = tis620("---\ntitle: เอามื้อสามัคคี\n---\n");
        let d = decode("a.md", bytes).unwrap_err();
        assert!(
            d.message.contains("TIS-620") && d.message.contains("ANSI"),
            "{}",
            d.message
        );
        assert_eq!((d.line, d.column), (2, 8));
        assert!(d.hint.contains("Notepad"), "{}", d.hint);
        let mut with_quotes = tis620("ชื่อ: ");
        with_quotes.extend([0x93, b'a', 0x94, 0x85]);
        assert!(decode("a.md", with_quotes).unwrap_err().message.contains("Windows-874"));
    }

    #[test]
    fn other_broken_bytes_are_plain_not_utf8_at_their_place() {
        let mut bytes = "title: ปลูกป่า\nx: ".as_bytes().to_vec();
        bytes.extend([0xE0, 0x41]);
        let d = decode("a.md", bytes).unwrap_err();
        assert!(!d.message.contains("TIS-620"), "{}", d.message);
        assert_eq!((d.line, d.column), (2, 4));
    }
}
