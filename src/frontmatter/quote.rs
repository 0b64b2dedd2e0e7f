//! Writing text as a YAML value that reads back as exactly that text (for `knn new`): plain
//! when nothing in it means something to YAML, else double-quoted with escapes.

/// Characters that mean something to YAML at the start of a plain value.
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '=', '~', '+', '.',
    '<',
];

/// Words YAML 1.1 or 1.2 reads as null or a boolean (compared without case).
const WORDS: &[&str] = &[
    "null", "true", "false", "yes", "no", "y", "n", "on", "off", "nan", "inf",
];

/// `text` as a YAML scalar: plain when safe (`เอามื้อสามัคคี`), else `"..."`.
pub(crate) fn scalar(text: &str) -> String {
    if plain_is_safe(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Whether `text` reads back unchanged as a plain scalar in a `key: value` line.
fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(first);
    !(INDICATORS.contains(&first)
        || first.is_ascii_digit()
        || first.is_whitespace()
        || last.is_whitespace()
        || last == ':'
        || text.contains(": ")
        || text.contains(" #")
        || text.contains(|c: char| c.is_control() || !is_printable(c))
        || WORDS.iter().any(|w| w.eq_ignore_ascii_case(text)))
}

/// Whether YAML allows `c` unescaped (its printable set; no line or paragraph separators,
/// no byte order mark, no other Unicode "white space" that a reader may trim).
fn is_printable(c: char) -> bool {
    !matches!(
        c,
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    ) && (c == ' ' || !c.is_whitespace())
}

/// `"..."` with every character that needs it escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || !is_printable(c) => match u32::from(c) {
                n if n <= 0xFFFF => out.push_str(&format!("\\u{n:04X}")),
                n => out.push_str(&format!("\\U{n:08X}")),
            },
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct One {
        title: crate::raw::S,
    }

    /// `text` written as `knn new` writes it, read back by the real parser.
    fn read_back(text: &str) -> String {
        let yaml = format!("title: {}\n", scalar(text));
        let one: One =
            crate::frontmatter::parse("a.md", &yaml, 1).unwrap_or_else(|d| panic!("{text:?}: {d:?}\n{yaml}"));
        one.title.value
    }

    #[test]
    fn every_title_reads_back_exactly() {
        let mut titles: Vec<String> = [
            "เอามื้อสามัคคีขุดคลองไส้ไก่",
            "อบรม: การทำปุ๋ยหมัก",
            "ปลูกป่า #โคกหนองนา #ฉะเชิงเทรา",
            "- ปลูกผัก",
            "[รุ่นที่ 2] ฝึกอบรม",
            "{ข้อมูล}",
            "'ทดสอบ'",
            "\"ฐาน\" คนมีน้ำยา",
            "*สำคัญ*",
            "&แปลง",
            "!ด่วน",
            "%50 ลดราคา",
            "@cdd",
            "`code`",
            "yes",
            "No",
            "ON",
            "null",
            "~",
            "2566",
            "1.5",
            "0x10",
            "1e3",
            "+5",
            ".5",
            "ท้ายมีวรรค ",
            " หน้ามีวรรค",
            "เครื่องหมาย \"คำพูด\" ข้างใน",
            "ทับ \\ กลับ",
            "จบด้วยโคลอน:",
            "a:b",
            "สองบรรทัด\nบรรทัดที่สอง",
            "แท็บ\tกลาง",
            "---",
            "...",
            "? คำถาม",
            "| ท่อ",
            "> มากกว่า",
            "๑๕ พฤศจิกายน",
            "✅ เอามื้อ 🟡",
            "ศูนย์\u{200b}เรียนรู้",
            "vertical\u{b}tab",
            "nel\u{85}line",
            "ls\u{2028}ps\u{2029}",
            "bom\u{feff}",
            "=",
            "<<",
            "ราคา 50 บาท # ต่อกิโล",
            "url https://x.com/?a=1#b",
        ]
        .map(str::to_string)
        .to_vec();
        for c in [':', '#', '-', '"', '\'', '\\', ' ', '[', '{', '&', '*'] {
            titles.push(format!("{c}"));
            titles.push(format!("ก{c}"));
            titles.push(format!("{c}ก"));
            titles.push(format!("ก {c} ก"));
        }
        for t in &titles {
            assert_eq!(&read_back(t), t, "{t:?} was written as {}", scalar(t));
        }
        assert_eq!(scalar("เอามื้อสามัคคี"), "เอามื้อสามัคคี", "plain when safe");
        assert_eq!(scalar("อบรม: ปุ๋ย"), "\"อบรม: ปุ๋ย\"");
    }
}
