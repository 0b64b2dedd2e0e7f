//! Phone numbers and house numbers in a normalised text (`normalise::Text::n`): runs of digits
//! that may be grouped any way, and number tokens such as `99/9` with the words around them.

/// A run of digits and the separators a phone number may be grouped with (`086-112 3344`,
/// `(086) 112.3344`, `+66 86 …`).
#[derive(Clone)]
pub(crate) struct Run {
    /// The run's digits, separators left out.
    pub(crate) digits: String,
    /// The byte offset in the text of each digit.
    pub(crate) at: Vec<usize>,
    /// Where in `digits` each group (digits between separators) starts.
    groups: Vec<usize>,
}

/// The fewest digits of a Thai phone number (a landline: `038-123456`).
pub(crate) const SHORTEST_PHONE: usize = 9;

/// Whether `c` may stand between the digits of one phone number.
fn is_phone_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '(' | ')' | '+' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    )
}

/// Every run of digits in `n`.
pub(crate) fn runs(n: &str) -> Vec<Run> {
    let mut out = Vec::new();
    each_run(n, 1, |r| out.push(r.clone()));
    out
}

/// Calls `f` with every run of at least `min_digits` digits in `n`, one buffer reused for all
/// (a page holds many short numbers; only long runs can hold a phone number).
pub(crate) fn each_run(n: &str, min_digits: usize, mut f: impl FnMut(&Run)) {
    let mut run = Run {
        digits: String::new(),
        at: Vec::new(),
        groups: Vec::new(),
    };
    let mut after_separator = false;
    let mut end = |run: &mut Run| {
        if run.digits.len() >= min_digits {
            f(run);
        }
        run.digits.clear();
        run.at.clear();
        run.groups.clear();
    };
    // Bytes, not characters: digits and separators are ASCII but for the dashes and the minus
    // (three bytes from `E2`), and any other byte, a continuation byte too, ends a run.
    let bytes = n.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if run.digits.is_empty() {
            // Outside a run only a digit matters: most of a page has none.
            i = next_digit(bytes, i);
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let width = if b == 0xe2 { 3 } else { 1 };
        if b.is_ascii_digit() {
            if run.digits.is_empty() || after_separator {
                run.groups.push(run.digits.len());
            }
            run.digits.push(char::from(b));
            run.at.push(i);
            after_separator = false;
        } else if !run.digits.is_empty() {
            let c = if b.is_ascii() {
                Some(char::from(b))
            } else {
                n.get(i..i + width).and_then(|c| c.chars().next())
            };
            if c.is_some_and(is_phone_separator) {
                after_separator = true;
            } else {
                end(&mut run);
                after_separator = false;
            }
        }
        i += if b.is_ascii() { 1 } else { width };
    }
    if !run.digits.is_empty() {
        end(&mut run);
    }
}

impl Run {
    /// Whether digits `from..to` of the run stand alone in the text: no digit right before
    /// or right after them, so `0861123344` is found in `โทร 086 112 3344` or `ปี 2566 0861123344`
    /// but not in `908611233445`.
    pub(crate) fn at_boundary(&self, n: &str, from: usize, to: usize) -> bool {
        let bytes = n.as_bytes();
        let before = self.at[from].checked_sub(1).and_then(|i| bytes.get(i));
        let after = bytes.get(self.at[to - 1] + 1);
        !before.is_some_and(u8::is_ascii_digit) && !after.is_some_and(u8::is_ascii_digit)
    }

    /// The groups of digits, in order.
    fn group_texts(&self) -> Vec<&str> {
        let mut ends = self.groups[1..].to_vec();
        ends.push(self.digits.len());
        self.groups.iter().zip(ends).map(|(s, e)| &self.digits[*s..e]).collect()
    }
}

/// A phone number as a Thai national number (`0` and 8 or 9 digits), from digits written
/// nationally or with the country code (`66…`, `660…`).
fn national(digits: &str) -> Option<String> {
    let national = if let Some(rest) = digits.strip_prefix("660") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("66") {
        format!("0{rest}")
    } else {
        digits.to_string()
    };
    (national.starts_with('0') && (SHORTEST_PHONE..=10).contains(&national.len())).then_some(national)
}

/// The phone numbers in an owner's phone field (normalised), as national numbers. `Err` when
/// the field holds digits that make no phone number, so the guard cannot know what to look for.
pub(crate) fn phone_numbers(field: &str) -> Result<Vec<String>, ()> {
    let mut numbers = Vec::new();
    let mut has_digits = false;
    for run in runs(field) {
        has_digits = true;
        let groups = run.group_texts();
        let mut current = String::new();
        for (k, group) in groups.iter().enumerate() {
            current.push_str(group);
            let next_starts_number = groups
                .get(k + 1)
                .is_none_or(|g| g.starts_with('0') || current.len() >= 10);
            if let Some(n) = national(&current).filter(|_| next_starts_number) {
                numbers.push(n);
                current.clear();
            }
        }
        // A few digits left over are an extension (`ต่อ 12`); more are a number mistyped.
        if current.len() >= 5 {
            return Err(());
        }
    }
    if has_digits && numbers.is_empty() {
        return Err(());
    }
    Ok(numbers)
}

/// The digit strings a national number is written as: `0861123344`, `66861123344` (`+66 86…`)
/// and `660861123344` (`+66 (0) 86…`).
pub(crate) fn phone_forms(national: &str) -> [String; 3] {
    let rest = &national[1..];
    [national.to_string(), format!("66{rest}"), format!("660{rest}")]
}

/// A number such as `27`, `99/9` or `12/3-4`, possibly with spaces around its `/` or `-`.
pub(crate) struct Token {
    /// Byte offsets in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The number without spaces.
    pub(crate) value: String,
}

/// Every number token in `n`, each as long as it goes, so `99/99` is never read as `99/9`.
pub(crate) fn number_tokens(n: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_token(n, |t| {
        out.push(Token {
            start: t.start,
            end: t.end,
            value: t.value.clone(),
        })
    });
    out
}

/// Calls `f` with every number token in `n`, one buffer reused for all.
pub(crate) fn each_token(n: &str, mut f: impl FnMut(&Token)) {
    let bytes = n.as_bytes();
    let digits_from = |i: usize| i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut token = Token {
        start: 0,
        end: 0,
        value: String::new(),
    };
    let mut i = 0;
    loop {
        i = next_digit(bytes, i);
        if i == bytes.len() {
            break;
        }
        let start = i;
        let mut end = digits_from(i);
        loop {
            let mut k = end + usize::from(bytes.get(end) == Some(&b' '));
            if !matches!(bytes.get(k), Some(b'/' | b'-')) {
                break;
            }
            k += 1;
            k += usize::from(bytes.get(k) == Some(&b' '));
            if !bytes.get(k).is_some_and(u8::is_ascii_digit) {
                break;
            }
            end = digits_from(k);
        }
        token.start = start;
        token.end = end;
        token.value.clear();
        token.value.extend(n[start..end].chars().filter(|c| *c != ' '));
        f(&token);
        i = end;
    }
}

/// The place of the first ASCII digit in `bytes` from `from` on, or the length when there is
/// none. Sixteen bytes are tested at a time without a branch (the compiler makes it a vector
/// compare), since most text has no digit for hundreds of bytes.
fn next_digit(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16) {
        if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            break;
        }
        i += 16;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(bytes.len(), |p| i + p)
}

/// Words after which a number is a house number.
const HOUSE_WORDS: &[&str] = &["เลขที่", "บ้าน", "ที่อยู่", "house no", "house number", "address"];

/// Whether a number token reads as a house number: after บ้านเลขที่ / เลขที่ / บ้าน / ที่อยู่
/// (with `:` or spaces between), or before หมู่ / ม. and a number (`99/9 ม.4`).
pub(crate) fn is_house_number(n: &str, t: &Token) -> bool {
    let head = n[..t.start].trim_end_matches([' ', ':', '.', '-', '#', '(']);
    if HOUSE_WORDS.iter().any(|w| head.ends_with(w)) {
        return true;
    }
    let tail = n[t.end..].trim_start_matches(' ');
    ["หมู่", "ม."].iter().any(|w| {
        tail.strip_prefix(w)
            .is_some_and(|rest| rest.trim_start_matches(' ').starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// An owner's house number (normalised) as the token the guard looks for: the first number in
/// the field (`บ้านเลขที่ 99/9` and `99/9 หมู่ 4` both give `99/9`). `None` when it has no digits.
pub(crate) fn house_number(field: &str) -> Option<String> {
    number_tokens(field).into_iter().next().map(|t| t.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_digit_is_found_wherever_it_is_and_from_wherever_the_search_starts() {
        let naive = |b: &[u8], from: usize| {
            b[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map_or(b.len(), |p| from + p)
        };
        for len in 0..40 {
            for digit in (0..len).map(Some).chain([None]) {
                // Thai text (multi-byte) with at most one digit, at `digit`.
                let mut bytes: Vec<u8> = "ก".repeat(len).into_bytes()[..len].to_vec();
                if let Some(d) = digit {
                    bytes[d] = b'7';
                }
                for from in 0..=len {
                    assert_eq!(next_digit(&bytes, from), naive(&bytes, from), "{len} {digit:?} {from}");
                }
            }
        }
    }
    use crate::render::privacy::normalise::normalise;

    #[test]
    fn runs_go_through_dashes_and_stop_at_anything_else() {
        // A space is a separator: `2 4` is one run, and so is `5 99`.
        let text = "โทร 086\u{2010}112\u{2212}3344 ก 12\u{2014}3 ๑2 4ก5 99–";
        let got: Vec<(String, Vec<usize>)> = runs(text)
            .into_iter()
            .map(|r| (r.digits.clone(), r.group_texts().iter().map(|g| g.len()).collect()))
            .collect();
        let want = [
            ("0861123344", vec![3, 3, 4]),
            ("123", vec![2, 1]),
            ("24", vec![1, 1]),
            ("599", vec![1, 2]),
        ];
        let want: Vec<(String, Vec<usize>)> = want.iter().map(|(d, g)| (d.to_string(), g.clone())).collect();
        assert_eq!(got, want);
        let first = &runs(text)[0];
        assert_eq!(
            &text[first.at[3]..first.at[3] + 1],
            "1",
            "offsets are byte offsets in the text"
        );
    }

    #[test]
    fn phone_fields_become_national_numbers() {
        let cases: &[(&str, &[&str])] = &[
            ("081-111-2222", &["0811112222"]),
            ("๐๘๖-๑๑๒-๓๓๔๔", &["0861123344"]),
            ("+66 86 112 3344", &["0861123344"]),
            ("+66 (0) 86 112 3344", &["0861123344"]),
            ("038-123456", &["038123456"]),
            ("081 111 2222 089 999 8888", &["0811112222", "0899998888"]),
            ("038-123456, 081-111-2222 ต่อ 12", &["038123456", "0811112222"]),
            ("ไม่มี", &[]),
            ("", &[]),
        ];
        for (field, want) in cases {
            let got = phone_numbers(&normalise(field)).expect(field);
            assert_eq!(got, *want, "{field}");
        }
        for bad in ["1234", "12-345-678", "081-111-2222-99999"] {
            assert!(phone_numbers(&normalise(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn runs_keep_groups_and_boundaries() {
        let n = "ปี 2566 086-112-3344 และ 908611233445";
        let rs = runs(n);
        assert_eq!(rs.len(), 2);
        assert_eq!(rs[0].digits, "25660861123344");
        assert!(rs[0].at_boundary(n, 4, 14), "after a space");
        assert!(!rs[0].at_boundary(n, 3, 13), "inside 2566");
        assert_eq!(rs[1].digits, "908611233445");
        assert!(!rs[1].at_boundary(n, 1, 11));
    }

    #[test]
    fn number_tokens_are_maximal() {
        let values: Vec<String> = number_tokens("99/99 และ 99 / 9 และ 12/3-4 หรือ 7")
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(values, ["99/99", "99/9", "12/3-4", "7"]);
    }

    #[test]
    fn house_numbers_need_a_house_word_around_them() {
        let house = |text: &str| {
            let n = normalise(text);
            number_tokens(&n)
                .iter()
                .any(|t| t.value == "27" && is_house_number(&n, t))
        };
        for yes in [
            "บ้านเลขที่ 27",
            "บ้านเลขที่27",
            "บ้านเลขที่: 27",
            "เลขที่ ๒๗",
            "อยู่บ้าน 27 นะ",
            "27 หมู่ 4",
            "27 ม.4",
            "ที่อยู่ 27",
        ] {
            assert!(house(yes), "{yes}");
        }
        for no in ["ปลูก 27 ต้น", "บ้านเลขที่ 277", "บ้านเลขที่ 27/1", "27 หมู่บ้าน", "บ้านเลขที่ 127"]
        {
            assert!(!house(no), "{no}");
        }
        assert_eq!(house_number(&normalise("บ้านเลขที่ ๙๙/๙ หมู่ 4")).as_deref(), Some("99/9"));
        assert_eq!(house_number(&normalise("-")), None);
    }
}
