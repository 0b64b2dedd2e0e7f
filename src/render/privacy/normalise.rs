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
    ///
    /// The text is cut into pieces no escape, tag or NFKC group can cross: runs of ASCII
    /// white space, tags, and the words between them. A word of plain ASCII and Thai (no
    /// escape, nothing NFKC or the case folding would change but what `plain` knows) is copied
    /// as it is or character by character; any other word, and the attribute values of a tag,
    /// go through the full decoder (`slow`). `build_reference` is the same normaliser as one
    /// stream, and a property test holds the two to the same output.
    fn build(raw: &str, keep_origin: bool) -> Text {
        let mut text = Text::empty(raw.len(), keep_origin);
        let bytes = raw.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_space_byte(bytes[i]) {
                text.push(' ', offset(i));
                i += 1;
            } else if let Some(len) = tag_len(raw, i) {
                text.tag(&raw[i..i + len], i);
                i += len;
            } else {
                let end = word_end(raw, i);
                // What comes before is a space or a tag's `>`, one byte.
                let lead = i.checked_sub(1).map(offset);
                text.word(&raw[i..end], i, lead);
                i = end;
            }
        }
        text
    }

    /// An empty text with room for one of `len` bytes.
    fn empty(len: usize, keep_origin: bool) -> Text {
        Text {
            n: String::with_capacity(len),
            origin: Vec::with_capacity(if keep_origin { len } else { 0 }),
            keep_origin,
            s: String::with_capacity(len),
            spaces: Vec::new(),
        }
    }

    /// A tag (`tag` starts at byte `at` of the text): a space, each attribute value followed by
    /// a space when it is closed, and a space for the `>`.
    fn tag(&mut self, tag: &str, at: usize) {
        self.push(' ', offset(at));
        let mut before = offset(at);
        let inside = &tag[1..tag.len() - 1];
        for (value, start, end) in attribute_values(inside) {
            self.value(value, at + 1 + start, before);
            if let Some(end) = end {
                before = offset(at + 1 + end);
                self.push(' ', before);
            }
        }
        self.push(' ', offset(at + tag.len() - 1));
    }

    /// An attribute value starting at byte `at`: its words and the ASCII spaces between them;
    /// `before` is where the space the decoder saw before the value came from.
    fn value(&mut self, value: &str, at: usize, before: u32) {
        let bytes = value.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_space_byte(bytes[i]) {
                self.push(' ', offset(at + i));
                i += 1;
            } else {
                let end = bytes[i..]
                    .iter()
                    .position(|b| is_space_byte(*b))
                    .map_or(bytes.len(), |e| i + e);
                let lead = if i == 0 { before } else { offset(at + i - 1) };
                self.word(&value[i..end], at + i, Some(lead));
                i = end;
            }
        }
    }

    /// A word (no ASCII space, no tag) starting at byte `at`. Marks it starts with, as written
    /// or once decoded, belong to the space before it (from `lead`), as in one stream: NFKC
    /// groups a starter with the marks after it, and no mark composes with a space.
    fn word(&mut self, word: &str, at: usize, lead: Option<u32>) {
        match plain(word) {
            Plain::Verbatim if !self.keep_origin => self.copy(word),
            Plain::Mapped if !self.keep_origin => {
                // What is written as it is is copied in runs.
                let mut from = 0;
                for (i, c) in word.char_indices().filter(|(_, c)| maps(*c)) {
                    self.copy(&word[from..i]);
                    self.map(c, 0);
                    from = i + c.len_utf8();
                }
                self.copy(&word[from..]);
            }
            Plain::No => self.slow(Decode::new(word.char_indices().map(|(i, c)| (c, offset(at + i)))), lead),
            Plain::Verbatim | Plain::Mapped => {
                // A mark points where its starter came from, as in an NFKC group.
                let mut group = lead.unwrap_or(offset(at));
                for (i, c) in word.char_indices() {
                    if combining_class(c) == 0 {
                        group = offset(at + i);
                    }
                    self.map(c, group);
                }
            }
        }
    }

    /// Appends a run of a plain word that is written as it is (no space in it), when no way
    /// back is kept.
    fn copy(&mut self, run: &str) {
        self.n.push_str(run);
        self.s.push_str(run);
    }

    /// Appends one character of a plain word: SARA AM and the no-break space as their NFKC.
    fn map(&mut self, c: char, at: u32) {
        match c {
            '\u{e33}' => {
                self.push('\u{e4d}', at);
                self.push('\u{e32}', at);
            }
            '\u{a0}' => self.push(' ', at),
            c => self.push(c, at),
        }
    }

    /// The characters of `chars` (each with its offset), escapes already decoded, grouped for
    /// NFKC and appended; marks before the first starter point at `lead` when there is one.
    fn slow(&mut self, chars: impl Iterator<Item = (char, u32)>, lead: Option<u32>) {
        let mut chars = chars.peekable();
        let mut group: Vec<char> = Vec::new();
        if let Some(lead) = lead {
            while let Some((mark, _)) = chars.next_if(|(next, _)| combining_class(*next) != 0) {
                group.push(mark);
            }
            for c in group.iter().copied().nfkc() {
                self.push(c, lead);
            }
        }
        while let Some((c, at)) = chars.next() {
            let alone = chars.peek().is_none_or(|(next, _)| combining_class(*next) == 0);
            if alone && is_nfkc_stable(c) {
                self.push(c, at);
                continue;
            }
            group.clear();
            group.push(c);
            while let Some((mark, _)) = chars.next_if(|(next, _)| combining_class(*next) != 0) {
                group.push(mark);
            }
            for c in group.iter().copied().nfkc() {
                self.push(c, at);
            }
        }
    }

    /// The same normalisation as one stream of characters: tags stripped, escapes decoded,
    /// NFKC groups (what `build` must always agree with).
    #[cfg(test)]
    fn build_reference(raw: &str, keep_origin: bool) -> Text {
        let mut text = Text::empty(raw.len(), keep_origin);
        text.slow(Decode::new(Tagless::new(raw)), None);
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

/// A byte offset as the `u32` the way back keeps.
fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// ASCII white space: where a text may be cut, since no escape, tag or NFKC group spans it.
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The length of the HTML or XML tag at byte `i`, if one starts there: `<` then a letter (or
/// `/` and a letter) up to the next `>` with no `<` before it. minijinja escapes `<` and `>`
/// inside attributes, and stopping at the next `<` keeps this linear on any input.
fn tag_len(raw: &str, i: usize) -> Option<usize> {
    let rest = raw.get(i + 1..)?;
    if raw.as_bytes()[i] != b'<' || !starts_tag(rest) {
        return None;
    }
    let j = rest.find(['<', '>'])?;
    (rest.as_bytes()[j] == b'>').then_some(j + 2)
}

/// Where the word starting at byte `i` ends: at the next ASCII space or tag.
fn word_end(raw: &str, i: usize) -> usize {
    let bytes = raw.as_bytes();
    let mut j = i + 1;
    while j < bytes.len() {
        if is_space_byte(bytes[j]) || (bytes[j] == b'<' && tag_len(raw, j).is_some()) {
            return j;
        }
        j += 1;
    }
    bytes.len()
}

/// Whether a word can skip the decoder and NFKC.
#[derive(Debug, PartialEq)]
enum Plain {
    /// Lower-case ASCII and Thai that normalise to themselves: copied as they are.
    Verbatim,
    /// ASCII and Thai that `push` maps one by one (upper case, Thai digits, emphasis marks),
    /// or SARA AM or a no-break space, which NFKC changes.
    Mapped,
    /// Anything else: escapes, other scripts, marks out of canonical order.
    No,
}

/// Whether `word` is plain ASCII (no escape), Thai whose marks are in canonical order and a
/// few separators: what NFKC leaves as it is (Thai has no composition) but for SARA AM and
/// the no-break space, whose NFKC `word` writes itself.
fn plain(word: &str) -> Plain {
    let bytes = word.as_bytes();
    let mut verbatim = true;
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Thai (`E0 B8`/`B9 xx`, U+0E00..U+0E7F) and ASCII read from their bytes.
        let (c, width) = match bytes[i] {
            b @ 0..0x80 => (char::from(b), 1),
            0xe0 if matches!(bytes.get(i + 1), Some(0xb8 | 0xb9)) => {
                let low = (u32::from(bytes[i + 1] - 0xb8) << 6) | u32::from(bytes[i + 2] & 0x3f);
                (char::from_u32(0xe00 + low).unwrap_or('\0'), 3)
            }
            _ => match word[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => return Plain::No,
            },
        };
        i += width;
        let class = match c {
            '&' | '\\' | '%' => return Plain::No,
            '!'..='~' => {
                verbatim &= !maps(c);
                0
            }
            '\u{e01}'..='\u{e3a}' | '\u{e3f}'..='\u{e5b}' | '\u{a0}' => {
                verbatim &= !maps(c);
                combining_class(c)
            }
            // Separators the theme writes, which NFKC and case folding leave alone.
            '\u{b7}' | '\u{2013}' | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => 0,
            _ => return Plain::No,
        };
        if class != 0 && class < last {
            return Plain::No;
        }
        last = class;
    }
    if verbatim { Plain::Verbatim } else { Plain::Mapped }
}

/// Whether a character of a plain word is written other than as it is: upper case, emphasis
/// marks (dropped), Thai digits, SARA AM and the no-break space (their NFKC).
fn maps(c: char) -> bool {
    c.is_ascii_uppercase() || matches!(c, '*' | '_' | '~' | '`' | '\u{e33}' | '\u{a0}' | '\u{e50}'..='\u{e59}')
}

/// The values of `name="value"`, `name='value'` and `name=value` inside a tag: each value,
/// where it starts, and where the quote or space that closed it is (none when unclosed).
/// Names and the tag name are left out.
fn attribute_values(inside: &str) -> impl Iterator<Item = (&str, usize, Option<usize>)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i + inside.get(i..)?.find('=')? + 1;
        let quote = match inside.as_bytes().get(start) {
            Some(&q @ (b'"' | b'\'')) => Some(char::from(q)),
            _ => None,
        };
        let start = start + usize::from(quote.is_some());
        let closed = match quote {
            Some(q) => inside[start..].find(q),
            None => inside[start..].find(char::is_whitespace),
        };
        match closed {
            Some(e) => {
                let end = start + e;
                i = end + inside[end..].chars().next().map_or(1, char::len_utf8);
                Some((&inside[start..end], start, Some(end)))
            }
            None => {
                i = inside.len() + 1;
                Some((&inside[start..], start, None))
            }
        }
    })
}

/// The characters of `raw` with the byte offset of each, every HTML or XML tag replaced by a
/// space plus its attribute values (where `alt`, `content` and `tel:` links are), so text split
/// by `<strong>` or `<br>` reads as one. A tag is `<` then a letter (or `/` and a letter) up to
/// the next `>` with no `<` before it: minijinja escapes `<` and `>` inside attributes, and
/// stopping at the next `<` keeps this linear on any input.
#[cfg(test)]
struct Tagless<'a> {
    raw: &'a str,
    /// Where the next character starts.
    i: usize,
    /// What the last tag stands for after its opening space (its attribute values and the
    /// closing space), and how much of it was given out.
    tag: Vec<(char, u32)>,
    given: usize,
}

#[cfg(test)]
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

#[cfg(test)]
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
            attribute_chars(&raw[i + 1..i + 1 + len], i + 1, &mut self.tag);
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
/// byte `base` of the text), each followed by a space; names and the tag name are left out
/// (the reference `attribute_values` is held to).
#[cfg(test)]
fn attribute_chars(inside: &str, base: usize, out: &mut Vec<(char, u32)>) {
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

    /// Pieces that meet at every edge the fast path cuts at: tags and their values, every
    /// kind of escape, white space, upper case, Thai marks in and out of order, SARA AM, marks
    /// after ASCII and after tags, and characters of other scripts.
    const PIECES: &[&str] = &[
        "<a href=\"",
        "\">",
        "<b>",
        "</b>",
        "<img alt='",
        "' src=x.jpg>",
        "<p class=k>",
        "<br />",
        "<",
        ">",
        "=",
        "\"",
        "'",
        "&amp;",
        "&amp;amp;",
        "&#3665;",
        "&#x0E52",
        "&nbsp;",
        "&lt;b&gt;",
        "&",
        "#",
        ";",
        "amp;",
        "\\u0e51",
        "\\ud83d\\ude00",
        "\\",
        "\\n",
        "%20",
        "%2D",
        "%",
        " ",
        "  ",
        "\n",
        "\t",
        "\r",
        "\u{b}",
        "\u{1}",
        "\u{a0}",
        "\u{200b}",
        "\u{3000}",
        "A",
        "a",
        "Z",
        "*",
        "_",
        "~",
        "`",
        "ก",
        "น",
        "ทำ",
        "ำ",
        "\u{e48}",
        "\u{e39}",
        "\u{e38}",
        "\u{e3a}",
        "\u{e4d}",
        "\u{e31}",
        "๑",
        "๙",
        "฿",
        "๚",
        "\u{301}",
        "e",
        "０",
        "ﬁ",
        "É",
        "İ",
        "😀",
        "081",
        "-",
        "/",
        "tel:+66",
        "นาย",
        "สมชาย",
    ];

    #[test]
    fn the_fast_path_agrees_with_the_reference_stream() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let pieces = proptest::collection::vec(0..PIECES.len(), 0..40);
        let mut runner = TestRunner::new(Config {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(20_000),
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&pieces, |picked| {
                let raw: String = picked.iter().map(|&i| PIECES[i]).collect();
                for keep in [true, false] {
                    let (fast, reference) = (Text::build(&raw, keep), Text::build_reference(&raw, keep));
                    prop_assert_eq!(&fast.n, &reference.n, "n of {:?}", raw);
                    prop_assert_eq!(&fast.s, &reference.s, "s of {:?}", raw);
                    prop_assert_eq!(&fast.spaces, &reference.spaces, "spaces of {:?}", raw);
                    prop_assert_eq!(&fast.origin, &reference.origin, "origin of {:?}", raw);
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn plain_words_are_only_those_nfkc_and_the_decoder_leave_alone() {
        assert_eq!(plain("hello-world.html"), Plain::Verbatim);
        assert_eq!(plain("สวัสดี"), Plain::Verbatim);
        assert_eq!(plain("ปู่"), Plain::Verbatim, "vowel below, then tone mark");
        assert_eq!(plain("ป\u{e48}\u{e39}"), Plain::No, "tone mark before the vowel below");
        assert_eq!(plain("Hello"), Plain::Mapped);
        assert_eq!(plain("๑๒"), Plain::Mapped);
        assert_eq!(plain("**"), Plain::Mapped);
        assert_eq!(plain("ทำ"), Plain::Mapped, "SARA AM");
        assert_eq!(plain("ก\u{a0}·ข"), Plain::Mapped);
        assert_eq!(plain("ก·ข–ค"), Plain::Verbatim);
        for word in ["a&b", "a\\b", "100%", "café", "\u{2026}", "ﬁ"] {
            assert_eq!(plain(word), Plain::No, "{word}");
        }
        // Every Thai character the fast path copies is its own NFKC and lower case.
        for c in ('\u{e01}'..='\u{e3a}')
            .chain('\u{e3f}'..='\u{e5b}')
            .filter(|c| *c != '\u{e33}')
        {
            let one = c.to_string();
            assert_eq!(one.nfkc().collect::<String>(), one, "{c:?}");
            assert_eq!(one.to_lowercase(), one, "{c:?}");
        }
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
