//! Escaping for each output context (HTML text and attributes, XML, JSON inside a `<script>`),
//! and the one place where the characters XML 1.0 forbids leave every rendered file.
//!
//! Forbidden characters (a vertical tab pasted from Word's Shift+Enter, `\u0001` written as a
//! YAML escape, U+FFFE) are replaced by a space in `clean`, which `render_template` applies
//! to every file a template renders: HTML pages, feeds, the sitemap, `robots.txt`. JSON-LD is
//! cleaned the same way in `json_script`, before serde would write them as `\u` escapes.

use serde::Serializer;
use serde_json::Value;

/// Whether XML 1.0 forbids `c` in a document (C0 controls other than tab, line feed and
/// carriage return; U+FFFE, U+FFFF) or HTML calls it a parse error (DEL, C1 controls, the
/// other noncharacters).
pub(crate) fn forbidden(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// `text` with every forbidden character replaced by a space: most are line or page breaks
/// (vertical tab, form feed) or invisible junk, and a space never runs two words together.
pub(crate) fn clean(text: String) -> String {
    if !has_forbidden(text.as_bytes()) {
        return text;
    }
    text.chars().map(|c| if forbidden(c) { ' ' } else { c }).collect()
}

/// Whether `bytes` (UTF-8) holds a forbidden character, read on the bytes: a control byte but
/// tab and line breaks, DEL, C1 controls (`C2 80`-`C2 9F`), U+FDD0..U+FDEF (`EF B7 90`-`AF`)
/// and the last two code points of every plane (`EF BF BE`/`BF`, `F0`-`F4 xF BF BE`/`BF`).
/// Much faster than decoding every character, and it says the same of every character.
fn has_forbidden(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    bytes.iter().enumerate().any(|(i, &b)| {
        SUSPECT[usize::from(b)]
            && match b {
                0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
                0xef => {
                    (at(i + 1) == 0xb7 && (0x90..=0xaf).contains(&at(i + 2)))
                        || (at(i + 1) == 0xbf && matches!(at(i + 2), 0xbe | 0xbf))
                }
                0xf0..=0xf4 => at(i + 1) & 0x0f == 0x0f && at(i + 2) == 0xbf && matches!(at(i + 3), 0xbe | 0xbf),
                _ => true,
            }
    })
}

/// The bytes `has_forbidden` looks at twice: forbidden themselves (controls but tab and line
/// breaks, DEL) or the lead byte of a character that may be (`C2`, `EF`, `F0`-`F4`).
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x09 && b != 0x0a && b != 0x0d)
            || b == 0x7f
            || b == 0xc2
            || b == 0xef
            || (b >= 0xf0 && b <= 0xf4);
        b += 1;
    }
    table
};

/// Writes `text` escaped for HTML text, a quoted HTML attribute, or XML: only the five
/// characters markup needs (`& < > " '`), so URLs keep their `/`.
pub(crate) fn html_write(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    // The five are ASCII, so the text between them is copied whole.
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[from..i])?;
        out.write_str(escaped)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

/// `text` escaped for HTML or XML (see `html_write`).
pub(crate) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Writing to a `String` cannot fail.
    let _ = html_write(text, &mut out);
    out
}

/// JSON to place inside `<script type="application/ld+json">`: forbidden characters cleaned
/// from every string, then `<`, `>`, `&` (so `</script>` and `<!--` cannot end or change the
/// script) and U+2028/U+2029 (line ends to older JavaScript) written as `\u` escapes. Those
/// characters occur only inside JSON strings, where the escapes mean the same text.
pub(crate) fn json_script(value: &Value) -> String {
    let mut value = value.clone();
    clean_strings(&mut value);
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Every string of a JSON value (keys too) cleaned of forbidden characters.
fn clean_strings(value: &mut Value) {
    match value {
        Value::String(s) => *s = clean(std::mem::take(s)),
        Value::Array(items) => items.iter_mut().for_each(clean_strings),
        Value::Object(map) => {
            let old = std::mem::take(map);
            for (k, mut v) in old {
                clean_strings(&mut v);
                map.insert(clean(k), v);
            }
        }
        _ => {}
    }
}

/// Serialises JSON-LD blocks as ready-to-embed strings (`json_script`), for a view field.
pub(crate) fn json_scripts<S: Serializer>(values: &[Value], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter().map(json_script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_says_what_the_character_check_says() {
        let mut buf = [0; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let one = c.encode_utf8(&mut buf);
            assert_eq!(has_forbidden(one.as_bytes()), forbidden(c), "{c:?}");
            let framed = format!("ก{one}ข");
            assert_eq!(has_forbidden(framed.as_bytes()), forbidden(c), "{c:?} between letters");
        }
        assert!(!has_forbidden("<p>สวัสดี ๑๒ ok…\u{a0}·</p>\n\t".as_bytes()));
    }

    #[test]
    fn forbidden_characters_become_spaces() {
        assert_eq!(clean("ก\u{b}ข\u{1}ค\u{fffe}ง\u{7f}จ".into()), "ก ข ค ง จ");
        assert_eq!(clean("ก\tข\nค\r\n".into()), "ก\tข\nค\r\n");
        assert!(forbidden('\u{1fffe}') && forbidden('\u{fdd0}') && forbidden('\u{85}'));
        assert!(!forbidden('🟡') && !forbidden('\u{fffd}') && !forbidden('\u{200b}'));
    }

    #[test]
    fn json_in_a_script_cannot_break_out() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script> <!-- \u{2028}\u{2029} & \"q\" \u{b}"});
        let s = json_script(&v);
        for bad in ["</script", "<!--", "\u{2028}", "\u{2029}", "&", "\\u000b"] {
            assert!(!s.contains(bad), "{bad} in {s}");
        }
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["name"],
            "</script><script>alert(1)</script> <!-- \u{2028}\u{2029} & \"q\"  "
        );
    }

    #[test]
    fn html_escapes_the_five_markup_characters() {
        assert_eq!(html(r#"/a"b'<c>&d/"#), "/a&quot;b&#39;&lt;c&gt;&amp;d/");
    }
}
