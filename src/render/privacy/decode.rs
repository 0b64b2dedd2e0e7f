//! Escapes undone before comparing: HTML and XML entities (also double-escaped in a feed),
//! JSON escapes, and percent-escaped digits and separators in links.

/// What one escape at a position turns into.
enum Decoded {
    /// This character, having used this many characters of the input.
    Char(char, usize),
    /// Nothing, having used this many characters.
    Drop(usize),
}

/// How many characters after an escape's first are looked at: enough for the longest escape
/// (a surrogate pair, a long entity name, a few `amp;` of double escaping).
const WINDOW: usize = 64;

/// Decodes HTML/XML entities (also double-escaped, `&amp;nbsp;` in a feed), JSON escapes
/// (`\u200b`, `\n`) and percent-escaped separators and digits in links (`tel:086%20112`), as
/// the characters (each with the offset it came from) stream through: an escape is read from
/// the characters after it, undecoded, at most `WINDOW` of them held at a time.
pub(super) struct Decode<I> {
    chars: I,
    /// Characters read ahead of the one being decoded, not yet decoded themselves.
    ahead: std::collections::VecDeque<(char, u32)>,
    window: [char; WINDOW],
}

impl<I: Iterator<Item = (char, u32)>> Decode<I> {
    pub(super) fn new(chars: I) -> Decode<I> {
        Decode {
            chars,
            ahead: std::collections::VecDeque::with_capacity(WINDOW),
            window: ['\0'; WINDOW],
        }
    }

    /// The characters after the current one, at most `WINDOW`, copied into `window`.
    fn look_ahead(&mut self) -> &[char] {
        while self.ahead.len() < WINDOW {
            match self.chars.next() {
                Some(next) => self.ahead.push_back(next),
                None => break,
            }
        }
        for (slot, (c, _)) in self.window.iter_mut().zip(&self.ahead) {
            *slot = *c;
        }
        &self.window[..self.ahead.len()]
    }
}

impl<I: Iterator<Item = (char, u32)>> Iterator for Decode<I> {
    type Item = (char, u32);

    #[inline]
    fn next(&mut self) -> Option<(char, u32)> {
        loop {
            let (c, at) = match self.ahead.pop_front() {
                Some(read) => read,
                None => self.chars.next()?,
            };
            let decoded = match c {
                '&' => entity(self.look_ahead()).map(|(c, used)| Decoded::Char(c, used + 1)),
                '\\' => Some(escape(self.look_ahead())),
                '%' => percent(self.look_ahead()).map(|c| Decoded::Char(c, 3)),
                _ => return Some((c, at)),
            };
            let (out, used) = match decoded {
                Some(Decoded::Char(c, used)) => (Some(c), used),
                Some(Decoded::Drop(used)) => (None, used),
                None => (Some(c), 1),
            };
            let used_ahead = used.saturating_sub(1).min(self.ahead.len());
            self.ahead.drain(..used_ahead);
            if let Some(c) = out {
                return Some((c, at));
            }
        }
    }
}

/// Whether `chars` starts with `word`.
fn starts_with(chars: &[char], word: &str) -> bool {
    let mut it = chars.iter();
    word.chars().all(|w| it.next() == Some(&w))
}

/// The entity after an `&`: the character and how many characters it used. `amp;` repeated
/// (double escaping) is looked through; what it wraps is decoded if it is an entity.
fn entity(after: &[char]) -> Option<(char, usize)> {
    let mut amps = 0;
    while starts_with(&after[amps * 4..], "amp;") {
        amps += 1;
    }
    match entity_body(&after[amps * 4..]) {
        Some((c, used)) => Some((c, amps * 4 + used)),
        None if amps > 0 => Some(('&', 4)),
        None => None,
    }
}

/// `#48;`, `#x200B;` or a name such as `nbsp;`: the character and the characters used.
fn entity_body(after: &[char]) -> Option<(char, usize)> {
    if after.first() == Some(&'#') {
        let hex = matches!(after.get(1), Some('x' | 'X'));
        let start = if hex { 2 } else { 1 };
        let radix = if hex { 16 } else { 10 };
        let len = after[start..].iter().take(8).take_while(|c| c.is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        let digits: String = after[start..start + len].iter().collect();
        let c = u32::from_str_radix(&digits, radix).ok().and_then(char::from_u32)?;
        let semicolon = usize::from(after.get(start + len) == Some(&';'));
        return Some((c, start + len + semicolon));
    }
    let len = after.iter().take(16).take_while(|c| c.is_ascii_alphanumeric()).count();
    if len == 0 || after.get(len) != Some(&';') {
        return None;
    }
    let name: String = after[..len].iter().collect::<String>().to_ascii_lowercase();
    named_entity(&name).map(|c| (c, len + 1))
}

/// The named entities that can matter here: spaces, invisible characters, separators.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "shy" => '\u{ad}',
        "zwsp" | "zerowidthspace" => '\u{200b}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "nobreak" => '\u{2060}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "hairsp" => '\u{200a}',
        "numsp" => '\u{2007}',
        "puncsp" => '\u{2008}',
        "newline" => '\n',
        "tab" => '\t',
        "hyphen" | "dash" => '\u{2010}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "minus" => '\u{2212}',
        "lpar" => '(',
        "rpar" => ')',
        "period" => '.',
        "plus" => '+',
        "colon" => ':',
        "sol" => '/',
        "num" => '#',
        _ => return None,
    })
}

/// A backslash escape: JSON's `\uXXXX` (with surrogate pairs), `\n`, `\t`, `\r`; any other
/// backslash (a Markdown escape such as `\*`) is dropped.
fn escape(after: &[char]) -> Decoded {
    match after.first() {
        Some('u') => match unit(&after[1..]) {
            Some(high @ 0xd800..=0xdbff) => {
                let low = (after.get(5) == Some(&'\\') && after.get(6) == Some(&'u'))
                    .then(|| unit(&after[7..]))
                    .flatten()
                    .filter(|l| (0xdc00..=0xdfff).contains(l));
                match low.and_then(|l| char::from_u32(0x10000 + ((high - 0xd800) << 10) + (l - 0xdc00))) {
                    Some(c) => Decoded::Char(c, 12),
                    None => Decoded::Drop(6),
                }
            }
            Some(u) => char::from_u32(u).map_or(Decoded::Drop(6), |c| Decoded::Char(c, 6)),
            None => Decoded::Drop(1),
        },
        Some('n' | 'r' | 't' | 'f' | 'b') => Decoded::Char(' ', 2),
        _ => Decoded::Drop(1),
    }
}

/// Four hex digits.
fn unit(chars: &[char]) -> Option<u32> {
    let hex: String = chars.iter().take(4).collect();
    (hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten()
}

/// `%XX` that stands for a digit or a separator a phone number may hold.
fn percent(after: &[char]) -> Option<char> {
    let hex: String = after.iter().take(2).collect();
    let byte = u8::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == 2)?;
    let c = char::from(byte);
    (c.is_ascii_digit() || " +-.()".contains(c)).then_some(c)
}
