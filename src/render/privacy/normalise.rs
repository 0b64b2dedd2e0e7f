//! What the privacy guard compares. Both sides (the owner's details and every text scanned)
//! go through `Text::new`, so a phone, house number or name is found however it was typed,
//! pasted or rendered: Thai digits, odd spaces, entities, escapes or tags in between.

use super::decode::Decode;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A text in the form the guard compares, with the way back to where each character was.
pub(crate) struct Text {
    /// Compatibility-normalised (NFKC), lower case, ASCII digits; every run of spaces, line
    /// breaks and tags is one `' '`; invisible characters and Markdown emphasis marks are gone.
    pub(crate) n: String,
    /// For each byte of `n`, the byte offset in the original text of the character it came from
    /// (kept only when asked for: a source text is mapped back to its lines, an output is not).
    origin: Vec<u32>,
    keep_origin: bool,
    /// `n` without its spaces, where names are matched (a name may be split anywhere).
    pub(crate) s: String,
    /// For each space of `n`, the byte offset in `s` of what follows it (the way back from `s`
    /// to `n`, far smaller than an offset per byte).
    spaces: Vec<u32>,
}

impl Text {
    /// Normalises `raw`, which may be a Markdown or YAML source, an HTML page, a feed, JSON or
    /// text, keeping the way back to the original offsets (`origin`).
    pub(crate) fn new(raw: &str) -> Text {
        Text::build(raw, true)
    }

    /// Normalises an output file, which is only searched: `origin` is not kept.
    pub(crate) fn scanned(raw: &str) -> Text {
        Text::build(raw, false)
    }

    /// Normalises `raw` in one pass: tags stripped, escapes decoded, then the characters
    /// grouped as NFKC needs them (a starter and the marks after it), each group
    /// compatibility-normalised and pointing at the offset of its first character. NFKC rather
    /// than NFC because this text is only compared, never shown: full-width digits (`０８６`)
    /// become ASCII and `ำ` the same as `ํา`, on both sides alike.
    fn build(raw: &str, keep_origin: bool) -> Text {
        let mut text = Text {
            n: String::with_capacity(raw.len()),
            origin: Vec::with_capacity(if keep_origin { raw.len() } else { 0 }),
            keep_origin,
            s: String::with_capacity(raw.len()),
            spaces: Vec::new(),
        };
        let mut chars = Decode::new(Tagless::new(raw)).peekable();
        let mut group: Vec<char> = Vec::new();
        while let Some((c, at)) = chars.next() {
            let alone = chars.peek().is_none_or(|(next, _)| combining_class(*next) == 0);
            if alone && is_nfkc_stable(c) {
                text.push(c, at);
                continue;
            }
            group.clear();
            group.push(c);
            while let Some((mark, _)) = chars.next_if(|(next, _)| combining_class(*next) != 0) {
                group.push(mark);
            }
            for c in group.iter().copied().nfkc() {
                text.push(c, at);
            }
        }
        text
    }

    /// The byte offset in the original text of byte `i` of `n` (the end of the text past the end).
    pub(crate) fn origin(&self, i: usize) -> usize {
        self.origin.get(i).or(self.origin.last()).map_or(0, |o| *o as usize)
    }

    /// The byte offset in `n` of the character holding byte `i` of `s` (the end of `n` past
    /// the end of `s`): `i` plus the spaces before it, floored to a character boundary.
    pub(crate) fn n_of_s(&self, i: usize) -> usize {
        if i >= self.s.len() {
            return self.n.len();
        }
        let mut at = i + self.spaces.partition_point(|&p| p as usize <= i);
        while !self.n.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Appends one normalised character that came from original offset `at`.
    #[inline]
    fn push(&mut self, c: char, at: u32) {
        if c.is_ascii_alphanumeric() || ('\u{e01}'..='\u{e4f}').contains(&c) {
            // The common case, letters and digits of ASCII and Thai, first.
            self.put(c.to_ascii_lowercase(), at);
        } else if is_invisible(c) || matches!(c, '*' | '_' | '~' | '`') {
        } else if c.is_whitespace() || c.is_control() {
            if !self.n.is_empty() && !self.n.ends_with(' ') {
                self.put(' ', at);
            }
        } else if let Some(d) = thai_digit(c) {
            self.put(d, at);
        } else if c.is_uppercase() {
            for l in c.to_lowercase() {
                self.put(l, at);
            }
        } else {
            self.put(c, at);
        }
    }

    /// Appends `c` to `n`, every one of its bytes pointing at `at`, and to `s` unless it is a
    /// space (whose place in `s` is kept instead).
    #[inline]
    fn put(&mut self, c: char, at: u32) {
        self.n.push(c);
        if c == ' ' {
            self.spaces.push(u32::try_from(self.s.len()).unwrap_or(u32::MAX));
        } else {
            self.s.push(c);
        }
        if self.keep_origin {
            self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
    }
}

/// A short value (a phone, a house number, a name) normalised as `Text::new` does.
pub(crate) fn normalise(value: &str) -> String {
    Text::scanned(value).n.trim().to_string()
}

/// The ASCII digit for a Thai digit.
fn thai_digit(c: char) -> Option<char> {
    match c {
        '๐'..='๙' => char::from_u32('0' as u32 + (c as u32 - '๐' as u32)),
        _ => None,
    }
}

/// The canonical combining class, without a table lookup for ASCII, Latin-1 and Thai.
fn combining_class(c: char) -> u8 {
    match c {
        '\0'..='\u{2ff}' => 0,
        '\u{e38}' | '\u{e39}' => 103,
        '\u{e3a}' => 9,
        '\u{e48}'..='\u{e4b}' => 107,
        '\u{e00}'..='\u{e7f}' => 0,
        _ => canonical_combining_class(c),
    }
}

/// Whether NFKC leaves `c` alone when it stands by itself: ASCII, and Thai but for SARA AM
/// (which NFKC splits into NIKHAHIT and SARA AA).
fn is_nfkc_stable(c: char) -> bool {
    c.is_ascii() || (('\u{e00}'..='\u{e7f}').contains(&c) && c != '\u{e33}')
}

/// Characters that take no room on screen: a name or number with one inside reads the same.
/// Zero-width space and joiners, word joiner, BOM, soft hyphen, bidi controls, variation selectors.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// The characters of `raw` with the byte offset of each, every HTML or XML tag replaced by a
/// space plus its attribute values (where `alt`, `content` and `tel:` links are), so text split
/// by `<strong>` or `<br>` reads as one. A tag is `<` then a letter (or `/` and a letter) up to
/// the next `>` with no `<` before it: minijinja escapes `<` and `>` inside attributes, and
/// stopping at the next `<` keeps this linear on any input.
struct Tagless<'a> {
    raw: &'a str,
    /// Where the next character starts.
    i: usize,
    /// What the last tag stands for after its opening space (its attribute values and the
    /// closing space), and how much of it was given out.
    tag: Vec<(char, u32)>,
    given: usize,
}

impl<'a> Tagless<'a> {
    fn new(raw: &'a str) -> Tagless<'a> {
        Tagless {
            raw,
            i: 0,
            tag: Vec::new(),
            given: 0,
        }
    }
}

impl Iterator for Tagless<'_> {
    type Item = (char, u32);

    #[inline]
    fn next(&mut self) -> Option<(char, u32)> {
        let offset = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(next) = self.tag.get(self.given) {
            self.given += 1;
            return Some(*next);
        }
        let (raw, i) = (self.raw, self.i);
        let c = raw[i..].chars().next()?;
        if c == '<'
            && starts_tag(&raw[i + 1..])
            && let Some(len) = raw[i + 1..]
                .find(['<', '>'])
                .filter(|j| raw.as_bytes()[i + 1 + j] == b'>')
        {
            self.tag.clear();
            self.given = 0;
            attribute_values(&raw[i + 1..i + 1 + len], i + 1, &mut self.tag);
            self.tag.push((' ', offset(i + 1 + len)));
            self.i = i + len + 2;
            return Some((' ', offset(i)));
        }
        self.i = i + c.len_utf8();
        Some((c, offset(i)))
    }
}

/// Whether a tag name starts `rest`.
fn starts_tag(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphabetic)
        || (b.first() == Some(&b'/') && b.get(1).is_some_and(u8::is_ascii_alphabetic))
}

/// The values of `name="value"`, `name='value'` and `name=value` inside a tag (which starts at
/// byte `base` of the text), each followed by a space; names and the tag name are left out.
fn attribute_values(inside: &str, base: usize, out: &mut Vec<(char, u32)>) {
    let offset = |i: usize| u32::try_from(base + i).unwrap_or(u32::MAX);
    let mut chars = inside.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '=' {
            continue;
        }
        let quote = chars.next_if(|(_, c)| *c == '"' || *c == '\'').map(|(_, q)| q);
        for (i, c) in chars.by_ref() {
            let ends = match quote {
                Some(q) => c == q,
                None => c.is_whitespace(),
            };
            if ends {
                out.push((' ', offset(i)));
                break;
            }
            out.push((c, offset(i)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_digits_become_ascii() {
        assert_eq!(normalise("๐๘๖-๑๑๒-๓๓๔๔"), "086-112-3344");
        assert_eq!(normalise("บ้านเลขที่ ๒๗"), "บ้านเลขที่ 27");
        assert_eq!(normalise("０８６"), "086", "full-width digits");
    }

    #[test]
    fn every_kind_of_space_is_one_space() {
        for s in [
            "นาย  ทดสอบ",
            "นาย\u{a0}ทดสอบ",
            "นาย\u{3000}ทดสอบ",
            "นาย\n\tทดสอบ",
            "นาย\r\nทดสอบ",
            "นาย&nbsp;ทดสอบ",
            "นาย&amp;nbsp;ทดสอบ",
            "นาย<br>ทดสอบ",
            "นาย<br />\nทดสอบ",
            "นาย\\nทดสอบ",
            "นาย\u{b}ทดสอบ",
        ] {
            assert_eq!(normalise(s), "นาย ทดสอบ", "{s:?}");
        }
    }

    #[test]
    fn invisible_characters_are_removed() {
        for s in [
            "ทด\u{200b}สอบ",
            "ทด\u{200c}สอบ",
            "ทด\u{200d}สอบ",
            "ทด\u{2060}สอบ",
            "ทด\u{feff}สอบ",
            "ทด\u{ad}สอบ",
            "ทด&#8203;สอบ",
            "ทด&#x200B;สอบ",
            "ทด&ZeroWidthSpace;สอบ",
            "ทด\\u200bสอบ",
            "ทด\\u200Bสอบ",
            "ทด**สอบ**",
            "ทด\\*สอบ",
        ] {
            assert_eq!(normalise(s), "ทดสอบ", "{s:?}");
        }
    }

    #[test]
    fn tags_are_spaces_and_keep_their_attribute_values() {
        assert_eq!(normalise("081 111 <strong>2222</strong>"), "081 111 2222");
        assert_eq!(
            normalise(r#"<a href="tel:+66861123344">โทร</a>"#),
            "tel:+66861123344 โทร"
        );
        assert_eq!(normalise("<img alt='ลุงทดสอบ' src=x.jpg>"), "ลุงทดสอบ x.jpg");
        assert_eq!(normalise("ราคา < 50 บาท"), "ราคา < 50 บาท", "not a tag");
        assert_eq!(normalise("&lt;b&gt;"), "<b>", "escaped text stays text");
    }

    #[test]
    fn escapes_and_case() {
        assert_eq!(normalise("\\u0e51\\u0e52"), "12");
        assert_eq!(normalise("\\ud83d\\ude00"), "😀");
        assert_eq!(normalise("tel:086%20112%2D3344"), "tel:086 112-3344");
        assert_eq!(normalise("SomChai JAIDEE"), "somchai jaidee");
        assert_eq!(normalise("&#3665;&#x0E52;"), "12");
        assert_eq!(normalise("AT&T &amp; co"), "at&t & co");
    }

    #[test]
    fn nfkc_on_both_sides() {
        assert_eq!(normalise("ทำ"), normalise("ทํา"));
        // A tone mark typed before the vowel below is put in canonical order.
        assert_eq!(normalise("ปู่"), normalise("ป\u{e48}\u{e39}"));
    }

    #[test]
    fn offsets_lead_back_to_the_original() {
        let raw = "a&nbsp;<b>๐๘๖</b>";
        let t = Text::new(raw);
        assert_eq!(t.n, "a 086 ");
        let at = t.n.find('0').unwrap();
        assert_eq!(&raw[t.origin(at)..], "๐๘๖</b>");
        assert_eq!(t.s, "a086");
        assert_eq!(t.n_of_s(1), at);
        // Every byte of `s` leads to the start of its character in `n`.
        let t = Text::scanned("นาย สม ชาย ");
        assert_eq!(t.s, "นายสมชาย");
        let in_n: Vec<usize> = t.n.char_indices().filter(|(_, c)| *c != ' ').map(|(j, _)| j).collect();
        for (k, (at, c)) in t.s.char_indices().enumerate() {
            for i in at..at + c.len_utf8() {
                assert_eq!(t.n_of_s(i), in_n[k], "byte {i} of s");
            }
        }
        assert_eq!(t.n_of_s(t.s.len()), t.n.len(), "past the end");
    }

    #[test]
    fn hostile_input_stays_linear_and_never_panics() {
        let many = "<a ".repeat(20_000) + &"&amp;".repeat(20_000) + "\\u" + "\\ud800" + "%" + "&#xFFFFFFFF;";
        let t = Text::new(&many);
        assert!(t.n.len() < many.len());
        for s in ["&", "&#", "&#x", "\\", "%4", "<", "</", "<a", "\\u12"] {
            let _ = Text::new(s);
        }
    }
}
