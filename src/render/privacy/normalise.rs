//! What the privacy guard compares. Both sides (the owner's details and every text scanned)
//! go through `Text::new`, so a phone, house number or name is found however it was typed,
//! pasted or rendered: Thai digits, odd spaces, entities, escapes or tags in between.

use super::decode::decode;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A text in the form the guard compares, with the way back to where each character was.
pub(crate) struct Text {
    /// Compatibility-normalised (NFKC), lower case, ASCII digits; every run of spaces, line
    /// breaks and tags is one `' '`; invisible characters and Markdown emphasis marks are gone.
    pub(crate) n: String,
    /// For each byte of `n`, the byte offset in the original text of the character it came from.
    origin: Vec<u32>,
    /// `n` without its spaces, where names are matched (a name may be split anywhere).
    pub(crate) s: String,
    /// For each byte of `s`, the byte offset in `n`.
    s_to_n: Vec<u32>,
}

impl Text {
    /// Normalises `raw`, which may be a Markdown or YAML source, an HTML page, a feed, JSON or text.
    pub(crate) fn new(raw: &str) -> Text {
        let tagged: Vec<(char, u32)> = raw
            .char_indices()
            .map(|(i, c)| (c, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let decoded = decode(&strip_tags(&tagged));
        let mut text = Text {
            n: String::with_capacity(raw.len()),
            origin: Vec::with_capacity(raw.len()),
            s: String::new(),
            s_to_n: Vec::new(),
        };
        for (group, at) in clusters(&decoded) {
            for c in group {
                text.push(c, at);
            }
        }
        text.skeleton();
        text
    }

    /// The byte offset in the original text of byte `i` of `n` (the end of the text past the end).
    pub(crate) fn origin(&self, i: usize) -> usize {
        self.origin.get(i).or(self.origin.last()).map_or(0, |o| *o as usize)
    }

    /// The byte offset in `n` of byte `i` of `s`.
    pub(crate) fn n_of_s(&self, i: usize) -> usize {
        match self.s_to_n.get(i) {
            Some(o) => *o as usize,
            None => self.n.len(),
        }
    }

    /// Appends one normalised character that came from original offset `at`.
    fn push(&mut self, c: char, at: u32) {
        if is_invisible(c) || matches!(c, '*' | '_' | '~' | '`') {
            return;
        }
        if c.is_whitespace() || c.is_control() {
            if !self.n.is_empty() && !self.n.ends_with(' ') {
                self.put(' ', at);
            }
            return;
        }
        if let Some(d) = thai_digit(c) {
            self.put(d, at);
        } else if c.is_uppercase() {
            for l in c.to_lowercase() {
                self.put(l, at);
            }
        } else {
            self.put(c, at);
        }
    }

    /// Appends `c` to `n`, every one of its bytes pointing at `at`.
    fn put(&mut self, c: char, at: u32) {
        self.n.push(c);
        self.origin.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// Builds `s`, `n` without spaces.
    fn skeleton(&mut self) {
        self.s.reserve(self.n.len());
        self.s_to_n.reserve(self.n.len());
        for (i, c) in self.n.char_indices().filter(|(_, c)| *c != ' ') {
            self.s.push(c);
            let at = u32::try_from(i).unwrap_or(u32::MAX);
            self.s_to_n.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
    }
}

/// A short value (a phone, a house number, a name) normalised as `Text::new` does.
pub(crate) fn normalise(value: &str) -> String {
    Text::new(value).n.trim().to_string()
}

/// The ASCII digit for a Thai digit.
fn thai_digit(c: char) -> Option<char> {
    match c {
        '๐'..='๙' => char::from_u32('0' as u32 + (c as u32 - '๐' as u32)),
        _ => None,
    }
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

/// Each HTML or XML tag becomes a space plus its attribute values (where `alt`, `content` and
/// `tel:` links are), so text split by `<strong>` or `<br>` reads as one. A tag is `<` then a
/// letter (or `/` and a letter) up to the next `>` with no `<` before it: minijinja escapes `<`
/// and `>` inside attributes, and stopping at the next `<` keeps this linear on any input.
fn strip_tags(chars: &[(char, u32)]) -> Vec<(char, u32)> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (c, at) = chars[i];
        if c == '<'
            && starts_tag(chars, i + 1)
            && let Some(end) = tag_end(chars, i + 1)
        {
            out.push((' ', at));
            attribute_values(&chars[i + 1..end], &mut out);
            out.push((' ', chars[end].1));
            i = end + 1;
            continue;
        }
        out.push((c, at));
        i += 1;
    }
    out
}

/// Whether a tag name starts at `i`.
fn starts_tag(chars: &[(char, u32)], i: usize) -> bool {
    let letter = |j: usize| chars.get(j).is_some_and(|(c, _)| c.is_ascii_alphabetic());
    letter(i) || (chars.get(i).is_some_and(|(c, _)| *c == '/') && letter(i + 1))
}

/// The index of the `>` that closes the tag whose name starts at `i`.
fn tag_end(chars: &[(char, u32)], i: usize) -> Option<usize> {
    let j = chars[i..].iter().position(|(c, _)| *c == '<' || *c == '>')?;
    (chars[i + j].0 == '>').then_some(i + j)
}

/// The values of `name="value"`, `name='value'` and `name=value` inside a tag, each followed
/// by a space; names and the tag name are left out.
fn attribute_values(inside: &[(char, u32)], out: &mut Vec<(char, u32)>) {
    let mut i = 0;
    while i < inside.len() {
        if inside[i].0 != '=' {
            i += 1;
            continue;
        }
        i += 1;
        let quote = inside.get(i).map(|(c, _)| *c).filter(|c| *c == '"' || *c == '\'');
        if quote.is_some() {
            i += 1;
        }
        while let Some(&(c, at)) = inside.get(i) {
            let ends = match quote {
                Some(q) => c == q,
                None => c.is_whitespace(),
            };
            if ends {
                break;
            }
            out.push((c, at));
            i += 1;
        }
        if let Some(&(_, at)) = inside.get(i) {
            out.push((' ', at));
        }
        i += 1;
    }
}

/// The characters grouped as NFKC needs them (a starter and the marks after it), each group
/// compatibility-normalised, with the original offset of its first character. NFKC rather than
/// NFC because this text is only compared, never shown: full-width digits (`０８６`) become
/// ASCII and `ำ` the same as `ํา`, on both sides alike.
fn clusters(chars: &[(char, u32)]) -> impl Iterator<Item = (Vec<char>, u32)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let (first, at) = *chars.get(i)?;
        let mut end = i + 1;
        while end < chars.len() && canonical_combining_class(chars[end].0) != 0 {
            end += 1;
        }
        let group: Vec<char> = if end == i + 1 && first.is_ascii() {
            vec![first]
        } else {
            chars[i..end].iter().map(|(c, _)| *c).nfkc().collect()
        };
        i = end;
        Some((group, at))
    })
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
